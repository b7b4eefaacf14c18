import { createClient } from '@keyv/redis';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CacheBackend, createMemoryBackend } from '../../src/cache/backend.js';
import { type Cache, CLAIM_SWEEP_INTERVAL_MS, createCache } from '../../src/cache/index.js';
import { createSharedTokenStore } from '../../src/cache/token-store.js';
import { keyPrefix } from '../../src/cache/typed.js';
import type { CacheConfig } from '../../src/config.js';
import type { StoredToken } from '../../src/yeastar/token-store.js';
import { callSummary } from '../helpers/call-summary.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { deleteRedisKeys, describeRedis, REDIS_URL, uniquePbxBaseUrl } from '../helpers/redis.js';

const ttlSeconds = { summary: 1800, noSummary: 60, extension: 3600, leg: 2_592_000 };

const summary = callSummary({
  side: 'caller',
  html: '<p>Customer asked about invoice 42.</p>',
  name: 'Ada',
  id: 7,
  createdAt: 1_747_000_000,
  updatedAt: null,
});

const issuedAt = Date.now();
const token = (n: number): StoredToken => ({
  accessToken: `access-${n}`,
  accessExpiresAt: issuedAt + 1_800_000,
  refreshToken: `refresh-${n}`,
  refreshExpiresAt: issuedAt + 86_400_000,
});

/**
 * `backend`, with `meanwhile` (another replica's write) run once right after the first read returns or
 * the first checked-delete decision is made: exactly the window a read-then-delete leaves open.
 */
function interleaved(backend: CacheBackend, meanwhile: () => Promise<void>): CacheBackend {
  let pending: (() => Promise<void>) | undefined = meanwhile;
  const fire = async () => {
    const run = pending;
    pending = undefined;
    await run?.();
  };
  return {
    ...backend,
    get: async (key) => {
      const value = await backend.get(key);
      await fire();
      return value;
    },
    deleteIf: (key, decide) =>
      backend.deleteIf(key, async (value) => {
        const verdict = await decide(value);
        await fire();
        return verdict;
      }),
  };
}

/** A renewal that holds the lock until the test finishes it. */
function heldRenewal(store: Cache['tokenStore']) {
  let finish!: () => void;
  let entered!: () => void;
  const inside = new Promise<void>((resolve) => {
    entered = resolve;
  });
  const done = store.withRenewalLock(() => {
    entered();
    return new Promise<void>((resolve) => {
      finish = resolve;
    });
  });
  return { inside, done, finish: () => finish() };
}

