import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { CallSummary } from '../call-summary.js';
import type { Side } from '../leg-id.js';
import type { LegParties } from '../summary-service.js';
import { type CacheBackend, ownerToken } from './backend.js';

/** Keys are `callsummary:v1:<digest of YEASTAR_BASE_URL>:<kind>:<id>`: two PBXs sharing a Redis never mix. */
export function keyPrefix(pbxBaseUrl: string): string {
  const digest = createHash('sha256').update(pbxBaseUrl.replace(/\/+$/, '').toLowerCase()).digest('hex');
  return `callsummary:v1:${digest.slice(0, 16)}`;
}

/** One kind of cached value: validated on the way back; a corrupt or foreign entry is a miss. */
export interface TypedCache<K, V> {
  get(key: K): Promise<V | undefined>;
  set(key: K, value: V): Promise<void>;
  delete(key: K): Promise<void>;
}

export function createTypedCache<K, V>(
  backend: CacheBackend,
  options: {
    readonly prefix: string;
    readonly kind: string;
    readonly ttlMs: number;
    readonly schema: z.ZodType<V>;
    readonly id: (key: K) => string;
  },
): TypedCache<K, V> {
  const full = (key: K) => `${options.prefix}:${options.kind}:${options.id(key)}`;
  return {
    get: async (key) => {
      const parsed = options.schema.safeParse(await backend.get(full(key)));
      // A failed parse is simply a miss: the next set overwrites the entry.
      return parsed.success ? parsed.data : undefined;
    },
    set: (key, value) => backend.set(full(key), value, options.ttlMs),
    delete: (key) => backend.delete(full(key)),
  };
}

const sideSchema = z.enum(['caller', 'callee']);

export const callSummarySchema: z.ZodType<CallSummary> = z.object({
  legId: z.string().min(1),
  side: sideSchema,
  html: z.string(),
  name: z.string(),
  extNum: z.string(),
  avatar: z.string(),
  id: z.number().nullable(),
  createdAt: z.number().nullable(),
  updatedAt: z.number().nullable(),
});

export const legPartiesSchema: z.ZodType<LegParties> = z.object({ caller: z.string(), callee: z.string() });

/** A "no summary yet" marker; a literal so that any other stored value is not mistaken for it. */
export const noSummarySchema = z.literal(true);

export interface LegSide {
  readonly legId: string;
  readonly side: Side;
}

export const legSideId = (key: LegSide): string => `${key.legId}:${key.side}`;

/**
 * Cross-replica coalescing: concurrent identical loads in one process share one promise; across
 * replicas, the first to claim `<key>:inflight` loads (and `load` writes the answer to the cache), the
 * others wait until the claim is gone (at most `waitMs`) and then `read` the answer, loading themselves
 * only when it is not there, so a dead or slow claimant costs a bounded wait, not an outage. A claimant
 * first checks `<key>:done`, set for `freshMs` after a load: a request whose own cache check came just
 * before another replica's load finished reads that answer instead of asking the PBX again. So an
 * answer `run` returns is at most `freshMs` old (a Refresh within that window gets it too).
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

export function createCoalescer(backend: CacheBackend, options: CoalescerOptions): Coalescer {
  const inflight = new Map<string, Promise<unknown>>();
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const doneAt = z.number();

  async function acrossReplicas<V>(key: string, read: () => Promise<V | undefined>, load: () => Promise<V>) {
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
  }

  return {
    run<V>(key: string, read: () => Promise<V | undefined>, load: () => Promise<V>): Promise<V> {
      const existing = inflight.get(key) as Promise<V> | undefined;
      if (existing) return existing;
      const started = acrossReplicas(key, read, load).finally(() => inflight.delete(key));
      inflight.set(key, started);
      return started;
    },
  };
}
