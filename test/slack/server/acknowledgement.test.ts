import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlackApi, startFakeSlackApi } from '../../../src/demo/local-slack/index.js';
import type { SlackServer } from '../../../src/slack/server/server.js';
import type { SummaryLookup, SummaryService } from '../../../src/use-case/summaries.js';
import { callContextFake } from '../../helpers/call-summary.js';
import { createMemoryLogger } from '../../helpers/memory-logger.js';
import { commandForm } from '../../helpers/slack-payloads.js';
import { testSlackServer } from '../../helpers/slack-server.js';
import { postSigned } from '../../helpers/slack-signing.js';

const SECRET = 'ack-signing-secret';
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
    callContext: callContextFake,
    lookup: async (request): Promise<SummaryLookup> => {
      lookups.push(request.legId);
      await gate;
      return { legId: LEG, results: [{ side: 'caller', status: 'none' }] };
    },
    rememberLeg: async () => {},
    rememberSummary: async () => {},
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

describe('slash command acknowledgement', () => {
  // Bolt's own path: the listener's `await ack()` comes before any lookup (src/slack/listeners/prelude.ts).
  it('acks 20 concurrent commands with an empty 200 before any of their lookups has finished', async () => {
    const { url, slack, lookups, release } = await start();
    const acks = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        postSigned(url, SECRET, commandForm(`${LEG} caller`, slack.responseUrl(`c${i}`))),
      ),
    );
    expect(acks.map((a) => [a.status, a.text])).toEqual(Array.from({ length: 20 }, () => [200, '']));
    release();
    const answers = await slack.waitFor('response_url', 20);
    expect(new Set(answers.map((a) => a.path)).size).toBe(20);
    expect(lookups).toHaveLength(20);
  });
});
