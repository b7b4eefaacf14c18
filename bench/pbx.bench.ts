import { performance } from 'node:perf_hooks';
import fetch from 'node-fetch';
import { createCache } from '../src/cache/index.js';
import { CACHE_LIMIT_DEFAULTS } from '../src/cache/memory.js';
import {
  type PbxSimulator,
  SAMPLE_LEGS,
  SIM_CLIENT_ID,
  SIM_CLIENT_SECRET,
  type SimLeg,
  sampleData,
  startPbxSimulator,
} from '../src/demo/pbx-simulator/index.js';
import { createLogger } from '../src/shared/log.js';
import { createSummaryService } from '../src/use-case/summaries.js';
import { createPbxClient } from '../src/yeastar/client.js';
import { runFinding } from './pbx-finding.js';

/**
 * PBX requests per lookup (cold, warm = token/extension/leg cached but summary not, fully cached) and
 * the client's own latency above the simulator's injected 50 ms, beside a bare fetch of the same
 * endpoint in the same run. Two more cold lookups count what the export search costs: a leg that
 * starts 12 minutes into its call (the narrow export misses, the wide one finds it), and a leg on a
 * busy PBX whose ±30-minute export (about 12 MB of transcripts) is past the 10 MB download cap.
 * Then finding calls (bench/pbx-finding.ts): searches, lists, transcripts and the directory.
 */
const LATENCY_MS = 50;
const ROUNDS = 20;
const TTL = { summary: 1800, noSummary: 60, extension: 3600, leg: 86_400 };

export async function run(print: (line: string) => void): Promise<void> {
  const sim = await startPbxSimulator({ ...sampleData(), latencyMs: LATENCY_MS });
  const logger = createLogger({ level: 'error', sink: () => undefined });
  const makeService = async () => {
    const client = createPbxClient(
      {
        baseUrl: sim.url,
        clientId: SIM_CLIENT_ID,
        clientSecret: SIM_CLIENT_SECRET,
        caFile: undefined,
        timeoutMs: 10_000,
        maxRetries: 0,
        loginCooldownMs: 300_000,
        timeFormat: 'YYYY/MM/DD HH:mm:ss',
        exportWindowMinutes: 30,
      },
      { logger },
    );
    // The memory cache stack `callsummary get` runs.
    const cache = await createCache(
      { url: undefined, ttlSeconds: TTL, ...CACHE_LIMIT_DEFAULTS },
      { logger, pbxBaseUrl: sim.url },
    );
    const service = createSummaryService({ pbx: client, caches: cache.summaryCaches, logger });
    return { client, service };
  };
  const request = { legId: SAMPLE_LEGS.docExample, side: 'callee' as const };
  const lateLeg = '20260520100000-0BEEF';
  const busyLeg = '20260521100000-0CAFE';
  addExportLegs(sim, lateLeg, busyLeg);
  try {
    const counted = async (work: () => Promise<unknown>) => {
      const before = sim.stats.count();
      const start = performance.now();
      await work();
      return { requests: sim.stats.count() - before, ms: performance.now() - start };
    };

    // Cold: a fresh client each time (token, extension, leg and summary all unknown).
    const cold: { requests: number; ms: number }[] = [];
    for (let i = 0; i < 5; i++) {
      const { client, service } = await makeService();
      cold.push(await counted(() => service.lookup(request)));
      await client.close({ revoke: true });
    }

    const coldOf = async (legId: string) => {
      const fresh = await makeService();
      try {
        return await counted(() => fresh.service.lookup({ legId, side: 'callee' }));
      } finally {
        await fresh.client.close({ revoke: true });
      }
    };
    const late = [await coldOf(lateLeg)];
    const busy = [await coldOf(busyLeg)];

    const { client, service } = await makeService();
    await service.lookup(request);
    const warm: { requests: number; ms: number }[] = [];
    const cached: { requests: number; ms: number }[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      warm.push(await counted(() => service.lookup({ ...request, refresh: true })));
      cached.push(await counted(() => service.lookup(request)));
    }

    // Baseline: the same getaisummary request with a bare fetch (no validation, retries, token logic).
    const token = await client.tokens.token();
    const bare: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const url = `${sim.url}/openapi/v2.0/cdr/getaisummary?cdr_id=${request.legId}&dst_ext_id=42&access_token=${token}`;
      const start = performance.now();
      await (await fetch(url, { headers: { 'User-Agent': 'OpenAPI' } })).json();
      bare.push(performance.now() - start);
    }
    await client.close({ revoke: true });

    const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const row = (name: string, xs: { requests: number; ms: number }[]) => {
      const requests = mean(xs.map((x) => x.requests));
      const ms = median(xs.map((x) => x.ms));
      const overhead = ms - requests * LATENCY_MS;
      print(
        `  ${name.padEnd(34)} ${requests.toFixed(1).padStart(5)} req   median ${ms.toFixed(1).padStart(7)} ms   above injected latency ${overhead.toFixed(2).padStart(6)} ms`,
      );
    };
    print(`  simulator latency ${LATENCY_MS} ms per request; cold n=${cold.length}, warm/cached n=${ROUNDS}`);
    row('cold lookup (nothing cached)', cold);
    row('cold, leg 12 min into its call', late);
    row('cold, busy PBX (12 MB in ±30 min)', busy);
    row('warm lookup (summary not cached)', warm);
    row('fully cached lookup', cached);
    const bareMs = median(bare);
    print(
      `  ${'bare fetch of getaisummary'.padEnd(34)} ${'1.0'.padStart(5)} req   median ${bareMs.toFixed(1).padStart(7)} ms   above injected latency ${(bareMs - LATENCY_MS).toFixed(2).padStart(6)} ms`,
    );
    print(
      `  client overhead on a warm lookup vs bare fetch: ${(median(warm.map((w) => w.ms)) - bareMs).toFixed(2)} ms (target < 2 ms; target 1 request per warm lookup)`,
    );
  } finally {
    await sim.close();
  }
  await runFinding(print, LATENCY_MS);
}

/** Legs for the export-search rows, on days of their own so they do not crowd the sample legs' windows. */
function addExportLegs(sim: PbxSimulator, lateLeg: string, busyLeg: string): void {
  const summary = {
    id: 1,
    html: '<p>Summary</p>',
    createdAt: 0,
    updatedAt: 0,
    name: 'Kristin Hale',
    extNum: '3203',
  };
  const leg = (legId: string, time: string): SimLeg => ({
    legId,
    uid: '1.1',
    callType: 'Inbound',
    callFrom: '+14155550999',
    callTo: '3203',
    time,
    summaries: { callee: summary },
  });
  // The call began 12 minutes before this leg of it (a queue wait): its export time is the call's.
  sim.addLeg(leg(lateLeg, '2026/05/20 09:48:00'));
  sim.addLeg(leg(busyLeg, '2026/05/21 10:00:00'));
  for (let i = 0; i < 60; i++) {
    const minute = String(31 + (i % 25)).padStart(2, '0');
    sim.addLeg({
      ...leg(`2026052109${minute}00-1${String(i).padStart(4, '0')}`, `2026/05/21 09:${minute}:00`),
      transcript: [{ speaker: '3203', content: 'x'.repeat(200_000), atMs: 0 }],
    });
  }
}
