import { randomUUID } from 'node:crypto';
import KeyvRedis, { createClient, type RedisClientType } from '@keyv/redis';
import { Keyv } from 'keyv';

/**
 * The narrow storage surface everything in src/cache/ is built on: plain values with a TTL (Keyv),
 * plus the atomic operations Keyv does not offer and scale-out needs (claim, token-checked release,
 * checked delete of a value). Implemented in memory (one process) and over Redis (replicas).
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
  /**
   * Deletes the value stored under `key` (by `set`) only if `decide` accepts it, and only if it is
   * still that same value when deleted: a value another caller stores while `decide` runs survives
   * (`decide` is then asked again about the new one). True when it deleted.
   */
  deleteIf(key: string, decide: (value: unknown) => boolean | Promise<boolean>): Promise<boolean>;
  /**
   * A count with a deadline, kept beside the values (the PBX login lockout). `bumpTally` atomically
   * adds `by` to the count, sets `until` and keeps the record `ttlMs` from now (one script on Redis,
   * so replicas bumping together never lose a count). `getTally` answers null when there is no record.
   * Both answer undefined only through the resilient wrapper, when the store did not answer, so the
   * caller can tell "no record" from "don't know" and rely on its own count.
   */
  getTally(key: string): Promise<Tally | null | undefined>;
  bumpTally(key: string, by: number, until: number, ttlMs: number): Promise<Tally | undefined>;
  /** Round trip to the store; throws when it is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface Tally {
  readonly count: number;
  /** Unix ms, as the bumping caller set it. */
  readonly until: number;
}

/** How often a checked delete re-reads a value that changed under it before giving up. */
const CHECKED_DELETE_ATTEMPTS = 3;

type Decode = (raw: string) => Promise<unknown>;

/** The value in Keyv's stored envelope; expired (as Keyv's own `get` judges it) or unreadable is absent. */
function keyvDecoder(keyv: Keyv): Decode {
  return async (raw) => {
    try {
      const envelope = await keyv.deserializeData(raw);
      if (!envelope) return undefined;
      if (typeof envelope.expires === 'number' && Date.now() > envelope.expires) return undefined;
      return envelope.value;
    } catch {
      // Not Keyv's JSON (a foreign or corrupt entry): nothing a decision could accept.
      return undefined;
    }
  };
}

/**
 * Optimistic compare-and-delete: read the stored bytes, let `decide` judge the value, then delete only
 * if the key still holds exactly those bytes (`deleteRaw`, atomic in each backend). A change in between
 * means another caller wrote: judge the new value instead.
 */
async function checkedDelete(
  readRaw: () => Promise<string | undefined>,
  decode: Decode,
  decide: (value: unknown) => boolean | Promise<boolean>,
  deleteRaw: (raw: string) => Promise<boolean>,
): Promise<boolean> {
  for (let attempt = 0; attempt < CHECKED_DELETE_ATTEMPTS; attempt += 1) {
    const raw = await readRaw();
    if (raw === undefined) return false;
    const value = await decode(raw);
    if (value === undefined || !(await decide(value))) return false;
    if (await deleteRaw(raw)) return true;
  }
  return false;
}

/** How often the memory backend drops expired entries nobody read again (at most once per this, on a write). */
export const MEMORY_SWEEP_INTERVAL_MS = 60_000;

/** The memory backend, with its entry count (tests: expired entries must not pile up). */
export interface MemoryBackend extends CacheBackend {
  /** Keys held: values, claims and tallies, including expired ones not yet swept. */
  size(): number;
}

