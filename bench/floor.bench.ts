import { fork } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createClient } from '@keyv/redis';
import { createCache } from '../src/cache/index.js';
import { CACHE_LIMIT_DEFAULTS } from '../src/cache/memory.js';
import { keyPrefix } from '../src/cache/typed.js';
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET } from '../src/demo/pbx-simulator/index.js';
import { summaryGist } from '../src/render/index.js';
import { createLogger } from '../src/shared/log.js';
import type { ListParty } from '../src/use-case/finding/call-lists.js';
import { createFinding } from '../src/use-case/finding/index.js';
import { defaultPeriod } from '../src/use-case/model/call-query.js';
import type { IndexedCall } from '../src/use-case/ports.js';
import { createPbxClient, type PbxClient } from '../src/yeastar/client.js';

/**
 * A real support floor (issue: "a list costs what the party's calls cost"): the simulator's busy floor
 * at 5,000 transcribed calls a day (about 4 KB an export row, a week about 140 MB) with 50 ms of PBX
 * latency. For a customer's number and an agent's extension, the first page of `/callsummary <party>`
 * (7 days): PBX requests, bytes downloaded and time, cold (a bot just started, its token taken), warm
 * (the same question again), and from the call index (events recorded every call since before the
 * period). Then what the index costs per call, in memory and in Redis.
 * Targets: cold ≤ 4 exports, ≤ 1 MB, ≤ 500 ms; warm and from the index 0 requests, ≤ 5 ms.
 */
const CALLS_PER_DAY = 5000;
const LATENCY_MS = 50;
/** The bot's clock; the floor's calls run up to it. */
const NOW = Date.UTC(2026, 4, 14, 12, 0, 0);
const TTL = { summary: 1800, noSummary: 60, extension: 3600, leg: 86_400 };
const ROUNDS = 3;
const INDEX_CALLS = 5000;

interface Measure {
  readonly exports: number;
  readonly requests: number;
  readonly bytes: number;
  readonly ms: number;
}

/** The simulator in its own process (bench/floor-sim.ts), asked for its counts over IPC. */
interface ForkedSimulator {
  readonly url: string;
  ask(what: 'reset' | 'stats' | 'close'): Promise<Omit<Measure, 'ms'>>;
}

