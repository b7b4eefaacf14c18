import { z } from 'zod';
import type { Metrics } from '../shared/metrics.js';
import type { LegSide, SummaryCaches } from '../use-case/ports.js';
import type { CacheBackend } from './backend.js';
import type { Coalescer } from './coalescer.js';
import { createReadThrough } from './read-through.js';
import { callSummarySchema, createTypedCache, legPartiesSchema, legSideId, markerSchema } from './typed.js';

/** TTLs of each kind (CACHE_TTL_*), in seconds. */
export interface SummaryTtls {
  readonly summary: number;
  readonly noSummary: number;
  readonly extension: number;
  readonly leg: number;
}

const extensionIdSchema = z.number().int().nonnegative().nullable();

/**
 * The use case's summary caches (src/use-case/summaries.ts), each kind one read-through:
 * - `summary:<leg>:<side>`: the summary, or `null` for "no summary yet" with its own shorter TTL
 *   (summaries arrive late); loaded once across replicas, since a lookup's load resolves the leg and
 *   asks the PBX.
 * - `leg:<leg>`: the parties (legs do not change), with `legmissing:<leg>` for "the export lacks this
 *   leg", kept as briefly as "no summary yet": a leg enters the export once its summary is written.
 * - `ext:<number>`: the extension id, `null` for "no such extension".
 * Legs and extension ids are loaded once per process: they are resolved inside a summary's load,
 * which is the one shared across replicas, and a claim would cost more round trips than it saves.
 */
export function createSummaryCaches(
  store: CacheBackend,
  prefix: string,
  ttl: SummaryTtls,
  coalescer: Coalescer,
  metrics?: Metrics,
): SummaryCaches {
  const legMissing = createTypedCache(store, {
    prefix,
    kind: 'legmissing',
    ttlMs: ttl.noSummary * 1000,
    schema: markerSchema,
    id: (legId: string) => legId,
  });
  const legs = createReadThrough(store, {
    metrics,
    prefix,
    kind: 'leg',
    ttlMs: ttl.leg * 1000,
    schema: legPartiesSchema,
    id: (legId: string) => legId,
  });
  return {
    summaries: createReadThrough(store, {
      metrics,
      prefix,
      kind: 'summary',
      ttlMs: (summary) => (summary === null ? ttl.noSummary : ttl.summary) * 1000,
      schema: callSummarySchema.nullable(),
      id: (key: LegSide) => legSideId(key),
      coalescer,
    }),
    legs: {
      ...legs,
      isMissing: async (legId) => (await legMissing.get(legId)) === true,
      setMissing: (legId) => legMissing.set(legId, true),
    },
    extensions: createReadThrough(store, {
      metrics,
      prefix,
      kind: 'ext',
      ttlMs: ttl.extension * 1000,
      schema: extensionIdSchema,
      id: (number: string) => number,
    }),
  };
}
