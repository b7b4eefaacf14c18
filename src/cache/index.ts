import type { CallSummary } from '../call-summary.js';
import type { CacheConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { LegParties } from '../summary-service.js';
import type { TokenStore } from '../yeastar/token-store.js';
import { type CacheBackend, createMemoryBackend, createRedisBackend, ownerToken } from './backend.js';
import { type ResilientBackend, withResilience } from './resilient.js';
import { extensionEntrySchema } from './summary-caches.js';
import { createSharedTokenStore } from './token-store.js';
import {
  type Coalescer,
  callSummarySchema,
  createCoalescer,
  createTypedCache,
  keyPrefix,
  type LegSide,
  legPartiesSchema,
  legSideId,
  noSummarySchema,
  type TypedCache,
} from './typed.js';

export type { CacheBackend } from './backend.js';
export { coalescePbxSource, createSharedSummaryCaches } from './summary-caches.js';
export type { Coalescer, LegSide, TypedCache } from './typed.js';

/** Everything the composition root wires from one cache connection. */
export interface Cache {
  /** `memory` (CACHE_URL unset) or `redis`. */
  readonly kind: 'memory' | 'redis';
  /** The guarded backend: bounded operations, circuit while the store is down. */
  readonly store: ResilientBackend;
  /** PBX access token, shared by replicas; pass to `createTokenManager({ store })`. */
  readonly tokenStore: TokenStore;
  /** Summaries per leg and side (CACHE_TTL_SUMMARY_SECONDS). */
  readonly summaryCache: TypedCache<LegSide, CallSummary>;
  /** "No summary yet" per leg and side (CACHE_TTL_NO_SUMMARY_SECONDS): summaries arrive late. */
  readonly noSummaryCache: TypedCache<LegSide, true>;
  /** Extension number → PBX extension id, `null` for "no such extension" (CACHE_TTL_EXTENSION_SECONDS). */
  readonly extensionIdCache: TypedCache<string, { readonly id: number | null }>;
  /** Leg id → parties (CACHE_TTL_LEG_SECONDS; legs do not change). */
  readonly legCache: TypedCache<string, LegParties>;
  /**
   * Shares one load between concurrent identical lookups, in this process and across replicas.
   * `run(key, read, load)`: `read` returns the cached answer (or undefined), `load` asks the PBX AND
   * writes the answer to the cache. Use a key from `coalesceKey`.
   */
  readonly coalescer: Coalescer;
  /** A key for `coalescer.run`, namespaced like every other key. */
  coalesceKey(kind: string, id: string): string;
  /**
   * True for exactly one caller across replicas until `ttlMs` passes or `release(key)` (SET NX PX on
   * Redis, atomic in memory). While the cache is down every claim is granted (degraded, like one
   * replica). `key` is namespaced here.
   */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Gives up a claim this process holds. */
  release(key: string): Promise<void>;
  /** Claims this process remembers owning (diagnostics, tests): expired ones are forgotten. */
  ownedClaims(): number;
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
  /** A backend to use instead of the one CACHE_URL names (tests). */
  readonly backend?: CacheBackend;
  /** Clock for forgetting expired claims (tests). */
  readonly now?: () => number;
}

/** How often expired claims are forgotten (at most once per this, when a claim is made). */
export const CLAIM_SWEEP_INTERVAL_MS = 60_000;

export function createCache(config: CacheConfig, options: CreateCacheOptions): Cache {
  const log = options.logger.child('cache');
  const opTimeoutMs = options.opTimeoutMs ?? 300;
  const raw =
    options.backend ??
    (config.url === undefined
      ? createMemoryBackend()
      : createRedisBackend({
          url: config.url,
          connectTimeoutMs: Math.max(opTimeoutMs, 1000),
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
  const ttl = config.ttlSeconds;
  const now = options.now ?? Date.now;
  // Owner tokens of claims this process won, for release. Most claims are never released (a posted
  // summary keeps its claim until the TTL ends), so entries past their TTL are swept out, or the map
  // would grow by one entry per posted summary for as long as the bot runs.
  const owned = new Map<string, { readonly owner: string; readonly until: number }>();
  let nextSweep = now() + CLAIM_SWEEP_INTERVAL_MS;
  const forgetExpired = () => {
    const at = now();
    if (at < nextSweep) return;
    nextSweep = at + CLAIM_SWEEP_INTERVAL_MS;
    for (const [key, claim] of owned) if (claim.until <= at) owned.delete(key);
  };

  return {
    kind: raw.kind,
    store,
    tokenStore: createSharedTokenStore(store, { prefix, lockMs: options.tokenLockMs ?? 30_000, pollMs: 50 }),
    summaryCache: createTypedCache(store, {
      prefix,
      kind: 'summary',
      ttlMs: ttl.summary * 1000,
      schema: callSummarySchema,
      id: legSideId,
    }),
    noSummaryCache: createTypedCache(store, {
      prefix,
      kind: 'nosummary',
      ttlMs: ttl.noSummary * 1000,
      schema: noSummarySchema,
      id: legSideId,
    }),
    extensionIdCache: createTypedCache(store, {
      prefix,
      kind: 'ext',
      ttlMs: ttl.extension * 1000,
      schema: extensionEntrySchema,
      id: (number: string) => number,
    }),
    legCache: createTypedCache(store, {
      prefix,
      kind: 'leg',
      ttlMs: ttl.leg * 1000,
      schema: legPartiesSchema,
      id: (legId: string) => legId,
    }),
    coalescer: createCoalescer(store, {
      lockMs: 10_000,
      waitMs: options.coalesceWaitMs ?? 5000,
      pollMs: 25,
      freshMs: 2000,
    }),
    coalesceKey: (kind, id) => `${prefix}:${kind}:${id}`,
    claim: async (key, ttlMs) => {
      forgetExpired();
      const owner = ownerToken();
      const won = await store.setIfAbsent(`${prefix}:claim:${key}`, owner, ttlMs);
      if (won) owned.set(key, { owner, until: now() + ttlMs });
      return won;
    },
    release: async (key) => {
      const claim = owned.get(key);
      if (claim === undefined) return;
      owned.delete(key);
      await store.deleteIfEquals(`${prefix}:claim:${key}`, claim.owner);
    },
    ownedClaims: () => owned.size,
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
