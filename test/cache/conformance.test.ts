import { createClient } from '@keyv/redis';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CacheBackend } from '../../src/cache/backend.js';
import { CLAIM_SWEEP_INTERVAL_MS, createClaims } from '../../src/cache/claims.js';
import type { CacheConfig } from '../../src/cache/index.js';
import { type Cache, cacheOver, createCache } from '../../src/cache/index.js';
import { CACHE_LIMIT_DEFAULTS, createMemoryBackend } from '../../src/cache/memory.js';
import { createRedisBackend } from '../../src/cache/redis.js';
import { withResilience } from '../../src/cache/resilient.js';
import { createSharedTokenStore } from '../../src/cache/token-store.js';
import { keyPrefix } from '../../src/cache/typed.js';
import type { CallSummary } from '../../src/use-case/model/call-summary.js';
import type { PbxSummarySource } from '../../src/use-case/ports.js';
import type { StoredToken, TokenStore } from '../../src/yeastar/token-store.js';
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

/** One "replica": the cache surface, and underneath it the raw store and the shared token store. */
interface Instance {
  readonly cache: Cache;
  readonly store: CacheBackend;
  readonly tokens: TokenStore;
}

/** A PBX source that counts summary fetches; each takes a moment, so concurrent ones overlap. */
function countingPbx(summaryOf: (legId: string) => CallSummary) {
  const counts = { fetches: 0 };
  const pbx: PbxSummarySource = {
    findExtensionId: async () => 17,
    exportAroundLeg: async () => [],
    fetchSummary: async (legId) => {
      counts.fetches += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return summaryOf(legId);
    },
  };
  return { pbx, counts };
}

/**
 * Counts the values `set` on each key through these stores (each instance's own, or the one they
 * share): wrapped in place, so what the caches opened over them write is counted.
 */
function countWrites(stores: readonly CacheBackend[]): (key: string) => number {
  const counts = new Map<string, number>();
  for (const store of new Set(stores)) {
    const set = store.set.bind(store);
    store.set = async (key, value, ttlMs) => {
      counts.set(key, (counts.get(key) ?? 0) + 1);
      await set(key, value, ttlMs);
    };
  }
  return (key) => counts.get(key) ?? 0;
}

/**
 * The one suite every store must pass: memory (what `callsummary get` and a single `serve` run) and
 * Redis (replicas). `backendFor` gives each instance its store: one shared Map in memory (instances
 * are then parts of one process), a connection of its own on Redis.
 */
