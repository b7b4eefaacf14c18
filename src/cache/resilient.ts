import type { Logger } from '../shared/log.js';
import { bounded, type CacheBackend } from './backend.js';

/**
 * The cache-error policy: a cache outage never fails or slows a request. Every operation is bounded by
 * `opTimeoutMs`; the first failure opens a circuit (ONE warning per outage) and, while it is open,
 * reads are misses, writes are dropped and locks are granted (the caller then simply asks the PBX,
 * as a single replica would); tallies answer undefined ("unknown"), so their caller falls back to a
 * count of its own. Callers that must know whether the store answered (claims) use `attempt`. A
 * background probe pings the store and closes the circuit when it answers, so caching resumes by
 * itself; `onRecovered` listeners then run (claims granted meanwhile are written back).
 */
export interface ResilientOptions {
  readonly logger: Logger;
  readonly opTimeoutMs: number;
  readonly probeIntervalMs: number;
  /** The longest an operation at start waits for the store's first connection (default 5 s). */
  readonly startTimeoutMs?: number;
}

/** What `attempt` gives back: the store's answer, or that it did not answer. */
export type Attempt<T> = { readonly answered: true; readonly value: T } | { readonly answered: false };

export interface ResilientBackend extends CacheBackend {
  /** False while the circuit is open (the store did not answer recently). */
  healthy(): boolean;
  /** Runs `operation` on the store, bounded; `answered: false` while the circuit is open or when it failed. */
  attempt<T>(operation: (store: CacheBackend) => Promise<T>): Promise<Attempt<T>>;
  /** Called each time the store answers again after an outage. */
  onRecovered(listener: () => void): void;
}

export function withResilience(backend: CacheBackend, options: ResilientOptions): ResilientBackend {
  const log = options.logger;
  let open = false;
  let probe: NodeJS.Timeout | undefined;
  let probing = false;
  let closed = false;
  const recovered: (() => void)[] = [];
  let starting = backend.started;
  const started = async () => {
    if (starting === undefined) return;
    await bounded(starting, options.startTimeoutMs ?? 5000).catch(() => undefined);
    starting = undefined;
  };

  const close = () => {
    open = false;
    if (probe) clearInterval(probe);
    probe = undefined;
    log.info(`cache (${backend.kind}) reachable again; caching resumed`);
    for (const listener of recovered) listener();
  };

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
          if (open && !closed) close();
        })
        .catch(() => undefined)
        .finally(() => {
          probing = false;
        });
    }, options.probeIntervalMs);
    probe.unref();
  };

  async function attempt<T>(operation: (store: CacheBackend) => Promise<T>): Promise<Attempt<T>> {
    await started();
    if (open || closed) return { answered: false };
    try {
      return { answered: true, value: await bounded(operation(backend), options.opTimeoutMs) };
    } catch (error) {
      trip(error);
      return { answered: false };
    }
  }

  async function guarded<T>(operation: () => Promise<T>, whenDown: T): Promise<T> {
    const result = await attempt(operation);
    return result.answered ? result.value : whenDown;
  }

  return {
    kind: backend.kind,
    healthy: () => !open,
    attempt,
    onRecovered: (listener) => {
      recovered.push(listener);
    },
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
    addMember: (key, member, score, add) =>
      guarded(() => backend.addMember(key, member, score, add), 'unavailable' as const),
    removeMember: (key, member) => guarded(() => backend.removeMember(key, member), false),
    members: (key, range) => guarded(() => backend.members(key, range), []),
    countMembers: (key, range) => guarded(() => backend.countMembers(key, range), 0),
    // Readiness pings even while no request runs: a failed ping opens the circuit, so the probe (and
    // with it the Redis backend's reconnect after silent pings) runs without waiting for traffic.
    ping: async () => {
      await started();
      try {
        await bounded(backend.ping(), options.opTimeoutMs);
      } catch (error) {
        trip(error);
        throw error;
      }
      if (open && !closed) close();
    },
    close: async () => {
      closed = true;
      if (probe) clearInterval(probe);
      await backend.close();
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
