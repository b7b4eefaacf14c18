import type { z } from 'zod';
import { type Metrics, NO_METRICS } from '../shared/metrics.js';
import { createSingleFlight } from '../shared/single-flight.js';
import type { ReadOptions, ReadThrough } from '../use-case/ports.js';
import type { CacheBackend } from './backend.js';
import type { Coalescer } from './coalescer.js';
import { createTypedCache } from './typed.js';

export interface ReadThroughOptions<K, V> {
  readonly prefix: string;
  /** The key's kind (`summary`, `calls`, …): values live under `<prefix>:<kind>:<id>`. */
  readonly kind: string;
  readonly id: (key: K) => string;
  readonly schema: z.ZodType<V>;
  /** One TTL for the kind, or one per value ("no summary yet" lives briefly). */
  readonly ttlMs: number | ((value: V) => number);
  /**
   * Given: concurrent loads of one key are made once across the replicas sharing the store. Absent:
   * once per process (for kinds whose load is cheap, or already inside a read that is shared).
   */
  readonly coalescer?: Coalescer | undefined;
  /** Hits and misses of the kind (a refresh is a miss: it goes to the PBX). */
  readonly metrics?: Metrics | undefined;
}

/**
 * The one read-through every cached kind goes through: concurrent identical reads in this process
 * share one run (single flight); the cached value, unless `refresh`; else the cross-replica claim (the
 * coalescer: one replica loads, the others wait and read what it kept); then `load`, and its answer
 * written ONCE, before the claim is released so the waiting replicas find it.
 *
 * A refresh does not share a run with reads that may still answer from the cache, but it does share
 * the claim across replicas: whoever holds it has missed the cache or is refreshing too, so what it
 * keeps is new. The store is the
 * resilient one (src/cache/resilient.ts): while it is down reads miss, writes are dropped and claims
 * are granted, so every read simply loads.
 */
export function createReadThrough<K, V>(
  store: CacheBackend,
  options: ReadThroughOptions<K, V>,
): ReadThrough<K, V> {
  const values = createTypedCache(store, options);
  const flight = createSingleFlight();
  const metrics = options.metrics ?? NO_METRICS;

  return {
    get: (key) => values.get(key),
    set: (key, value) => values.set(key, value),
    getOrLoad(key: K, load: () => Promise<V>, how: ReadOptions<V> = {}): Promise<V> {
      const id = options.id(key);
      const shared = how.variant === undefined ? id : `${id}|${how.variant}`;
      const cached = async () => {
        const value = await values.get(key);
        return value !== undefined && (how.accept?.(value) ?? true) ? value : undefined;
      };
      const loadAndKeep = async () => {
        const value = await load();
        await values.set(key, value);
        return value;
      };
      return flight.run(`${shared}${how.refresh ? '|refresh' : ''}`, async () => {
        if (!how.refresh) {
          const value = await cached();
          if (value !== undefined) {
            metrics.cacheRead(options.kind, 'hit');
            return value;
          }
        }
        metrics.cacheRead(options.kind, 'miss');
        const { coalescer } = options;
        return coalescer
          ? coalescer.run(`${options.prefix}:fetch:${options.kind}:${shared}`, cached, loadAndKeep, {
              refresh: how.refresh,
            })
          : loadAndKeep();
      });
    },
  };
}
