import { createClient } from '@keyv/redis';
import { afterEach, describe, expect, it } from 'vitest';
import type { CacheBackend } from '../../src/cache/backend.js';
import { createMemoryBackend } from '../../src/cache/memory.js';
import { createRedisBackend } from '../../src/cache/redis.js';
import { withResilience } from '../../src/cache/resilient.js';
import { createSharedTokenStore, DEFAULT_LOCKOUT_RETENTION_MS } from '../../src/cache/token-store.js';
import { keyPrefix } from '../../src/cache/typed.js';
import { createMemoryTokenStore, credentialsKey } from '../../src/yeastar/token-store.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { deleteRedisKeys, describeRedis, REDIS_URL, uniquePbxBaseUrl } from '../helpers/redis.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const creds = credentialsKey('https://pbx.example', 'client', 'secret-one');

function sharedStores(backend: CacheBackend, prefix: string, count: number) {
  const logger = createMemoryLogger();
  const guarded = withResilience(backend, { logger, opTimeoutMs: 300, probeIntervalMs: 60_000 });
  cleanups.push(() => guarded.close());
  return Array.from({ length: count }, () =>
    createSharedTokenStore(guarded, { prefix, lockMs: 1000, pollMs: 10 }),
  );
}

function lockoutConformance(label: string, makeBackend: () => CacheBackend): void {
  describe(`shared login lockout (${label})`, () => {
    it('counts concurrent failures from several replicas without losing one, and clears on success', async () => {
      const prefix = keyPrefix(uniquePbxBaseUrl());
      cleanups.push(() => (label === 'redis' ? deleteRedisKeys(prefix) : Promise.resolve()));
      const [a, b] = sharedStores(makeBackend(), prefix, 2);
      expect(await a!.loginLockout(creds)).toBeUndefined();
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? a! : b!).recordLoginFailure(creds, 5000 + i)),
      );
      const record = await b!.loginLockout(creds);
      expect(record?.failures).toBe(10);
      expect(record?.lockedUntil).toBeGreaterThanOrEqual(5000);
      // Other credentials start with no record.
      expect(
        await a!.loginLockout(credentialsKey('https://pbx.example', 'client', 'secret-two')),
      ).toBeUndefined();
      await a!.clearLoginLockout(creds);
      expect(await b!.loginLockout(creds)).toBeUndefined();
    });
  });
}

lockoutConformance('memory', () => createMemoryBackend());

describeRedis('shared login lockout on Redis', () => {
  lockoutConformance('redis', () =>
    createRedisBackend({ url: REDIS_URL, connectTimeoutMs: 1000, onError: () => undefined }),
  );

  it('keeps the record a day after the last failure, and never stores the secret', async () => {
    const prefix = keyPrefix(uniquePbxBaseUrl());
    cleanups.push(() => deleteRedisKeys(prefix));
    const [store] = sharedStores(
      createRedisBackend({ url: REDIS_URL, connectTimeoutMs: 1000, onError: () => undefined }),
      prefix,
      1,
    );
    await store!.recordLoginFailure(creds, Date.now() + 1000);
    const client = createClient({ url: REDIS_URL });
    await client.connect();
    try {
      const keys: string[] = [];
      for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) keys.push(...batch);
      expect(keys).toEqual([`${prefix}:login:${creds}`]);
      const ttl = await client.pTTL(keys[0]!);
      expect(ttl).toBeGreaterThan(DEFAULT_LOCKOUT_RETENTION_MS - 60_000);
      expect(ttl).toBeLessThanOrEqual(DEFAULT_LOCKOUT_RETENTION_MS);
      expect(JSON.stringify(await client.hGetAll(keys[0]!))).not.toContain('secret-one');
    } finally {
      client.destroy();
    }
  });
});

describe('shared login lockout while the store is down', () => {
  it('falls back to the per-process count, and adds it to the shared record when the store answers', async () => {
    const inner = createMemoryBackend();
    const state = { down: false };
    const fail = async (): Promise<never> => {
      throw new Error('connection refused');
    };
    const flaky: CacheBackend = {
      ...inner,
      getTally: (key) => (state.down ? fail() : inner.getTally(key)),
      bumpTally: (key, by, until, ttl) => (state.down ? fail() : inner.bumpTally(key, by, until, ttl)),
      ping: () => (state.down ? fail() : inner.ping()),
    };
    const logger = createMemoryLogger();
    const guarded = withResilience(flaky, { logger, opTimeoutMs: 300, probeIntervalMs: 10 });
    cleanups.push(() => guarded.close());
    const store = createSharedTokenStore(guarded, { prefix: 'p', lockMs: 1000, pollMs: 10 });

    state.down = true;
    // Marked partial: the token manager then stops after one failure (others may have failed too).
    const partial = { partial: true };
    expect(await store.recordLoginFailure(creds, 1000)).toEqual({
      failures: 1,
      lockedUntil: 1000,
      ...partial,
    });
    expect(await store.loginLockout(creds)).toEqual({ failures: 1, lockedUntil: 1000, ...partial });
    expect(await store.recordLoginFailure(creds, 2000)).toEqual({
      failures: 2,
      lockedUntil: 2000,
      ...partial,
    });
    expect(await store.loginLockout(creds)).toEqual({ failures: 2, lockedUntil: 2000, ...partial });

    state.down = false;
    await expect.poll(() => guarded.healthy()).toBe(true);
    // Another replica's view: the shared record alone, without our two failures yet.
    const other = createSharedTokenStore(guarded, { prefix: 'p', lockMs: 1000, pollMs: 10 });
    expect(await other.loginLockout(creds)).toBeUndefined();
    expect(await store.loginLockout(creds)).toMatchObject({ failures: 2 });
    // Our next failure carries the two counted during the outage.
    await store.recordLoginFailure(creds, 3000);
    expect(await other.loginLockout(creds)).toEqual({ failures: 3, lockedUntil: 3000 });
  });

  it('the memory store keeps its count for the life of the process', async () => {
    const store = createMemoryTokenStore();
    await store.recordLoginFailure(creds, 1000);
    await store.recordLoginFailure(creds, 2000);
    expect(await store.loginLockout(creds)).toEqual({ failures: 2, lockedUntil: 2000 });
    await store.clearLoginLockout(creds);
    expect(await store.loginLockout(creds)).toBeUndefined();
  });
});
