import type { Logger } from '../log.js';
import type { CacheBackend } from './backend.js';

/**
 * The cache-error policy: a cache outage never fails or slows a request. Every operation is bounded by
 * `opTimeoutMs`; the first failure opens a circuit (ONE warning per outage) and, while it is open,
 * reads are misses, writes are dropped and claims are granted (the caller then simply asks the PBX,
 * as a single replica would); tallies answer undefined ("unknown"), so their caller falls back to a
 * count of its own. A background probe pings the store and closes the circuit when it
 * answers, so caching resumes by itself.
 */
export interface ResilientOptions {
  readonly logger: Logger;
  readonly opTimeoutMs: number;
  readonly probeIntervalMs: number;
}

export interface ResilientBackend extends CacheBackend {
  /** False while the circuit is open (the store did not answer recently). */
  healthy(): boolean;
}

export function withResilience(backend: CacheBackend, options: ResilientOptions): ResilientBackend {
  const log = options.logger;
  let open = false;
  let probe: NodeJS.Timeout | undefined;
  let probing = false;
  let closed = false;

  const trip = (error: unknown) => {
    if (open || closed) return;
    open = true;
    log.warn(
      `cache (${backend.kind}) unreachable; serving straight from the PBX until it answers again: ${describe(error)}`,
    );
    probe = setInterval(() => {
      if (probing) return;
      probing = true;
      bounded(backend.ping(), options.opTimeoutMs)
        .then(() => {
          if (!open) return;
          open = false;
          if (probe) clearInterval(probe);
          probe = undefined;
          log.info(`cache (${backend.kind}) reachable again; caching resumed`);
        })
        .catch(() => undefined)
        .finally(() => {
          probing = false;
        });
    }, options.probeIntervalMs);
    probe.unref();
  };

  async function guarded<T>(operation: () => Promise<T>, whenDown: T): Promise<T> {
    if (open || closed) return whenDown;
    try {
      return await bounded(operation(), options.opTimeoutMs);
    } catch (error) {
      trip(error);
      return whenDown;
    }
  }

  return {
    kind: backend.kind,
    healthy: () => !open,
    get: (key) => guarded(() => backend.get(key), undefined),
    set: (key, value, ttlMs) => guarded(() => backend.set(key, value, ttlMs), undefined),
    delete: (key) => guarded(() => backend.delete(key), undefined),
    has: (key) => guarded(() => backend.has(key), false),
    setIfAbsent: (key, value, ttlMs) => guarded(() => backend.setIfAbsent(key, value, ttlMs), true),
    deleteIfEquals: (key, value) => guarded(() => backend.deleteIfEquals(key, value), false),
    deleteIf: (key, decide) => guarded(() => backend.deleteIf(key, decide), false),
    // Undefined, not null: the caller must know the store did not answer (it then uses its own count).
    getTally: (key) => guarded(() => backend.getTally(key), undefined),
    bumpTally: (key, by, until, ttlMs) => guarded(() => backend.bumpTally(key, by, until, ttlMs), undefined),
    ping: async () => {
      await bounded(backend.ping(), options.opTimeoutMs);
    },
    close: async () => {
      closed = true;
      if (probe) clearInterval(probe);
      await backend.close();
    },
  };
}

/** Rejects when `promise` does not settle within `ms`; the late result is ignored (never unhandled). */
export function bounded<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cache operation timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