function conformance(label: string, url: string | undefined, backendFor: () => CacheBackend): void {
  describe(`cache conformance (${label})`, () => {
    let baseUrl: string;
    const opened: Cache[] = [];
    const open = (pbxBaseUrl = baseUrl, options: { tokenLockMs?: number } = {}): Instance => {
      const config: CacheConfig = { url, ttlSeconds, ...CACHE_LIMIT_DEFAULTS };
      const store = backendFor();
      // A generous bound: on a busy host a first connection can take longer than the default 300 ms,
      // and a store that does not answer in time is an outage (tested in outage.test.ts), not this.
      const cache = cacheOver(store, config, { logger: createMemoryLogger(), pbxBaseUrl, opTimeoutMs: 2000 });
      opened.push(cache);
      const tokens = createSharedTokenStore(store, {
        prefix: keyPrefix(pbxBaseUrl),
        lockMs: options.tokenLockMs ?? 30_000,
        pollMs: 50,
      });
      return { cache, store, tokens };
    };

    beforeEach(() => {
      baseUrl = uniquePbxBaseUrl();
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((cache) => cache.close()));
      if (url) await deleteRedisKeys(keyPrefix(baseUrl));
    });

    it('reads back what it stored, per kind and key', async () => {
      const { summaries, legs, extensions } = open().cache.summaryCaches;
      const caller = { legId: summary.legId, side: 'caller' } as const;
      const callee = { legId: summary.legId, side: 'callee' } as const;
      expect(await summaries.get(caller)).toBeUndefined();
      await summaries.set(caller, summary);
      await summaries.set(callee, null);
      await extensions.set('3202', 17);
      await extensions.set('5551234', null);
      await legs.set(summary.legId, { caller: '3202', callee: '+15551234' });
      expect(await summaries.get(caller)).toEqual(summary);
      // "No summary yet" is a value of its own, not a miss.
      expect(await summaries.get(callee)).toBeNull();
      expect(await summaries.get({ legId: '20260514113500-00ABC', side: 'caller' })).toBeUndefined();
      expect(await extensions.get('3202')).toBe(17);
      expect(await extensions.get('5551234')).toBeNull();
      expect(await extensions.get('3203')).toBeUndefined();
      expect(await legs.get(summary.legId)).toEqual({ caller: '3202', callee: '+15551234' });
      expect(await legs.isMissing('20260514113500-00ABC')).toBe(false);
      await legs.setMissing('20260514113500-00ABC');
      expect(await legs.isMissing('20260514113500-00ABC')).toBe(true);
      expect(await legs.isMissing(summary.legId)).toBe(false);
    });

    it('treats a corrupt or foreign entry as a miss and overwrites it', async () => {
      const { cache, store } = open();
      const prefix = keyPrefix(baseUrl);
      await store.set(`${prefix}:summary:${summary.legId}:caller`, { html: 42 }, 60_000);
      await store.set(`${prefix}:ext:3202`, 'not a number', 60_000);
      const { summaries, extensions } = cache.summaryCaches;
      expect(await summaries.get({ legId: summary.legId, side: 'caller' })).toBeUndefined();
      expect(await extensions.get('3202')).toBeUndefined();
      await extensions.set('3202', null);
      expect(await extensions.get('3202')).toBeNull();
    });

    it('keeps two PBXs apart even in one store', async () => {
      const a = open().cache.summaryCaches.extensions;
      const other = uniquePbxBaseUrl();
      const b = open(other).cache.summaryCaches.extensions;
      await a.set('3202', 1);
      await b.set('3202', 2);
      expect(await a.get('3202')).toBe(1);
      expect(await b.get('3202')).toBe(2);
      if (url) await deleteRedisKeys(keyPrefix(other));
    });

    it('grants a claim to exactly one of many concurrent callers, and again after release', async () => {
      const claims = [open(), open(), open()].map((i) => i.cache.claims);
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => claims[i % 3]!.claim('event-30040:leg-1', 60_000)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = claims[results.indexOf(true) % 3]!;
      await claims[(results.indexOf(true) + 1) % 3]!.release('event-30040:leg-1'); // not its claim: no effect
      expect(await claims[0]!.claim('event-30040:leg-1', 60_000)).toBe(false);
      await winner.release('event-30040:leg-1');
      expect(await claims[1]!.claim('event-30040:leg-1', 60_000)).toBe(true);
    });

    it("does not let a claim's former holder release the claim that replaced it", async () => {
      const a = open();
      const [b, c] = [open().cache.claims, open().cache.claims];
      const claim = 'post:C0123:20260513223234-3EE9E';
      expect(await a.cache.claims.claim(claim, 60_000)).toBe(true);
      // A's claim expires (made deterministic: its key is gone, as when the TTL runs out), and B takes it.
      await a.store.delete(`${keyPrefix(baseUrl)}:claim:${claim}`);
      expect(await b.claim(claim, 60_000)).toBe(true);
      await a.cache.claims.release(claim); // late: A still believes it holds the claim
      expect(await c.claim(claim, 60_000)).toBe(false);
      await b.release(claim);
      expect(await c.claim(claim, 60_000)).toBe(true);
    });

    it('does not let a renewal whose lock expired release the lock another replica took', async () => {
      const [a, b, c] = [open(), open(), open()];
      const lockKey = `${keyPrefix(baseUrl)}:token:lock`;
      const first = heldRenewal(a.tokens);
      await first.inside;
      await a.store.delete(lockKey); // A's lock times out while its renewal is still running
      const second = heldRenewal(b.tokens);
      await second.inside;
      first.finish();
      await first.done; // A releases late
      expect(await c.store.has(lockKey)).toBe(true);
      second.finish();
      await second.done;
      expect(await c.store.has(lockKey)).toBe(false);
    });

    it('checked delete: a value written while the decision runs is judged again, not deleted', async () => {
      const [a, b] = [open().store, open().store];
      const key = `${keyPrefix(baseUrl)}:probe`;
      await a.set(key, { n: 1 }, 60_000);
      const seen: unknown[] = [];
      const deleted = await a.deleteIf(key, async (value) => {
        seen.push(value);
        if (seen.length === 1) await b.set(key, { n: 2 }, 60_000); // B writes while A decides
        return (value as { n: number }).n === 1;
      });
      expect(deleted).toBe(false);
      expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
      expect(await b.get(key)).toEqual({ n: 2 });
      expect(await a.deleteIf(key, (value) => (value as { n: number }).n === 2)).toBe(true);
      expect(await b.get(key)).toBeUndefined();
      expect(await a.deleteIf(key, () => true)).toBe(false); // nothing there
    });

    it('clearIf leaves a token another replica stored while it ran', async () => {
      const [a, b] = [open(), open()];
      await a.tokens.set(token(1));
      // A got 10004 for access-1 and clears it; B's renewal stores access-2 in the middle of that.
      const racing = createSharedTokenStore(
        interleaved(a.store, () => b.tokens.set(token(2))),
        { prefix: keyPrefix(baseUrl), lockMs: 30_000, pollMs: 50 },
      );
      await racing.clearIf('access-1');
      expect(await b.tokens.get()).toEqual(token(2));
    });

    it('shares the token: what one instance stores, another reads; clearIf only removes that token', async () => {
      const [a, b] = [open().tokens, open().tokens];
      expect(await a.get()).toBeUndefined();
      await a.set(token(1));
      expect(await b.get()).toEqual(token(1));
      await b.clearIf('access-0');
      expect((await a.get())?.accessToken).toBe('access-1');
      await b.clearIf('access-1');
      expect(await a.get()).toBeUndefined();
    });

    it('runs one renewal at a time across instances; waiters see the renewed token', async () => {
      const instances = [open(), open(), open()];
      let renewals = 0;
      const renewOnce = (store: TokenStore) =>
        store.withRenewalLock(async () => {
          const current = await store.get();
          if (current) return current.accessToken;
          renewals += 1;
          await new Promise((resolve) => setImmediate(resolve));
          await store.set(token(renewals));
          return `access-${renewals}`;
        });
      const tokens = await Promise.all(
        Array.from({ length: 9 }, (_, i) => renewOnce(instances[i % 3]!.tokens)),
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
      void dead.tokens.withRenewalLock(() => {
        entered();
        return new Promise<never>(() => undefined);
      });
      await holding;
      await expect(alive.tokens.withRenewalLock(async () => 'renewed')).resolves.toBe('renewed');
    });

    it('reads 30 concurrent identical summaries over three instances through one PBX call, written once', async () => {
      const { pbx, counts } = countingPbx((legId) => ({ ...summary, legId }));
      const instances = [open(), open(), open()];
      const writes = countWrites(instances.map((i) => i.store));
      const key = { legId: summary.legId, side: 'caller' } as const;
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          instances[i % 3]!.cache.summaryCaches.summaries.getOrLoad(key, () =>
            pbx.fetchSummary(summary.legId, 'caller', 17),
          ),
        ),
      );
      expect(counts.fetches).toBe(1);
      expect(results.every((r) => r?.html === summary.html)).toBe(true);
      expect(writes(`${keyPrefix(baseUrl)}:summary:${summary.legId}:caller`)).toBe(1);
      // The answer was cached on the way: the summary caches serve it now.
      expect(await open().cache.summaryCaches.summaries.get(key)).toEqual(summary);
    });

    it('scored members: a limit holds for concurrent adds across instances, pruning frees room', async () => {
      const key = `${keyPrefix(baseUrl)}:test:set`;
      const [a, b, c] = [open(), open(), open()];
      const adds = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          [a, b, c][i % 3]!.store.addMember(key, `m${i}`, 1000 + i, { ttlMs: 60_000, limit: 20 }),
        ),
      );
      expect(adds.filter((r) => r === 'added')).toHaveLength(20);
      expect(adds.filter((r) => r === 'full')).toHaveLength(10);
      // Re-scoring a member it holds is no new member: allowed at the limit.
      const held = (await b.store.members(key, {}))[0]!;
      expect(await c.store.addMember(key, held.member, 5000, { ttlMs: 60_000, limit: 20 })).toBe('updated');
      // Members scored below `pruneBelow` are forgotten first, which makes room.
      expect(await a.store.addMember(key, 'late', 2000, { ttlMs: 60_000, limit: 20, pruneBelow: 1030 })).toBe(
        'added',
      );
      // Lowest score first.
      expect(await b.store.members(key, { max: 1_000_000 })).toEqual([
        { member: 'late', score: 2000 },
        { member: held.member, score: 5000 },
      ]);
      expect(await a.store.members(key, { min: 1900, max: 2500 })).toEqual([{ member: 'late', score: 2000 }]);
      expect(await a.store.members(key, { limit: 1 })).toEqual([{ member: 'late', score: 2000 }]);
      expect(await c.store.removeMember(key, 'late')).toBe(true);
      expect(await c.store.removeMember(key, 'late')).toBe(false);
      expect(await a.store.members(`${key}:absent`, {})).toEqual([]);
    });

    it('is healthy while the store answers', async () => {
      expect(await open().cache.isHealthy()).toBe(true);
    });
  });
}

