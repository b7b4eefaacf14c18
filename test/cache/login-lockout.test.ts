import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, expect, it } from 'vitest';
import { keyPrefix } from '../../src/cache/typed.js';
import { type RunningApp, startApp } from '../../src/compose/bot.js';
import { loadConfig } from '../../src/compose/config.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/demo/local-slack/index.js';
import {
  type PbxSimulator,
  SAMPLE_LEGS,
  SIM_CLIENT_SECRET,
  startPbxSimulator,
} from '../../src/demo/pbx-simulator/index.js';
import { botEnv } from '../helpers/env.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { deleteRedisKeys, describeRedis, REDIS_URL } from '../helpers/redis.js';
import { commandForm } from '../helpers/slack-payloads.js';
import { postSigned } from '../helpers/slack-signing.js';

const SIGNING_SECRET = 'lockout-signing-secret';
const WRONG_SECRET = 'a-wrong-client-secret-1234';
const CREDENTIALS_MESSAGE =
  'The PBX rejected the API credentials (check YEASTAR_CLIENT_ID / YEASTAR_CLIENT_SECRET)';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function replicas(
  sim: PbxSimulator,
  slack: FakeSlackApi,
  secret: string,
  logs: string[][],
): Promise<RunningApp[]> {
  return Promise.all(
    Array.from({ length: 3 }, async () => {
      const logger = createMemoryLogger('warn');
      logs.push(logger.lines);
      const config = loadConfig(
        botEnv(sim, slack, {
          YEASTAR_CLIENT_SECRET: secret,
          YEASTAR_MAX_RETRIES: '0',
          YEASTAR_LOGIN_COOLDOWN_SECONDS: '1',
          CACHE_URL: REDIS_URL,
          SLACK_BOT_TOKEN: 'xoxb-lockout',
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
        }),
        'bot',
      );
      const app = await startApp(config, { logger, botId: 'BBOT', botUserId: 'UBOT' });
      cleanups.push(() => app.stop());
      return app;
    }),
  );
}

let asked = 0;
/** `count` concurrent `/callsummary` commands spread over `apps`; resolves with each one's answer text. */
async function askConcurrently(apps: RunningApp[], slack: FakeSlackApi, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => `lockout-${++asked}`);
  const before = slack.callsTo('response_url').length;
  const acks = await Promise.all(
    ids.map((id, i) =>
      postSigned(
        `http://127.0.0.1:${apps[i % apps.length]!.port}/slack/events`,
        SIGNING_SECRET,
        commandForm(`${SAMPLE_LEGS.docExample} callee`, slack.responseUrl(id), {
          user_id: `U${i}`,
          trigger_id: `trig-${id}`,
        }),
      ),
    ),
  );
  for (const ack of acks) expect(ack.status).toBe(200);
  const calls = await slack.waitFor('response_url', before + count, 20_000);
  return ids.map((id) => {
    const answer = calls.find((c) => c.path === `/response/${id}`);
    expect(answer, `an answer for ${id}`).toBeDefined();
    return String(answer!.body.text ?? '') + JSON.stringify(answer!.body.blocks ?? []);
  });
}

describeRedis('login lockout shared by replicas through Redis', () => {
  it('3 replicas with a wrong secret make at most 2 failed logins together; new credentials are tried at once', async () => {
    const sim = await startPbxSimulator({ clientSecret: SIM_CLIENT_SECRET });
    const slack = await startFakeSlackApi();
    cleanups.push(() => sim.close());
    cleanups.push(() => slack.close());
    cleanups.push(() => deleteRedisKeys(keyPrefix(sim.url)));
    const logs: string[][] = [];

    const wrong = await replicas(sim, slack, WRONG_SECRET, logs);
    for (const text of await askConcurrently(wrong, slack, 30)) {
      expect(text).toContain(CREDENTIALS_MESSAGE);
      expect(text).not.toContain(WRONG_SECRET);
    }
    // One rejected login, shared: the other replicas refuse at once instead of trying their own.
    expect(sim.stats.count('get_token')).toBe(1);

    await sleep(1100); // YEASTAR_LOGIN_COOLDOWN_SECONDS=1
    for (const text of await askConcurrently(wrong, slack, 30)) expect(text).toContain(CREDENTIALS_MESSAGE);
    // The second rejected login is the last one, for all replicas together.
    expect(sim.stats.count('get_token')).toBe(2);
    await sleep(1100);
    for (const text of await askConcurrently(wrong, slack, 9)) expect(text).toContain(CREDENTIALS_MESSAGE);
    expect(sim.stats.count('get_token')).toBe(2);
    expect(logs.flat().join('\n')).not.toContain(WRONG_SECRET);

    // New credentials have no record: tried at once (and the simulator never blocked the IP).
    const fixed = await replicas(sim, slack, SIM_CLIENT_SECRET, logs);
    for (const text of await askConcurrently(fixed, slack, 6)) {
      expect(text).not.toContain(CREDENTIALS_MESSAGE);
      expect(text).toContain('Leo Ball');
    }
    expect(sim.stats.count('get_token')).toBe(3);
  });
});
