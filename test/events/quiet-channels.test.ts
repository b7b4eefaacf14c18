import { afterAll, describe, expect, it } from 'vitest';
import { type Cache, createCache } from '../../src/cache/index.js';
import { CACHE_LIMIT_DEFAULTS } from '../../src/cache/memory.js';
import { keyPrefix } from '../../src/cache/typed.js';
import { createChannelQueues } from '../../src/events/channel-queue.js';
import { parseEvent } from '../../src/events/envelope.js';
import { parseRouting, postsCall, targetFor } from '../../src/events/routing.js';
import type { OutgoingMessage } from '../../src/events/slack-post.js';
import { createEventHandler } from '../../src/events/summary-ready.js';
import { isCallSummaryError } from '../../src/shared/errors.js';
import { ENGLISH } from '../../src/shared/i18n/index.js';
import type { SlackMessage } from '../../src/slack/views/types.js';
import type { CallSummary } from '../../src/use-case/model/call-summary.js';
import type { Claims, CustomerThreads, PostedCopy } from '../../src/use-case/ports.js';
import { callContextFake } from '../helpers/call-summary.js';
import { createMemoryClaims } from '../helpers/memory-claims.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { deleteRedisKeys, describeRedis, REDIS_URL, uniquePbxBaseUrl } from '../helpers/redis.js';

/** The routing file's quiet-channel options, and how automatic posts follow them. */

function problemsOf(text: string): string[] {
  try {
    parseRouting(text, 'routing.yml');
  } catch (error) {
    if (isCallSummaryError(error, 'config_invalid')) return [...error.details.problems];
    throw error;
  }
  return [];
}

