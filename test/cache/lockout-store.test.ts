import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@keyv/redis';
import { afterEach, describe, expect, it } from 'vitest';
import type { CacheBackend } from '../../src/cache/backend.js';
import { createFileLoginLockouts } from '../../src/cache/host-token-store.js';
import { cacheOver } from '../../src/cache/index.js';
import { createMemoryBackend } from '../../src/cache/memory.js';
import { createRedisBackend } from '../../src/cache/redis.js';
import { withResilience } from '../../src/cache/resilient.js';
import { createSharedTokenStore, DEFAULT_LOCKOUT_RETENTION_MS } from '../../src/cache/token-store.js';
import { keyPrefix } from '../../src/cache/typed.js';
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET } from '../../src/demo/pbx-simulator/index.js';
import { createPbxClient } from '../../src/yeastar/client.js';
import { createMemoryTokenStore, credentialsKey, type TokenStore } from '../../src/yeastar/token-store.js';
import { createTokenManager } from '../../src/yeastar/tokens.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { simAndClientPerTest } from '../helpers/pbx-client.js';
import { deleteRedisKeys, describeRedis, REDIS_URL, uniquePbxBaseUrl } from '../helpers/redis.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const creds = credentialsKey('https://pbx.example', 'client', 'secret-one');
const setup = simAndClientPerTest();

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'callsummary-lockout-store-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A memory backend that stops answering tallies (and pings) while `state.down`. */
function switchableBackend(kind: CacheBackend['kind'] = 'memory') {
  const inner = createMemoryBackend();
  const state = { down: false };
  const fail = async (): Promise<never> => {
    throw new Error('connection refused');
  };
  const backend: CacheBackend = {
    ...inner,
    kind,
    getTally: (key) => (state.down ? fail() : inner.getTally(key)),
    bumpTally: (key, by, until, ttl) => (state.down ? fail() : inner.bumpTally(key, by, until, ttl)),
    delete: (key) => (state.down ? fail() : inner.delete(key)),
    ping: () => (state.down ? fail() : inner.ping()),
  };
  return { backend, state };
}

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

