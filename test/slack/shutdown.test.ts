import { afterEach, describe, expect, it, vi } from 'vitest';
import { runServe } from '../../src/cli/serve.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/demo/local-slack/index.js';
import { type PbxSimulator, SAMPLE_LEGS, startPbxSimulator } from '../../src/demo/pbx-simulator/index.js';
import { ENGLISH } from '../../src/shared/i18n/index.js';
import { botEnv } from '../helpers/env.js';
import { commandForm } from '../helpers/slack-payloads.js';
import { postSigned } from '../helpers/slack-signing.js';

/**
 * `callsummary serve` stopped by SIGTERM right after a burst: every request Slack was told was
 * received (200) is answered before the process exits, with the summary when there is time for it,
 * else with "the bot is restarting, try again".
 */

const SECRET = 'shutdown-signing-secret';
const BURST = 150;

let slack: FakeSlackApi | undefined;
let pbx: PbxSimulator | undefined;
afterEach(async () => {
  await slack?.close();
  await pbx?.close();
  slack = pbx = undefined;
});

async function serve(shutdownTimeoutMs: number) {
  slack = await startFakeSlackApi();
  pbx = await startPbxSimulator();
  let sigterm: (signal: string) => void = () => {};
  const stopSignal = new Promise<string>((resolve) => {
    sigterm = resolve;
  });
  let port = 0;
  const exited = runServe({
    words: ENGLISH,
    env: () =>
      botEnv(pbx!, slack!, {
        SLACK_SIGNING_SECRET: SECRET,
        SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs),
        LOG_LEVEL: 'info',
      }),
    stderr: (text) => {
      if (process.env.SHUTDOWN_DEBUG) process.stdout.write(text);
      const listening = /listening on port (\d+)/.exec(text);
      if (listening) port = Number(listening[1]);
    },
    stopSignal,
  });
  await vi.waitFor(() => expect(port).toBeGreaterThan(0), { timeout: 15_000 });
  return { events: `http://127.0.0.1:${port}/slack/events`, sigterm, exited };
}

/** Fires the burst and resolves once Slack has been told every request was received. */
async function burst(events: string, stand: FakeSlackApi): Promise<string[]> {
  const ids = Array.from({ length: BURST }, (_, i) => `burst-${i}`);
  const acks = await Promise.all(
    ids.map((id) =>
      postSigned(events, SECRET, commandForm(`${SAMPLE_LEGS.docExample} callee`, stand.responseUrl(id))),
    ),
  );
  expect(acks.map((a) => a.status)).toEqual(ids.map(() => 200));
  return ids;
}

function answersById(stand: FakeSlackApi): Map<string, string[]> {
  const answers = new Map<string, string[]>();
  for (const call of stand.callsTo('response_url')) {
    const id = call.path.slice('/response/'.length);
    answers.set(id, [...(answers.get(id) ?? []), JSON.stringify(call.body)]);
  }
  return answers;
}

describe('SIGTERM right after a burst of commands', () => {
  it(`answers all ${BURST} acknowledged commands before exiting`, async () => {
    const { events, sigterm, exited } = await serve(20_000);
    const ids = await burst(events, slack!);
    sigterm('SIGTERM');
    expect(await exited).toBe(0);
    const answers = answersById(slack!);
    expect(ids.filter((id) => !answers.has(id))).toEqual([]);
    // Time enough: each got its summary (Kristin Hale is the documented example's callee).
    expect(ids.filter((id) => !answers.get(id)!.some((a) => a.includes('Kristin Hale')))).toEqual([]);
  }, 60_000);

  it('past the deadline, tells each person the bot is restarting', async () => {
    const { events, sigterm, exited } = await serve(6000);
    // The PBX now answers far later than the shutdown allows.
    pbx!.setLatency(30_000);
    const ids = await burst(events, slack!);
    sigterm('SIGTERM');
    expect(await exited).toBe(0);
    const answers = answersById(slack!);
    expect(ids.filter((id) => !answers.has(id))).toEqual([]);
    for (const id of ids) expect(answers.get(id)!.join()).toContain('The bot is restarting');
  }, 60_000);
});