describe('the routing file’s options', () => {
  it('reads format, min_talk_seconds, call_types and thread_by per route, with defaults', () => {
    const routing = parseRouting(
      [
        'default: C0GENERAL',
        'routes:',
        '  - extensions: ["3200-3299"]',
        '    channel: C0SUPPORT',
        '    format: brief',
        '    min_talk_seconds: 30',
        '    call_types: [inbound, outbound]',
        '    thread_by: customer',
      ].join('\n'),
    );
    expect(targetFor(routing, '3202', 'callee')).toEqual({
      channel: 'C0SUPPORT',
      format: 'brief',
      minTalkSeconds: 30,
      callTypes: ['inbound', 'outbound'],
      threadBy: 'customer',
    });
    expect(targetFor(routing, '1001', 'callee')).toEqual({
      channel: 'C0GENERAL',
      format: 'full',
      minTalkSeconds: 0,
      callTypes: undefined,
      threadBy: undefined,
    });
  });

  it.each([
    ['format: short', 'line 4: routes.0.format: must be full or brief'],
    ['min_talk_seconds: -5', 'line 4: routes.0.min_talk_seconds: must be 0 or more'],
    ['min_talk_seconds: "a minute"', 'line 4: routes.0.min_talk_seconds: must be a whole number of seconds'],
    ['call_types: [voicemail]', 'line 4: routes.0.call_types.0: must be inbound, outbound or internal'],
    ['call_types: []', 'line 4: routes.0.call_types: needs at least one of inbound, outbound, internal'],
    ['thread_by: agent', 'line 4: routes.0.thread_by: must be customer'],
  ])('refuses %s, naming the line', (option, problem) => {
    const problems = problemsOf(`routes:\n  - extensions: ["3202"]\n    channel: C0SUPPORT\n    ${option}\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(problem);
  });

  it('refuses an unknown key, naming the route’s line', () => {
    const problems = problemsOf(
      'routes:\n  - extensions: ["3202"]\n    channel: C0SUPPORT\n    colour: red\n',
    );
    expect(problems[0]).toMatch(/^line 2: routes\.0: .*colour/);
  });

  it('posts only the call types listed, and calls talked long enough; what is unknown is posted', () => {
    const options = {
      format: 'full',
      minTalkSeconds: 30,
      callTypes: ['inbound'],
      threadBy: undefined,
    } as const;
    expect(postsCall(options, { direction: 'in', talkSeconds: 45 })).toBe(true);
    expect(postsCall(options, { direction: 'in', talkSeconds: 12 })).toBe(false);
    expect(postsCall(options, { direction: 'out', talkSeconds: 45 })).toBe(false);
    expect(postsCall(options, { direction: undefined, talkSeconds: null })).toBe(true);
  });
});

/** A 30040 of an inbound call from `from` answered by 3202. */
function inbound(leg: string, from = '+14155550123', talk = 120) {
  return parseEvent({
    type: 30040,
    msg: {
      call_id: leg,
      call_from: from,
      call_to: '3202',
      ext_num: '3202',
      call_type: 'Inbound',
      talk_duration: talk,
      summary: `<ul><li>Point of ${leg}</li></ul>`,
    },
  });
}

interface Posted extends OutgoingMessage {
  readonly ts: string;
}

/** One replica of the intake over shared claims and threads, posting into a shared record. */
function replica(
  routingText: string,
  shared: {
    readonly posts: Posted[];
    readonly updates: ({ channel: string; ts: string } & SlackMessage)[];
    readonly claims: Claims;
    readonly threads?: CustomerThreads;
    readonly copies?: { summary: CallSummary; copy: Omit<PostedCopy, 'digest'> }[];
  },
) {
  const logger = createMemoryLogger();
  const queues = createChannelQueues({
    post: async (message) => {
      const ts = `${1000 + shared.posts.length}.000100`;
      shared.posts.push({ ...message, ts });
      return { kind: 'ok', ts };
    },
    logger,
    paceMs: 0,
    sleep: async () => {},
  });
  const onEvent = createEventHandler({
    words: ENGLISH,
    summaries: {
      rememberLeg: async () => {},
      rememberSummary: async () => {},
      callContext: callContextFake,
      sideOfExtension: async () => undefined,
    },
    routing: parseRouting(routingText),
    claims: shared.claims,
    queues,
    render: (summary, call) => ({ text: `full ${summary.legId}`, blocks: [], ...{ call } }),
    logger,
    late: {
      summaryReady: async () => {},
      rememberCopy: async (summary, copy) => {
        shared.copies?.push({ summary, copy });
      },
    },
    ...(shared.threads ? { threads: shared.threads } : {}),
    updateMessage: async (message) => {
      shared.updates.push(message);
    },
    headPollMs: 20,
    headWaitMs: 5000,
  });
  return { onEvent, queues, logger };
}

const ROUTE = (options: string) =>
  `routes:\n  - extensions: ["3202"]\n    channel: C0SUPPORT\n${options
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => `    ${l}`)
    .join('\n')}\n`;

describe('quiet channels', () => {
  it('brief: one line in the channel, the whole summary as the first reply in its thread; both copies kept', async () => {
    const shared = {
      posts: [] as Posted[],
      updates: [],
      claims: createMemoryClaims(),
      copies: [] as never[],
    };
    const { onEvent, queues } = replica(ROUTE('format: brief'), shared);
    await onEvent(inbound('20260513223234-0AAA1'));
    await queues.idle();
    expect(shared.posts).toHaveLength(2);
    const [line, reply] = shared.posts;
    expect(line!.text).toContain(':arrow_lower_left: Incoming call · +1 415 555 0123 → extension 3202');
    expect(line!.text).toContain('2m 00s — Point of 20260513223234-0AAA1');
    expect(line!.threadTs).toBeUndefined();
    expect(reply!.text).toBe('full 20260513223234-0AAA1');
    expect(reply!.threadTs).toBe(line!.ts);
    // Both carry the design's metadata, and both are updated when the PBX re-writes the summary.
    expect(line!.metadata?.event_payload).toEqual({ leg_id: '20260513223234-0AAA1', side: 'callee' });
    expect(reply!.metadata?.event_payload).toEqual({ leg_id: '20260513223234-0AAA1', side: 'callee' });
    expect(
      (shared.copies as { copy: Omit<PostedCopy, 'digest'> }[]).map(({ copy }) => [copy.kind, copy.ts]),
    ).toEqual([
      ['brief', line!.ts],
      ['post', reply!.ts],
    ]);
  });

  it('min_talk_seconds and call_types leave calls out', async () => {
    const shared = { posts: [] as Posted[], updates: [], claims: createMemoryClaims() };
    const { onEvent, queues, logger } = replica(ROUTE('min_talk_seconds: 30\ncall_types: [inbound]'), shared);
    await onEvent(inbound('20260513223234-0AAA1', '+14155550123', 12));
    const outbound = parseEvent({
      type: 30040,
      msg: {
        call_id: '20260513223234-0AAA2',
        call_from: '3202',
        call_to: '+14155550123',
        ext_num: '3202',
        call_type: 'Outbound',
        talk_duration: 300,
        summary: '<p>Out</p>',
      },
    });
    await onEvent(outbound);
    await onEvent(inbound('20260513223234-0AAA3', '+14155550123', 31));
    await queues.idle();
    expect(shared.posts.map((p) => p.text)).toEqual(['full 20260513223234-0AAA3']);
    expect(logger.lines.filter((l) => l.includes('not posted: its route posts inbound call'))).toHaveLength(
      2,
    );
  });
});

describeRedis('customer threads across two replicas sharing Redis', () => {
  const base = uniquePbxBaseUrl();
  const caches: Cache[] = [];
  afterAll(async () => {
    await Promise.all(caches.map((c) => c.close()));
    await deleteRedisKeys(keyPrefix(base));
  });

  async function redisCache(): Promise<Cache> {
    const cache = await createCache(
      {
        url: REDIS_URL,
        ttlSeconds: { summary: 60, noSummary: 60, extension: 60, leg: 60 },
        ...CACHE_LIMIT_DEFAULTS,
      },
      { logger: createMemoryLogger(), pbxBaseUrl: base },
    );
    caches.push(cache);
    return cache;
  }

  it('one thread per outside number per channel: one head, every call a reply, the head kept up to date, each once', async () => {
    const [a, b] = [await redisCache(), await redisCache()];
    const posts: Posted[] = [];
    const updates: ({ channel: string; ts: string } & SlackMessage)[] = [];
    const routing = ROUTE('thread_by: customer');
    const one = replica(routing, { posts, updates, claims: a.claims, threads: a.threads });
    const two = replica(routing, { posts, updates, claims: b.claims, threads: b.threads });
    // Two calls of the same customer reach the two replicas at once; the first is also delivered twice.
    await Promise.all([
      one.onEvent(inbound('20260513223234-0CCC1')),
      two.onEvent(inbound('20260513223234-0CCC1')),
      two.onEvent(inbound('20260513223300-0CCC2', '14155550123')),
    ]);
    await Promise.all([one.queues.idle(), two.queues.idle()]);
    // A later call, and another customer's.
    await one.onEvent(inbound('20260513233000-0CCC3', '(415) 555-0123'));
    await two.onEvent(inbound('20260513233000-0DDD4', '+442071234567'));
    await Promise.all([one.queues.idle(), two.queues.idle()]);

    const heads = posts.filter((p) => p.threadTs === undefined);
    expect(heads.map((h) => h.text)).toEqual([
      'Calls with +1 415 555 0123 · 1 call',
      'Calls with +44 20 7123 4567 · 1 call',
    ]);
    // Heads are no summaries: no metadata.
    expect(heads.every((h) => h.metadata === undefined)).toBe(true);
    const replies = posts.filter((p) => p.threadTs !== undefined);
    expect(replies.map((r) => [r.text, r.threadTs])).toEqual(
      expect.arrayContaining([
        ['full 20260513223234-0CCC1', heads[0]!.ts],
        ['full 20260513223300-0CCC2', heads[0]!.ts],
        ['full 20260513233000-0CCC3', heads[0]!.ts],
        ['full 20260513233000-0DDD4', heads[1]!.ts],
      ]),
    );
    expect(replies).toHaveLength(4);
    // The head was updated in place as calls came; its last word counts all three.
    const headUpdates = updates.filter((u) => u.ts === heads[0]!.ts);
    expect(headUpdates.at(-1)?.text).toBe('Calls with +1 415 555 0123 · 3 calls');
    expect(updates.every((u) => u.channel === 'C0SUPPORT')).toBe(true);
  });
});
