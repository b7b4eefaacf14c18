import { z } from 'zod';
import { type CacheBackend, ownerToken } from './backend.js';

/**
 * Coalescing across replicas: the first to claim `<key>:inflight` loads (and `load` writes the answer
 * to the cache), the others wait until the claim is gone (at most `waitMs`) and then `read` the answer,
 * loading themselves only when it is not there, so a dead or slow claimant costs a bounded wait, not
 * an outage. A claimant first checks `<key>:done`, set for `freshMs` after a load: a request whose own
 * cache check came just before another replica's load finished reads that answer instead of asking the
 * PBX again. So an answer `run` returns is at most `freshMs` old (a Refresh within that window gets it
 * too).
 *
 * Within one process, identical calls are already shared by the summary service's single flight; the
 * coalescer is only where replicas meet. While the store is down every caller loads (locks are granted),
 * as a single replica would.
 */
export interface Coalescer {
  run<V>(key: string, read: () => Promise<V | undefined>, load: () => Promise<V>): Promise<V>;
}

export interface CoalescerOptions {
  readonly lockMs: number;
  readonly waitMs: number;
  readonly pollMs: number;
  readonly freshMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

const doneAt = z.number();

export function createCoalescer(backend: CacheBackend, options: CoalescerOptions): Coalescer {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;

  return {
    async run<V>(key: string, read: () => Promise<V | undefined>, load: () => Promise<V>): Promise<V> {
      const startedAt = now();
      const lockKey = `${key}:inflight`;
      const doneKey = `${key}:done`;
      const owner = ownerToken();
      if (await backend.setIfAbsent(lockKey, owner, options.lockMs)) {
        try {
          if (doneAt.safeParse(await backend.get(doneKey)).success) {
            const value = await read();
            if (value !== undefined) return value;
          }
          const value = await load();
          await backend.set(doneKey, now(), options.freshMs);
          return value;
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
