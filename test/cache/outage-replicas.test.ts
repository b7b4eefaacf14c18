import { createClient } from '@keyv/redis';
import { afterEach, expect, it, vi } from 'vitest';
import { keyPrefix } from '../../src/cache/typed.js';
import { type RunningApp, startApp } from '../../src/compose/bot.js';
import { loadConfig } from '../../src/compose/config.js';
import { eventsExtension } from '../../src/compose/events.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/demo/local-slack/index.js';
import {
  type PbxSimulator,
  SAMPLE_LEGS,
  SIM_CLIENT_ID,
  SIM_CLIENT_SECRET,
  sampleData,
  startPbxSimulator,
  summaryReadyEvent,
} from '../../src/demo/pbx-simulator/index.js';
import { parseRouting } from '../../src/events/routing.js';
import { botEnv } from '../helpers/env.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { deleteRedisKeys, describeRedis, REDIS_URL } from '../helpers/redis.js';
import { commandForm } from '../helpers/slack-payloads.js';
import { postSigned } from '../helpers/slack-signing.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

/**
 * Replicas of the running bot sharing Redis through a TCP proxy that the test cuts, against the PBX
 * simulator (which holds at most 8 tokens per app, as the Cloud docs state) and the local Slack.
 */

const SIGNING_SECRET = 'outage-signing-secret';
const WEBHOOK_SECRET = 'outage-webhook-secret-1234';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function world(): Promise<{ sim: PbxSimulator; slack: FakeSlackApi; proxy: TcpProxy }> {
  const sim = await startPbxSimulator(sampleData());
  cleanups.push(() => sim.close());
  cleanups.push(() => deleteRedisKeys(keyPrefix(sim.url)));
  const slack = await startFakeSlackApi();
  cleanups.push(() => slack.close());
  const proxy = await startTcpProxy();
  cleanups.push(() => proxy.close());
  return { sim, slack, proxy };
}

async function replica(
  sim: PbxSimulator,
  slack: FakeSlackApi,
  proxy: TcpProxy,
  env: Record<string, string> = {},
): Promise<RunningApp> {
  const config = loadConfig(
    botEnv(sim, slack, {
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      YEASTAR_WEBHOOK_SECRET: WEBHOOK_SECRET,
      YEASTAR_MAX_RETRIES: '0',
      CACHE_URL: proxy.url,
      ...env,
    }),
    'bot',
  );
  const app = await startApp(config, {
    logger: createMemoryLogger('error'),
    botId: 'BBOT',
    botUserId: 'UBOT',
    extensions: [
      eventsExtension({ paceMs: 0, routing: parseRouting('default: C0SUPPORT\n'), backoffBaseMs: 5 }),
    ],
  });
  cleanups.push(() => app.stop());
  return app;
}

/** Each replica holds the token (taken at start: one login, shared through Redis). */
async function tokensHeld(replicas: readonly RunningApp[]): Promise<void> {
  await vi.waitFor(
    () => {
      for (const app of replicas) expect(app.core.pbx.tokens.state().valid).toBe(true);
    },
    { timeout: 10_000, interval: 25 },
  );
}

it('the simulator refuses a ninth token for one app (60002), as the PBX does', async () => {
  const sim = await startPbxSimulator();
  cleanups.push(() => sim.close());
  const login = async () => {
    const response = await fetch(`${sim.url}/openapi/v1.0/get_token`, {
      method: 'POST',
      headers: { 'User-Agent': 'OpenAPI', 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: SIM_CLIENT_ID, password: SIM_CLIENT_SECRET }),
    });
    return ((await response.json()) as { errcode: number }).errcode;
  };
  const answers: number[] = [];
  for (let i = 0; i < 9; i++) answers.push(await login());
  expect(answers).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 60002]);
  expect(sim.validTokenCount).toBe(8);
});

