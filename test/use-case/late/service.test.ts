import { describe, expect, it, vi } from 'vitest';
import { createLateStores } from '../../../src/cache/late-stores.js';
import { createMemoryBackend } from '../../../src/cache/memory.js';
import { withResilience } from '../../../src/cache/resilient.js';
import { checkDelayMs } from '../../../src/use-case/late/backoff.js';
import { createLateSummaries, type LateSummaries } from '../../../src/use-case/late/service.js';
import type { Watch } from '../../../src/use-case/ports.js';
import { callSummary, found } from '../../helpers/call-summary.js';
import { createMemoryClaims } from '../../helpers/memory-claims.js';
import { createMemoryLogger } from '../../helpers/memory-logger.js';

/**
 * The late-summary use case alone, over the real cache stores in memory, with Slack and the PBX
 * replaced by functions: for orderings the integration tests cannot arrange (src/use-case/late/service.ts).
 */
const LEG = '20261129021814-0ABCD';

function setup(onNotify: (watch: Watch, late: LateSummaries) => Promise<void>) {
  let clock = Date.UTC(2026, 10, 29, 3, 0, 0);
  const now = () => clock;
  const logger = createMemoryLogger();
  const backend = withResilience(createMemoryBackend({ now }), {
    logger,
    opTimeoutMs: 1000,
    probeIntervalMs: 1000,
  });
  const notified: string[] = [];
  let lookups = 0;
  const summary = callSummary({ legId: LEG, side: 'callee' });
  const late: LateSummaries = createLateSummaries({
    stores: createLateStores(backend, { prefix: 'test', now }),
    claims: createMemoryClaims(now),
    summaries: {
      lookup: async () => {
        lookups += 1;
        return { legId: LEG, results: [found(summary)] };
      },
    },
    slack: {
      notify: async (watch) => {
        notified.push(watch.userId);
        await onNotify(watch, late);
        return { channel: `D${watch.userId.slice(1)}`, ts: `${notified.length}.000100` };
      },
      ended: async () => undefined,
      update: async () => 'updated',
      sendMine: async () => ({ channel: 'D1', ts: '' }),
    },
    limits: { perPerson: 20, total: 2000 },
    postedTtlMs: 7 * 24 * 3600 * 1000,
    logger,
    now,
  });
  return {
    late,
    notified,
    lookups: () => lookups,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

const watchRequest = (userId: string) => ({
  legId: LEG,
  side: 'callee' as const,
  userId,
  channelId: 'C1',
  responseUrl: undefined,
});

describe('late summaries: the back-off check', () => {
  it('a watch added while a check delivers is still checked for, and sent the summary', async () => {
    // U2 asks to be notified while the check that found the summary is sending it to U1: after the
    // check read the watchers, before it ended the checks of (leg, side).
    let joined = false;
    const t = setup(async (watch, late) => {
      if (watch.userId === 'U1' && !joined) {
        joined = true;
        await late.watch(watchRequest('U2'));
      }
    });
    expect(await t.late.watch(watchRequest('U1'))).toBe('added');
    t.advance(checkDelayMs(0));
    expect(await t.late.checkDue()).toBe(1);
    expect(t.notified).toEqual(['U1']);
    t.advance(checkDelayMs(1));
    expect(await t.late.checkDue()).toBe(1);
    expect(t.notified).toEqual(['U1', 'U2']);
    // Nobody is left watching: the checks end, and the PBX is asked no more.
    t.advance(checkDelayMs(2));
    expect(await t.late.checkDue()).toBe(0);
    expect(t.lookups()).toBe(2);
  });

  it('a watcher the summary could not be sent to (Slack failing) is tried again at the next check', async () => {
    let failures = 1;
    const t = setup(async () => {
      if (failures-- > 0) throw new Error('slack is down');
    });
    await t.late.watch(watchRequest('U1'));
    t.advance(checkDelayMs(0));
    await t.late.checkDue();
    t.advance(checkDelayMs(1));
    await t.late.checkDue();
    expect(t.notified).toEqual(['U1', 'U1']);
    t.advance(checkDelayMs(2));
    expect(await t.late.checkDue()).toBe(0);
  });
});

describe('late summaries: posted copies Slack rate-limits', () => {
  it('asks again after Retry-After when a copy update is refused with 429, and stops with the service', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 29, 3, 0, 0) });
    try {
      const logger = createMemoryLogger();
      const now = () => Date.now();
      const backend = withResilience(createMemoryBackend({ now }), {
        logger,
        opTimeoutMs: 1000,
        probeIntervalMs: 1000,
      });
      const answers: Array<'updated' | { retryAfterMs: number }> = [{ retryAfterMs: 30_000 }, 'updated'];
      const updates: number[] = [];
      const late = createLateSummaries({
        stores: createLateStores(backend, { prefix: 'test', now }),
        claims: createMemoryClaims(now),
        summaries: { lookup: async () => ({ legId: LEG, results: [] }) },
        slack: {
          notify: async () => ({ channel: 'D1', ts: '1.1' }),
          ended: async () => undefined,
          sendMine: async () => ({ channel: 'D1', ts: '2.1' }),
          update: async () => {
            updates.push(Date.now());
            return answers.shift() ?? 'updated';
          },
        },
        limits: { perPerson: 20, total: 2000 },
        postedTtlMs: 7 * 24 * 3600 * 1000,
        logger,
        now,
      });
      const first = callSummary({ legId: LEG, side: 'callee', html: '<p>first</p>' });
      await late.rememberCopy(first, { channel: 'C1', ts: '100.1', kind: 'post' });
      const rewritten = callSummary({ legId: LEG, side: 'callee', html: '<p>rewritten</p>' });
      await late.summaryReady(rewritten);
      expect(updates).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(29_000);
      expect(updates).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(updates).toHaveLength(2);
      // Updated now: a third summaryReady of the same content asks nothing.
      await late.summaryReady(rewritten);
      expect(updates).toHaveLength(2);

      answers.push({ retryAfterMs: 60_000 });
      await late.summaryReady(callSummary({ legId: LEG, side: 'callee', html: '<p>third</p>' }));
      expect(updates).toHaveLength(3);
      await late.stop();
      await vi.advanceTimersByTimeAsync(120_000);
      expect(updates).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
