import type { Logger } from '../shared/log.js';
import type {
  CallIndex,
  Claims,
  FindingCaches,
  FindingTtls,
  Handover,
  LateStores,
  PbxSummarySource,
  SummaryCaches,
} from '../use-case/ports.js';
import type { TokenStore } from '../yeastar/token-store.js';
import type { CacheBackend } from './backend.js';
import { createCallIndex } from './call-index.js';
import { createClaims } from './claims.js';
import { createCoalescer } from './coalescer.js';
import { createFindingCaches } from './finding-caches.js';
import { createHandover } from './handover.js';
import { createHostTokenStore } from './host-token-store.js';
import { createLateStores } from './late-stores.js';
import { createMemoryBackend } from './memory.js';
import type { RedisBackendOptions } from './redis.js';
import { withResilience } from './resilient.js';
import { coalescePbxSource, createTypedSummaryCaches, summaryCachesOver } from './summary-caches.js';
import { createSharedTokenStore } from './token-store.js';
import { keyPrefix } from './typed.js';

export interface CacheConfig {
  readonly url: string | undefined;
  /** Ceiling of the in-memory store (ignored with Redis, which has its own `maxmemory`). */
  readonly maxEntries: number;
  readonly maxMb: number;
  readonly ttlSeconds: {
    readonly summary: number;
    readonly noSummary: number;
    readonly extension: number;
    readonly leg: number;
  };
}

/**
 * What the bot (and `callsummary get`) take from one cache connection: in memory without CACHE_URL,
 * Redis with it. Each consumer uses a few of these; the typed caches, the coalescer and the backend
 * stay inside src/cache/.
 */
export interface Cache {
  /** The use case's caches: summaries, "no summary yet", leg parties, extension ids (CACHE_TTL_*). */
  readonly summaryCaches: SummaryCaches;
  /** `pbx` with concurrent identical summary fetches across replicas made once. */
  coalescePbx(pbx: PbxSummarySource): PbxSummarySource;
  /** Finding calls' caches (lists, transcript pages, members' emails) over the same store. */
  findingCaches(ttl: FindingTtls): FindingCaches;
  /**
   * The PBX token and login lockout: shared through Redis by every replica, or, without Redis, the
   * token in this process and the lockout in a file every process of this user on the host sees.
   */
  readonly tokenStore: TokenStore;
  /** Exactly-once claims across replicas, kept in this process while the store is down. */
  readonly claims: Claims;
  /** Late summaries: watches, their check schedule, where summaries were posted (src/late). */
  readonly late: LateStores;
  /** Automatic posts a stopping replica hands to the others (through Redis only). */
  readonly handover: Handover;
  /** Calls recorded from PBX events, by party (shared through Redis by the replicas). */
  readonly callIndex: CallIndex;
  /** For GET /readyz: the store answers a ping within the operation timeout. */
  isHealthy(): Promise<boolean>;
  /** Stops the probe and closes the connection. */
  close(): Promise<void>;
}

export interface CreateCacheOptions {
  readonly logger: Logger;
  /** YEASTAR_BASE_URL: its digest is in every key so two PBXs sharing one Redis never mix. */
  readonly pbxBaseUrl: string;
  /** Bound on every cache operation (default 300 ms). */
  readonly opTimeoutMs?: number;
  /** How often a down store is probed (default 2 s). */
  readonly probeIntervalMs?: number;
  /** Token renewal lock timeout (default 30 s: a login with retries fits in it). */
  readonly tokenLockMs?: number;
  /** How long a replica waits for another's in-flight PBX lookup (default 5 s). */
  readonly coalesceWaitMs?: number;
  /** Without Redis: where the login lockout file lives (default `<tmpdir>/callsummary-<uid>`). */
  readonly lockoutDir?: string;
  /** Without Redis: logins also hold the host's lock file (CLI runs started together). */
  readonly lockLoginsOnHost?: boolean;
  /** A backend to use instead of the one CACHE_URL names (tests). */
  readonly backend?: CacheBackend;
  /** Clock for entry TTLs in memory and for forgetting expired claims (tests). */
  readonly now?: () => number;
}

