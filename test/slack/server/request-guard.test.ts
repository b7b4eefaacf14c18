import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlackApi, startFakeSlackApi } from '../../../src/demo/local-slack/index.js';
import { type GuardedRequest, guardSlackRequests } from '../../../src/slack/server/request-guard.js';
import type { SlackServer } from '../../../src/slack/server/server.js';
import { ACTION_IDS } from '../../../src/slack/views/values.js';
import type { SummaryLookup, SummaryService } from '../../../src/use-case/summaries.js';
import { callContextFake } from '../../helpers/call-summary.js';
import { createMemoryLogger } from '../../helpers/memory-logger.js';
import { buttonClickPayload, commandForm } from '../../helpers/slack-payloads.js';
import { testSlackServer } from '../../helpers/slack-server.js';
import { slackSignature } from '../../helpers/slack-signing.js';

const SECRET = 'request-guard-signing-secret';
const LEG = '20260513223234-3EE9E';
const FORGED_USER = 'UFORGED';
const FORM = 'application/x-www-form-urlencoded';

interface Post {
  readonly path: string;
  readonly body: string;
  readonly headers: Record<string, string>;
}

/** A raw POST: fetch would resolve `/slack/./events` before sending; Slack's side might not. */
function post(base: string, { path, body, headers }: Post, method = 'POST'): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(base);
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method,
        headers: { 'content-type': FORM, ...headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** Signed as Slack signs, at `timestamp` (seconds). */
function signed(path: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Post {
  return {
    path,
    body,
    headers: {
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(SECRET, timestamp, body),
    },
  };
}

const unsigned = (path: string, body: string): Post => ({ path, body, headers: {} });

/**
 * Requests nobody signed, or signed outside Slack's window, that try to reach a handler: each with the
 * status the guard answers. A forged `user_id` rides along in every one.
 */
function forgeries(responseUrl: string): Array<{ name: string; post: Post; status: number }> {
  const command = form(commandForm(`${LEG} caller`, responseUrl, { user_id: FORGED_USER }));
  const click = JSON.stringify({
    ...buttonClickPayload(
      {
        actionId: ACTION_IDS.share,
        blockId: 'callsummary_buttons',
        value: JSON.stringify({ l: LEG, s: 'caller', e: null }),
        text: 'Share in channel',
      },
      responseUrl,
    ),
    user: { id: FORGED_USER, username: 'mallory', team_id: 'T0' },
  });
  const future = Math.floor(Date.now() / 1000) + 600;
  return [
    {
      name: 'unsigned ssl_check carrying a command',
      post: unsigned('/slack/events', `ssl_check=1&${command}`),
      status: 200,
    },
    {
      name: 'unsigned ssl_check carrying a command, ssl_check last',
      post: unsigned('/slack/events', `${command}&ssl_check=1`),
      status: 200,
    },
    {
      name: 'unsigned ssl_check carrying a button click',
      post: unsigned('/slack/events', form({ ssl_check: '1', payload: click })),
      status: 200,
    },
    { name: 'unsigned command', post: unsigned('/slack/events', command), status: 401 },
    // Bolt refuses only old timestamps; Slack's rule (and the guard's) is ±300 s.
    { name: 'command signed 10 minutes ahead', post: signed('/slack/events', command, future), status: 401 },
    ...[
      '/slack/./events',
      '/x/../slack/events',
      '/slack/events#x',
      '/slack\\events',
      '/slack/events?a=1',
    ].map((path) => ({
      name: `command signed 10 minutes ahead, to ${path}`,
      post: signed(path, command, future),
      status: 401,
    })),
    {
      name: 'unsigned ssl_check carrying a command, to /slack/./events',
      post: unsigned('/slack/./events', `ssl_check=1&${command}`),
      status: 200,
    },
  ];
}

describe('request guard, alone', () => {
  let server: Server | undefined;
  afterEach(async () => {
    if (server) await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  async function guarded(now?: () => number) {
    const passed: GuardedRequest[] = [];
    const next: RequestListener = (req, res) => {
      passed.push(req as GuardedRequest);
      res.writeHead(204).end();
    };
    server = createServer(
      guardSlackRequests({ signingSecret: SECRET, path: '/slack/events', next, ...(now ? { now } : {}) }),
    );
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, passed };
  }

  it('answers every forgery itself and hands none of them on', async () => {
    const { base, passed } = await guarded();
    for (const forgery of forgeries('https://hooks.slack.com/commands/T0/1/x')) {
      expect(await post(base, forgery.post), forgery.name).toBe(forgery.status);
    }
    expect(passed).toEqual([]);
  });

  it('hands on a signed request, verified, whatever spelling of the path', async () => {
    const { base, passed } = await guarded();
    const body = form(commandForm(LEG, 'https://hooks.slack.com/commands/T0/1/x'));
    for (const path of ['/slack/events', '/slack/./events', '/slack/events?a=1']) {
      expect(await post(base, signed(path, body))).toBe(204);
    }
    expect(passed.map((req) => req.verified)).toEqual([true, true, true]);
  });

  it('hands on untouched what is not a POST to /slack/events: Bolt answers it, or another route', async () => {
    const { base, passed } = await guarded();
    const body = form(commandForm(LEG, 'https://hooks.slack.com/commands/T0/1/x'));
    expect(await post(base, unsigned('/slack/events', ''), 'GET')).toBe(204);
    expect(await post(base, unsigned('/healthz', body))).toBe(204);
    // A path that is no URL is no spelling of /slack/events either: Bolt's own routing answers it.
    expect(await post(base, unsigned('//', body))).toBe(204);
    // None was read nor marked verified: the guard never vouches for them.
    expect(passed.map((req) => [req.method, req.url, req.verified, req.rawBody])).toEqual([
      ['GET', '/slack/events', undefined, undefined],
      ['POST', '/healthz', undefined, undefined],
      ['POST', '//', undefined, undefined],
    ]);
  });

  it('takes a timestamp up to 300 s either side of now, the bounds included, and refuses one a second past', async () => {
    const T = 1_700_000_000;
    const { base, passed } = await guarded(() => T * 1000);
    const body = form(commandForm(LEG, 'https://hooks.slack.com/commands/T0/1/x'));
    const at = (timestamp: number) => post(base, signed('/slack/events', body, timestamp));
    expect([await at(T - 300), await at(T + 300)]).toEqual([204, 204]);
    expect([await at(T - 301), await at(T + 301)]).toEqual([401, 401]);
    expect(passed).toHaveLength(2);
  });

  it('refuses a timestamp written other than as Slack writes it (digits), even signed over its value', async () => {
    const T = 1_700_000_000;
    const { base, passed } = await guarded(() => T * 1000);
    const body = form(commandForm(LEG, 'https://hooks.slack.com/commands/T0/1/x'));
    // Each reads as T to Number(), and the signature is over `v0:T:body`: only the spelling is wrong.
    for (const written of [`+${T}`, `${T}.0`, '1.7e9', '0x6553f100', `${T}x`]) {
      const request = signed('/slack/events', body, T);
      const post_ = { ...request, headers: { ...request.headers, 'x-slack-request-timestamp': written } };
      expect(await post(base, post_), written).toBe(401);
    }
    expect(await post(base, signed('/slack/events', body, T))).toBe(204);
    expect(passed).toHaveLength(1);
  });

  it('refuses a request that carries only one of the two signing headers', async () => {
    const { base, passed } = await guarded();
    const body = form(commandForm(LEG, 'https://hooks.slack.com/commands/T0/1/x'));
    const { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp } = signed(
      '/slack/events',
      body,
    ).headers;
    const only = (headers: Record<string, string>): Post => ({ path: '/slack/events', body, headers });
    expect(await post(base, only({ 'x-slack-request-timestamp': timestamp! })), 'no signature').toBe(401);
    expect(await post(base, only({ 'x-slack-signature': signature! })), 'no timestamp').toBe(401);
    expect(passed).toEqual([]);
  });

  it('answers 400 to a body that breaks off while it is read (a client gone), and hands nothing on', async () => {
    let handedOn = false;
    const guard = guardSlackRequests({
      signingSecret: SECRET,
      path: '/slack/events',
      next: () => {
        handedOn = true;
      },
    });
    // The request stream fails as Node's does when the client aborts mid-body.
    const req = Object.assign(
      new Readable({
        read() {
          this.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
        },
      }),
      { method: 'POST', url: '/slack/events', headers: { 'content-length': '100' } },
    ) as unknown as IncomingMessage;
    const answered: number[] = [];
    const res = {
      headersSent: false,
      writeHead(status: number) {
        answered.push(status);
        return { end: (done?: () => void) => done?.() };
      },
    } as unknown as ServerResponse;
    guard(req, res);
    await expect.poll(() => answered).toEqual([400]);
    expect(handedOn).toBe(false);
  });

  it('answers 400 to a signed body Bolt could not take, and hands on one it can', async () => {
    const { base, passed } = await guarded();
    const json = (text: string): Post => {
      const request = signed('/slack/events', text);
      return { ...request, headers: { ...request.headers, 'content-type': 'application/json' } };
    };
    const click = JSON.stringify(
      buttonClickPayload(
        { actionId: ACTION_IDS.share, blockId: 'b', value: '{}', text: 'Share in channel' },
        'https://hooks.slack.com/actions/T0/1/x',
      ),
    );
    const bad: Array<[string, Post]> = [
      ...['null', '[]', '"event"', '1', '{"type":"event_callback"'].map((text): [string, Post] => [
        `JSON ${text}`,
        json(text),
      ]),
      ['payload not JSON', signed('/slack/events', form({ payload: '{' }))],
      ['payload a JSON array', signed('/slack/events', form({ payload: '[{}]' }))],
      // Two halves that, joined with a comma, would read as one object.
      ['two payloads', signed('/slack/events', 'payload=%7B%22a%22%3A1&payload=%22b%22%3A2%7D')],
    ];
    for (const [name, request] of bad) expect(await post(base, request), name).toBe(400);
    expect(passed).toEqual([]);

    expect(await post(base, json('{"type":"event_callback"}'))).toBe(204);
    expect(await post(base, signed('/slack/events', form({ payload: click })))).toBe(204);
    expect(passed.map((req) => req.verified)).toEqual([true, true]);
  });

  it('takes ssl_check=1 unsigned only in a form: in a JSON request it is a body like any other', async () => {
    const { base, passed } = await guarded();
    const check = {
      ...unsigned('/slack/events', 'ssl_check=1'),
      headers: { 'content-type': 'application/json' },
    };
    expect(await post(base, check)).toBe(401);
    expect(await post(base, unsigned('/slack/events', 'ssl_check=1'))).toBe(200);
    expect(passed).toEqual([]);
  });
});

describe('no unverified body reaches a handler', () => {
  let slack: FakeSlackApi | undefined;
  let server: SlackServer | undefined;
  afterEach(async () => {
    await server?.stop(1000);
    await slack?.close();
    server = slack = undefined;
  });

  async function start() {
    slack = await startFakeSlackApi();
    const lookups: string[] = [];
    const summaries: SummaryService = {
      callContext: callContextFake,
      lookup: async (request): Promise<SummaryLookup> => {
        lookups.push(request.legId);
        return { legId: LEG, results: [{ side: 'caller', status: 'none' }] };
      },
      rememberLeg: async () => {},
      rememberSummary: async () => {},
    };
    server = testSlackServer({
      apiUrl: slack.apiUrl,
      signingSecret: SECRET,
      summaries,
      logger: createMemoryLogger('error'),
    });
    // Every body that enters Bolt's pipeline passes its global middleware before any listener.
    const reached: unknown[] = [];
    server.app.use(async ({ body, next }) => {
      reached.push(body);
      await next();
    });
    const base = `http://127.0.0.1:${await server.start()}`;
    return { base, slack, lookups, reached };
  }

  it('runs nothing for a forged request, as the forged user or anyone', async () => {
    const { base, slack, lookups, reached } = await start();
    for (const forgery of forgeries(slack.responseUrl('forged'))) {
      expect(await post(base, forgery.post), forgery.name).toBe(forgery.status);
    }
    // Then a signed command, so that whatever a forgery started has had its turn first.
    expect(await post(base, signed('/slack/events', form(commandForm(LEG, slack.responseUrl('real')))))).toBe(
      200,
    );
    const answers = await slack.waitFor('response_url');
    expect(answers.map((a) => a.path)).toEqual(['/response/real']);
    expect(reached).toHaveLength(1);
    expect(reached[0]).toMatchObject({ user_id: 'U1', response_url: slack.responseUrl('real') });
    expect(lookups).toEqual([LEG]);
    expect(JSON.stringify(slack.calls)).not.toContain(FORGED_USER);
  });
});
