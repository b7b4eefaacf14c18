import { describe, expect, it } from 'vitest';
import { createCache } from '../../src/cache/index.js';
import { CACHE_LIMIT_DEFAULTS } from '../../src/cache/memory.js';
import { SAMPLE_LEGS, SIM_CLIENT_ID, SIM_CLIENT_SECRET } from '../../src/demo/pbx-simulator/index.js';
import { CallSummaryError, describeError } from '../../src/shared/errors.js';
import { ENGLISH } from '../../src/shared/i18n/index.js';
import { parseLegId } from '../../src/use-case/model/leg-id.js';
import type { Claims } from '../../src/use-case/ports.js';
import { createSummaryService, partiesOf } from '../../src/use-case/summaries.js';
import { BUSY_WAITS_MS } from '../../src/yeastar/ai-export.js';
import { createPbxClient, type PbxClient, type PbxClientDeps } from '../../src/yeastar/client.js';
import { createMemoryClaims } from '../helpers/memory-claims.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { simAndClientPerTest } from '../helpers/pbx-client.js';
import { describeRedis, uniquePbxBaseUrl } from '../helpers/redis.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';

/**
 * The PBX's own answers to the AI export (issue 20, part 4), against the simulator over loopback HTTP:
 * 60001 is an empty window, 70082 and 2 are waited out (bounded), exports take turns (in a process,
 * and across replicas through the cache, with Redis cut too), and a byte-order mark is read.
 */
const simAndClient = simAndClientPerTest();
const TTL = { summary: 1800, noSummary: 60, extension: 3600, leg: 86_400 };
const BUSY = { errcode: 70082, errmsg: 'OVERLOAD_TASK_RUNNING' };
const real = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A sleep that records what it was asked to wait and returns at once. */
function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

async function partiesAround(client: PbxClient, legId: string) {
  const leg = parseLegId(legId);
  return partiesOf(await client.exportAroundLeg(leg), leg);
}

/** The sample data's first three transcribed calls, asked for as one list would. */
const WINDOW = {
  start: { year: 2026, month: 5, day: 13, hour: 22, minute: 0, second: 0 },
  end: { year: 2026, month: 5, day: 14, hour: 11, minute: 0, second: 0 },
};

