import KeyvRedis, { createClient, type RedisClientType } from '@keyv/redis';
import { Keyv } from 'keyv';
import { bounded, type CacheBackend, checkedDelete, keyvDecoder, type Tally } from './backend.js';

/** DEL only while the key holds ARGV[1]: one script, so nothing can write between the check and the delete. */
const COMPARE_AND_DELETE_SCRIPT = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/** A hash {count, until}: add ARGV[1] to count, set until, (re)set the TTL; one script, so no count is lost. */
const BUMP_TALLY_SCRIPT = `local count = redis.call("hincrby", KEYS[1], "count", ARGV[1])
redis.call("hset", KEYS[1], "until", ARGV[2])
redis.call("pexpire", KEYS[1], ARGV[3])
return count`;

/** Prune, refuse past the limit, add or re-score, keep the key alive: one script, so a limit holds across replicas. */
const ADD_MEMBER_SCRIPT = `if ARGV[4] ~= '' then redis.call("zremrangebyscore", KEYS[1], "-inf", "(" .. ARGV[4]) end
local existed = redis.call("zscore", KEYS[1], ARGV[1])
if not existed and ARGV[3] ~= '' and redis.call("zcard", KEYS[1]) >= tonumber(ARGV[3]) then return "full" end
redis.call("zadd", KEYS[1], ARGV[2], ARGV[1])
local ttl = tonumber(ARGV[5])
if redis.call("pttl", KEYS[1]) < ttl then redis.call("pexpire", KEYS[1], ttl) end
if existed then return "updated" end
return "added"`;

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
  /** A ping unanswered this long has failed (default: connectTimeoutMs). */
  readonly pingTimeoutMs?: number;
  /** After this many pings in a row failed, the connection is dropped and made again (default 3). */
  readonly reconnectAfterFailedPings?: number;
}

/** Default of `reconnectAfterFailedPings`. */
const RECONNECT_AFTER_FAILED_PINGS = 3;

/**
 * Redis through `@keyv/redis`. The client is built here so its failure behaviour is explicit:
 * `disableOfflineQueue` makes commands fail at once while disconnected (instead of queueing forever),
 * and the reconnect strategy keeps retrying in the background with a capped back-off, so caching
 * resumes by itself when Redis returns.
 *
 * A connection can also go silent: open, but nothing comes back (a hung server, a proxy or NAT that
 * dropped its state). The client then never reconnects by itself, since nothing tells it the socket is
 * dead, and a socket idle timeout would not fire while commands are still being written. So `ping` is
 * the judge: after `reconnectAfterFailedPings` failed pings in a row, the connection is destroyed and
 * made again. The circuit in resilient.ts pings every probe interval while the store is down.
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
  const connect = () =>
    client.connect().then(
      () => undefined,
      (error: unknown) => options.onError(error),
    );
  let connecting = connect();
  const started = new Promise<void>((resolve) => {
    client.once('ready', () => resolve());
    client.once('error', () => resolve());
  });
  const pingTimeoutMs = options.pingTimeoutMs ?? options.connectTimeoutMs;
  const failedPingsAllowed = options.reconnectAfterFailedPings ?? RECONNECT_AFTER_FAILED_PINGS;
  let failedPings = 0;
  let closed = false;
  const reconnect = () => {
    if (closed) return;
    // Commands waiting on the silent socket are rejected here; their callers have long timed out.
    if (client.isOpen) client.destroy();
    connecting = connect();
  };
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
    started,
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
    addMember: async (key, member, score, add) => {
      await ready();
      const answer = await client.eval(ADD_MEMBER_SCRIPT, {
        keys: [key],
        arguments: [
          member,
          String(score),
          add.limit === undefined ? '' : String(add.limit),
          add.pruneBelow === undefined ? '' : String(add.pruneBelow),
          String(Math.max(1, Math.round(add.ttlMs))),
        ],
      });
      return answer === 'full' || answer === 'updated' ? answer : 'added';
    },
    removeMember: async (key, member) => {
      await ready();
      return (await client.zRem(key, member)) > 0;
    },
    members: async (key, range) => {
      await ready();
      const rows = await client.zRangeByScoreWithScores(
        key,
        range.min === undefined ? '-inf' : range.min,
        range.max === undefined ? '+inf' : range.max,
        range.limit === undefined ? undefined : { LIMIT: { offset: 0, count: range.limit } },
      );
      return rows.map((row) => ({ member: String(row.value), score: Number(row.score) }));
    },
    countMembers: async (key, range) => {
      await ready();
      return client.zCount(
        key,
        range.min === undefined ? '-inf' : range.min,
        range.max === undefined ? '+inf' : range.max,
      );
    },
    ping: async () => {
      try {
        await bounded(
          (async () => {
            await ready();
            await client.ping();
          })(),
          pingTimeoutMs,
        );
        failedPings = 0;
      } catch (error) {
        failedPings += 1;
        if (failedPings >= failedPingsAllowed) {
          failedPings = 0;
          options.onError(new Error(`no answer to ${failedPingsAllowed} pings in a row; reconnecting`));
          reconnect();
        }
        throw error;
      }
    },
    close: async () => {
      closed = true;
      // Not awaiting `connecting`: while Redis is down, connect() keeps retrying and may never settle.
      if (client.isOpen) client.destroy();
    },
  };
}