describe('memory store', () => {
  it('is what CACHE_URL unset gives: one process, nothing shared between two caches', async () => {
    const config: CacheConfig = { url: undefined, ttlSeconds, ...CACHE_LIMIT_DEFAULTS };
    const open = () => createCache(config, { logger: createMemoryLogger(), pbxBaseUrl: 'https://x' });
    const [a, b] = await Promise.all([open(), open()]);
    await a.summaryCaches.legs.set(summary.legId, { caller: '1', callee: '2' });
    expect(await a.summaryCaches.legs.get(summary.legId)).toEqual({ caller: '1', callee: '2' });
    expect(await b.summaryCaches.legs.get(summary.legId)).toBeUndefined();
    await Promise.all([a.close(), b.close()]);
  });

  it('forgets the claims it held once their TTL has passed, released or not', async () => {
    let clock = 1_000_000;
    const store = withResilience(createMemoryBackend({ now: () => clock }), {
      logger: createMemoryLogger(),
      opTimeoutMs: 300,
      probeIntervalMs: 60_000,
    });
    const claims = createClaims(store, { prefix: 'p', logger: createMemoryLogger(), now: () => clock });
    // Automatic posting keeps each (leg, side) claim until it expires; nothing releases it.
    for (let i = 0; i < 100; i++) expect(await claims.claim(`posted:leg-${i}:caller`, 1000)).toBe(true);
    expect(await claims.claim('posted:long-lived', 10 * CLAIM_SWEEP_INTERVAL_MS)).toBe(true);
    expect(claims.held()).toBe(101);

    clock += CLAIM_SWEEP_INTERVAL_MS + 1000;
    expect(await claims.claim('posted:next', 1000)).toBe(true);
    expect(claims.held()).toBe(2);
    await store.close();
  });
});

