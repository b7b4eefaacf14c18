import { afterEach, describe, expect, it, vi } from 'vitest';
import { keyPrefix } from '../../../src/cache/typed.js';
import type { RunningApp } from '../../../src/compose/bot.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../../src/demo/local-slack/index.js';
import { type PbxSimulator, startPbxSimulator } from '../../../src/demo/pbx-simulator/index.js';
import { validateMessage } from '../../../src/render/index.js';
import { ACTION_IDS } from '../../../src/slack/views/values.js';
import { deleteRedisKeys, describeRedis, REDIS_URL } from '../../helpers/redis.js';
import {
  ask,
  click,
  directMessages,
  eventually,
  startBot,
  unsummarisedCall,
  WEBHOOK_SECRET,
} from './harness.js';

/**
 * The back-off check, with PBX events off (and as the safety net when they are on): fake timers drive
 * the checks' interval and the clock; everything else is real HTTP (simulator, local Slack) and, for
 * replicas and restarts, a real Redis.
 */

let sim: PbxSimulator | undefined;
let slack: FakeSlackApi | undefined;
const apps: RunningApp[] = [];

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(apps.splice(0).map((app) => app.stop()));
  await slack?.close();
  if (sim) await deleteRedisKeys(keyPrefix(sim.url));
  await sim?.close();
  slack = sim = undefined;
});

const MINUTE = 60_000;

async function setUp() {
  // Only the checks' interval and the clock are fake: HTTP, Redis and the PBX's own timers stay real.
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
  sim = await startPbxSimulator();
  slack = await startFakeSlackApi({
    validate: (kind, body) =>
      kind === 'message'
        ? validateMessage(body as { text?: string; blocks?: unknown[] }, 'message', { allowMentions: true })
        : [],
  });
  return { sim, slack };
}

async function bot(env: Record<string, string> = {}, events = false) {
  const started = await startBot(sim!, slack!, env, { events });
  apps.push(started.app);
  return started;
}

/** The checks' tick (src/use-case/late/service.ts default). */
const TICK_MS = 10_000;

/**
 * Moves the clock on by `ms`, one tick at a time, letting each tick's pass finish (its Redis and HTTP
 * round trips are real) before the next: a tick that finds a pass still running is skipped.
 */
async function advance(ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= TICK_MS) {
    await vi.advanceTimersByTimeAsync(Math.min(TICK_MS, left));
    await Promise.all(apps.map((app) => app.core.late.idle()));
  }
}

const summaryFetches = () => sim!.stats.count('cdr/getaisummary');

describe('the back-off check (events off)', () => {
  it('finds the summary the PBX wrote later: checks after 1, 2, 4 minutes (one PBX request each), then one DM', async () => {
    const { sim, slack } = await setUp();
    const { events } = await bot();
    const { leg, summary } = unsummarisedCall();
    sim.addLeg(leg);
    // With the extension given, the bot asks getaisummary directly: one request per check.
    const answer = await ask(slack, events, `${leg.legId} callee 3202`);
    expect(answer.text).toContain('No AI summary yet');
    await click(slack, events, answer, ACTION_IDS.notify);
    await eventually(() => expect(slack.callsTo('response_url')).toHaveLength(2));
    const asked = summaryFetches();

    // The checks run on a 10-second tick, so each may start up to 10 s after it is due, and the next
    // is counted from when it ran: the assertions sit between those windows.
    await advance(55_000);
    expect(summaryFetches()).toBe(asked); // nothing before the first minute
    await advance(20_000); // 1:15 — the first check ran (due at 1:00)
    expect(summaryFetches()).toBe(asked + 1);
    await advance(100_000); // 2:55 — the second is due 2 minutes after the first
    expect(summaryFetches()).toBe(asked + 1);
    await advance(30_000); // 3:25
    expect(summaryFetches()).toBe(asked + 2);
    // The AI writes it now; no event comes (events are off). The next check, 4 minutes on, finds it.
    await sim.writeSummaryLater(leg.legId, 'callee', summary, 0, 'none');
    await advance(210_000); // 6:55
    expect(summaryFetches()).toBe(asked + 2);
    expect(directMessages(slack, 'U1')).toHaveLength(0);
    await advance(40_000); // 7:35
    expect(summaryFetches()).toBe(asked + 3);
    await eventually(() => expect(directMessages(slack, 'U1')).toHaveLength(1));
    expect(JSON.stringify(directMessages(slack, 'U1')[0]!.blocks)).toContain('double charge');
    // Within 30 minutes of the click, the private answer is replaced too.
    expect(JSON.stringify(answer.blocks)).toContain('double charge');
    // Done: no more checks, however long the clock runs.
    await advance(60 * MINUTE);
    expect(summaryFetches()).toBe(asked + 3);
    expect(directMessages(slack, 'U1')).toHaveLength(1);
    expect(slack.violations).toEqual([]);
  });

  it('a leg whose side turns out to be an outside number ends the watch with one message saying why', async () => {
    const { sim, slack } = await setUp();
    const { events } = await bot();
    const { leg } = unsummarisedCall(1);
    sim.addLeg(leg);
    // Not transcribed yet: the leg's parties are unknown, so the watch is for either side.
    const answer = await ask(slack, events, `${leg.legId} caller`);
    expect(answer.text).toContain('not in the PBX');
    await click(slack, events, answer, ACTION_IDS.notify);
    await eventually(() => expect(slack.callsTo('response_url')).toHaveLength(2));
    // The summary is written (so the export now has the leg): its caller is an outside number.
    sim.setSummary(leg.legId, 'callee', unsummarisedCall(1).summary);
    await advance(70_000);
    await eventually(() => expect(directMessages(slack, 'U1')).toHaveLength(1));
    expect(directMessages(slack, 'U1')[0]!.text).toContain('outside number');
    await advance(30 * MINUTE);
    expect(directMessages(slack, 'U1')).toHaveLength(1);
  });

  it('PBX errors that persist end the watch with one message saying why', async () => {
    const { sim, slack } = await setUp();
    const { events } = await bot();
    const { leg } = unsummarisedCall(2);
    sim.addLeg(leg);
    const answer = await ask(slack, events, `${leg.legId} callee 3202`);
    await click(slack, events, answer, ACTION_IDS.notify);
    await eventually(() => expect(slack.callsTo('response_url')).toHaveLength(2));
    sim.injectFault('cdr/getaisummary', 'http500', 100);
    // Checks at 1, 3, 7, 15 and 31 minutes all fail: the fifth ends it.
    for (let i = 0; i < 4; i++) await advance(16 * MINUTE);
    await eventually(() => expect(directMessages(slack, 'U1')).toHaveLength(1));
    expect(directMessages(slack, 'U1')[0]!.text).toContain('I stopped watching');
    await advance(120 * MINUTE);
    expect(directMessages(slack, 'U1')).toHaveLength(1);
  });
});

