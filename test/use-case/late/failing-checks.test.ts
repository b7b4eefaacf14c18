import { describe, expect, it } from 'vitest';
import { createLateStores } from '../../../src/cache/late-stores.js';
import { createMemoryBackend } from '../../../src/cache/memory.js';
import { withResilience } from '../../../src/cache/resilient.js';
import { CallSummaryError } from '../../../src/shared/errors.js';
import { MAX_FAILED_CHECKS, STEADY_MINUTES } from '../../../src/use-case/late/backoff.js';
import { createLateSummaries, type LateSlack, type WatchEnd } from '../../../src/use-case/late/service.js';
import { createMemoryClaims } from '../../helpers/memory-claims.js';
import { createMemoryLogger } from '../../helpers/memory-logger.js';

/**
 * A watched summary whose checks keep failing (the PBX unreachable) is given up after exactly
 * MAX_FAILED_CHECKS failures in a row: the watcher is told once, and no check runs after.
 */
const LEG = '20260513223234-3EE9E';

function late() {
  let now = 1_800_000_000_000;
  const logger = createMemoryLogger('error');
  const store = withResilience(createMemoryBackend({ now: () => now }), {
    logger,
    opTimeoutMs: 1000,
    probeIntervalMs: 1000,
  });
  const ended: WatchEnd[] = [];
  let lookups = 0;
  const slack: LateSlack = {
    notify: async () => ({ channel: 'D1', ts: '1.1' }),
    sendMine: async () => ({ channel: 'D1', ts: '2.1' }),
    ended: async (_watch, why) => {
      ended.push(why);
    },
    update: async () => 'updated',
  };
  const service = createLateSummaries({
    stores: createLateStores(store, { prefix: 'test' }),
    claims: createMemoryClaims(() => now),
    summaries: {
      lookup: async () => {
        lookups++;
        throw new CallSummaryError('pbx_unreachable', { what: 'summary_request', failure: 'refused' });
      },
    },
    slack,
    limits: { perPerson: 20, total: 2000 },
    postedTtlMs: 7 * 24 * 3600 * 1000,
    logger,
    now: () => now,
  });
  return {
    service,
    ended,
    lookups: () => lookups,
    /** Moves the clock past any check's delay and runs what is due. */
    nextCheck: async () => {
      now += (STEADY_MINUTES + 1) * 60_000;
      return service.checkDue();
    },
  };
}

describe('checks that keep failing', () => {
  it(`tell the watcher after exactly ${MAX_FAILED_CHECKS} failures in a row, once, then stop`, async () => {
    const { service, ended, lookups, nextCheck } = late();
    expect(
      await service.watch({
        legId: LEG,
        side: 'callee',
        userId: 'U1',
        channelId: 'C1',
        responseUrl: undefined,
      }),
    ).toBe('added');
    for (let i = 1; i < MAX_FAILED_CHECKS; i++) {
      await nextCheck();
      expect(lookups()).toBe(i);
      expect(ended).toEqual([]);
    }
    await nextCheck();
    expect(lookups()).toBe(MAX_FAILED_CHECKS);
    expect(ended).toHaveLength(1);
    expect(ended[0]!.kind).toBe('failing');
    await nextCheck();
    await nextCheck();
    expect(lookups()).toBe(MAX_FAILED_CHECKS);
    expect(ended).toHaveLength(1);
  });
});
