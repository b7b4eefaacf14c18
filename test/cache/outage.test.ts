import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { type Cache, createCache } from '../../src/cache/index.js';
import { CACHE_LIMIT_DEFAULTS } from '../../src/cache/memory.js';
import { keyPrefix } from '../../src/cache/typed.js';
import type { PbxSummarySource } from '../../src/use-case/ports.js';
import { callSummary } from '../helpers/call-summary.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { deleteRedisKeys, describeRedis, uniquePbxBaseUrl } from '../helpers/redis.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const ttlSeconds = { summary: 1800, noSummary: 60, extension: 3600, leg: 2_592_000 };

const summaryFor = (legId: string) =>
  callSummary({
    legId,
    side: 'caller',
    html: `<p>${legId}</p>`,
    name: '',
    id: null,
    createdAt: null,
    updatedAt: null,
  });

describeRedis('cache outage (Redis behind a TCP proxy that is cut and restored)', () => {
  let proxy: TcpProxy;
  let cache: Cache;
  let baseUrl: string;
  const logger = createMemoryLogger();
  let pbxCalls = 0;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeEach(async () => {
    process.on('unhandledRejection', onUnhandled);
    proxy = await startTcpProxy();
    baseUrl = uniquePbxBaseUrl();
    cache = await createCache(
      { url: proxy.url, ttlSeconds, ...CACHE_LIMIT_DEFAULTS },
      { logger, pbxBaseUrl: baseUrl, opTimeoutMs: 250, probeIntervalMs: 50 },
    );
  });
  afterEach(async () => {
    await cache.close();
    await proxy.close();
    await deleteRedisKeys(keyPrefix(baseUrl));
    process.off('unhandledRejection', onUnhandled);
  });

  /** A (fake) PBX that counts summary fetches. */
  const pbx: PbxSummarySource = {
    findExtensionId: async () => 17,
    exportAroundLeg: async () => [],
    fetchSummary: async (legId) => {
      pbxCalls += 1;
      return summaryFor(legId);
    },
  };

  /** What a request does: the cached summary, or the PBX's, which fills the cache. */
  const read = (of: Cache, legId: string) =>
    of.summaryCaches.summaries.getOrLoad({ legId, side: 'caller' }, () =>
      pbx.fetchSummary(legId, 'caller', 17),
    );
  const request = async (legId: string) => (await read(cache, legId))!;

  it('answers every request through the outage, warns once, and resumes caching by itself', async () => {
    const warnings = () =>
      logger.lines.filter((line) => line.includes('WARN') && line.includes('unreachable'));
    expect((await request('20260513223234-00001')).legId).toBe('20260513223234-00001');
    const before = pbxCalls;
    expect((await request('20260513223234-00001')).legId).toBe('20260513223234-00001');
    expect(pbxCalls).toBe(before); // a hit while Redis is up

    proxy.cut();
    for (let i = 0; i < 20; i += 1) {
      const legId = `20260513223234-1${String(i).padStart(4, '0')}`;
      expect((await request(legId)).legId).toBe(legId);
    }
    await expect(cache.isHealthy()).resolves.toBe(false);
    expect(warnings()).toHaveLength(1);

    proxy.restore();
    await vi.waitFor(async () => expect(await cache.isHealthy()).toBe(true), {
      timeout: 10_000,
      interval: 50,
    });
    const legId = '20260513223234-2AAAA';
    await request(legId);
    const afterFill = pbxCalls;
    await request(legId);
    expect(pbxCalls).toBe(afterFill); // caching resumed
    expect(warnings()).toHaveLength(1);
    expect(logger.lines.some((line) => line.includes('caching resumed'))).toBe(true);
    expect(unhandled).toEqual([]);
  });

  it('serves requests when Redis is unreachable from the start', async () => {
    proxy.cut();
    const cold = await createCache(
      { url: proxy.url, ttlSeconds, ...CACHE_LIMIT_DEFAULTS },
      { logger: createMemoryLogger(), pbxBaseUrl: baseUrl, opTimeoutMs: 250, probeIntervalMs: 50 },
    );
    try {
      const legId = '20260513223234-3BBBB';
      const answer = await read(cold, legId);
      expect(answer?.legId).toBe(legId);
      expect(await cold.isHealthy()).toBe(false);
      expect(await cold.claims.claim('x', 1000)).toBe(true);
    } finally {
      await cold.close();
    }
    expect(unhandled).toEqual([]);
  });
});

describeRedis('a silent Redis (connection open, nothing answered)', () => {
  it('is noticed and left: readiness recovers once Redis answers again on a new connection', {
    timeout: 45_000,
  }, async () => {
    const proxy = await startTcpProxy();
    const baseUrl = uniquePbxBaseUrl();
    const logger = createMemoryLogger();
    const cache = await createCache(
      { url: proxy.url, ttlSeconds, ...CACHE_LIMIT_DEFAULTS },
      { logger, pbxBaseUrl: baseUrl, opTimeoutMs: 200, probeIntervalMs: 50 },
    );
    try {
      await vi.waitFor(async () => expect(await cache.isHealthy()).toBe(true), { timeout: 10_000 });
      const connections = proxy.accepted;

      // A hung server, or a NAT that forgot the connection: open, and silent for good.
      proxy.silence();
      await cache.summaryCaches.legs.set('20260513223234-3EE9E', { caller: '1', callee: '2' });
      expect(await cache.isHealthy()).toBe(false);
      // Requests are not held up meanwhile: the circuit answers them as misses.
      expect(await cache.summaryCaches.legs.get('20260513223234-3EE9E')).toBeUndefined();

      // Redis answers again, but only on a new connection: the client must drop the silent one.
      proxy.restore();
      await vi.waitFor(async () => expect(await cache.isHealthy()).toBe(true), {
        timeout: 30_000,
        interval: 100,
      });
      expect(proxy.accepted).toBeGreaterThan(connections);
      await cache.summaryCaches.legs.set('20260513223234-3EE9E', { caller: '1', callee: '2' });
      expect(await cache.summaryCaches.legs.get('20260513223234-3EE9E')).toEqual({
        caller: '1',
        callee: '2',
      });
    } finally {
      await cache.close();
      await proxy.close();
      await deleteRedisKeys(keyPrefix(baseUrl));
    }
  });
});
