import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlackApi, startFakeSlackApi } from '../../../src/demo/local-slack/index.js';
import { fastCommandAck } from '../../../src/slack/server/fast-ack.js';
import { type GuardedRequest, guardSlackRequests } from '../../../src/slack/server/request-guard.js';
import type { SlackServer } from '../../../src/slack/server/server.js';
import type { SummaryService } from '../../../src/use-case/summaries.js';
import { createMemoryLogger } from '../../helpers/memory-logger.js';
import { testSlackServer } from '../../helpers/slack-server.js';

/**
 * `ssl_check=1` is the one form Slack sends unsigned. Whatever else such a form carries (a
 * `command`, a `user_id`, a `response_url`) was signed by nobody and must run nothing: not through the
 * fast acknowledgement of commands, not through Bolt.
 */
const SECRET = 'ssl-check-signing-secret';
const LEG = '20260513223234-3EE9E';

let slack: FakeSlackApi | undefined;
let server: SlackServer | undefined;
afterEach(async () => {
  await server?.stop(1000);
  await slack?.close();
  server = slack = undefined;
});

describe('an unsigned ssl_check form that carries a command', () => {
  it('is answered 200 and runs nothing as the user it names', async () => {
    slack = await startFakeSlackApi();
    const lookups: string[] = [];
    const summaries: SummaryService = {
      lookup: async (request) => {
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
      render: () => ({ text: 'x', blocks: [] }),
    });
    const url = `http://127.0.0.1:${await server.start()}/slack/events`;
    const body = new URLSearchParams({
      ssl_check: '1',
      token: 'legacy',
      command: '/callsummary',
      text: `${LEG} caller`,
      user_id: 'UFORGED',
      channel_id: 'C1',
      response_url: slack.responseUrl('forged'),
    }).toString();
    const answer = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(answer.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lookups).toEqual([]);
    expect(slack.calls).toEqual([]);
  });
});

describe('the request guard', () => {
  it('answers an ssl_check itself: nothing of it reaches what is behind the guard', async () => {
    const reached: string[] = [];
    const http = createServer(
      guardSlackRequests({
        signingSecret: SECRET,
        path: '/slack/events',
        next: (req, res) => {
          reached.push(String((req as GuardedRequest).verified));
          res.writeHead(204).end();
        },
      }),
    );
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/slack/events`;
      const answer = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `ssl_check=1&token=legacy&command=%2Fcallsummary&user_id=UFORGED&text=${LEG}`,
      });
      expect(answer.status).toBe(200);
      expect(await answer.text()).toBe('');
      expect(reached).toEqual([]);
    } finally {
      await new Promise((resolve) => http.close(resolve));
    }
  });
});

describe('the fast acknowledgement of commands', () => {
  function request(form: Record<string, string>, verified: boolean | undefined): GuardedRequest {
    return {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      rawBody: Buffer.from(new URLSearchParams(form).toString()),
      ...(verified === undefined ? {} : { verified }),
    } as unknown as GuardedRequest;
  }

  function harness() {
    const passed: IncomingMessage[] = [];
    const processed: unknown[] = [];
    const listener = fastCommandAck({
      next: ((req: IncomingMessage) => passed.push(req)) as RequestListener,
      app: () => ({ processEvent: async (event: unknown) => processed.push(event) }) as never,
      commands: new Set(['/callsummary']),
      accepting: () => true,
      turnAway: async () => undefined,
      track: () => undefined,
      onError: () => undefined,
    });
    const response = { writeHead: () => ({ end: () => undefined }) } as unknown as ServerResponse;
    return { listener, passed, processed, response };
  }

  const command = { command: '/callsummary', text: LEG, user_id: 'UFORGED', channel_id: 'C1' };

  it('acknowledges only a body the request guard verified; any other goes on to Bolt untouched', async () => {
    for (const verified of [undefined, false]) {
      const { listener, passed, processed, response } = harness();
      const req = request({ ssl_check: '1', ...command }, verified);
      listener(req, response);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(passed).toEqual([req]);
      expect(processed).toEqual([]);
    }
    const { listener, passed, processed, response } = harness();
    listener(request(command, true), response);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(passed).toEqual([]);
    expect(processed).toHaveLength(1);
  });
});
