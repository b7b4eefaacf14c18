import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createCache } from '../../src/cache/index.js';
import { CACHE_LIMIT_DEFAULTS } from '../../src/cache/memory.js';
import { keyPrefix } from '../../src/cache/typed.js';
import { signWebhookBody } from '../../src/demo/pbx-simulator/index.js';
import { createChannelQueues } from '../../src/events/channel-queue.js';
import { parseEvent } from '../../src/events/envelope.js';
import { MAX_ROUTING_FILE_BYTES, parseRouting, routeFor } from '../../src/events/routing.js';
import { createSlackPoster } from '../../src/events/slack-post.js';
import { createEventHandler } from '../../src/events/summary-ready.js';
import { createWebhookHandler, serveWebhook } from '../../src/events/webhook.js';
import { escapeMrkdwn } from '../../src/render/index.js';
import { isCallSummaryError } from '../../src/shared/errors.js';
import { ENGLISH } from '../../src/shared/i18n/index.js';
import { createLogger } from '../../src/shared/log.js';
import { createSlackWebClient } from '../../src/slack/send/web-client.js';
import { postedMetadata } from '../../src/slack/views/types.js';
import type { CallSummary } from '../../src/use-case/model/call-summary.js';
import type { Claims, IndexedCall, LegParties } from '../../src/use-case/ports.js';
import { callContextFake } from '../helpers/call-summary.js';
import { createMemoryClaims } from '../helpers/memory-claims.js';
import { deleteRedisKeys, describeRedis, REDIS_URL, uniquePbxBaseUrl } from '../helpers/redis.js';

const SECRET = 'webhook-secret-0123456789abcdef';
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const LEG_A = '20260513223234-0AAA1';
const LEG_B = '20260513223234-0BBB2';

function summaryEvent(leg: string, ext: string, from = '3201', to = '3202', asString = false) {
  const msg = {
    call_id: leg,
    call_from: from,
    call_to: to,
    ext_num: ext,
    summary: `<p>Summary ${leg} ${ext}</p>`,
  };
  return { type: 30040, sn: 'SN1', msg: asString ? JSON.stringify(msg) : msg };
}

/** A Slack Web API stand-in: records posts, answers 429 once at the given post number. */
async function fakeSlack(options: { rateLimitAt?: number; errorFor?: Record<string, string> } = {}) {
  const posts: Array<{ channel: string; text: string; metadata: unknown }> = [];
  let calls = 0;
  const url = await listen(
    createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        calls++;
        const body = webApiBody(Buffer.concat(chunks).toString('utf8')) as (typeof posts)[number];
        if (req.headers.authorization !== 'Bearer xoxb-test') {
          res.end(JSON.stringify({ ok: false, error: 'invalid_auth' }));
          return;
        }
        if (calls === options.rateLimitAt) {
          res.writeHead(429, { 'retry-after': '2' }).end();
          return;
        }
        const error = options.errorFor?.[body.channel];
        if (error) {
          res.end(JSON.stringify({ ok: false, error }));
          return;
        }
        posts.push(body);
        res.end(JSON.stringify({ ok: true, ts: `${posts.length}.0` }));
      });
    }),
  );
  return { url: `${url}/api/`, posts, calls: () => calls };
}

/** A Web API call's arguments: form-encoded by the SDK, objects and arrays as JSON. */
function webApiBody(raw: string): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    body[key] = key === 'blocks' || key === 'metadata' ? JSON.parse(value) : value;
  }
  return body;
}

function silentLogger(lines: string[] = []) {
  return createLogger({ level: 'debug', sink: (line) => lines.push(line) });
}

