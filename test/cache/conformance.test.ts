import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CacheBackend, createMemoryBackend } from '../../src/cache/backend.js';
import { type Cache, createCache } from '../../src/cache/index.js';
import { keyPrefix } from '../../src/cache/typed.js';
import type { CacheConfig } from '../../src/config.js';
import { createMemoryLogger } from '../../src/log.js';
import type { CallSummary } from '../../src/summary.js';
import type { StoredToken } from '../../src/yeastar/token-store.js';
import { deleteRedisKeys, describeRedis, REDIS_URL, uniquePbxBaseUrl } from '../helpers/redis.js';

const ttlSeconds = { summary: 1800, noSummary: 60, extension: 3600, leg: 2_592_000 };

const summary: CallSummary = {
  legId: '20260513223234-3EE9E',
  side: 'caller',
  html: '<p>Customer asked about invoice 42.</p>',
  name: 'Ada',
  extNum: '3202',
  avatar: '',
  id: 7,
  createdAt: 1_747_000_000,
  updatedAt: null,
};

const issuedAt = Date.now();
const token = (n: number): StoredToken => ({
  accessToken: `access-${n}`,
  accessExpiresAt: issuedAt + 1_800_000,
  refreshToken: `refresh-${n}`,
  refreshExpiresAt: issuedAt + 86_400_000,
});

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
});

conformance('memory', undefined);
describeRedis('redis store', () => {
  conformance('redis', REDIS_URL);
});
