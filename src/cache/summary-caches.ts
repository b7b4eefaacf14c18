import { z } from 'zod';
import type { CallSummary } from '../use-case/model/call-summary.js';
import type { Side } from '../use-case/model/leg-id.js';
import type { LegParties, PbxSummarySource, SummaryCaches } from '../use-case/ports.js';
import type { CacheBackend } from './backend.js';
import type { Coalescer } from './coalescer.js';
import {
  callSummarySchema,
  createTypedCache,
  type LegSide,
  legPartiesSchema,
  legSideId,
  markerSchema,
  type TypedCache,
} from './typed.js';

/** TTLs of each kind (CACHE_TTL_*), in seconds. */
export interface SummaryTtls {
  readonly summary: number;
  readonly noSummary: number;
  readonly extension: number;
  readonly leg: number;
}

/** The kinds of value the use case caches, each validated on the way back. */
export interface TypedSummaryCaches {
  /** Summaries per leg and side. */
  readonly summary: TypedCache<LegSide, CallSummary>;
  /** "No summary yet" per leg and side: summaries arrive late, so this lives briefly. */
  readonly noSummary: TypedCache<LegSide, true>;
  /** Extension number → PBX extension id, `null` for "no such extension". */
  readonly extensionId: TypedCache<string, { readonly id: number | null }>;
  /** Leg id → parties (legs do not change). */
  readonly leg: TypedCache<string, LegParties>;
  /** "The export lacks this leg": it enters once its summary is written, so this lives as briefly. */
  readonly legMissing: TypedCache<string, true>;
}

export const extensionEntrySchema = z.object({ id: z.number().int().nonnegative().nullable() });

export function createTypedSummaryCaches(
  store: CacheBackend,
  prefix: string,
  ttl: SummaryTtls,
): TypedSummaryCaches {
  return {
    summary: createTypedCache(store, {
      prefix,
      kind: 'summary',
      ttlMs: ttl.summary * 1000,
      schema: callSummarySchema,
      id: legSideId,
    }),
    noSummary: createTypedCache(store, {
      prefix,
      kind: 'nosummary',
      ttlMs: ttl.noSummary * 1000,
      schema: markerSchema,
      id: legSideId,
    }),
    extensionId: createTypedCache(store, {
      prefix,
      kind: 'ext',
      ttlMs: ttl.extension * 1000,
      schema: extensionEntrySchema,
      id: (number: string) => number,
    }),
    leg: createTypedCache(store, {
      prefix,
      kind: 'leg',
      ttlMs: ttl.leg * 1000,
      schema: legPartiesSchema,
      id: (legId: string) => legId,
    }),
    legMissing: createTypedCache(store, {
      prefix,
      kind: 'legmissing',
      ttlMs: ttl.noSummary * 1000,
      schema: markerSchema,
      id: (legId: string) => legId,
    }),
  };
}

/** The use case's cache interfaces (src/use-case/summaries.ts) over the typed caches. */
export function summaryCachesOver(caches: TypedSummaryCaches): SummaryCaches {
  return {
    summaries: {
      getSummary: (legId, side) => caches.summary.get({ legId, side }),
      setSummary: (summary) => caches.summary.set({ legId: summary.legId, side: summary.side }, summary),
      getNoSummary: async (legId, side) => (await caches.noSummary.get({ legId, side })) === true,
      setNoSummary: (legId, side) => caches.noSummary.set({ legId, side }, true),
    },
    legs: {
      get: (legId) => caches.leg.get(legId),
      set: (legId, parties) => caches.leg.set(legId, parties),
      isMissing: async (legId) => (await caches.legMissing.get(legId)) === true,
      setMissing: (legId) => caches.legMissing.set(legId, true),
    },
    extensions: {
      get: async (number) => (await caches.extensionId.get(number))?.id,
      set: (number, id) => caches.extensionId.set(number, { id }),
    },
  };
}

/**
 * `fetchSummary` through the cross-replica coalescer, so concurrent identical summary fetches across
 * replicas make one PBX call; the other reads pass through unchanged.
 */
export function coalescePbxSource(
  pbx: PbxSummarySource,
  caches: TypedSummaryCaches,
  coalescer: Coalescer,
  keyOf: (id: string) => string,
): PbxSummarySource {
  const read = async (legId: string, side: Side): Promise<CallSummary | null | undefined> => {
    const summary = await caches.summary.get({ legId, side });
    if (summary) return summary;
    return (await caches.noSummary.get({ legId, side })) ? null : undefined;
  };
  return {
    findExtensionId: (number) => pbx.findExtensionId(number),
    exportAroundLeg: (leg, hint) => pbx.exportAroundLeg(leg, hint),
    fetchSummary: (legId, side, extensionId) =>
      coalescer.run(
        keyOf(`${legId}:${side}:${extensionId}`),
        () => read(legId, side),
        async () => {
          const summary = await pbx.fetchSummary(legId, side, extensionId);
          // Written before the in-flight claim is released, so waiting replicas find it.
          if (summary) await caches.summary.set({ legId, side }, summary);
          else await caches.noSummary.set({ legId, side }, true);
          return summary;
        },
      ),
  };
}
