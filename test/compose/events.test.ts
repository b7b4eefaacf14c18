import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Cache } from '../../src/cache/index.js';
import { type RunningApp, startApp } from '../../src/compose/bot.js';
import { loadConfig } from '../../src/compose/config.js';
import { eventsExtension } from '../../src/compose/events.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/demo/local-slack/index.js';
import {
  type PbxSimulator,
  SAMPLE_LEGS,
  sampleData,
  startPbxSimulator,
  summaryReadyEvent,
} from '../../src/demo/pbx-simulator/index.js';
import { parseRouting } from '../../src/events/routing.js';
import { validateMessage } from '../../src/render/index.js';
import { botEnv, simulatorEnv } from '../helpers/env.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';

const SECRET = 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z';
let sim: PbxSimulator | undefined;
let slack: FakeSlackApi | undefined;
let app: RunningApp | undefined;

afterEach(async () => {
  await app?.stop();
  await slack?.close();
  await sim?.close();
  app = slack = sim = undefined;
});

async function start(env: Record<string, string> = {}) {
  sim = await startPbxSimulator(sampleData());
  slack = await startFakeSlackApi({
    validate: (kind, body) =>
      kind === 'message' ? validateMessage(body as { text?: string; blocks?: unknown[] }) : [],
  });
  const config = loadConfig(botEnv(sim, slack, { YEASTAR_WEBHOOK_SECRET: SECRET, ...env }), 'bot');
  app = await startApp(config, {
    logger: createMemoryLogger('debug'),
    botId: 'BBOT',
    botUserId: 'UBOT',
    extensions: [
      eventsExtension({ paceMs: 0, routing: parseRouting('default: C0SUPPORT\n'), backoffBaseMs: 5 }),
    ],
  });
  return { sim, slack, app, webhook: `http://127.0.0.1:${app.port}/yeastar/webhook` };
}

function simLegFor(legId: string) {
  const leg = sampleData().legs?.find((l) => l.legId === legId);
  if (!leg) throw new Error(`sample data has no leg ${legId}`);
  return leg;
}

describe('automatic posting in the running app', () => {
  it('posts what the simulator pushes by signed webhook, once, with valid blocks; rejects bad signatures', async () => {
    const { sim, slack, webhook } = await start();
    const leg = simLegFor(SAMPLE_LEGS.internalBoth);
    const event = summaryReadyEvent(leg, 'callee');
    expect(await sim.pushWebhook(webhook, SECRET, event, { badSignature: true })).toBe(401);
    expect(await sim.pushWebhook(webhook, SECRET, event, { unsigned: true })).toBe(401);
    expect(await sim.pushWebhook(webhook, SECRET, event)).toBe(204);
    expect(await sim.pushWebhook(webhook, SECRET, event, { msgAsString: true })).toBe(204);
    expect(
      await sim.pushWebhook(webhook, SECRET, summaryReadyEvent(leg, 'caller'), { msgAsString: true }),
    ).toBe(204);
    const posts = await slack.waitFor('chat.postMessage', 2);
    expect(posts.map((p) => [p.body.channel, p.body.metadata])).toEqual([
      [
        'C0SUPPORT',
        { event_type: 'call_summary_posted', event_payload: { leg_id: leg.legId, side: 'callee' } },
      ],
      [
        'C0SUPPORT',
        { event_type: 'call_summary_posted', event_payload: { leg_id: leg.legId, side: 'caller' } },
      ],
    ]);
    expect(slack.violations).toEqual([]);
    await app?.stop();
    app = undefined;
    expect(slack.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('posts what the simulator emits over the WebSocket feed', async () => {
    const { sim, slack } = await start({ YEASTAR_WEBSOCKET: 'true' });
    const leg = simLegFor(SAMPLE_LEGS.internalBoth);
    // Connected is not yet subscribed: an event emitted in between would be lost, as on a real PBX.
    await vi.waitFor(() => expect(sim.subscribers(30040)).toBe(1), { timeout: 5000 });
    sim.emitEvent(summaryReadyEvent(leg, 'caller'));
    const posts = await slack.waitFor('chat.postMessage', 1);
    expect(posts[0]?.body.metadata).toEqual({
      event_type: 'call_summary_posted',
      event_payload: { leg_id: leg.legId, side: 'caller' },
    });
    expect(slack.violations).toEqual([]);
  });
});

describe('a start that fails while building an add-on', () => {
  it('closes the cache it opened (a Redis connection would keep the process alive)', async () => {
    const config = loadConfig(
      simulatorEnv(
        { url: 'https://pbx.invalid' },
        { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'signing-secret', PORT: '0' },
      ),
      'bot',
    );
    let cache: Cache | undefined;
    await expect(
      startApp(config, {
        logger: createMemoryLogger('debug'),
        botId: 'BBOT',
        botUserId: 'UBOT',
        extensions: [
          (core) => {
            cache = core.cache;
            // As loadRoutingFile does for a ROUTING_FILE with mistakes.
            throw new Error('ROUTING_FILE is invalid');
          },
        ],
      }),
    ).rejects.toThrow('ROUTING_FILE is invalid');
    expect(cache).toBeDefined();
    // A closed cache answers nothing; an open one would keep what is written to it.
    await cache?.summaryCaches.legs.set('20260513223234-3EE9E', { caller: '1', callee: '2' });
    expect(await cache?.summaryCaches.legs.get('20260513223234-3EE9E')).toBeUndefined();
  });
});
