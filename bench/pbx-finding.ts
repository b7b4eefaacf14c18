import { performance } from 'node:perf_hooks';
import { createCache } from '../src/cache/index.js';
import { CACHE_LIMIT_DEFAULTS } from '../src/cache/memory.js';
import {
  type PbxSimulator,
  SAMPLE_LEGS,
  SIM_CLIENT_ID,
  SIM_CLIENT_SECRET,
  sampleData,
  startPbxSimulator,
} from '../src/demo/pbx-simulator/index.js';
import { summaryGist } from '../src/render/index.js';
import { createLogger } from '../src/shared/log.js';
import { createFinding } from '../src/use-case/finding/index.js';
import { defaultPeriod } from '../src/use-case/model/call-query.js';
import { createSummaryService } from '../src/use-case/summaries.js';
import { createPbxClient } from '../src/yeastar/client.js';

/**
 * Finding calls, composed as the bot composes it (src/compose/bot.ts): PBX requests and time for a cold
 * number search, the same search warm, opening a listed call's summary, a transcript page, and a cold
 * `/callsummary <leg-id> callee 3202` with the extension directory (against the extension search it
 * replaced). "Cold" is a bot just started: its token and extension directory were taken at start
 * (counted on their own row), every cache is empty. Over the simulator's realistic week (~200 calls),
 * with the same injected latency as the lookup rows above.
 */
const TTL = { summary: 1800, noSummary: 60, extension: 3600, leg: 86_400 };
const ROUNDS = 5;
/** The week's end and the bot's clock: the simulator's week is generated from it. */
const NOW = Date.UTC(2026, 4, 14, 12, 0, 0);

interface Measure {
  readonly requests: number;
  readonly ms: number;
}

export async function runFinding(print: (line: string) => void, latencyMs: number): Promise<void> {
  const data = sampleData({ week: { endingAt: NOW } });
  const sim = await startPbxSimulator({ ...data, latencyMs, now: () => NOW });
  const logger = createLogger({ level: 'error', sink: () => undefined });

  /** A bot's PBX side, just started: token and directory taken, caches empty. */
  const startBot = async (options: { directory: boolean }) => {
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
      { logger, now: () => NOW },
    );
    const cache = await createCache(
      { url: undefined, ttlSeconds: TTL, ...CACHE_LIMIT_DEFAULTS },
      { logger, pbxBaseUrl: sim.url },
    );
    const finding = createFinding({
      gist: summaryGist,
      find: { userMapFile: undefined, recentDays: 7, pbxTimeZone: undefined },
      cacheTtl: TTL,
      pbx: {
        exportCalls: (query) => client.exportCalls(query),
        listExtensions: () => client.listExtensions(),
        listGroups: () => client.listGroups(),
        fetchTranscriptPage: (legId, page, limit) => client.fetchTranscriptPage(legId, page, limit),
        findExtensionId: (number) => client.findExtensionId(number),
      },
      cache,
      userMap: undefined,
      emailOf: undefined,
      logger,
      now: () => NOW,
    });
    const summaries = createSummaryService({
      pbx: options.directory
        ? { ...client, findExtensionId: (number) => finding.directory.findExtensionId(number) }
        : client,
      caches: cache.summaryCaches,
      logger,
      now: () => NOW,
    });
    const startup = await counted(sim, async () => {
      await client.tokens.token();
      if (options.directory) await finding.directory.current();
    });
    return {
      finding,
      summaries,
      startup,
      close: async () => {
        await client.close({ revoke: true });
        await cache.close();
      },
    };
  };

  const customer = busiestNumber(data.legs, NOW);
  const period = defaultPeriod(7);
  const rows: Record<string, Measure[]> = {};
  const add = (name: string, measure: Measure) => {
    rows[name] = [...(rows[name] ?? []), measure];
  };
  let listed = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const bot = await startBot({ directory: true });
      try {
        add('bot start: token + directory (extension/list)', bot.startup);
        let first: Awaited<ReturnType<typeof bot.finding.callLists.list>> | undefined;
        add(
          'cold number search (7 days)',
          await counted(sim, async () => {
            first = await bot.finding.callLists.list({ party: { kind: 'number', number: customer }, period });
          }),
        );
        listed = first!.total;
        add(
          'warm number search (same query)',
          await counted(sim, () =>
            bot.finding.callLists.list({ party: { kind: 'number', number: customer }, period }),
          ),
        );
        const call = first!.calls.find((c) => c.summarySide !== null)!;
        add(
          "opening a listed call's summary",
          await counted(sim, () => bot.summaries.lookup({ legId: call.legId, side: call.summarySide! })),
        );
        add(
          'cold extension list (3202, 7 days)',
          await counted(sim, () =>
            bot.finding.callLists.list({ party: { kind: 'extension', extension: '3202' }, period }),
          ),
        );
        add('transcript page 1, cold', await counted(sim, () => bot.finding.transcripts.page(call.legId)));
        add('transcript page 1, warm', await counted(sim, () => bot.finding.transcripts.page(call.legId)));
      } finally {
        await bot.close();
      }
      // A bot of its own each, so nothing the searches above cached helps.
      for (const directory of [true, false]) {
        const fresh = await startBot({ directory });
        try {
          add(
            `cold <leg-id> callee 3202 (${directory ? 'directory' : 'extension search, as before'})`,
            await counted(sim, () =>
              fresh.summaries.lookup({ legId: SAMPLE_LEGS.docExample, side: 'callee', extension: '3202' }),
            ),
          );
        } finally {
          await fresh.close();
        }
      }
    }
  } finally {
    await sim.close();
  }

  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  print('');
  print(
    `  finding calls, composed as the bot does, over the simulator's week (${data.legs.length} legs); ${latencyMs} ms per request; n=${ROUNDS}`,
  );
  print(`  number searched: ${customer} (${listed} calls listed)`);
  for (const [name, measures] of Object.entries(rows)) {
    const requests = mean(measures.map((m) => m.requests));
    const ms = median(measures.map((m) => m.ms));
    print(
      `  ${name.padEnd(52)} ${requests.toFixed(1).padStart(5)} req   median ${ms.toFixed(1).padStart(7)} ms   above injected latency ${(ms - requests * latencyMs).toFixed(2).padStart(6)} ms`,
    );
  }
  print(
    "  targets: cold search exports filtered by the party (never the whole PBX's), 0 per listed call, warm 0, opening a summary 1, cold <leg-id> callee 3202 1",
  );
}

async function counted(sim: PbxSimulator, work: () => Promise<unknown>): Promise<Measure> {
  const before = sim.stats.count();
  const start = performance.now();
  await work();
  return { requests: sim.stats.count() - before, ms: performance.now() - start };
}

/** The outside number with the most calls in the last 7 days (the search that lists the most). */
function busiestNumber(legs: ReturnType<typeof sampleData>['legs'], now: number): string {
  const counts = new Map<string, number>();
  for (const leg of legs) {
    const at = Date.parse(`${leg.time.replaceAll('/', '-').replace(' ', 'T')}Z`);
    if (now - at > 7 * 86_400_000) continue;
    for (const party of [leg.callFrom, leg.callTo]) {
      if (party.startsWith('+')) counts.set(party, (counts.get(party) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}
