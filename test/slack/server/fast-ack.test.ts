import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlackApi, startFakeSlackApi } from '../../../src/demo/local-slack/index.js';
import { afterPendingAcks } from '../../../src/slack/server/after-acks.js';
import type { SlackServer } from '../../../src/slack/server/server.js';
import type { SummaryLookup, SummaryService } from '../../../src/use-case/summaries.js';
import { callContextFake } from '../../helpers/call-summary.js';
import { createMemoryLogger } from '../../helpers/memory-logger.js';
import { testSlackServer } from '../../helpers/slack-server.js';
import { postSigned } from '../../helpers/slack-signing.js';

const SECRET = 'fast-ack-signing-secret';
const LEG = '20260513223234-3EE9E';

let slack: FakeSlackApi | undefined;
let server: SlackServer | undefined;
afterEach(async () => {
  await server?.stop(1000);
  await slack?.close();
  server = slack = undefined;
});

/** A bot whose lookups wait until released, so an ack that arrives first arrived before any work. */
async function start() {
  slack = await startFakeSlackApi();
  const lookups: string[] = [];
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const summaries: SummaryService = {
    lookup: async (request): Promise<SummaryLookup> => {
      lookups.push(request.legId);
      await gate;
      return { legId: LEG, results: [{ side: 'caller', status: 'none' }] };
    },
    rememberLeg: async () => {},
    rememberSummary: async () => {},
    callContext: callContextFake,
  };
  const logger = createMemoryLogger('warn');
  server = testSlackServer({
    apiUrl: slack.apiUrl,
    signingSecret: SECRET,
    summaries,
    logger,
    render: () => ({ text: 'x', blocks: [] }),
  });
  const url = `http://127.0.0.1:${await server.start()}/slack/events`;
  return { url, slack, lookups, release };
}

const command = (responseUrl: string, name = '/callsummary') => ({
  command: name,
  text: `${LEG} caller`,
  user_id: 'U1',
  channel_id: 'C1',
  team_id: 'T0',
  response_url: responseUrl,
  trigger_id: 't',
});

describe('slash command acknowledgement', () => {
  it('acks 20 concurrent commands with an empty 200 before any of their lookups has finished', async () => {
    const { url, slack, lookups, release } = await start();
    const acks = await Promise.all(
      Array.from({ length: 20 }, (_, i) => postSigned(url, SECRET, command(slack.responseUrl(`c${i}`)))),
    );
    expect(acks.map((a) => [a.status, a.text])).toEqual(Array.from({ length: 20 }, () => [200, '']));
    release();
    const answers = await slack.waitFor('response_url', 20);
    expect(new Set(answers.map((a) => a.path)).size).toBe(20);
    expect(lookups).toHaveLength(20);
  });

  it('still rejects a bad signature and a stale timestamp (401), and does no work for them', async () => {
    const { url, slack, lookups } = await start();
    const bad = await postSigned(url, SECRET, command(slack.responseUrl()), { signature: 'v0=00' });
    const stale = await postSigned(url, SECRET, command(slack.responseUrl()), {
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    const wrongSecret = await postSigned(url, 'not-the-secret', command(slack.responseUrl()));
    expect([bad.status, stale.status, wrongSecret.status]).toEqual([401, 401, 401]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lookups).toEqual([]);
  });

  it("answers Slack's unsigned ssl_check with 200 and nothing else", async () => {
    const { url, lookups } = await start();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ssl_check: '1', token: 'legacy' }).toString(),
    });
    expect(response.status).toBe(200);
    expect(lookups).toEqual([]);
  });

  it('refuses an oversized body without reading it all', async () => {
    const { url } = await start();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `command=%2Fcallsummary&text=${'a'.repeat(11 * 1024 * 1024)}`,
    }).catch(() => undefined);
    // Either the 413 arrives or the socket is cut while the client is still sending.
    if (response) expect(response.status).toBe(413);
  });
});

describe('afterPendingAcks', () => {
  it('resumes waiters first come, first served, one per event-loop turn', async () => {
    const order: string[] = [];
    const waiters = ['a', 'b', 'c'].map((name) => afterPendingAcks().then(() => order.push(name)));
    // Work queued after the first waiter's turn runs before the second waiter resumes.
    setImmediate(() => order.push('between'));
    await Promise.all(waiters);
    expect(order[0]).toBe('a');
    expect(order.filter((x) => x !== 'between')).toEqual(['a', 'b', 'c']);
    expect(order.indexOf('between')).toBeLessThan(order.indexOf('c'));
  });
});