describe('the shared login lockout falls back to the host file while Redis does not answer', () => {
  it('a restart during the outage still sees the failures, and adds them to the shared record when it answers', async () => {
    const dir = tempDir();
    const { backend, state } = switchableBackend();
    const guarded = withResilience(backend, {
      logger: createMemoryLogger(),
      opTimeoutMs: 300,
      probeIntervalMs: 10,
    });
    cleanups.push(() => guarded.close());
    // Each "process" has its own store and its own handle on the host's lockout directory.
    const start = () =>
      createSharedTokenStore(guarded, {
        prefix: 'p',
        lockMs: 1000,
        pollMs: 10,
        fallbackLockouts: createFileLoginLockouts({ dir }),
      });

    state.down = true;
    expect(await start().recordLoginFailure(creds, 1000)).toEqual({
      failures: 1,
      lockedUntil: 1000,
      partial: true,
    });
    // The restart: nothing in memory, Redis still down, the file remembers.
    const restarted = start();
    expect(await restarted.loginLockout(creds)).toEqual({ failures: 1, lockedUntil: 1000, partial: true });

    state.down = false;
    await expect.poll(() => guarded.healthy()).toBe(true);
    // The failure counted during the outage, before the restart, is still owed to the shared record.
    expect(await start().loginLockout(creds)).toMatchObject({ failures: 1 });
    await restarted.recordLoginFailure(creds, 2000);
    const elsewhere = createSharedTokenStore(guarded, { prefix: 'p', lockMs: 1000, pollMs: 10 });
    expect(await elsewhere.loginLockout(creds)).toEqual({ failures: 2, lockedUntil: 2000 });

    // A success clears the shared record and the file.
    await restarted.clearLoginLockout(creds);
    expect(await start().loginLockout(creds)).toBeUndefined();
    state.down = true;
    expect(await start().loginLockout(creds)).toBeUndefined();
  });

  it('while the store does not answer, the last shared count still holds: failures other replicas made are not forgotten', async () => {
    const { backend, state } = switchableBackend();
    const guarded = withResilience(backend, {
      logger: createMemoryLogger(),
      opTimeoutMs: 300,
      probeIntervalMs: 10,
    });
    cleanups.push(() => guarded.close());
    const [other, ours] = [1, 2].map(() =>
      createSharedTokenStore(guarded, { prefix: 'p', lockMs: 1000, pollMs: 10 }),
    );
    for (let i = 0; i < 3; i++) await other!.recordLoginFailure(creds, 1000);
    expect(await ours!.loginLockout(creds)).toEqual({ failures: 3, lockedUntil: 1000 });
    state.down = true;
    // Our own count is 0, but 3 failed logins are known: never read as fewer.
    expect(await ours!.loginLockout(creds)).toEqual({ failures: 3, lockedUntil: 1000, partial: true });
    expect(await ours!.recordLoginFailure(creds, 2000)).toEqual({
      failures: 4,
      lockedUntil: 2000,
      partial: true,
    });
  });

  it('CACHE_URL with Redis unreachable: a restart refuses the login a wrong secret already failed, without asking the PBX', async () => {
    const { sim } = await setup();
    const dir = tempDir();
    const logger = createMemoryLogger();
    const restart = async (secret: string) => {
      // Nothing listens on port 1: Redis is down for the life of the test.
      const unreachable = createRedisBackend({
        url: 'redis://127.0.0.1:1',
        connectTimeoutMs: 300,
        onError: () => undefined,
      });
      const cache = cacheOver(
        unreachable,
        {
          url: 'redis://127.0.0.1:1',
          maxEntries: 100,
          maxMb: 1,
          ttlSeconds: { summary: 60, noSummary: 60, extension: 60, leg: 60 },
        },
        { logger, pbxBaseUrl: sim.url, lockoutDir: dir, probeIntervalMs: 60_000 },
      );
      const client = createPbxClient(
        {
          baseUrl: sim.url,
          clientId: SIM_CLIENT_ID,
          clientSecret: secret,
          caFile: undefined,
          timeoutMs: 2000,
          maxRetries: 0,
          loginCooldownMs: 300_000,
          timeFormat: undefined,
          exportWindowMinutes: 30,
        },
        { logger, store: cache.tokenStore },
      );
      cleanups.push(async () => {
        await client.close({ revoke: false });
        await cache.close();
      });
      return client;
    };
    const first = await restart('a-wrong-secret-while-redis-is-down');
    await expect(first.tokens.token()).rejects.toMatchObject({ code: 'pbx_credentials_rejected' });
    expect(sim.stats.count('get_token')).toBe(1);

    // Redis down, only this host's count known: one failure stops logins, with any credentials.
    for (const secret of ['a-wrong-secret-while-redis-is-down', 'another-wrong-secret']) {
      const next = await restart(secret);
      await expect(next.tokens.token()).rejects.toMatchObject({
        code: 'pbx_credentials_rejected',
        details: { lockedOut: true, failedLogins: 1 },
      });
      expect(next.tokens.state().refusal).toBe('pbx_credentials_rejected');
    }
    expect(sim.stats.count('get_token')).toBe(1);
    expect(logger.lines.join('\n')).not.toContain('wrong-secret');
  });
});

describe('the PBX-wide login record while the shared store is down', () => {
  it('is partial too: after one failed login, no other secret is tried either', async () => {
    const { sim, client, clock, logger } = await setup();
    const { backend, state } = switchableBackend('redis');
    const guarded = withResilience(backend, { logger, opTimeoutMs: 300, probeIntervalMs: 60_000 });
    cleanups.push(() => guarded.close());
    const store: TokenStore = createSharedTokenStore(guarded, { prefix: 'p', lockMs: 1000, pollMs: 10 });
    const start = (secret: string) =>
      createTokenManager({
        http: client.http,
        store,
        clientId: SIM_CLIENT_ID,
        clientSecret: secret,
        loginCooldownMs: 1000,
        logger,
        now: () => clock.now,
      });
    state.down = true;
    await expect(start('wrong-one').token()).rejects.toMatchObject({ code: 'pbx_credentials_rejected' });
    clock.now += 60_000;
    await expect(start('wrong-two').token()).rejects.toMatchObject({
      code: 'pbx_credentials_rejected',
      details: { lockedOut: true, anyCredentials: true },
    });
    await expect(start(SIM_CLIENT_SECRET).token()).rejects.toMatchObject({
      code: 'pbx_credentials_rejected',
    });
    expect(sim.stats.count('get_token')).toBe(1);
    expect(logger.lines.join('\n')).toContain('1/1 failed logins to this PBX in a row');
  });
});
