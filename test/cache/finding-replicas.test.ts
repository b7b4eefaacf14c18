import { afterEach, expect, it } from 'vitest';
import { type Cache, createCache } from '../../src/cache/index.js';
import { CACHE_LIMIT_DEFAULTS } from '../../src/cache/memory.js';
import { keyPrefix } from '../../src/cache/typed.js';
import {
  type PbxSimulator,
  SAMPLE_LEGS,
  SIM_CLIENT_ID,
  SIM_CLIENT_SECRET,
  sampleData,
  startPbxSimulator,
} from '../../src/demo/pbx-simulator/index.js';
import { summaryGist } from '../../src/render/index.js';
import { createFinding, type Finding } from '../../src/use-case/finding/index.js';
import { defaultPeriod } from '../../src/use-case/model/call-query.js';
import { createPbxClient } from '../../src/yeastar/client.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { deleteRedisKeys, describeRedis, REDIS_URL } from '../helpers/redis.js';

/**
 * Finding calls on replicas sharing one Redis: a list and a transcript page asked of all of them at
 * once cost the PBX one export and one page, and what one replica cached (validated on the way back)
 * serves a replica started later.
 */
const ttlSeconds = { summary: 1800, noSummary: 60, extension: 3600, leg: 2_592_000 };
const NOW = Date.UTC(2026, 4, 14, 12, 0, 0);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function replica(sim: PbxSimulator): Promise<{ finding: Finding; cache: Cache }> {
  const logger = createMemoryLogger();
  const cache = await createCache(
    { url: REDIS_URL, ttlSeconds, ...CACHE_LIMIT_DEFAULTS },
    { logger, pbxBaseUrl: sim.url },
  );
  const client = createPbxClient(
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
    { logger, store: cache.tokenStore, now: () => NOW, sleep: async () => undefined },
  );
  cleanups.push(async () => {
    await client.close({ revoke: false });
    await cache.close();
  });
  const finding = createFinding({
    gist: summaryGist,
    find: { userMapFile: undefined, recentDays: 7, pbxTimeZone: undefined },
    cacheTtl: ttlSeconds,
    pbx: client,
    cache,
    userMap: undefined,
    emailOf: undefined,
    logger,
    now: () => NOW,
  });
  return { finding, cache };
}

describeRedis('finding calls on three replicas sharing one Redis', () => {
  it('make one export for a list and one request for a transcript page asked of all at once', async () => {
    const sim = await startPbxSimulator({ ...sampleData({ week: { endingAt: NOW } }), now: () => NOW });
    cleanups.push(() => sim.close());
    cleanups.push(() => deleteRedisKeys(keyPrefix(sim.url)));
    const replicas = await Promise.all([replica(sim), replica(sim), replica(sim)]);
    // Names come from each replica's own directory: loaded first, so the counts below are the lists'.
    await Promise.all(replicas.map((r) => r.finding.directory.current()));
    sim.stats.reset();

    const request = { party: { kind: 'number', number: '+14155550123' }, period: defaultPeriod(7) } as const;
    const pages = await Promise.all(
      Array.from({ length: 9 }, (_, i) => replicas[i % 3]!.finding.callLists.list(request)),
    );
    // One list's exports, not nine: no window and filter asked twice.
    const exports = sim.stats.queries('cdr/aidownload').map((q) => q.toString());
    expect(exports.length).toBeGreaterThan(0);
    expect(new Set(exports).size).toBe(exports.length);
    expect(new Set(pages.map((p) => JSON.stringify(p.calls))).size).toBe(1);
    expect(pages[0]!.calls.map((c) => c.legId)).toContain(SAMPLE_LEGS.docExample);

    const transcripts = await Promise.all(
      Array.from({ length: 9 }, (_, i) => replicas[i % 3]!.finding.transcripts.page(SAMPLE_LEGS.docExample)),
    );
    expect(sim.stats.count('cdr/getaicontext')).toBe(1);
    expect(
      transcripts.every((t) => t.lines.length === transcripts[0]!.lines.length && t.lines.length > 0),
    ).toBe(true);

    // A replica started later reads both from Redis.
    const later = await replica(sim);
    await later.finding.directory.current();
    const before = sim.stats.count();
    expect((await later.finding.callLists.list(request)).calls).toEqual(pages[0]!.calls);
    expect((await later.finding.transcripts.page(SAMPLE_LEGS.docExample)).lines).toEqual(
      transcripts[0]!.lines,
    );
    expect(sim.stats.count()).toBe(before);
  });

  it('takes a corrupt cached list for a miss and asks the PBX again', async () => {
    const sim = await startPbxSimulator({ ...sampleData({ week: { endingAt: NOW } }), now: () => NOW });
    cleanups.push(() => sim.close());
    cleanups.push(() => deleteRedisKeys(keyPrefix(sim.url)));
    const { finding } = await replica(sim);
    const request = { party: { kind: 'extension', extension: '3202' }, period: defaultPeriod(7) } as const;
    const first = await finding.callLists.list(request);
    const { createClient } = await import('@keyv/redis');
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    try {
      const keys: string[] = [];
      for await (const batch of redis.scanIterator({ MATCH: `${keyPrefix(sim.url)}:calls:*` }))
        keys.push(...batch);
      expect(keys).toHaveLength(1);
      await redis.set(keys[0]!, JSON.stringify({ value: { at: 'yesterday', calls: 'many' } }));
    } finally {
      redis.destroy();
    }
    sim.stats.reset();
    const second = await finding.callLists.list(request);
    expect(second.calls).toEqual(first.calls);
    expect(sim.stats.count('cdr/aidownload')).toBeGreaterThan(0);
  });
});
