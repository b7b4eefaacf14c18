import { z } from 'zod';
import type { CallSummary } from '../call-summary.js';
import type { Side } from '../leg-id.js';
import type { PbxSummarySource, SummaryCaches } from '../summary-service.js';
import type { Cache } from './index.js';

/**
 * The use case's cache interfaces (src/summary-service.ts) over the Keyv caches, and the PBX source wrapped
 * so that concurrent identical summary fetches across replicas make one PBX call. Wiring:
 *
 *   const cache = createCache(config.cache, { logger, pbxBaseUrl: config.pbx.baseUrl });
 *   const pbx = createPbxClient(config.pbx, { logger, store: cache.tokenStore });
 *   createSummaryService({ pbx: coalescePbxSource(pbx, cache), caches: createSharedSummaryCaches(cache), logger });
 */
export function createSharedSummaryCaches(cache: Cache): SummaryCaches {
  return {
    summaries: {
      getSummary: (legId, side) => cache.summaryCache.get({ legId, side }),
      setSummary: (summary) => cache.summaryCache.set({ legId: summary.legId, side: summary.side }, summary),
      getNoSummary: async (legId, side) => (await cache.noSummaryCache.get({ legId, side })) === true,
      setNoSummary: (legId, side) => cache.noSummaryCache.set({ legId, side }, true),
    },
    legs: {
      get: (legId) => cache.legCache.get(legId),
      set: (legId, parties) => cache.legCache.set(legId, parties),
    },
    extensions: {
      get: async (number) => (await cache.extensionIdCache.get(number))?.id,
      set: (number, id) => cache.extensionIdCache.set(number, { id }),
    },
  };
}

/** `fetchSummary` through the cross-replica coalescer; the other reads pass through unchanged. */
export function coalescePbxSource(pbx: PbxSummarySource, cache: Cache): PbxSummarySource {
  const read = async (legId: string, side: Side): Promise<CallSummary | null | undefined> => {
    const summary = await cache.summaryCache.get({ legId, side });
    if (summary) return summary;
    return (await cache.noSummaryCache.get({ legId, side })) ? null : undefined;
  };
  return {
    findExtensionId: (number) => pbx.findExtensionId(number),
    exportAroundLeg: (leg, knownNumber) => pbx.exportAroundLeg(leg, knownNumber),
    fetchSummary: (legId, side, extensionId) =>
      cache.coalescer.run(
        cache.coalesceKey('fetch', `${legId}:${side}:${extensionId}`),
        () => read(legId, side),
        async () => {
          const summary = await pbx.fetchSummary(legId, side, extensionId);
          // Written before the in-flight claim is released, so waiting replicas find it.
          if (summary) await cache.summaryCache.set({ legId, side }, summary);
          else await cache.noSummaryCache.set({ legId, side }, true);
          return summary;
        },
      ),
  };
}

export const extensionEntrySchema = z.object({ id: z.number().int().nonnegative().nullable() });
