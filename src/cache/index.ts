import type { Logger } from '../shared/log.js';
import type { Metrics } from '../shared/metrics.js';
import type {
  CallIndex,
  Claims,
  CustomerThreads,
  DmChoices,
  FindingCaches,
  FindingTtls,
  Handover,
  LateStores,
  SummaryCaches,
} from '../use-case/ports.js';
import type { TokenStore } from '../yeastar/token-store.js';
import type { CacheBackend } from './backend.js';
import { createCallIndex } from './call-index.js';
import { createClaims } from './claims.js';
import { createCoalescer } from './coalescer.js';
import { createFindingCaches } from './finding-caches.js';
import { createHandover } from './handover.js';
import { createFileLoginLockouts, createHostTokenStore } from './host-token-store.js';
import { createLateStores } from './late-stores.js';
import { createMemoryBackend } from './memory.js';
import { createCustomerThreads, createDmChoices } from './posting-stores.js';
import { withResilience } from './resilient.js';
import { createSummaryCaches } from './summary-caches.js';
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
    /** Transcript pages (CACHE_TTL_TRANSCRIPT_SECONDS); absent: TRANSCRIPT_CACHE_SECONDS. */
    readonly transcript?: number;
  };
}

/**
 * What the bot (and `callsummary get`) take from one cache connection: in memory without CACHE_URL,
 * Redis with it. Each consumer uses a few of these; the read-through, the coalescer and the backend
 * stay inside src/cache/.
 */
export interface Cache {
  /**
   * The use case's caches (CACHE_TTL_*): summaries and "no summary yet" (loaded once across
   * replicas), leg parties, extension ids.
   */
  readonly summaryCaches: SummaryCaches;
  /** Finding calls' caches (lists, transcript pages, members' emails) over the same store. */
  findingCaches(ttl: FindingTtls): FindingCaches;
  /**
   * The PBX token and login lockout: shared through Redis by every replica, or, without Redis, the
   * token in this process and the lockout in a file every process of this user on the host sees. With
   * Redis, that file is the fallback while Redis does not answer, so a restart then still sees the
   * failed logins this host counted.
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
  /** Customer threads of automatic posting (`thread_by: customer`). */
  readonly threads: CustomerThreads;
  /** Who asked for the summaries of their own calls as DMs (the Home tab). */
  readonly dmChoices: DmChoices;
  /** For GET /readyz: the store answers a ping within the operation timeout. */
  isHealthy(): Promise<boolean>;
  /** Stops the probe and closes the connection. */
  close(): Promise<void>;
}

/** Default bound on every cache operation. */
const OP_TIMEOUT_MS = 300;

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
  /**
   * Where the login lockout file lives (default `<tmpdir>/callsummary-<uid>`): the lockout without
   * Redis, its fallback with Redis.
   */
  readonly lockoutDir?: string;
  /** Without Redis: logins also hold the host's lock file (CLI runs started together). */
  readonly lockLoginsOnHost?: boolean;
  /** Clock for entry TTLs in memory and for forgetting expired claims (tests). */
  readonly now?: () => number;
  /** Hits and misses of each cached kind (GET /metrics). */
  readonly metrics?: Metrics | undefined;
}

/**
 * Opens the cache. Async because the Redis client, a large import, is loaded only when CACHE_URL
 * names Redis: `callsummary get` without it does not pay for it. The connection itself is made in the
 * background (a Redis that is down at start does not stop the start).
 */
export async function createCache(config: CacheConfig, options: CreateCacheOptions): Promise<Cache> {
  return cacheOver(await openBackend(config, options), config, options);
}

/** The cache over a backend already made: CACHE_URL's (createCache), or one a test gives. */
export function cacheOver(raw: CacheBackend, config: CacheConfig, options: CreateCacheOptions): Cache {
  const log = options.logger.child('cache');
  const opTimeoutMs = options.opTimeoutMs ?? OP_TIMEOUT_MS;
  const store = withResilience(raw, {
    logger: log,
    opTimeoutMs,
    probeIntervalMs: options.probeIntervalMs ?? 2000,
  });
  const prefix = keyPrefix(options.pbxBaseUrl);
  const lockoutDir = options.lockoutDir === undefined ? {} : { dir: options.lockoutDir };
  const coalescer = createCoalescer(store, {
    lockMs: 10_000,
    waitMs: options.coalesceWaitMs ?? 5000,
    pollMs: 25,
  });

  return {
    summaryCaches: createSummaryCaches(store, prefix, config.ttlSeconds, coalescer, options.metrics),
    findingCaches: (ttl) => createFindingCaches(store, prefix, ttl, coalescer, options.metrics),
    tokenStore:
      raw.kind === 'redis'
        ? createSharedTokenStore(store, {
            prefix,
            lockMs: options.tokenLockMs ?? 30_000,
            pollMs: 50,
            fallbackLockouts: createFileLoginLockouts(lockoutDir),
          })
        : createHostTokenStore({ lockLogins: options.lockLoginsOnHost ?? false, ...lockoutDir }),
    claims: createClaims(store, { prefix, logger: log, ...(options.now ? { now: options.now } : {}) }),
    late: createLateStores(store, { prefix, ...(options.now ? { now: options.now } : {}) }),
    callIndex: createCallIndex(store, { prefix, ...(options.now ? { now: options.now } : {}) }),
    handover: createHandover(store, {
      prefix,
      shared: raw.kind === 'redis',
      ...(options.now ? { now: options.now } : {}),
    }),
    threads: createCustomerThreads(store, prefix),
    dmChoices: createDmChoices(store, prefix),
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

async function openBackend(config: CacheConfig, options: CreateCacheOptions): Promise<CacheBackend> {
  if (config.url === undefined) {
    return createMemoryBackend({
      limits: { maxEntries: config.maxEntries, maxBytes: config.maxMb * 1024 * 1024 },
      ...(options.now ? { now: options.now } : {}),
    });
  }
  const log = options.logger.child('cache');
  const opTimeoutMs = options.opTimeoutMs ?? OP_TIMEOUT_MS;
  const { createRedisBackend } = await import('./redis.js');
  return createRedisBackend({
    url: config.url,
    connectTimeoutMs: Math.max(opTimeoutMs, 1000),
    pingTimeoutMs: opTimeoutMs,
    // Client errors repeat on every reconnect attempt; the circuit logs one warning per outage.
    onError: (error) => log.debug(`redis client: ${error instanceof Error ? error.message : String(error)}`),
  });
}
