import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Socket } from 'node:net';
import { type Cache, createCache } from '../src/cache/index.js';
import { CACHE_LIMIT_DEFAULTS } from '../src/cache/memory.js';
import { createLogger } from '../src/shared/log.js';
import type { CallSummary } from '../src/use-case/model/call-summary.js';
import type { PbxSummarySource } from '../src/use-case/ports.js';

/**
 * 1,000 lookups over 200 legs drawn from a Zipf-like distribution (s = 1.1, fixed seed), through the
 * cache (memory, then Redis on 127.0.0.1:6379 when it answers) in front of a loopback HTTP "PBX" that
 * counts requests. Prints PBX requests, hit rate and hit-path latency (targets: < 1 ms memory,
 * < 3 ms Redis). Then the memory store's ceiling: the heap after 100,000 cached legs with the default
 * CACHE_MAX_ENTRIES / CACHE_MAX_MB, beside the heap before (run with --expose-gc, as `npm run bench` does).
 */
const LOOKUPS = 1000;
const LEGS = 200;
const ttlSeconds = { summary: 1800, noSummary: 60, extension: 3600, leg: 2_592_000 };

function zipfSampler(n: number, s: number, seed: number): () => number {
  const weights = Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s);
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) {
    sum += w / total;
    cumulative.push(sum);
  }
  let state = seed >>> 0;
  const random = () => {
    // mulberry32: deterministic, so every run draws the same legs.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return () => {
    const r = random();
    const index = cumulative.findIndex((c) => c >= r);
    return index === -1 ? n - 1 : index;
  };
}

const legId = (i: number) => `20260514120000-${i.toString(16).toUpperCase().padStart(5, '0')}`;

function redisAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.connect(6379, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

export async function run(print: (line: string) => void): Promise<void> {
  let pbxRequests = 0;
  const pbx = createServer((req, res) => {
    pbxRequests += 1;
    const id = new URL(req.url ?? '/', 'http://x').searchParams.get('leg') ?? '';
    const summary: CallSummary = {
      legId: id,
      side: 'caller',
      html: `<p>Summary of ${id}: the customer asked about an invoice and was helped.</p>`.repeat(5),
      name: 'Ada',
      extNum: '3202',
      avatar: '',
      id: 1,
      createdAt: 1_747_000_000,
      updatedAt: null,
    };
    res.setHeader('content-type', 'application/json').end(JSON.stringify(summary));
  });
  await new Promise<void>((resolve) => pbx.listen(0, '127.0.0.1', resolve));
  const pbxUrl = `http://127.0.0.1:${(pbx.address() as AddressInfo).port}`;

  const backends: { label: string; url: string | undefined }[] = [{ label: 'memory', url: undefined }];
  if (await redisAnswers()) backends.push({ label: 'redis', url: 'redis://127.0.0.1:6379' });
  else print('  (no Redis at 127.0.0.1:6379: Redis row skipped)');

  print('  store   lookups  PBX requests  hit rate  hit p50 ms  hit p99 ms  miss p50 ms');
  for (const backend of backends) {
    pbxRequests = 0;
    // A random PBX URL per run: a fresh key namespace, so every run starts cold (on Redis its keys
    // expire with their TTL).
    const pbxBaseUrl = `${pbxUrl}/${Math.random()}`;
    const cache: Cache = await createCache(
      { url: backend.url, ttlSeconds, ...CACHE_LIMIT_DEFAULTS },
      { logger: createLogger({ level: 'error', sink: () => {} }), pbxBaseUrl },
    );
    const source: PbxSummarySource = {
      findExtensionId: async () => 1,
      exportAroundLeg: async () => [],
      fetchSummary: async (id) => {
        const response = await fetch(`${pbxUrl}/summary?leg=${id}`);
        return (await response.json()) as CallSummary;
      },
    };
    const { summaries } = cache.summaryCaches;
    const next = zipfSampler(LEGS, 1.1, 42);
    const hits: number[] = [];
    const misses: number[] = [];
    try {
      for (let i = 0; i < LOOKUPS; i += 1) {
        const id = legId(next());
        const started = performance.now();
        let loaded = false;
        await summaries.getOrLoad({ legId: id, side: 'caller' }, () => {
          loaded = true;
          return source.fetchSummary(id, 'caller', 1);
        });
        (loaded ? misses : hits).push(performance.now() - started);
      }
    } finally {
      await cache.close();
    }
    hits.sort((a, b) => a - b);
    misses.sort((a, b) => a - b);
    print(
      `  ${backend.label.padEnd(7)} ${String(LOOKUPS).padStart(7)}  ${String(pbxRequests).padStart(12)}  ${(
        (100 * hits.length) /
        LOOKUPS
      )
        .toFixed(1)
        .padStart(7)}%  ${quantile(hits, 0.5).toFixed(3).padStart(10)}  ${quantile(hits, 0.99)
        .toFixed(3)
        .padStart(10)}  ${quantile(misses, 0.5).toFixed(3).padStart(11)}`,
    );
  }
  await new Promise<void>((resolve) => pbx.close(() => resolve()));
  await memoryCeiling(print);
}

const CEILING_LEGS = 100_000;

/** Heap with 100,000 legs cached in the memory store under the default ceiling. */
async function memoryCeiling(print: (line: string) => void): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    print('  (memory ceiling row skipped: run with node --expose-gc)');
    return;
  }
  const heapMb = () => {
    gc();
    return process.memoryUsage().heapUsed / 1024 / 1024;
  };
  const before = heapMb();
  const cache = await createCache(
    { url: undefined, ttlSeconds, ...CACHE_LIMIT_DEFAULTS },
    { logger: createLogger({ level: 'error', sink: () => {} }), pbxBaseUrl: 'https://pbx.bench' },
  );
  const { legs } = cache.summaryCaches;
  for (let i = 0; i < CEILING_LEGS; i += 1) {
    await legs.set(legId(i), {
      caller: String(3000 + (i % 900)),
      callee: `+1555${String(i).padStart(7, '0')}`,
    });
  }
  const after = heapMb();
  let kept = 0;
  for (let i = 0; i < CEILING_LEGS; i += 1) if (await legs.get(legId(i))) kept += 1;
  print('');
  print(
    `  memory ceiling (CACHE_MAX_ENTRIES=${CACHE_LIMIT_DEFAULTS.maxEntries}, CACHE_MAX_MB=${CACHE_LIMIT_DEFAULTS.maxMb})`,
  );
  print('  legs cached  legs kept  heap before MB  heap after MB  growth MB  bytes per kept leg');
  print(
    `  ${String(CEILING_LEGS).padStart(11)}  ${String(kept).padStart(9)}  ${before.toFixed(1).padStart(14)}  ${after
      .toFixed(1)
      .padStart(13)}  ${(after - before).toFixed(1).padStart(9)}  ${((1024 * 1024 * (after - before)) / kept)
      .toFixed(0)
      .padStart(18)}`,
  );
  await cache.close();
}
