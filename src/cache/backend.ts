import { randomUUID } from 'node:crypto';
import KeyvRedis, { createClient, type RedisClientType } from '@keyv/redis';
import { Keyv } from 'keyv';

/**
 * The narrow storage surface everything in src/cache/ is built on: plain values with a TTL (Keyv),
 * plus the two atomic operations Keyv does not offer and scale-out needs (claim and token-checked
 * release). Implemented in memory (one process) and over Redis (replicas).
 */
export interface CacheBackend {
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Whether a claim (or value) is held under `key`. */
  has(key: string): Promise<boolean>;
  /** Stores `value` only when `key` is absent; true for exactly one caller (SET NX PX on Redis). */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Deletes `key` only while it still holds `value` (a lock's owner token). */
  deleteIfEquals(key: string, value: string): Promise<boolean>;
  /** Round trip to the store; throws when it is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function createMemoryBackend(now: () => number = Date.now): CacheBackend {
  const keyv = new Keyv();
  // Claims live beside Keyv in a Map: check-and-set in one synchronous step is what makes them atomic.
  const claims = new Map<string, { value: string; expiresAt: number }>();
  const liveClaim = (key: string) => {
    const claim = claims.get(key);
    if (claim && claim.expiresAt <= now()) {
      claims.delete(key);
      return undefined;
    }
    return claim;
  };
  return {
    kind: 'memory',
    get: (key) => keyv.get(key),
    set: async (key, value, ttlMs) => {
      await keyv.set(key, value, ttlMs);
    },
    delete: async (key) => {
      claims.delete(key);
      await keyv.delete(key);
    },
    has: async (key) => liveClaim(key) !== undefined || (await keyv.has(key)),
    setIfAbsent: async (key, value, ttlMs) => {
      if (liveClaim(key)) return false;
      claims.set(key, { value, expiresAt: now() + ttlMs });
      return true;
    },
    deleteIfEquals: async (key, value) => {
      if (liveClaim(key)?.value !== value) return false;
      claims.delete(key);
      return true;
    },
    ping: async () => undefined,
    close: async () => {
      claims.clear();
      await keyv.clear();
    },
  };
}

const RELEASE_SCRIPT = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export interface RedisBackendOptions {
  readonly url: string;
  /** Bound on connecting (and reconnect attempts), so a dead Redis never holds a request. */
  readonly connectTimeoutMs: number;
  /** Called for client errors; the circuit in resilient.ts decides what to log. */
  readonly onError: (error: unknown) => void;
}

/**
 * Redis through `@keyv/redis`. The client is built here so its failure behaviour is explicit:
 * `disableOfflineQueue` makes commands fail at once while disconnected (instead of queueing forever),
 * and the reconnect strategy keeps retrying in the background with a capped back-off, so caching
 * resumes by itself when Redis returns.
 */
export function createRedisBackend(options: RedisBackendOptions): CacheBackend {
  const client = createClient({
    url: options.url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: options.connectTimeoutMs,
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** Math.min(retries, 4), 1000),
    },
  }) as RedisClientType;
  client.on('error', options.onError);
  // Connect in the background: a Redis that is down at start must not block or crash the app.
  // Commands wait for this (bounded by the caller's timeout) so the first requests do not trip the circuit.
  const connecting = client.connect().then(
    () => undefined,
    (error: unknown) => options.onError(error),
  );
  const adapter = new KeyvRedis(client, { throwOnConnectError: true, throwOnErrors: true });
  const keyv = new Keyv({ store: adapter, useKeyPrefix: false, throwOnErrors: true });
  // Keys are namespaced by keyPrefix() in typed.ts; Keyv's own 'keyv:' namespace would hide them from
  // the claim commands that use the raw client (same as @keyv/redis's createKeyv without a namespace).
  keyv.namespace = undefined;
  keyv.on('error', options.onError);
  const ready = async () => {
    await connecting;
    if (!client.isReady) throw new Error('Redis is not connected');
  };
  return {
    kind: 'redis',
    get: async (key) => {
      await ready();
      return keyv.get(key);
    },
    set: async (key, value, ttlMs) => {
      await ready();
      await keyv.set(key, value, ttlMs);
    },
    delete: async (key) => {
      await ready();
      await client.del(key);
    },
    has: async (key) => {
      await ready();
      return (await client.exists(key)) > 0;
    },
    setIfAbsent: async (key, value, ttlMs) => {
      await ready();
      return (await client.set(key, value, { NX: true, PX: Math.max(1, Math.round(ttlMs)) })) === 'OK';
    },
    deleteIfEquals: async (key, value) => {
      await ready();
      return Number(await client.eval(RELEASE_SCRIPT, { keys: [key], arguments: [value] })) === 1;
    },
    ping: async () => {
      await ready();
      await client.ping();
    },
    close: async () => {
      // Not awaiting `connecting`: while Redis is down, connect() keeps retrying and may never settle.
      if (client.isOpen) client.destroy();
    },
  };
}

/** A fresh owner token for a lock or claim. */
export const ownerToken = (): string => randomUUID();