async function forkSimulator(options: {
  callsPerDay: number;
  latencyMs: number;
  now: number;
}): Promise<ForkedSimulator> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'floor-sim.js');
  const child = fork(script, [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [ready] = (await once(child, 'message')) as [{ url: string }];
  let next = 1;
  return {
    url: ready.url,
    ask: (what) =>
      new Promise((resolve) => {
        const id = next++;
        const listen = (message: { id: number; stats: Omit<Measure, 'ms'> }) => {
          if (message.id !== id) return;
          child.off('message', listen);
          resolve(message.stats);
        };
        child.on('message', listen);
        child.send({ id, ask: what });
      }),
  };
}

async function measured(sim: ForkedSimulator, work: () => Promise<unknown>): Promise<Measure> {
  await sim.ask('reset');
  const start = performance.now();
  await work();
  const ms = performance.now() - start;
  return { ms, ...(await sim.ask('stats')) };
}

export async function run(print: (line: string) => void): Promise<void> {
  const sim = await forkSimulator({ callsPerDay: CALLS_PER_DAY, latencyMs: LATENCY_MS, now: NOW });
  const logger = createLogger({ level: 'error', sink: () => undefined });
  const client = (): PbxClient =>
    createPbxClient(
      {
        baseUrl: sim.url,
        clientId: SIM_CLIENT_ID,
        clientSecret: SIM_CLIENT_SECRET,
        caFile: undefined,
        timeoutMs: 30_000,
        maxRetries: 0,
        loginCooldownMs: 300_000,
        timeFormat: 'YYYY/MM/DD HH:mm:ss',
        exportWindowMinutes: 30,
      },
      { logger, now: () => NOW },
    );

  /** A bot just started: token taken, caches empty; the PBX's zone known (its own system/information). */
  const startBot = async (withIndex?: (record: (call: IndexedCall) => Promise<void>) => Promise<void>) => {
    const pbx = client();
    const clock = { now: NOW };
    const cache = await createCache(
      { url: undefined, ttlSeconds: TTL, ...CACHE_LIMIT_DEFAULTS },
      { logger, pbxBaseUrl: sim.url, now: () => clock.now },
    );
    if (withIndex) {
      await withIndex((call) => cache.callIndex.record(call));
    }
    const finding = createFinding({
      gist: summaryGist,
      find: { userMapFile: undefined, recentDays: 7, pbxTimeZone: 'UTC' },
      cacheTtl: TTL,
      pbx,
      cache,
      index: cache.callIndex,
      userMap: undefined,
      emailOf: undefined,
      logger,
      now: () => NOW,
    });
    await pbx.tokens.token();
    await finding.directory.current();
    return {
      finding,
      /** The event feed came up at `at` and has stayed up since. */
      feedUpSince: async (at: number) => {
        clock.now = at;
        await cache.callIndex.feedUp();
        clock.now = NOW;
      },
      close: async () => {
        await pbx.close({ revoke: true });
        await cache.close();
      },
    };
  };

  // The parties measured: a customer and an agent of the last day's calls (found before measuring).
  const probe = client();
  const lastHour = await probe.exportCalls({
    start: { year: 2026, month: 5, day: 14, hour: 11, minute: 0, second: 0 },
    end: { year: 2026, month: 5, day: 14, hour: 12, minute: 0, second: 0 },
  });
  await probe.close({ revoke: true });
  const inbound = lastHour.find((row) => row.callType === 'Inbound')!;
  const parties: { name: string; party: ListParty }[] = [
    { name: "a customer's number", party: { kind: 'number', number: inbound.callFrom } },
    { name: "an agent's extension", party: { kind: 'extension', extension: inbound.callTo } },
  ];
  const period = defaultPeriod(7);
  const rows: Record<string, Measure[]> = {};
  const add = (name: string, m: Measure) => {
    rows[name] = [...(rows[name] ?? []), m];
  };

  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const { name, party } of parties) {
        const bot = await startBot();
        try {
          add(`${name}, cold`, await measured(sim, () => bot.finding.callLists.list({ party, period })));
          add(`${name}, warm`, await measured(sim, () => bot.finding.callLists.list({ party, period })));
        } finally {
          await bot.close();
        }
        // Events recorded every call of the period (the feed up since before it): the index answers.
        const fed = await startBot(async (record) => {
          for (const row of await exportedWeek(client, party)) {
            await record({
              legId: row.legId,
              uid: '',
              start: row.start,
              caller: row.caller,
              callee: row.callee,
              callType: row.callType,
              talkSeconds: row.talkSeconds,
              gist: row.gist,
              summarySides: ['callee'],
            });
          }
        });
        try {
          await fed.feedUpSince(NOW - 8 * 86_400_000);
          add(
            `${name}, from the call index`,
            await measured(sim, () => fed.finding.callLists.list({ party, period })),
          );
        } finally {
          await fed.close();
        }
      }
    }
  } finally {
    await sim.ask('close');
  }

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  print(
    `busy floor: ${CALLS_PER_DAY} transcribed calls a day, ${LATENCY_MS} ms PBX latency, first page of 7 days`,
  );
  print(
    `  (median of ${ROUNDS} rounds; targets: cold ≤ 4 exports, ≤ 1 MB, ≤ 500 ms; warm/index 0 requests, ≤ 5 ms)`,
  );
  print('  list                                   exports  requests     KB downloaded   ms');
  for (const [name, measures] of Object.entries(rows)) {
    const kb = median(measures.map((m) => m.bytes)) / 1024;
    print(
      `  ${name.padEnd(38)} ${String(median(measures.map((m) => m.exports))).padStart(7)} ${String(median(measures.map((m) => m.requests))).padStart(9)} ${kb.toFixed(0).padStart(17)} ${median(
        measures.map((m) => m.ms),
      )
        .toFixed(1)
        .padStart(6)}`,
    );
  }
  await indexMemory(print);
}

