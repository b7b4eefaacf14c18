import { describe, expect, it } from 'vitest';
import type { CacheBackend } from '../../src/cache/backend.js';
import { cacheOver } from '../../src/cache/index.js';
import { CACHE_LIMIT_DEFAULTS, createMemoryBackend } from '../../src/cache/memory.js';
import { keyPrefix } from '../../src/cache/typed.js';
import { callSummary } from '../helpers/call-summary.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';

/**
 * The read-through every cached kind goes through (src/cache/read-through.ts), over the memory store
 * on a clock the test moves: what it keeps and for how long, what a refresh skips, which reads share
 * one load, and that each load is written once. Across replicas: conformance.test.ts and
 * test/compose/cache-writes.test.ts (Redis).
 */
const ttlSeconds = { summary: 1800, noSummary: 60, extension: 3600, leg: 86_400 };
const PBX = 'https://pbx.test';
const LEG = '20260513223234-3EE9E';
const summary = callSummary({ legId: LEG, side: 'caller' });

function setup(backend?: CacheBackend) {
  const clock = { now: Date.UTC(2026, 4, 14, 12, 0, 0) };
  const store = backend ?? createMemoryBackend({ now: () => clock.now });
  const written: string[] = [];
  const set = store.set.bind(store);
  store.set = async (key, value, ttlMs) => {
    written.push(key.slice(keyPrefix(PBX).length + 1));
    await set(key, value, ttlMs);
  };
  const cache = cacheOver(
    store,
    { url: undefined, ttlSeconds, ...CACHE_LIMIT_DEFAULTS },
    { logger: createMemoryLogger(), pbxBaseUrl: PBX, now: () => clock.now, probeIntervalMs: 60_000 },
  );
  return { clock, cache, written };
}

/** A load that counts its runs and answers when the test says so. */
function gatedLoad<V>(value: V) {
  const runs = { count: 0 };
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    runs,
    open: () => open(),
    load: async () => {
      runs.count += 1;
      await gate;
      return value;
    },
  };
}

describe('read-through', () => {
  it('keeps a summary CACHE_TTL_SUMMARY_SECONDS and "no summary yet" only CACHE_TTL_NO_SUMMARY_SECONDS', async () => {
    const { clock, cache, written } = setup();
    const { summaries } = cache.summaryCaches;
    const caller = { legId: LEG, side: 'caller' } as const;
    const callee = { legId: LEG, side: 'callee' } as const;
    expect(await summaries.getOrLoad(caller, async () => summary)).toEqual(summary);
    expect(await summaries.getOrLoad(callee, async () => null)).toBeNull();
    expect(written).toEqual([`summary:${LEG}:caller`, `summary:${LEG}:callee`]);

    clock.now += (ttlSeconds.noSummary + 1) * 1000;
    expect(await summaries.get(caller)).toEqual(summary);
    expect(await summaries.get(callee)).toBeUndefined();
    clock.now += ttlSeconds.summary * 1000;
    expect(await summaries.get(caller)).toBeUndefined();
  });

  it('answers from the cache, a cached "no summary" too, unless refreshing; each load written once', async () => {
    const { cache, written } = setup();
    const { summaries } = cache.summaryCaches;
    const key = { legId: LEG, side: 'caller' } as const;
    let loads = 0;
    const nothingYet = async () => {
      loads += 1;
      return null;
    };
    expect(await summaries.getOrLoad(key, nothingYet)).toBeNull();
    expect(await summaries.getOrLoad(key, nothingYet)).toBeNull();
    expect(loads).toBe(1);
    // Try again: the cached "no summary" is skipped, and what the PBX says now is kept.
    expect(await summaries.getOrLoad(key, async () => summary, { refresh: true })).toEqual(summary);
    expect(await summaries.getOrLoad(key, nothingYet)).toEqual(summary);
    expect(await summaries.getOrLoad(key, nothingYet, { refresh: true })).toBeNull();
    expect(loads).toBe(2);
    expect(written).toEqual(Array.from({ length: 3 }, () => `summary:${LEG}:caller`));
  });

  it('shares one load among concurrent identical reads; a refresh or another variant loads on its own', async () => {
    const { cache, written } = setup();
    const { extensions } = cache.summaryCaches;
    const first = gatedLoad(17);
    const reads = Array.from({ length: 5 }, () => extensions.getOrLoad('3202', first.load));
    const refreshed = gatedLoad(18);
    const refreshes = Array.from({ length: 3 }, () =>
      extensions.getOrLoad('3202', refreshed.load, { refresh: true }),
    );
    const other = gatedLoad(19);
    const variant = extensions.getOrLoad('3202', other.load, { variant: 'named' });
    await new Promise((resolve) => setImmediate(resolve));
    expect([first.runs.count, refreshed.runs.count, other.runs.count]).toEqual([1, 1, 1]);
    first.open();
    expect(await Promise.all(reads)).toEqual([17, 17, 17, 17, 17]);
    refreshed.open();
    expect(await Promise.all(refreshes)).toEqual([18, 18, 18]);
    other.open();
    expect(await variant).toBe(19);
    expect(written.filter((key) => key === 'ext:3202')).toHaveLength(3);
  });

  it('takes a cached value `accept` refuses for a miss (a later page needs its own list)', async () => {
    const { cache } = setup();
    const { callLists } = cache.findingCaches({
      listSeconds: 60,
      transcriptSeconds: 1800,
      memberEmailSeconds: 3600,
    });
    const window = {
      start: { year: 2026, month: 5, day: 7, hour: 12, minute: 0, second: 0 },
      end: { year: 2026, month: 5, day: 14, hour: 12, minute: 0, second: 0 },
      exact: false,
    };
    const list = (at: number) => ({ at, window, calls: [], searchedFrom: window.start, complete: true });
    expect((await callLists.getOrLoad('e3202:168', async () => list(2))).at).toBe(2);
    const older = { variant: '1', accept: (cached: { at: number }) => cached.at === 1 };
    expect((await callLists.getOrLoad('e3202:168', async () => list(1), older)).at).toBe(1);
    // Kept for the pages after it.
    expect((await callLists.getOrLoad('e3202:168', async () => list(3), older)).at).toBe(1);
  });

  it('writes nothing for a load that fails, passes the failure to every read that shared it', async () => {
    const { cache, written } = setup();
    const { extensions } = cache.summaryCaches;
    let loads = 0;
    const failing = async (): Promise<number> => {
      loads += 1;
      await new Promise((resolve) => setImmediate(resolve));
      throw new Error('PBX down');
    };
    const results = await Promise.allSettled([
      extensions.getOrLoad('3202', failing),
      extensions.getOrLoad('3202', failing),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(loads).toBe(1);
    expect(written).toEqual([]);
    expect(await extensions.getOrLoad('3202', async () => 17)).toBe(17);
  });

  it('loads through a store that fails: a failing cache never fails a read', async () => {
    const broken: CacheBackend = {
      ...createMemoryBackend(),
      get: async () => {
        throw new Error('store down');
      },
      set: async () => {
        throw new Error('store down');
      },
      setIfAbsent: async () => {
        throw new Error('store down');
      },
    };
    const { cache } = setup(broken);
    const key = { legId: LEG, side: 'caller' } as const;
    expect(await cache.summaryCaches.summaries.getOrLoad(key, async () => summary)).toEqual(summary);
    expect(await cache.summaryCaches.summaries.getOrLoad(key, async () => null)).toBeNull();
    await cache.close();
  });
});