describe('60001 DATA NOT FOUND answering the export', () => {
  it('is an empty window: the lookup widens, then says "not transcribed yet", never "the PBX refused"', async () => {
    const { sim, client, clock } = await simAndClient();
    const caches = (
      await createCache(
        { url: undefined, ttlSeconds: TTL, ...CACHE_LIMIT_DEFAULTS },
        { logger: createMemoryLogger(), pbxBaseUrl: sim.url, now: () => clock.now },
      )
    ).summaryCaches;
    const service = createSummaryService({
      pbx: client,
      caches,
      logger: createMemoryLogger(),
      now: () => clock.now,
      pbxTimeZone: 'UTC',
    });
    // 15 minutes before the test clock, and nothing transcribed within half an hour of it.
    const error = await service.lookup({ legId: '20260514114500-0ABCD' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallSummaryError);
    expect(error).toMatchObject({ code: 'not_transcribed_yet' });
    expect(describeError(error, 'cli', ENGLISH).message).not.toContain('60001');
    // Narrow (±3 min), then wide (±30 min): both 60001, so no file to download.
    expect(sim.stats.count('cdr/aidownload')).toBe(2);
    expect(sim.stats.count('api/download')).toBe(0);
  });

  it('gives no rows for a list period with no transcribed call', async () => {
    const { client } = await simAndClient();
    const empty = {
      start: { year: 2026, month: 5, day: 1, hour: 0, minute: 0, second: 0 },
      end: { year: 2026, month: 5, day: 2, hour: 0, minute: 0, second: 0 },
    };
    await expect(client.exportCalls(empty)).resolves.toEqual([]);
  });
});

describe('70082 OVERLOAD_TASK_RUNNING and 2 PROCESSING', () => {
  it('waits 1 s, then 2 s, and reads the export the PBX gives on the third ask', async () => {
    const { waits, sleep } = recordingSleep();
    const { sim, client, logger } = await simAndClient({}, {}, { sleep });
    sim.injectFault('cdr/aidownload', BUSY, 2);
    await expect(partiesAround(client, SAMPLE_LEGS.internalBoth)).resolves.toEqual({
      caller: '3202',
      callee: '3203',
    });
    expect(waits).toEqual([1000, 2000]);
    expect(sim.stats.count('cdr/aidownload')).toBe(3);
    expect(logger.lines.join('\n')).toContain(
      'busy with another export (errcode 70082 OVERLOAD_TASK_RUNNING); asking again in 1 s',
    );
  });

  it('gives up after about 30 s of waiting, with a message a person can act on', async () => {
    const { waits, sleep } = recordingSleep();
    const { sim, client } = await simAndClient({}, {}, { sleep });
    sim.injectFault('cdr/aidownload', BUSY, 100);
    const error = await partiesAround(client, SAMPLE_LEGS.internalBoth).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'pbx_busy',
      details: { errcode: 70082, errmsg: 'OVERLOAD_TASK_RUNNING', waitedSeconds: 30 },
    });
    expect(waits).toEqual([...BUSY_WAITS_MS]);
    expect(waits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(30_000);
    // One first ask and one after each wait; the lookup stops there (no wider window).
    expect(sim.stats.count('cdr/aidownload')).toBe(BUSY_WAITS_MS.length + 1);
    const { message, hint, retryable } = describeError(error, 'slack', ENGLISH);
    expect(message).toContain('The PBX is busy with another export');
    expect(hint).toBe('The PBX runs one export at a time; try again in a minute.');
    expect(retryable).toBe(true);
  });

  it('waits out 2 PROCESSING answering the download, and asks for the same file again', async () => {
    const { waits, sleep } = recordingSleep();
    const { sim, client } = await simAndClient({}, {}, { sleep });
    sim.injectFault('api/download', { errcode: 2, errmsg: 'PROCESSING' });
    await expect(partiesAround(client, SAMPLE_LEGS.internalBoth)).resolves.toEqual({
      caller: '3202',
      callee: '3203',
    });
    expect(waits).toEqual([1000]);
    expect(sim.stats.count('cdr/aidownload')).toBe(1);
    expect(sim.stats.count('api/download')).toBe(2);
  });
});

describe('one export at a time per PBX', () => {
  it('runs concurrent exports of one process one after another: the PBX sees no overlap', async () => {
    const { sim, client } = await simAndClient({ latencyMs: 30 });
    const results = await Promise.all([
      client.exportCalls(WINDOW),
      client.exportCalls(WINDOW),
      partiesAround(client, SAMPLE_LEGS.chinese),
    ]);
    expect(results[0].map((call) => call.leg.value)).toEqual([
      SAMPLE_LEGS.docExample,
      SAMPLE_LEGS.internalBoth,
      SAMPLE_LEGS.chinese,
    ]);
    expect(results[2]).toEqual({ caller: '+8613800138000', callee: '3205' });
    expect(sim.exportOverlaps).toBe(0);
    expect(sim.stats.count('cdr/aidownload')).toBe(3);
  });

  it('(the simulator does see two processes exporting at once, each on its own)', async () => {
    const { sim, client } = await simAndClient({ latencyMs: 30 });
    const { client: other, close } = await secondClient(sim.url);
    try {
      await Promise.allSettled([client.exportCalls(WINDOW), other.exportCalls(WINDOW)]);
      expect(sim.exportOverlaps).toBeGreaterThan(0);
    } finally {
      await close();
    }
  });

  it('takes turns across replicas through a shared claim', async () => {
    const claims = createMemoryClaims();
    const { sim, client } = await simAndClient(
      { latencyMs: 30 },
      {},
      { exportClaims: claims, sleep: () => real(5) },
    );
    const { client: other, close } = await secondClient(sim.url, {
      exportClaims: claims,
      sleep: () => real(5),
    });
    try {
      const [a, b] = await Promise.all([client.exportCalls(WINDOW), other.exportCalls(WINDOW)]);
      expect(a).toHaveLength(3);
      expect(b).toHaveLength(3);
      expect(sim.exportOverlaps).toBe(0);
      // The claim is given back after each turn.
      await expect(claims.claim('pbx-export-turn', 1000)).resolves.toBe(true);
    } finally {
      await close();
    }
  });

  it("keeps this process's queue when the shared claim fails outright", async () => {
    const failing: Claims = {
      claim: () => Promise.reject(new Error('store gone')),
      release: () => Promise.reject(new Error('store gone')),
    };
    const { sim, client, logger } = await simAndClient({ latencyMs: 20 }, {}, { exportClaims: failing });
    const [a, b] = await Promise.all([client.exportCalls(WINDOW), client.exportCalls(WINDOW)]);
    expect([a.length, b.length]).toEqual([3, 3]);
    expect(sim.exportOverlaps).toBe(0);
    expect(logger.lines.filter((l) => l.includes("this process's queue alone orders exports"))).toHaveLength(
      1,
    );
  });
});