describeRedis('late summaries across replicas and restarts (Redis)', () => {
  it('3 replicas, 10 people watching one leg, duplicate events: one PBX check per interval, each notified once', async () => {
    const { sim, slack } = await setUp();
    const replicas = [
      await bot({ CACHE_URL: REDIS_URL }, true),
      await bot({ CACHE_URL: REDIS_URL }, true),
      await bot({ CACHE_URL: REDIS_URL }, true),
    ];
    const { leg, summary } = unsummarisedCall(3);
    sim.addLeg(leg);
    const people = Array.from({ length: 10 }, (_, i) => `U${i + 10}`);
    for (const [i, person] of people.entries()) {
      const { events } = replicas[i % 3]!;
      const answer = await ask(slack, events, `${leg.legId} callee 3202`, person);
      await click(slack, events, answer, ACTION_IDS.notify, person);
    }
    await eventually(() => expect(slack.callsTo('response_url')).toHaveLength(20));
    const asked = summaryFetches();
    // Every replica ticks; one of them checks, once per interval (see the first test for the windows).
    await advance(75_000);
    expect(summaryFetches()).toBe(asked + 1);
    await advance(100_000);
    expect(summaryFetches()).toBe(asked + 1);
    await advance(30_000);
    expect(summaryFetches()).toBe(asked + 2);

    // The summary is written; the PBX's 30040 reaches every replica, twice.
    await sim.writeSummaryLater(leg.legId, 'callee', summary, 0, 'none');
    const deliveries = replicas.flatMap((r) => [r.webhook, r.webhook]);
    await Promise.all(
      deliveries.map((webhook) =>
        sim.rewriteSummary(leg.legId, 'callee', summary.html, { webhook, secret: WEBHOOK_SECRET }),
      ),
    );
    await eventually(() => expect(people.every((p) => directMessages(slack, p).length === 1)).toBe(true));
    await advance(60 * MINUTE);
    for (const person of people) expect(directMessages(slack, person)).toHaveLength(1);
    // One automatic post in the routed channel, whatever the duplicates.
    expect(slack.callsTo('chat.postMessage').filter((c) => c.body.channel === 'C0SUPPORT')).toHaveLength(1);
    expect(slack.violations).toEqual([]);
  });

  it('a restart in the middle of a watch: the next process checks on and notifies once', async () => {
    const { sim, slack } = await setUp();
    const first = await bot({ CACHE_URL: REDIS_URL });
    const { leg, summary } = unsummarisedCall(4);
    sim.addLeg(leg);
    const answer = await ask(slack, first.events, `${leg.legId} callee 3202`);
    await click(slack, first.events, answer, ACTION_IDS.notify);
    await eventually(() => expect(slack.callsTo('response_url')).toHaveLength(2));
    await advance(75_000);
    const asked = summaryFetches();
    await apps.shift()!.stop();

    // A new process (a restart, a deploy) with the same Redis takes the schedule over.
    await bot({ CACHE_URL: REDIS_URL });
    await sim.writeSummaryLater(leg.legId, 'callee', summary, 0, 'none');
    await advance(2 * MINUTE + 30_000);
    expect(summaryFetches()).toBe(asked + 1);
    await eventually(() => expect(directMessages(slack, 'U1')).toHaveLength(1));
    await advance(60 * MINUTE);
    expect(directMessages(slack, 'U1')).toHaveLength(1);
  });
});
