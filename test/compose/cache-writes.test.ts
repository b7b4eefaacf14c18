import { createClient } from '@keyv/redis';
import { afterEach, expect, it, vi } from 'vitest';
import { keyPrefix } from '../../src/cache/typed.js';
import { loadConfig } from '../../src/compose/config.js';
import { type Core, openCore } from '../../src/compose/core.js';
import { SAMPLE_LEGS, sampleData, startPbxSimulator } from '../../src/demo/pbx-simulator/index.js';
import { defaultPeriod } from '../../src/use-case/model/call-query.js';
import { simulatorEnv } from '../helpers/env.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { deleteRedisKeys, describeRedis, REDIS_URL } from '../helpers/redis.js';

/**
 * Every write a cold read sends to Redis, as MONITOR sees it, through the composition the bot runs
 * (compose/core.ts with CACHE_URL): each value read through the cache is written once, by the one
 * read-through, not once by the cross-replica coalescer and again by the use case.
 */
const WRITES = new Set(['SET', 'SETEX', 'PSETEX', 'DEL', 'UNLINK', 'PEXPIRE', 'EXPIRE', 'EVAL', 'EVALSHA']);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The quoted arguments of a MONITOR line: `<time> [<db> <client>] "SET" "key" …`. */
function commandOf(line: string): { name: string; key: string } | undefined {
  const args = [...line.slice(line.indexOf(']') + 1).matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!);
  const name = args[0]?.toUpperCase();
  if (name === undefined) return undefined;
  // EVAL <script> <numkeys> <key> …
  const key = name === 'EVAL' || name === 'EVALSHA' ? args[3] : args[1];
  return key === undefined ? undefined : { name, key };
}

async function setup() {
  const sim = await startPbxSimulator(sampleData({ week: { endingAt: Date.now() } }));
  cleanups.push(() => sim.close());
  const prefix = keyPrefix(sim.url);
  cleanups.push(() => deleteRedisKeys(prefix));
  const config = loadConfig(simulatorEnv(sim, { CACHE_URL: REDIS_URL }), 'pbx');
  // The bot's composition: extension ids through the directory it keeps.
  const core: Core = await openCore(config, {
    logger: createMemoryLogger('error'),
    extensionIds: 'directory',
  });
  cleanups.push(() => core.close());

  const monitor = createClient({ url: REDIS_URL });
  await monitor.connect();
  cleanups.push(async () => {
    monitor.destroy();
  });
  const writes: { name: string; key: string }[] = [];
  await monitor.monitor((line) => {
    // Commands a script runs show up as "[<db> lua]": the script itself was counted once, as EVAL.
    if (/\[\d+ lua\]/.test(line)) return;
    const command = commandOf(line);
    if (command && WRITES.has(command.name) && command.key.startsWith(prefix)) writes.push(command);
  });
  /**
   * Runs `read` and gives back the writes it sent (`<command> <key under the prefix>`, sorted), once
   * MONITOR has seen all of them.
   */
  const writesOf = async (read: () => Promise<unknown>) => {
    await read();
    const sentinel = `${prefix}:sentinel:${Math.random()}`;
    const sender = createClient({ url: REDIS_URL });
    await sender.connect();
    try {
      await sender.set(sentinel, '1', { PX: 1000 });
      // MONITOR reports in execution order: once the sentinel shows up, every write before it has.
      await vi.waitFor(() => expect(writes.some((w) => w.key === sentinel)).toBe(true));
    } finally {
      sender.destroy();
    }
    return (
      writes
        .splice(0)
        .filter((w) => w.key !== sentinel)
        // The PBX's export turn (one export at a time across replicas) is a claim, not a cached value:
        // taken and given back once per export, counted on its own in test/yeastar/export-answers.test.ts.
        .filter((w) => !w.key.endsWith(':claim:pbx-export-turn'))
        .map((w) => `${w.name} ${w.key.slice(prefix.length + 1)}`)
        .sort()
    );
  };
  // Warm what every request shares (the token, the directory), so the counts below are the read's own.
  await writesOf(() => core.finding.directory.current());
  return { core, writesOf };
}

describeRedis('writes to Redis for a cold read (CACHE_URL)', () => {
  it('a cold lookup writes its summary key once, and "no summary yet" once, under the same key', async () => {
    const { core, writesOf } = await setup();
    const leg = SAMPLE_LEGS.internalBoth;
    // `/callsummary <leg> caller`: the leg's parties from the export, the extension's id, the summary;
    // the claim that makes the load one across replicas is taken and given back.
    expect(await writesOf(() => core.summaries.lookup({ legId: leg, side: 'caller' }))).toEqual(
      [
        `SET fetch:summary:${leg}:caller:inflight`,
        `SET leg:${leg}`,
        'SET ext:3202',
        `SET summary:${leg}:caller`,
        `EVAL fetch:summary:${leg}:caller:inflight`,
      ].sort(),
    );

    // `/callsummary <leg> caller 3203`: the leg is not in the export until a summary is written.
    const later = SAMPLE_LEGS.noSummaryYet;
    const none = () => core.summaries.lookup({ legId: later, side: 'caller', extension: '3203' });
    expect(await writesOf(none)).toEqual(
      [
        `SET fetch:summary:${later}:caller|3203:inflight`,
        'SET ext:3203',
        `SET summary:${later}:caller`,
        `EVAL fetch:summary:${later}:caller|3203:inflight`,
      ].sort(),
    );
    // Asked again, it is a cache hit: nothing is written.
    expect(await writesOf(none)).toEqual([]);
  });

  it('a cold list writes its list key once and each leg of it once; a transcript page its key once', async () => {
    const { core, writesOf } = await setup();
    const request = { party: { kind: 'extension', extension: '3202' }, period: defaultPeriod(7) } as const;
    const list = await writesOf(() => core.finding.callLists.list(request));
    const legs = list.filter((write) => write.startsWith('SET leg:'));
    expect(legs.length).toBeGreaterThan(10);
    expect(new Set(legs).size).toBe(legs.length);
    expect(list.filter((write) => !write.startsWith('SET leg:'))).toEqual(
      [
        'SET fetch:calls:e3202:168:inflight',
        'SET calls:e3202:168',
        'EVAL fetch:calls:e3202:168:inflight',
      ].sort(),
    );

    const leg = SAMPLE_LEGS.docExample;
    expect(await writesOf(() => core.finding.transcripts.page(leg))).toEqual(
      [
        `SET fetch:transcript:${leg}:1:inflight`,
        `SET transcript:${leg}:1`,
        `EVAL fetch:transcript:${leg}:1:inflight`,
      ].sort(),
    );
  });
});