export function createMemoryBackend(now: () => number = Date.now): MemoryBackend {
  // Keyv's serialized entries, held here so a checked delete can compare and delete in one synchronous step.
  const entries = new Map<string, unknown>();
  // When each value expires. Keyv's Map store drops an expired entry only when that key is read again,
  // and most keys never are (a leg asked about once, a coalescer's `:done` marker, a posted claim):
  // without a sweep the default (in-memory) cache grows for as long as the bot runs.
  const expiries = new Map<string, number>();
  let nextSweep = now() + MEMORY_SWEEP_INTERVAL_MS;
  const sweep = () => {
    const at = now();
    if (at < nextSweep) return;
    nextSweep = at + MEMORY_SWEEP_INTERVAL_MS;
    for (const [key, expiresAt] of expiries) {
      if (expiresAt > at) continue;
      expiries.delete(key);
      entries.delete(key);
    }
    for (const [key, claim] of claims) if (claim.expiresAt <= at) claims.delete(key);
    for (const [key, tally] of tallies) if (tally.expiresAt <= at) tallies.delete(key);
  };
  const keyv = new Keyv({ store: entries, useKeyPrefix: false });
  const decode = keyvDecoder(keyv);
  // Claims live beside Keyv in a Map: check-and-set in one synchronous step is what makes them atomic.
  const claims = new Map<string, { value: string; expiresAt: number }>();
  const tallies = new Map<string, Tally & { readonly expiresAt: number }>();
  const liveTally = (key: string) => {
    const tally = tallies.get(key);
    if (tally && tally.expiresAt <= now()) {
      tallies.delete(key);
      return undefined;
    }
    return tally;
  };
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
    get: async (key) => {
      const raw = entries.get(key);
      if (typeof raw !== 'string') return undefined;
      const value = await decode(raw);
      // Evicts an expired entry only if it was not replaced meanwhile (Keyv's get deletes it regardless).
      if (value === undefined && entries.get(key) === raw) entries.delete(key);
      return value;
    },
    set: async (key, value, ttlMs) => {
      sweep();
      await keyv.set(key, value, ttlMs);
      if (Number.isFinite(ttlMs) && ttlMs > 0) expiries.set(key, now() + ttlMs);
      else expiries.delete(key);
    },
    delete: async (key) => {
      claims.delete(key);
      tallies.delete(key);
      expiries.delete(key);
      await keyv.delete(key);
    },
    has: async (key) => liveClaim(key) !== undefined || (await keyv.has(key)),
    setIfAbsent: async (key, value, ttlMs) => {
      sweep();
      if (liveClaim(key)) return false;
      claims.set(key, { value, expiresAt: now() + ttlMs });
      return true;
    },
    deleteIfEquals: async (key, value) => {
      if (liveClaim(key)?.value !== value) return false;
      claims.delete(key);
      return true;
    },
    deleteIf: (key, decide) =>
      checkedDelete(
        async () => {
          const raw = entries.get(key);
          return typeof raw === 'string' ? raw : undefined;
        },
        decode,
        decide,
        async (raw) => entries.get(key) === raw && entries.delete(key),
      ),
    getTally: async (key) => {
      const tally = liveTally(key);
      return tally ? { count: tally.count, until: tally.until } : null;
    },
    bumpTally: async (key, by, until, ttlMs) => {
      sweep();
      // Read and write in one synchronous step: atomic within the process.
      const tally = { count: (liveTally(key)?.count ?? 0) + by, until, expiresAt: now() + ttlMs };
      tallies.set(key, tally);
      return { count: tally.count, until };
    },
    ping: async () => undefined,
    close: async () => {
      claims.clear();
      tallies.clear();
      expiries.clear();
      await keyv.clear();
    },
    size: () => entries.size + claims.size + tallies.size,
  };
}

/** DEL only while the key holds ARGV[1]: one script, so nothing can write between the check and the delete. */
const COMPARE_AND_DELETE_SCRIPT = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/** A hash {count, until}: add ARGV[1] to count, set until, (re)set the TTL; one script, so no count is lost. */
const BUMP_TALLY_SCRIPT = `local count = redis.call("hincrby", KEYS[1], "count", ARGV[1])
redis.call("hset", KEYS[1], "until", ARGV[2])
redis.call("pexpire", KEYS[1], ARGV[3])
return count`;

/** Numbers as Redis keeps them in a hash (strings); anything else is no record. */
function parseTally(count: unknown, until: unknown): Tally | null {
  const c = Number(count);
  const u = Number(until);
  return count != null && Number.isSafeInteger(c) && c > 0 && Number.isFinite(u)
    ? { count: c, until: u }
    : null;
}

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
  const decode = keyvDecoder(keyv);
  const ready = async () => {
    await connecting;
    if (!client.isReady) throw new Error('Redis is not connected');
  };
  const compareAndDelete = async (key: string, expected: string) =>
    Number(await client.eval(COMPARE_AND_DELETE_SCRIPT, { keys: [key], arguments: [expected] })) === 1;
  return {
    kind: 'redis',
    get: async (key) => {
      await ready();
      // Not keyv.get: on an entry past its `expires` it sends a DEL after the GET, which would delete a
      // value another replica wrote in between. Redis drops the entry itself (PX, set with the value).
      const raw = await client.get(key);
      return raw === null ? undefined : decode(raw);
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
      return compareAndDelete(key, value);
    },
    deleteIf: async (key, decide) => {
      await ready();
      return checkedDelete(
        async () => (await client.get(key)) ?? undefined,
        decode,
        decide,
        (raw) => compareAndDelete(key, raw),
      );
    },
    getTally: async (key) => {
      await ready();
      const [count, until] = await client.hmGet(key, ['count', 'until']);
      return parseTally(count, until);
    },
    bumpTally: async (key, by, until, ttlMs) => {
      await ready();
      const count = await client.eval(BUMP_TALLY_SCRIPT, {
        keys: [key],
        arguments: [
          String(Math.trunc(by)),
          String(Math.round(until)),
          String(Math.max(1, Math.round(ttlMs))),
        ],
      });
      return parseTally(count, until) ?? { count: 1, until };
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