/** The one suite every store must pass: memory and Redis. */
function conformance(label: string, url: string | undefined): void {
  describe(`cache conformance (${label})`, () => {
    let baseUrl: string;
    // Memory instances share one backend (one process); Redis instances each get their own connection.
    let shared: CacheBackend | undefined;
    const opened: Cache[] = [];
    const open = (pbxBaseUrl = baseUrl, options: { tokenLockMs?: number } = {}) => {
      const config: CacheConfig = { url, ttlSeconds };
      const cache = createCache(config, {
        logger: createMemoryLogger(),
        pbxBaseUrl,
        ...options,
        ...(shared ? { backend: shared } : {}),
      });
      opened.push(cache);
      return cache;
    };

    beforeEach(() => {
      baseUrl = uniquePbxBaseUrl();
      shared = url === undefined ? createMemoryBackend() : undefined;
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((cache) => cache.close()));
      if (url) await deleteRedisKeys(keyPrefix(baseUrl));
    });

    it('reads back what it stored, per kind and key', async () => {
      const cache = open();
      const key = { legId: summary.legId, side: 'caller' } as const;
      expect(await cache.summaryCache.get(key)).toBeUndefined();
      await cache.summaryCache.set(key, summary);
      await cache.noSummaryCache.set({ legId: summary.legId, side: 'callee' }, true);
      await cache.extensionIdCache.set('3202', { id: 17 });
      await cache.legCache.set(summary.legId, { caller: '3202', callee: '+15551234' });
      expect(await cache.summaryCache.get(key)).toEqual(summary);
      expect(await cache.summaryCache.get({ legId: summary.legId, side: 'callee' })).toBeUndefined();
      expect(await cache.noSummaryCache.get({ legId: summary.legId, side: 'callee' })).toBe(true);
      expect(await cache.noSummaryCache.get(key)).toBeUndefined();
      expect(await cache.extensionIdCache.get('3202')).toEqual({ id: 17 });
      expect(await cache.legCache.get(summary.legId)).toEqual({ caller: '3202', callee: '+15551234' });
      await cache.summaryCache.delete(key);
      expect(await cache.summaryCache.get(key)).toBeUndefined();
    });

    it('treats a corrupt or foreign entry as a miss and overwrites it', async () => {
      const cache = open();
      const prefix = keyPrefix(baseUrl);
      await cache.store.set(`${prefix}:summary:${summary.legId}:caller`, { html: 42 }, 60_000);
      await cache.store.set(`${prefix}:ext:3202`, 'not a number', 60_000);
      expect(await cache.summaryCache.get({ legId: summary.legId, side: 'caller' })).toBeUndefined();
      expect(await cache.extensionIdCache.get('3202')).toBeUndefined();
      await cache.extensionIdCache.set('3202', { id: null });
      expect(await cache.extensionIdCache.get('3202')).toEqual({ id: null });
    });

    it('keeps two PBXs apart even in one store', async () => {
      const a = open();
      const other = uniquePbxBaseUrl();
      const b = open(other);
      await a.extensionIdCache.set('3202', { id: 1 });
      await b.extensionIdCache.set('3202', { id: 2 });
      expect(await a.extensionIdCache.get('3202')).toEqual({ id: 1 });
      expect(await b.extensionIdCache.get('3202')).toEqual({ id: 2 });
      if (url) await deleteRedisKeys(keyPrefix(other));
    });

    it('grants a claim to exactly one of many concurrent callers, and again after release', async () => {
      const caches = [open(), open(), open()];
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => caches[i % 3]!.claim('event-30040:leg-1', 60_000)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = caches[results.indexOf(true) % 3]!;
      await caches[(results.indexOf(true) + 1) % 3]!.release('event-30040:leg-1'); // not its claim: no effect
      expect(await caches[0]!.claim('event-30040:leg-1', 60_000)).toBe(false);
      await winner.release('event-30040:leg-1');
      expect(await caches[1]!.claim('event-30040:leg-1', 60_000)).toBe(true);
    });

    it("does not let a claim's former holder release the claim that replaced it", async () => {
      const [a, b, c] = [open(), open(), open()];
      const claim = 'post:C0123:20260513223234-3EE9E';
      expect(await a.claim(claim, 60_000)).toBe(true);
      // A's claim expires (made deterministic: its key is gone, as when the TTL runs out), and B takes it.
      await a.store.delete(`${keyPrefix(baseUrl)}:claim:${claim}`);
      expect(await b.claim(claim, 60_000)).toBe(true);
      await a.release(claim); // late: A still believes it holds the claim
      expect(await c.claim(claim, 60_000)).toBe(false);
      await b.release(claim);
      expect(await c.claim(claim, 60_000)).toBe(true);
    });

    it('does not let a renewal whose lock expired release the lock another replica took', async () => {
      const [a, b, c] = [open(), open(), open()];
      const lockKey = `${keyPrefix(baseUrl)}:token:lock`;
      const first = heldRenewal(a.tokenStore);
      await first.inside;
      await a.store.delete(lockKey); // A's lock times out while its renewal is still running
      const second = heldRenewal(b.tokenStore);
      await second.inside;
      first.finish();
      await first.done; // A releases late
      expect(await c.store.has(lockKey)).toBe(true);
      second.finish();
      await second.done;
      expect(await c.store.has(lockKey)).toBe(false);
    });

    it('checked delete: a value written while the decision runs is judged again, not deleted', async () => {
      const [a, b] = [open(), open()];
      const key = `${keyPrefix(baseUrl)}:probe`;
      await a.store.set(key, { n: 1 }, 60_000);
      const seen: unknown[] = [];
      const deleted = await a.store.deleteIf(key, async (value) => {
        seen.push(value);
        if (seen.length === 1) await b.store.set(key, { n: 2 }, 60_000); // B writes while A decides
        return (value as { n: number }).n === 1;
      });
      expect(deleted).toBe(false);
      expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
      expect(await b.store.get(key)).toEqual({ n: 2 });
      expect(await a.store.deleteIf(key, (value) => (value as { n: number }).n === 2)).toBe(true);
      expect(await b.store.get(key)).toBeUndefined();
      expect(await a.store.deleteIf(key, () => true)).toBe(false); // nothing there
    });

    it('clearIf leaves a token another replica stored while it ran', async () => {
      const [a, b] = [open(), open()];
      await a.tokenStore.set(token(1));
      // A got 10004 for access-1 and clears it; B's renewal stores access-2 in the middle of that.
      const racing = createSharedTokenStore(
        interleaved(a.store, () => b.tokenStore.set(token(2))),
        { prefix: keyPrefix(baseUrl), lockMs: 30_000, pollMs: 50 },
      );
      await racing.clearIf('access-1');
      expect(await b.tokenStore.get()).toEqual(token(2));
    });

    it('shares the token: what one instance stores, another reads; clearIf only removes that token', async () => {
      const [a, b] = [open(), open()];
      expect(await a.tokenStore.get()).toBeUndefined();
      await a.tokenStore.set(token(1));
      expect(await b.tokenStore.get()).toEqual(token(1));
      await b.tokenStore.clearIf('access-0');
      expect((await a.tokenStore.get())?.accessToken).toBe('access-1');
      await b.tokenStore.clearIf('access-1');
      expect(await a.tokenStore.get()).toBeUndefined();
    });

    it('runs one renewal at a time across instances; waiters see the renewed token', async () => {
      const instances = [open(), open(), open()];
      let renewals = 0;
      const renewOnce = (store: Cache['tokenStore']) =>
        store.withRenewalLock(async () => {
          const current = await store.get();
          if (current) return current.accessToken;
          renewals += 1;
          await new Promise((resolve) => setImmediate(resolve));
          await store.set(token(renewals));
          return `access-${renewals}`;
        });
      const tokens = await Promise.all(
        Array.from({ length: 9 }, (_, i) => renewOnce(instances[i % 3]!.tokenStore)),
      );
      expect(renewals).toBe(1);
      expect(new Set(tokens)).toEqual(new Set(['access-1']));
    });

    it('does not block others past the lock timeout when the holder never releases', async () => {
      const dead = open(baseUrl, { tokenLockMs: 300 });
      const alive = open(baseUrl, { tokenLockMs: 300 });
      // The "dead" replica takes the lock and never finishes its renewal.
      let entered!: () => void;
      const holding = new Promise<void>((resolve) => {
        entered = resolve;
      });
      void dead.tokenStore.withRenewalLock(() => {
        entered();
        return new Promise<never>(() => undefined);
      });
      await holding;
      await expect(alive.tokenStore.withRenewalLock(async () => 'renewed')).resolves.toBe('renewed');
    });

    it('coalesces 30 concurrent identical lookups over three instances into one load', async () => {
      const instances = [open(), open(), open()];
      let loads = 0;
      const key = { legId: summary.legId, side: 'caller' } as const;
      const lookup = (cache: Cache) =>
        cache.coalescer.run(
          cache.coalesceKey('summary-load', `${key.legId}:${key.side}`),
          () => cache.summaryCache.get(key),
          async () => {
            loads += 1;
            await new Promise((resolve) => setTimeout(resolve, 20));
            await cache.summaryCache.set(key, summary);
            return summary;
          },
        );
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => lookup(instances[i % 3]!)));
      expect(loads).toBe(1);
      expect(results.every((r) => r.html === summary.html)).toBe(true);
    });

    it('is healthy while the store answers', async () => {
      expect(await open().isHealthy()).toBe(true);
    });
  });
}

