import { expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/compose/bot.js';
import { loadConfig } from '../../src/compose/config.js';
import { eventsExtension } from '../../src/compose/events.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/demo/local-slack/index.js';
import { type PbxSimulator, startPbxSimulator } from '../../src/demo/pbx-simulator/index.js';
import { parseRouting } from '../../src/events/routing.js';
import { botEnv } from '../helpers/env.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { describeRedis, REDIS_URL } from '../helpers/redis.js';

/**
 * SIGTERM with automatic posts still queued: what the deadline allows is posted, the rest is given
 * back (each (leg, side) logged, its claim released), so the PBX's re-sent events post them on
 * another replica exactly once. Two replicas share Redis, as a scaled-out install does.
 */

const SECRET = 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z';
const QUEUED = 20;

function event(i: number) {
  const legId = `20260513223234-${(0xa0000 + i).toString(16).toUpperCase()}`;
  return {
    legId,
    body: {
      type: 30040,
      sn: 'SN1',
      msg: {
        call_id: legId,
        call_from: '3201',
        call_to: '3202',
        ext_num: '3202',
        summary: `<p>Call ${i}</p><ul><li>Customer asked about invoice ${i}.</li></ul>`,
      },
    },
  };
}

/** The leg of every automatic post (its call_summary_posted metadata), sorted. */
function postedLegs(slack: FakeSlackApi): string[] {
  return slack
    .callsTo('chat.postMessage')
    .map((c) => (c.body.metadata as { event_payload: { leg_id: string } }).event_payload.leg_id)
    .sort();
}

async function replica(pbx: PbxSimulator, slack: FakeSlackApi, handoverPollMs?: number) {
  const logger = createMemoryLogger('info');
  const config = loadConfig(
    botEnv(pbx, slack, {
      YEASTAR_WEBHOOK_SECRET: SECRET,
      CACHE_URL: REDIS_URL,
      SHUTDOWN_TIMEOUT_MS: '2000',
    }),
    'bot',
  );
  const app: RunningApp = await startApp(config, {
    logger,
    botId: 'BBOT',
    botUserId: 'UBOT',
    // Slack's real pace (about one post a second per channel) would make the test long; a third of it.
    extensions: [
      eventsExtension({
        paceMs: 300,
        routing: parseRouting('default: C0BUSY\n'),
        ...(handoverPollMs !== undefined ? { handoverPollMs } : {}),
      }),
    ],
  });
  return { app, logger, webhook: `http://127.0.0.1:${app.port}/yeastar/webhook` };
}

describeRedis('shutdown with automatic posts queued', () => {
  it(`loses none of ${QUEUED} queued posts: given back, then posted once by another replica`, async () => {
    const pbx = await startPbxSimulator();
    const slack = await startFakeSlackApi();
    const a = await replica(pbx, slack);
    const b = await replica(pbx, slack);
    let bStopped = false;
    try {
      const events = Array.from({ length: QUEUED }, (_, i) => event(i));
      for (const e of events) expect(await pbx.pushWebhook(a.webhook, SECRET, e.body as never)).toBe(204);
      // Stopped once its queue is under way (on a loaded host the first post can take seconds to
      // render): some posts made, the rest given back at the deadline.
      await slack.waitFor('chat.postMessage', 1, 15_000);
      await a.app.stop();
      const postedByA = slack.callsTo('chat.postMessage').length;
      expect(postedByA).toBeGreaterThan(0);
      expect(postedByA).toBeLessThan(QUEUED);
      // Each post it could not make is named in its log, by leg and side.
      const givenBack = a.logger.lines.filter((line) => line.includes('not posted to C0BUSY; given back'));
      expect(givenBack).toHaveLength(QUEUED - postedByA);

      // The PBX sends every event again (to the replica still running): only the missing ones post.
      for (const e of events) expect(await pbx.pushWebhook(b.webhook, SECRET, e.body as never)).toBe(204);
      await slack.waitFor('chat.postMessage', QUEUED, 30_000);
      await b.app.stop();
      bStopped = true;
      expect(postedLegs(slack)).toEqual(events.map((e) => e.legId).sort());
    } finally {
      if (!bStopped) await b.app.stop();
      await slack.close();
      await pbx.close();
    }
  }, 60_000);

  it(`hands the posts it could not make to the replica still running, which posts each once with no re-sent event`, async () => {
    const pbx = await startPbxSimulator();
    const slack = await startFakeSlackApi();
    const a = await replica(pbx, slack);
    const b = await replica(pbx, slack, 100);
    let bStopped = false;
    try {
      const events = Array.from({ length: QUEUED }, (_, i) => event(100 + i));
      for (const e of events) expect(await pbx.pushWebhook(a.webhook, SECRET, e.body as never)).toBe(204);
      await a.app.stop();
      // B may already be posting what A handed over, so A's share is read from A's log.
      const handedOver = a.logger.lines.filter((line) => line.includes('handed over to the other replicas'));
      expect(handedOver.length).toBeGreaterThan(0);
      expect(handedOver.length).toBeLessThan(QUEUED);

      await slack.waitFor('chat.postMessage', QUEUED, 30_000);
      expect(b.logger.lines.some((line) => line.includes('handed over by another replica'))).toBe(true);
      await b.app.stop();
      bStopped = true;
      expect(postedLegs(slack)).toEqual(events.map((e) => e.legId).sort());
    } finally {
      if (!bStopped) await b.app.stop();
      await slack.close();
      await pbx.close();
    }
  }, 60_000);

  it('a replica that restarts alone posts at start what it handed over when it stopped', async () => {
    const pbx = await startPbxSimulator();
    const slack = await startFakeSlackApi();
    const first = await replica(pbx, slack);
    let next: Awaited<ReturnType<typeof replica>> | undefined;
    try {
      const events = Array.from({ length: QUEUED }, (_, i) => event(200 + i));
      for (const e of events) expect(await pbx.pushWebhook(first.webhook, SECRET, e.body as never)).toBe(204);
      await first.app.stop();
      expect(slack.callsTo('chat.postMessage').length).toBeLessThan(QUEUED);
      next = await replica(pbx, slack);
      await slack.waitFor('chat.postMessage', QUEUED, 30_000);
      await next.app.stop();
      expect(postedLegs(slack)).toEqual(events.map((e) => e.legId).sort());
      next = undefined;
    } finally {
      await next?.app.stop();
      await slack.close();
      await pbx.close();
    }
  }, 60_000);
});