describeRedis('one export at a time across replicas sharing Redis', () => {
  it('two replicas, one Redis: no overlap; with Redis cut, each still exports (its own queue)', async () => {
    const proxy = await startTcpProxy();
    const baseUrl = uniquePbxBaseUrl();
    const cacheOf = () =>
      createCache(
        { url: proxy.url, ttlSeconds: TTL, ...CACHE_LIMIT_DEFAULTS },
        { logger: createMemoryLogger(), pbxBaseUrl: baseUrl, opTimeoutMs: 250, probeIntervalMs: 50 },
      );
    const caches = [await cacheOf(), await cacheOf()];
    const { sim, client } = await simAndClient(
      { latencyMs: 30 },
      {},
      { exportClaims: caches[0]!.claims, sleep: () => real(5) },
    );
    const { client: other, close } = await secondClient(sim.url, {
      exportClaims: caches[1]!.claims,
      sleep: () => real(5),
    });
    try {
      await Promise.all([client.exportCalls(WINDOW), other.exportCalls(WINDOW)]);
      expect(sim.exportOverlaps).toBe(0);

      proxy.cut();
      const rows = await Promise.all([client.exportCalls(WINDOW), client.exportCalls(WINDOW)]);
      expect(rows.map((r) => r.length)).toEqual([3, 3]);
      expect(sim.exportOverlaps).toBe(0);
    } finally {
      await close();
      for (const cache of caches) await cache.close();
      await proxy.close();
    }
  });
});

describe('the export file', () => {
  it('is read when it starts with a UTF-8 byte-order mark', async () => {
    const { sim, client } = await simAndClient();
    sim.downloadMode = 'bom';
    await expect(partiesAround(client, SAMPLE_LEGS.internalBoth)).resolves.toEqual({
      caller: '3202',
      callee: '3203',
    });
  });
});

/** Another process's client of the same simulator (its own queue, token and clock). */
async function secondClient(url: string, deps: Partial<PbxClientDeps> = {}) {
  const client = createPbxClient(
    {
      baseUrl: url,
      clientId: SIM_CLIENT_ID,
      clientSecret: SIM_CLIENT_SECRET,
      caFile: undefined,
      timeoutMs: 2000,
      maxRetries: 0,
      loginCooldownMs: 300_000,
      timeFormat: 'YYYY/MM/DD HH:mm:ss',
      exportWindowMinutes: 30,
    },
    { logger: createMemoryLogger(), sleep: async () => undefined, ...deps },
  );
  return { client, close: () => client.close({ revoke: false }) };
}