/** What the export says of a party's calls over the last 8 days (as the events would have told). */
async function exportedWeek(client: () => PbxClient, party: ListParty) {
  const pbx = client();
  try {
    const filter = party.kind === 'extension' ? party.extension : party.number.replace(/\D/g, '').slice(-7);
    const start = { year: 2026, month: 5, day: 6, hour: 12, minute: 0, second: 0 };
    const end = { year: 2026, month: 5, day: 14, hour: 12, minute: 0, second: 0 };
    const rows = [
      ...(await pbx.exportCalls({ start, end, callFrom: filter })),
      ...(await pbx.exportCalls({ start, end, callTo: filter })),
    ];
    return rows.map((row) => ({
      legId: row.leg.value,
      start: row.leg.start,
      caller: row.callFrom,
      callee: row.callTo,
      callType: row.callType,
      talkSeconds: row.durationSeconds,
      gist: summaryGist(row.summaryHtml),
    }));
  } finally {
    await pbx.close({ revoke: true });
  }
}

/** Bytes per indexed call: the process's heap in memory, Redis's own count with CACHE_URL. */
async function indexMemory(print: (line: string) => void): Promise<void> {
  const logger = createLogger({ level: 'error', sink: () => undefined });
  const call = (i: number): IndexedCall => ({
    legId: `202605141${String(i).padStart(5, '0')}-F${(i % 0x10000).toString(16).toUpperCase().padStart(4, '0')}`,
    uid: `20260514${String(i).padStart(6, '0')}12345`,
    start: {
      year: 2026,
      month: 5,
      day: 14,
      hour: Math.floor(i / 3600) % 24,
      minute: Math.floor(i / 60) % 60,
      second: i % 60,
    },
    caller: `+1415${String(2_000_000 + (i % 20_000)).padStart(7, '0')}`,
    callee: String(6100 + (i % 40)),
    callType: 'Inbound',
    talkSeconds: 120 + (i % 300),
    gist: 'The customer asked about a delayed order and was given a new delivery date.',
    summarySides: ['callee'],
  });
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const memory = await createCache(
    { url: undefined, ttlSeconds: TTL, maxEntries: 1_000_000, maxMb: 1024 },
    { logger, pbxBaseUrl: 'https://bench.example', now: () => NOW },
  );
  for (let i = 0; i < INDEX_CALLS; i++) await memory.callIndex.record(call(i));
  gc?.();
  const perCallMemory = (process.memoryUsage().heapUsed - before) / INDEX_CALLS;
  await memory.close();
  print(`call index: ${INDEX_CALLS} calls recorded`);
  print(
    `  in memory: ${perCallMemory.toFixed(0)} bytes a call (heap${gc ? '' : ', without --expose-gc: rough'})`,
  );

  const redisUrl = 'redis://127.0.0.1:6379';
  const raw = createClient({ url: redisUrl });
  try {
    await raw.connect();
  } catch {
    print('  in Redis: not measured (no Redis at 127.0.0.1:6379)');
    return;
  }
  const baseUrl = `https://bench-${Date.now()}.example`;
  const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await raw.info('memory'))?.[1] ?? 0);
  const redisBefore = await usedMemory();
  const shared = await createCache(
    { url: redisUrl, ttlSeconds: TTL, ...CACHE_LIMIT_DEFAULTS },
    { logger, pbxBaseUrl: baseUrl, now: () => NOW },
  );
  for (let i = 0; i < INDEX_CALLS; i++) await shared.callIndex.record(call(i));
  const perCallRedis = ((await usedMemory()) - redisBefore) / INDEX_CALLS;
  await shared.close();
  for await (const batch of raw.scanIterator({ MATCH: `${keyPrefix(baseUrl)}:*`, COUNT: 1000 })) {
    if (batch.length > 0) await raw.del(batch);
  }
  raw.destroy();
  print(`  in Redis: ${perCallRedis.toFixed(0)} bytes a call (used_memory)`);
}