describeRedis('three replicas while Redis is cut', () => {
  it('answer 15 commands with the summary, with at most one get_token per replica', async () => {
    const { sim, slack, proxy } = await world();
    const replicas = [
      await replica(sim, slack, proxy),
      await replica(sim, slack, proxy),
      await replica(sim, slack, proxy),
    ];
    await tokensHeld(replicas);

    proxy.cut();
    // Readiness probes read state: the cache is failing, the token is fine, and nobody logs in.
    for (const app of replicas) {
      for (let i = 0; i < 6; i++) {
        const ready = await fetch(`http://127.0.0.1:${app.port}/readyz`);
        expect(await ready.json()).toMatchObject({ checks: { cache: 'failing', pbx_token: 'ok' } });
      }
    }
    expect(sim.stats.count('get_token')).toBeLessThanOrEqual(replicas.length);
    const asks = Array.from({ length: 15 }, async (_, i) => {
      const app = replicas[i % 3]!;
      const id = `outage-${i}`;
      const ack = await postSigned(
        `http://127.0.0.1:${app.port}/slack/events`,
        SIGNING_SECRET,
        commandForm(`${SAMPLE_LEGS.docExample} callee`, slack.responseUrl(id), { user_id: `U${i}` }),
      );
      expect(ack.status).toBe(200);
      return id;
    });
    const ids = await Promise.all(asks);
    await slack.waitFor('response_url', 15);
    for (const id of ids) {
      const answer = slack.callsTo('response_url').find((call) => call.path === `/response/${id}`);
      // The doc example's summary, not an error ("The PBX holds too many API tokens").
      expect(JSON.stringify(answer?.body)).toContain('Kristin Hale');
    }
    expect(sim.stats.count('get_token')).toBeLessThanOrEqual(replicas.length);
    expect(sim.validTokenCount).toBeLessThanOrEqual(replicas.length);
  });

  it('post one of 20 concurrent duplicate events, and nothing more for a re-delivery once Redis is back', async () => {
    const { sim, slack, proxy } = await world();
    const [a, b] = [await replica(sim, slack, proxy), await replica(sim, slack, proxy)];
    const leg = sampleData().legs.find((l) => l.legId === SAMPLE_LEGS.internalBoth)!;
    const event = summaryReadyEvent(leg, 'callee');
    const webhook = (app: RunningApp) => `http://127.0.0.1:${app.port}/yeastar/webhook`;

    proxy.cut();
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () => sim.pushWebhook(webhook(a!), WEBHOOK_SECRET, event)),
    );
    expect(statuses.every((status) => status === 204)).toBe(true);
    await slack.waitFor('chat.postMessage', 1);

    proxy.restore();
    // The claim granted during the outage reaches Redis once it answers again.
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    cleanups.push(async () => redis.destroy());
    const claimKey = `${keyPrefix(sim.url)}:claim:posted:${leg.legId}:callee`;
    await vi.waitFor(async () => expect(await redis.exists(claimKey)).toBe(1), {
      timeout: 15_000,
      interval: 100,
    });
    // Both replicas see Redis again (each reconnects on its own schedule).
    for (const app of [a!, b!]) {
      await vi.waitFor(
        async () => {
          const ready = await fetch(`http://127.0.0.1:${app.port}/readyz`);
          expect(await ready.json()).toMatchObject({ checks: { cache: 'ok' } });
        },
        { timeout: 15_000, interval: 100 },
      );
    }
    // Re-delivered to the replica that posted, and to another one.
    expect(await sim.pushWebhook(webhook(a!), WEBHOOK_SECRET, event)).toBe(204);
    expect(await sim.pushWebhook(webhook(b!), WEBHOOK_SECRET, event)).toBe(204);
    await a!.stop();
    await b!.stop();
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('stop after one failed login each with a wrong secret, since none can see the shared count', async () => {
    const { sim, slack, proxy } = await world();
    proxy.cut();
    const env = {
      YEASTAR_CLIENT_SECRET: 'a-wrong-secret-during-the-outage',
      YEASTAR_LOGIN_COOLDOWN_SECONDS: '1',
    };
    const replicas = [
      await replica(sim, slack, proxy, env),
      await replica(sim, slack, proxy, env),
      await replica(sim, slack, proxy, env),
    ];
    await vi.waitFor(
      () => {
        for (const app of replicas)
          expect(app.core.pbx.tokens.state().refusal).toBe('pbx_credentials_rejected');
      },
      { timeout: 10_000, interval: 25 },
    );
    await new Promise((resolve) => setTimeout(resolve, 1100)); // past the cool-down
    for (const [i, app] of replicas.entries()) {
      const id = `wrong-${i}`;
      await postSigned(
        `http://127.0.0.1:${app.port}/slack/events`,
        SIGNING_SECRET,
        commandForm(`${SAMPLE_LEGS.docExample} callee`, slack.responseUrl(id)),
      );
    }
    await slack.waitFor('response_url', 3);
    // One each, not two each: six would be past the PBX's limit of five (IP blocked).
    expect(sim.stats.count('get_token')).toBe(3);
  });
});