describe('memory store', () => {
  it('is the default when CACHE_URL is unset', async () => {
    const cache = createCache(
      { url: undefined, ttlSeconds },
      { logger: createMemoryLogger(), pbxBaseUrl: 'https://x' },
    );
    expect(cache.kind).toBe('memory');
    await cache.close();
  });

  it('forgets the claims it owned once their TTL has passed, released or not', async () => {
    let clock = 1_000_000;
    const cache = createCache(
      { url: undefined, ttlSeconds },
      { logger: createMemoryLogger(), pbxBaseUrl: 'https://x', now: () => clock },
    );
    // Automatic posting keeps each (leg, side) claim until it expires; nothing releases it.
    for (let i = 0; i < 100; i++) expect(await cache.claim(`posted:leg-${i}:caller`, 1000)).toBe(true);
    expect(await cache.claim('posted:long-lived', 10 * CLAIM_SWEEP_INTERVAL_MS)).toBe(true);
    expect(cache.ownedClaims()).toBe(101);

    clock += CLAIM_SWEEP_INTERVAL_MS + 1000;
    expect(await cache.claim('posted:next', 1000)).toBe(true);
    expect(cache.ownedClaims()).toBe(2);
    await cache.close();
  });
});

conformance('memory', undefined);
describeRedis('redis store', () => {
  conformance('redis', REDIS_URL);

  // The interleavings above can only land between two calls; this shows there is no window inside one:
  // each owner check and its delete reach Redis as one script (EVAL), never as a GET then a DEL.
  it('checks the owner and deletes in one script, as MONITOR sees it', async () => {
    const baseUrl = uniquePbxBaseUrl();
    const prefix = keyPrefix(baseUrl);
    const cache = createCache(
      { url: REDIS_URL, ttlSeconds },
      { logger: createMemoryLogger(), pbxBaseUrl: baseUrl },
    );
    const monitor = createClient({ url: REDIS_URL });
    const writer = createClient({ url: REDIS_URL });
    const seen: string[] = [];
    try {
      await Promise.all([monitor.connect(), writer.connect()]);
      await monitor.monitor((line) => {
        // Commands a script runs show up as "[<db> lua]"; only what the client sent matters here.
        if (line.includes(prefix) && !/\[\d+ lua\]/.test(line)) seen.push(line);
      });
      expect(await cache.claim('post:C0123:leg-1', 60_000)).toBe(true);
      await cache.release('post:C0123:leg-1');
      await cache.tokenStore.withRenewalLock(() => cache.tokenStore.set(token(1)));
      await cache.tokenStore.clearIf('access-1');
      // An entry past Keyv's `expires` that Redis has not dropped yet: reading it must not send a DEL,
      // which could land after another replica's fresh write.
      const stale = `${prefix}:leg:stale`;
      const envelope = { value: { caller: '1', callee: '2' }, expires: Date.now() - 1 };
      await writer.set(stale, JSON.stringify(envelope), { PX: 60_000 });
      expect(await cache.legCache.get('stale')).toBeUndefined();
      // MONITOR reports in execution order: once this read shows up, everything before it has.
      await cache.store.get(`${prefix}:sentinel`);
      await vi.waitFor(() => expect(seen.some((line) => line.includes(`${prefix}:sentinel`))).toBe(true));
      const sent = (key: string) =>
        seen.filter((line) => line.includes(`"${key}"`)).map((line) => /\] "(\w+)"/.exec(line)?.[1]);
      expect(sent(`${prefix}:claim:post:C0123:leg-1`)).toEqual(['SET', 'EVAL']);
      expect(sent(`${prefix}:token:lock`)).toEqual(['SET', 'EVAL']);
      expect(sent(`${prefix}:token`)).toEqual(['SET', 'GET', 'EVAL']);
      expect(sent(stale)).toEqual(['SET', 'GET']);
      expect(await cache.tokenStore.get()).toBeUndefined();
    } finally {
      monitor.destroy();
      writer.destroy();
      await cache.close();
      await deleteRedisKeys(prefix);
    }
  });
});