/** One replica of the intake: webhook server → handler → queue → Slack fake. */
async function replica(
  slackUrl: string,
  claims: Claims,
  sleeps: number[],
  routingText = 'default: C0SUPPORT\n',
  /** What the PBX's export says each leg's parties are (the side lookup's answer). */
  exportParties: Record<string, LegParties> = {},
) {
  const logLines: string[] = [];
  const logger = silentLogger(logLines);
  const legs: Array<[string, LegParties]> = [];
  const remembered: CallSummary[] = [];
  const indexed: IndexedCall[] = [];
  // A virtual clock that only sleeping advances: pacing is checked without waiting.
  let clock = 0;
  const queues = createChannelQueues({
    post: createSlackPoster(
      createSlackWebClient({ botToken: 'xoxb-test', apiUrl: slackUrl }, logger),
      ENGLISH,
    ),
    logger,
    paceMs: 1000,
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
  });
  const onEvent = createEventHandler({
    words: ENGLISH,
    summaries: {
      rememberLeg: async (legId, parties) => {
        legs.push([legId, parties]);
      },
      rememberSummary: async (s) => {
        remembered.push(s);
      },
      callContext: callContextFake,
      sideOfExtension: async (legId, extNum) => {
        const parties = exportParties[legId];
        if (parties?.caller === extNum) return 'caller';
        return parties?.callee === extNum ? 'callee' : undefined;
      },
    },
    routing: parseRouting(routingText),
    claims,
    queues,
    render: (s) => ({
      text: `${s.legId} ${s.side}`,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(s.html) } }],
    }),
    logger,
    index: {
      calls: {
        record: async (call) => {
          indexed.push(call);
        },
      },
      gist: (html) => `gist:${html.length}`,
    },
  });
  const handled: Promise<void>[] = [];
  const handler = createWebhookHandler({
    secret: SECRET,
    logger,
    onEvent: (event) => {
      const p = onEvent(event);
      handled.push(p);
      return p;
    },
  });
  const url = await listen(createServer(serveWebhook(handler)));
  const settle = async () => {
    await new Promise((r) => setImmediate(r));
    await Promise.all(handled);
    await queues.idle();
  };
  return { url: `${url}/yeastar/webhook`, legs, remembered, indexed, settle, logLines };
}

async function push(url: string, event: unknown, signature: string | null = 'good') {
  const body = JSON.stringify(event);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature === 'good') headers['x-signature'] = signWebhookBody(body, SECRET);
  else if (signature !== null) headers['x-signature'] = signature;
  return (await fetch(url, { method: 'POST', headers, body })).status;
}

