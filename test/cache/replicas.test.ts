import { afterEach, expect, it } from 'vitest';
import { type Cache, createCache } from '../../src/cache/index.js';
import { CACHE_LIMIT_DEFAULTS } from '../../src/cache/memory.js';
import { keyPrefix } from '../../src/cache/typed.js';
import {
  SAMPLE_LEGS,
  SIM_CLIENT_ID,
  SIM_CLIENT_SECRET,
  sampleData,
  startPbxSimulator,
} from '../../src/demo/pbx-simulator/index.js';
import { createSummaryService } from '../../src/use-case/summaries.js';
import { createPbxClient, type PbxClient } from '../../src/yeastar/client.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { deleteRedisKeys, describeRedis, REDIS_URL } from '../helpers/redis.js';

const ttlSeconds = { summary: 1800, noSummary: 60, extension: 3600, leg: 2_592_000 };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describeRedis('three replicas sharing one Redis and one PBX', () => {
  it('30 concurrent identical lookups spread over them cause one get_token, one export and one getaisummary', async () => {
    const clock = { now: Date.UTC(2026, 4, 14, 12, 0, 0) };
    const sim = await startPbxSimulator({ ...sampleData(), now: () => clock.now });
    cleanups.push(() => sim.close());
    // A fresh namespace per run: the simulator's URL has a random port, and the keys carry its digest.
    cleanups.push(() => deleteRedisKeys(keyPrefix(sim.url)));

    const replicas = await Promise.all(
      Array.from({ length: 3 }, async () => {
        const logger = createMemoryLogger();
        const cache: Cache = await createCache(
          { url: REDIS_URL, ttlSeconds, ...CACHE_LIMIT_DEFAULTS },
          { logger, pbxBaseUrl: sim.url },
        );
        const client: PbxClient = createPbxClient(
          {
            baseUrl: sim.url,
            clientId: SIM_CLIENT_ID,
            clientSecret: SIM_CLIENT_SECRET,
            caFile: undefined,
            timeoutMs: 5000,
            maxRetries: 2,
            loginCooldownMs: 300_000,
            timeFormat: 'YYYY/MM/DD HH:mm:ss',
            exportWindowMinutes: 30,
          },
          { logger, store: cache.tokenStore, now: () => clock.now, sleep: async () => undefined },
        );
        cleanups.push(async () => {
          await client.close({ revoke: false });
          await cache.close();
        });
        return createSummaryService({ pbx: client, caches: cache.summaryCaches, logger });
      }),
    );

    const lookups = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        replicas[i % 3]!.lookup({ legId: SAMPLE_LEGS.docExample, side: 'callee' }),
      ),
    );
    for (const lookup of lookups) expect(lookup.results[0]?.status).toBe('found');
    // The leg's parties are resolved inside the summary's load, which one replica makes for all.
    expect({
      token: sim.stats.count('get_token'),
      export: sim.stats.count('cdr/aidownload'),
      summary: sim.stats.count('cdr/getaisummary'),
    }).toEqual({ token: 1, export: 1, summary: 1 });
  });
});