export function createCache(config: CacheConfig, options: CreateCacheOptions): Cache {
  const log = options.logger.child('cache');
  const opTimeoutMs = options.opTimeoutMs ?? 300;
  const raw =
    options.backend ??
    (config.url === undefined
      ? createMemoryBackend({
          limits: { maxEntries: config.maxEntries, maxBytes: config.maxMb * 1024 * 1024 },
          ...(options.now ? { now: options.now } : {}),
        })
      : lazyRedisBackend({
          url: config.url,
          connectTimeoutMs: Math.max(opTimeoutMs, 1000),
          pingTimeoutMs: opTimeoutMs,
          // Client errors repeat on every reconnect attempt; the circuit logs one warning per outage.
          onError: (error) =>
            log.debug(`redis client: ${error instanceof Error ? error.message : String(error)}`),
        }));
  const store = withResilience(raw, {
    logger: log,
    opTimeoutMs,
    probeIntervalMs: options.probeIntervalMs ?? 2000,
  });
  const prefix = keyPrefix(options.pbxBaseUrl);
  const typed = createTypedSummaryCaches(store, prefix, config.ttlSeconds);
  const coalescer = createCoalescer(store, {
    lockMs: 10_000,
    waitMs: options.coalesceWaitMs ?? 5000,
    pollMs: 25,
    freshMs: 2000,
  });

  return {
    summaryCaches: summaryCachesOver(typed),
    coalescePbx: (pbx) => coalescePbxSource(pbx, typed, coalescer, (id) => `${prefix}:fetch:${id}`),
    findingCaches: (ttl) => createFindingCaches(store, prefix, ttl, coalescer),
    tokenStore:
      raw.kind === 'redis'
        ? createSharedTokenStore(store, { prefix, lockMs: options.tokenLockMs ?? 30_000, pollMs: 50 })
        : createHostTokenStore({
            lockLogins: options.lockLoginsOnHost ?? false,
            ...(options.lockoutDir === undefined ? {} : { dir: options.lockoutDir }),
          }),
    claims: createClaims(store, { prefix, logger: log, ...(options.now ? { now: options.now } : {}) }),
    late: createLateStores(store, { prefix, ...(options.now ? { now: options.now } : {}) }),
    callIndex: createCallIndex(store, { prefix, ...(options.now ? { now: options.now } : {}) }),
    handover: createHandover(store, {
      prefix,
      shared: raw.kind === 'redis',
      ...(options.now ? { now: options.now } : {}),
    }),
    isHealthy: async () => {
      try {
        await store.ping();
        return true;
      } catch {
        return false;
      }
    },
    close: () => store.close(),
  };
}

/**
 * The Redis backend, its module loaded on first need: the Redis client is a large import, and
 * `callsummary get` without CACHE_URL should not pay for it. Operations wait for the load (bounded by
 * the resilient wrapper's timeout, like a connection).
 */
function lazyRedisBackend(options: RedisBackendOptions): CacheBackend {
  const loading = import('./redis.js').then(({ createRedisBackend }) => createRedisBackend(options));
  const later =
    <A extends unknown[], R>(pick: (backend: CacheBackend) => (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> =>
      pick(await loading)(...args);
  return {
    kind: 'redis',
    started: loading.then((backend) => backend.started),
    get: later((b) => b.get),
    set: later((b) => b.set),
    delete: later((b) => b.delete),
    has: later((b) => b.has),
    setIfAbsent: later((b) => b.setIfAbsent),
    deleteIfEquals: later((b) => b.deleteIfEquals),
    deleteIf: later((b) => b.deleteIf),
    getTally: later((b) => b.getTally),
    bumpTally: later((b) => b.bumpTally),
    addMember: later((b) => b.addMember),
    removeMember: later((b) => b.removeMember),
    members: later((b) => b.members),
    ping: later((b) => b.ping),
    close: later((b) => b.close),
  };
}