describe('webhook intake', () => {
  it('records every 30012 and 30040 in the call index: leg, uid, start, parties, type, talk time, gist; never the transcript', async () => {
    const slack = await fakeSlack();
    const app = await replica(slack.url, createMemoryClaims(), []);
    const cdr = {
      type: 30012,
      sn: 'SN1',
      msg: JSON.stringify({
        call_id: '1651057476.362',
        call_note_id: '20261016152541-F8890',
        uid: '2026101615253894475',
        time_start: '2026/10/16 15:25:38',
        call_from: '+14155550123',
        call_to: '3202',
        talk_duration: 95,
        type: 'Inbound',
      }),
    };
    const summary = {
      type: 30040,
      sn: 'SN2',
      msg: {
        uid: '2026101615253894475',
        call_id: '20261016152541-F8890',
        call_from: '+14155550123',
        call_to: '3202',
        call_type: 'Inbound',
        status: 'ANSWERED',
        time_start: '2026/10/16 15:25:38',
        talk_duration: '95',
        ext_num: '3202',
        summary: '<p>Reset the password.</p>',
      },
    };
    expect(await push(app.url, cdr)).toBe(204);
    expect(await push(app.url, summary)).toBe(204);
    await app.settle();
    const base = {
      legId: '20261016152541-F8890',
      uid: '2026101615253894475',
      start: { year: 2026, month: 10, day: 16, hour: 15, minute: 25, second: 38 },
      caller: '+14155550123',
      callee: '3202',
      callType: 'Inbound',
      talkSeconds: 95,
    };
    expect(app.indexed).toEqual([
      { ...base, gist: '', summarySides: [] },
      { ...base, gist: 'gist:26', summarySides: ['callee'] },
    ]);
    expect(JSON.stringify(app.indexed)).not.toContain('password');
  });

  it('accepts signed events with msg as object and as string, and posts each side once with metadata', async () => {
    const slack = await fakeSlack();
    const app = await replica(slack.url, createMemoryClaims(), []);
    expect(await push(app.url, summaryEvent('20260513223234-3ee9e', '3201'))).toBe(204);
    expect(await push(app.url, summaryEvent('20260513223234-3EE9E', '3202', '3201', '3202', true))).toBe(204);
    await app.settle();
    expect(slack.posts.map((p) => [p.channel, p.text, p.metadata])).toEqual([
      [
        'C0SUPPORT',
        '20260513223234-3EE9E caller',
        {
          event_type: 'call_summary_posted',
          event_payload: { leg_id: '20260513223234-3EE9E', side: 'caller' },
        },
      ],
      [
        'C0SUPPORT',
        '20260513223234-3EE9E callee',
        {
          event_type: 'call_summary_posted',
          event_payload: { leg_id: '20260513223234-3EE9E', side: 'callee' },
        },
      ],
    ]);
    expect(app.remembered.map((s) => [s.side, s.extNum])).toEqual([
      ['caller', '3201'],
      ['callee', '3202'],
    ]);
    expect(app.legs[0]).toEqual(['20260513223234-3EE9E', { caller: '3201', callee: '3202' }]);
  });

  it('rejects missing and wrong signatures with 401 and does nothing', async () => {
    const slack = await fakeSlack();
    const app = await replica(slack.url, createMemoryClaims(), []);
    const event = summaryEvent('20260513223234-3EE9E', '3201');
    expect(await push(app.url, event, null)).toBe(401);
    expect(await push(app.url, event, signWebhookBody('other', SECRET))).toBe(401);
    expect(await push(app.url, event, 'not base64 at all')).toBe(401);
    expect((await fetch(app.url)).status).toBe(405);
    await app.settle();
    expect(slack.calls()).toBe(0);
    expect(app.legs).toEqual([]);
  });

  it('feeds the leg index from 30012, ignores other events, drops malformed ones without logging content', async () => {
    const slack = await fakeSlack();
    const app = await replica(slack.url, createMemoryClaims(), []);
    const cdr = {
      type: 30012,
      sn: 'SN1',
      msg: JSON.stringify({ call_id: '20260513223234-3EE9E', call_from: '3201', call_to: '0044123' }),
    };
    expect(await push(app.url, cdr)).toBe(204);
    expect(await push(app.url, { type: 30011, sn: 'SN1', msg: '{}' })).toBe(204);
    expect(await push(app.url, { type: 30040, sn: 'SN1', msg: '{"call_id":"secret-content' })).toBe(204);
    await app.settle();
    expect(app.legs).toEqual([['20260513223234-3EE9E', { caller: '3201', callee: '0044123' }]]);
    expect(slack.calls()).toBe(0);
    expect(app.logLines.join('\n')).not.toContain('secret-content');
    expect(app.logLines.some((l) => l.includes('malformed'))).toBe(true);
  });

  it('posts a burst of 100 events to one channel completely and in order, waiting out a 429', async () => {
    const slack = await fakeSlack({ rateLimitAt: 40 });
    const sleeps: number[] = [];
    const app = await replica(slack.url, createMemoryClaims(), sleeps);
    for (let i = 0; i < 100; i++) {
      const leg = `20260513223234-${i.toString(16).padStart(5, '0').toUpperCase()}`;
      expect(await push(app.url, summaryEvent(leg, '3201'))).toBe(204);
    }
    await app.settle();
    expect(slack.posts).toHaveLength(100);
    expect(slack.posts.map((p) => p.text)).toEqual(
      Array.from(
        { length: 100 },
        (_, i) => `20260513223234-${i.toString(16).padStart(5, '0').toUpperCase()} caller`,
      ),
    );
    expect(sleeps).toContain(2000);
    expect(sleeps.filter((ms) => ms === 1000)).toHaveLength(99);
  });

  it('posts once per (leg, side) across duplicate deliveries and two replicas sharing the claims', async () => {
    const slack = await fakeSlack();
    const claims = createMemoryClaims();
    const a = await replica(slack.url, claims, []);
    const b = await replica(slack.url, claims, []);
    const event = summaryEvent('20260513223234-3EE9E', '3202');
    await Promise.all([push(a.url, event), push(b.url, event), push(a.url, event), push(b.url, event)]);
    await a.settle();
    await b.settle();
    expect(slack.posts).toHaveLength(1);
  });

  it('logs a permanent Slack error once with the fix and still posts to other channels', async () => {
    const slack = await fakeSlack({ errorFor: { C0GONE: 'not_in_channel' } });
    const routing = 'routes:\n  - extensions: ["3200-3299"]\n    channel: C0GONE\ndefault: C0OTHER\n';
    const app = await replica(slack.url, createMemoryClaims(), [], routing);
    await push(app.url, summaryEvent('20260513223234-00001', '3201'));
    await push(app.url, summaryEvent('20260513223234-00002', '3201'));
    await push(app.url, summaryEvent('20260513223234-00003', '4001', '4001', '4002'));
    await app.settle();
    expect(slack.posts.map((p) => p.channel)).toEqual(['C0OTHER']);
    const errors = app.logLines.filter((l) => l.includes('not_in_channel'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('invite the bot');
  });

  it('at close, posts until the deadline, then gives back the rest and any later post, each logged', async () => {
    let clock = 0;
    const posted: string[] = [];
    const settled: string[] = [];
    const lines: string[] = [];
    const queues = createChannelQueues({
      post: async (message) => {
        posted.push(message.text);
        return { kind: 'ok', ts: '1.0' };
      },
      logger: createLogger({ level: 'warn', sink: (line) => lines.push(line) }),
      paceMs: 1000,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    const item = (i: number) => ({
      label: `leg${i} caller`,
      message: {
        channel: 'C0Q',
        text: `m${i}`,
        blocks: [],
        metadata: postedMetadata(`20260513223234-0000${i}`, 'caller'),
      },
      settle: (outcome: string) => {
        settled.push(`${i}:${outcome}`);
      },
    });
    for (let i = 0; i < 6; i++) queues.enqueue(item(i));
    // Paced a second apart: by 2.5 s three have gone, the fourth would go after the deadline.
    expect(await queues.close(2500)).toBe(3);
    queues.enqueue(item(6));
    await queues.idle();
    await new Promise((resolve) => setImmediate(resolve));
    expect(posted).toEqual(['m0', 'm1', 'm2']);
    expect(settled.sort()).toEqual([
      '0:posted',
      '1:posted',
      '2:posted',
      '3:unposted',
      '4:unposted',
      '5:unposted',
      '6:unposted',
    ]);
    for (const i of [3, 4, 5, 6]) {
      expect(lines.filter((l) => l.includes(`leg${i} caller not posted to C0Q; given back`))).toHaveLength(1);
    }
  });

  it('at close, a post still under way at the deadline is given back as interrupted (it may exist), not as unposted', async () => {
    let answer: () => void = () => {};
    const settled: string[] = [];
    const queues = createChannelQueues({
      post: async () => {
        await new Promise<void>((resolve) => {
          answer = resolve;
        });
        return { kind: 'ok', ts: '1.0' };
      },
      logger: createLogger({ level: 'error', sink: () => undefined }),
      paceMs: 0,
    });
    const message = { channel: 'C0Q', text: 'm', blocks: [], metadata: postedMetadata(LEG_A, 'caller') };
    queues.enqueue({ label: 'slow', message, settle: (outcome) => void settled.push(`slow:${outcome}`) });
    queues.enqueue({ label: 'next', message, settle: (outcome) => void settled.push(`next:${outcome}`) });
    await new Promise((resolve) => setImmediate(resolve));
    expect(await queues.close(Date.now() + 50)).toBe(2);
    answer();
    expect(settled.sort()).toEqual(['next:unposted', 'slow:interrupted']);
  });

  it('hands over a post given back unposted, but not one interrupted (it may have been posted)', async () => {
    const given: string[] = [];
    const settles: ((outcome: 'unposted' | 'interrupted') => Promise<void> | void)[] = [];
    const claims = createMemoryClaims();
    const handler = createEventHandler({
      words: ENGLISH,
      summaries: {
        rememberLeg: async () => {},
        rememberSummary: async () => {},
        callContext: callContextFake,
        sideOfExtension: async () => undefined,
      },
      routing: parseRouting('default: C0Q\n'),
      claims,
      queues: {
        enqueue: (item) => void settles.push(item.settle),
        idle: async () => {},
        pending: () => 0,
        close: async () => 0,
      },
      render: () => ({ text: 'x', blocks: [] }),
      logger: createLogger({ level: 'error', sink: () => undefined }),
      handover: {
        give: async (summary) => {
          given.push(summary.legId);
          return true;
        },
      },
    });
    for (const legId of [LEG_A, LEG_B]) {
      await handler(
        parseEvent({
          type: 30040,
          msg: { call_id: legId, call_from: '3201', call_to: '3202', ext_num: '3202', summary: '<p>x</p>' },
        }),
      );
    }
    await settles[0]!('unposted');
    await settles[1]!('interrupted');
    expect(given).toEqual([LEG_A]);
    // Both claims are released: a re-sent event posts either if it does not exist.
    expect(await claims.claim(`posted:${LEG_A}:callee`, 1000)).toBe(true);
    expect(await claims.claim(`posted:${LEG_B}:callee`, 1000)).toBe(true);
  });

  it('turns posts away beyond the per-channel limit (claims released), logging once, and posts the rest', async () => {
    let release: () => void = () => {};
    const stalled = new Promise<void>((resolve) => {
      release = resolve;
    });
    const posted: string[] = [];
    const settled: string[] = [];
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', sink: (line) => lines.push(line) });
    const queues = createChannelQueues({
      post: async (message) => {
        await stalled;
        posted.push(message.text);
        return { kind: 'ok', ts: '1.0' };
      },
      logger,
      paceMs: 0,
      maxQueuedPerChannel: 3,
    });
    for (let i = 0; i < 6; i++) {
      queues.enqueue({
        label: `leg ${i}`,
        message: {
          channel: 'C0BUSY',
          text: `m${i}`,
          blocks: [],
          metadata: postedMetadata(`20260513223234-0000${i}`, 'caller'),
        },
        settle: (outcome) => {
          settled.push(`${i}:${outcome}`);
        },
      });
    }
    expect(queues.pending()).toBe(3);
    release();
    await queues.idle();
    expect(posted).toEqual(['m0', 'm1', 'm2']);
    expect(settled.sort()).toEqual([
      '0:posted',
      '1:posted',
      '2:posted',
      '3:retryable',
      '4:retryable',
      '5:retryable',
    ]);
    expect(lines.filter((l) => l.includes('turning new ones away'))).toHaveLength(1);
  });

  it('posts an event the PBX sends again once the channel is fixed (a failed post keeps no claim)', async () => {
    const errorFor: Record<string, string> = { C0GONE: 'not_in_channel' };
    const slack = await fakeSlack({ errorFor });
    const routing = 'default: C0GONE\n';
    const app = await replica(slack.url, createMemoryClaims(), [], routing);
    const event = summaryEvent('20260513223234-00001', '3201');
    await push(app.url, event);
    await app.settle();
    expect(slack.posts).toEqual([]);
    delete errorFor.C0GONE; // the admin invites the bot
    await push(app.url, event);
    await app.settle();
    expect(slack.posts.map((p) => [p.channel, p.text])).toEqual([['C0GONE', '20260513223234-00001 caller']]);
    await push(app.url, event);
    await app.settle();
    expect(slack.posts).toHaveLength(1);
    // Broken again later: said again (once), since it had been fixed in between.
    errorFor.C0GONE = 'not_in_channel';
    await push(app.url, summaryEvent('20260513223234-00002', '3201'));
    await push(app.url, summaryEvent('20260513223234-00003', '3201'));
    await app.settle();
    expect(app.logLines.filter((l) => l.includes('not_in_channel'))).toHaveLength(2);
  });
});

describeRedis('two replicas sharing Redis', () => {
  it('post each (leg, side) once when both get the same events', async () => {
    const slack = await fakeSlack();
    const pbxBaseUrl = uniquePbxBaseUrl();
    const ttlSeconds = { summary: 60, noSummary: 60, extension: 60, leg: 60 };
    const caches = await Promise.all(
      [0, 1].map(() =>
        createCache(
          { url: REDIS_URL, ttlSeconds, ...CACHE_LIMIT_DEFAULTS },
          { logger: silentLogger(), pbxBaseUrl },
        ),
      ),
    );
    try {
      const [a, b] = await Promise.all(caches.map((cache) => replica(slack.url, cache.claims, [])));
      const events = ['3201', '3202'].map((ext) => summaryEvent('20260513223234-3EE9E', ext));
      await Promise.all(events.flatMap((e) => [push(a!.url, e), push(b!.url, e), push(a!.url, e)]));
      await Promise.all([a!.settle(), b!.settle()]);
      expect(slack.posts.map((p) => p.text).sort()).toEqual([
        '20260513223234-3EE9E callee',
        '20260513223234-3EE9E caller',
      ]);
    } finally {
      await Promise.all(caches.map((cache) => cache.close()));
      await deleteRedisKeys(keyPrefix(pbxBaseUrl));
    }
  });
});

/** A 30040 for a call through a queue: `call_to` is the queue (6400), `ext_num` the agent who answered. */
function queueEvent(callType: string | undefined, extNum = '3202', from = '+442071234567', to = '6400') {
  return {
    type: 30040,
    sn: 'SN1',
    msg: {
      call_id: '20260513223234-3EE9E',
      call_from: from,
      call_to: to,
      ext_num: extNum,
      summary: '<p>Queue call</p>',
      ...(callType === undefined ? {} : { call_type: callType }),
    },
  };
}

describe('30040 whose ext_num is neither party (queues, ring groups, IVR)', () => {
  it('places an Inbound one on the callee side and an Outbound one on the caller side', () => {
    const inbound = parseEvent(queueEvent('Inbound'));
    expect(inbound).toMatchObject({
      kind: 'summary',
      placedBy: 'call_type',
      parties: { caller: '+442071234567', callee: '3202' },
      summary: { side: 'callee', extNum: '3202' },
    });
    const outbound = parseEvent(queueEvent('outbound', '3202', '6500', '+442071234567'));
    expect(outbound).toMatchObject({
      kind: 'summary',
      placedBy: 'call_type',
      parties: { caller: '3202', callee: '+442071234567' },
      summary: { side: 'caller' },
    });
    expect(parseEvent(queueEvent('Internal')).kind).toBe('summary_unplaced');
  });

  it('posts an Inbound queue call as the callee and tells the admin once, with numbers masked', async () => {
    const slack = await fakeSlack();
    const app = await replica(slack.url, createMemoryClaims(), []);
    expect(await push(app.url, queueEvent('Inbound'))).toBe(204);
    const second = queueEvent('Inbound');
    second.msg.call_id = '20260513223234-3EE9F';
    expect(await push(app.url, second)).toBe(204);
    await app.settle();
    expect(slack.posts.map((p) => p.text)).toEqual([
      '20260513223234-3EE9E callee',
      '20260513223234-3EE9F callee',
    ]);
    expect(app.legs[0]).toEqual([
      '20260513223234-3EE9E',
      { caller: '+442071234567', callee: '3202', callType: 'Inbound' },
    ]);
    const warnings = app.logLines.filter((l) => l.includes('WARN') && l.includes('neither call_from'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('extension …02, which is neither call_from (…67) nor call_to (…00)');
    const log = app.logLines.join('\n');
    expect(log).not.toContain('2071234567');
    expect(log).not.toContain('6400');
  });

  it("looks the side up in the PBX's export when call_type does not say it, and posts it there", async () => {
    const slack = await fakeSlack();
    const app = await replica(slack.url, createMemoryClaims(), [], 'default: C0SUPPORT\n', {
      '20260513223234-3EE9E': { caller: '3201', callee: '3202' },
    });
    expect(await push(app.url, queueEvent('Internal', '3202', '3201', '6400'))).toBe(204);
    // Not in the export at all: not posted, and not remembered under a made-up side.
    const unknown = queueEvent(undefined, '3203', '3201', '6400');
    unknown.msg.call_id = '20260513223234-AAAAA';
    expect(await push(app.url, unknown)).toBe(204);
    await app.settle();
    expect(slack.posts.map((p) => p.text)).toEqual(['20260513223234-3EE9E callee']);
    expect(app.remembered.map((s) => [s.legId, s.side])).toEqual([['20260513223234-3EE9E', 'callee']]);
    // The event's own parties (6400 is the queue) never enter the leg index.
    expect(app.legs).toEqual([]);
    expect(app.logLines.join('\n')).toContain("the PBX's export makes it the callee");
  });
});

describe('envelope', () => {
  it('takes the side from ext_num, and leaves an ext_num on neither side (no call_type) to be looked up', () => {
    const callee = parseEvent(summaryEvent('20260513223234-3EE9E', '3202'));
    expect(callee.kind === 'summary' && [callee.summary.side, callee.placedBy]).toEqual([
      'callee',
      'ext_num',
    ]);
    expect(parseEvent(summaryEvent('20260513223234-3EE9E', '9999'))).toMatchObject({
      kind: 'summary_unplaced',
      extNum: '9999',
      eventParties: { caller: '3201', callee: '3202' },
    });
    expect(
      parseEvent({
        type: 30040,
        msg: { call_id: 'nope', call_from: '1', call_to: '2', ext_num: '1', summary: 'x' },
      }).kind,
    ).toBe('malformed');
    expect(parseEvent('garbage')).toEqual({ kind: 'malformed', reason: 'not a {type, sn, msg} envelope' });
  });

  it("reads the 30040 page's own example (numeric serial tolerated, lowercase leg id normalised)", () => {
    const doc = {
      type: 30040,
      sn: '3658B4311196M4ZK',
      msg: {
        uid: '2026101615253894475',
        call_id: '20261016152541-f8890',
        ext_num: '1003',
        summary: '<p>Call Summary</p>\n<ul>\n<li>x</li>\n</ul>\n<p>Follow-up Actions</p>\n<ul>\n\n</ul>\n',
        call_type: 'Internal',
        call_from: '1010',
        call_to: '1003',
        time_start: '2026/10/16 15:25:38',
        talk_duration: 162,
        status: 'ANSWERED',
        aireceptionist: '',
      },
    };
    const event = parseEvent(doc);
    expect(event.kind === 'summary' && [event.legId, event.summary.side]).toEqual([
      '20261016152541-F8890',
      'callee',
    ]);
    expect(parseEvent({ ...doc, sn: 365812345 }).kind).toBe('summary');
  });

  it('keeps only the number of a "Name<number>" party, so the side and the leg index use numbers', () => {
    const event = parseEvent(summaryEvent('20260513223234-3EE9E', '3202', 'Kristin<3201>', 'Leo Ball<3202>'));
    expect(event.kind === 'summary' && [event.parties, event.summary.side]).toEqual([
      { caller: '3201', callee: '3202' },
      'callee',
    ]);
  });
});

describe('routing', () => {
  const routing = parseRouting(
    [
      'default: C0DEFAULT',
      'ignore: ["3299", "5000-5099"]',
      'routes:',
      '  - extensions: ["3200-3298"]',
      '    side: callee',
      '    channel: C0SUPPORT',
      '  - extensions: [1001, "3200-3298"]',
      '    channel: C0SALES',
      '  - side: caller',
      '    channel: C0CALLERS',
    ].join('\n'),
  );

  it('matches ranges, sides and the default, first match wins; ignored extensions go nowhere', () => {
    expect(routeFor(routing, '3201', 'callee')).toBe('C0SUPPORT');
    expect(routeFor(routing, '3201', 'caller')).toBe('C0SALES');
    expect(routeFor(routing, '1001', 'callee')).toBe('C0SALES');
    expect(routeFor(routing, '7000', 'caller')).toBe('C0CALLERS');
    expect(routeFor(routing, '7000', 'callee')).toBe('C0DEFAULT');
    expect(routeFor(routing, '3299', 'callee')).toBeUndefined();
    expect(routeFor(routing, '5050', 'caller')).toBeUndefined();
  });

  it('keeps an extension with a leading zero apart from the number without it', () => {
    const zeros = parseRouting(
      'routes:\n  - extensions: ["100-199"]\n    channel: C0PLAIN\n  - extensions: ["0100-0199"]\n    channel: C0ZERO\n',
    );
    expect(routeFor(zeros, '150', 'caller')).toBe('C0PLAIN');
    expect(routeFor(zeros, '0150', 'caller')).toBe('C0ZERO');
    expect(routeFor(parseRouting('ignore: ["100"]\ndefault: C0ALL\n'), '0100', 'caller')).toBe('C0ALL');
    // A route written with zeros alone does not take the number without them.
    const zerosOnly = parseRouting(
      'default: C0ALL\nroutes:\n  - extensions: ["0100-0199"]\n    channel: C0ZERO\n',
    );
    expect(routeFor(zerosOnly, '150', 'caller')).toBe('C0ALL');
  });

  it('names the line of every problem', () => {
    const text = [
      'default: "#support"',
      'routes:',
      '  - extensions: ["32x0"]',
      '    channel: C0OK',
      '  - channel: C0NOEXT',
    ].join('\n');
    try {
      parseRouting(text, 'routing.yml');
      expect.unreachable();
    } catch (error) {
      expect(isCallSummaryError(error, 'config_invalid')).toBe(true);
      const message = (error as Error).message;
      expect(message).toContain('routing.yml is invalid');
      expect(message).toMatch(/line 1: default: must be a Slack channel id/);
      expect(message).toMatch(/line 3: routes\.0\.extensions\.0: must be an extension number/);
      expect(message).toMatch(/line 5: routes\.1: a route needs extensions, side, or both/);
    }
  });

  it('accepts the shipped routing.example.yml', () => {
    const example = parseRouting(readFileSync('routing.example.yml', 'utf8'), 'routing.example.yml');
    expect(routeFor(example, '3201', 'callee')).toBe('C0123SUPPORT');
    expect(routeFor(example, '8050', 'caller')).toBeUndefined();
    expect(routeFor(example, '4000', 'callee')).toBe('C0123GENERAL');
  });

  it('reports YAML syntax errors with their line', () => {
    expect(() => parseRouting('routes:\n  - channel: [C0A\n')).toThrow(/line \d+:/);
  });
  it('refuses text past the size cap as configuration, before parsing it', () => {
    const huge = `default: C0ALL\n#${'x'.repeat(MAX_ROUTING_FILE_BYTES)}\n`;
    expect(() => parseRouting(huge, 'routing.yml')).toThrow(
      /routing\.yml is invalid:\n {2}- it is \d+ bytes; the limit is/,
    );
  });

  it('expands a few aliases but refuses an alias bomb as configuration', () => {
    const aliased = parseRouting(
      'ignore: &skip ["3299"]\nroutes:\n  - extensions: *skip\n    channel: C0SKIP\n',
    );
    expect(routeFor(aliased, '3299', 'caller')).toBeUndefined();
    const bomb = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      bomb.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    try {
      parseRouting(bomb.join('\n'), 'routing.yml');
      expect.unreachable();
    } catch (error) {
      expect(isCallSummaryError(error, 'config_invalid')).toBe(true);
      expect((error as Error).message).toContain('aliases expand too far');
    }
  });
});