// Memory instances share one store, as the parts of one process do.
let sharedMemory = createMemoryBackend();
conformance('memory', undefined, () => {
  const store = sharedMemory;
  return { ...store, close: async () => undefined };
});
afterEach(() => {
  sharedMemory = createMemoryBackend();
});
describeRedis('redis store', () => {
  conformance('redis', REDIS_URL, () =>
    createRedisBackend({ url: REDIS_URL, connectTimeoutMs: 1000, onError: () => undefined }),
  );

  // The interleavings above can only land between two calls; this shows there is no window inside one:
  // each owner check and its delete reach Redis as one script (EVAL), never as a GET then a DEL.
  it('checks the owner and deletes in one script, as MONITOR sees it', async () => {
    const baseUrl = uniquePbxBaseUrl();
    const prefix = keyPrefix(baseUrl);
    const cache = await createCache(
      { url: REDIS_URL, ttlSeconds, ...CACHE_LIMIT_DEFAULTS },
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
      expect(await cache.claims.claim('post:C0123:leg-1', 60_000)).toBe(true);
      await cache.claims.release('post:C0123:leg-1');
      await cache.tokenStore.withRenewalLock(() => cache.tokenStore.set(token(1)));
      await cache.tokenStore.clearIf('access-1');
      // An entry past Keyv's `expires` that Redis has not dropped yet: reading it must not send a DEL,
      // which could land after another replica's fresh write.
      const stale = `${prefix}:leg:stale`;
      const envelope = { value: { caller: '1', callee: '2' }, expires: Date.now() - 1 };
      await writer.set(stale, JSON.stringify(envelope), { PX: 60_000 });
      expect(await cache.summaryCaches.legs.get('stale')).toBeUndefined();
      // MONITOR reports in execution order: once this read shows up, everything before it has.
      await cache.summaryCaches.legs.get('sentinel');
      await vi.waitFor(() => expect(seen.some((line) => line.includes(`${prefix}:leg:sentinel`))).toBe(true));
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
