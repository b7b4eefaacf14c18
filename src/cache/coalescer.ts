import { type CacheBackend, ownerToken } from './backend.js';

/**
 * Coalescing across replicas: the first to claim `<key>:inflight` loads (and `load` writes the answer
 * to the cache before the claim is released), the others wait until the claim is gone (at most
 * `waitMs`) and then `read` the answer, loading themselves only when it is not there, so a dead or
 * slow claimant costs a bounded wait, not an outage. A claimant first reads again, unless it refreshes:
 * its own cache check may have come just before another replica's load finished, and that answer is
 * then as good as a new one. A refresh loads, so what it answers is never older than the request.
 *
 * Within one process, identical calls are already shared by the single flight of the read-through
 * (read-through.ts, its one user); the coalescer is only where replicas meet. While the store is down
 * every caller loads (locks are granted), as a single replica would.
 */
export interface Coalescer {
  run<V>(
    key: string,
    read: () => Promise<V | undefined>,
    load: () => Promise<V>,
    options?: { readonly refresh?: boolean | undefined },
  ): Promise<V>;
}

export interface CoalescerOptions {
  readonly lockMs: number;
  readonly waitMs: number;
  readonly pollMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

export function createCoalescer(backend: CacheBackend, options: CoalescerOptions): Coalescer {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;

  return {
    async run(key, read, load, run = {}) {
      const startedAt = now();
      const lockKey = `${key}:inflight`;
      const owner = ownerToken();
      if (await backend.setIfAbsent(lockKey, owner, options.lockMs)) {
        try {
          if (!run.refresh) {
            const value = await read();
            if (value !== undefined) return value;
          }
          return await load();
        } finally {
          await backend.deleteIfEquals(lockKey, owner);
        }
      }
      const deadline = startedAt + options.waitMs;
      while (now() < deadline && (await backend.has(lockKey))) await sleep(options.pollMs);
      const value = await read();
      return value !== undefined ? value : load();
    },
  };
}
