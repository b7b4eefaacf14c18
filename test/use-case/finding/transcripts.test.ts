import { describe, expect, it } from 'vitest';
import { createCache } from '../../../src/cache/index.js';
import { CACHE_LIMIT_DEFAULTS } from '../../../src/cache/memory.js';
import { SAMPLE_LEGS, type SimLeg, sampleData } from '../../../src/demo/pbx-simulator/index.js';
import { CallSummaryError } from '../../../src/shared/errors.js';
import { createDirectory } from '../../../src/use-case/finding/directory.js';
import {
  createTranscriptService,
  formatCallOffset,
  TRANSCRIPT_PAGE_LINES,
} from '../../../src/use-case/finding/transcripts.js';
import type { TranscriptAnswer } from '../../../src/use-case/ports.js';
import { createMemoryLogger } from '../../helpers/memory-logger.js';
import { simAndClientPerTest } from '../../helpers/pbx-client.js';

const setupSim = simAndClientPerTest();

const LONG: SimLeg = {
  ...sampleData().legs[0]!,
  legId: '20260514150000-ABCDE',
  transcript: Array.from({ length: 45 }, (_, i) => ({
    speaker: i % 2 === 0 ? '3202' : '+14155550123',
    content: `line ${i + 1}`,
    atMs: 1500 + i * 4000,
  })),
};

/** Transcript pages as the app caches them: the memory cache, on the test's clock. */
async function transcriptCache(pbxBaseUrl: string, now: () => number) {
  const cache = await createCache(
    {
      url: undefined,
      ttlSeconds: { summary: 1800, noSummary: 60, extension: 3600, leg: 86_400 },
      ...CACHE_LIMIT_DEFAULTS,
    },
    { logger: createMemoryLogger(), pbxBaseUrl, now },
  );
  return cache.findingCaches({ listSeconds: 60, transcriptSeconds: 1800, memberEmailSeconds: 3600 })
    .transcripts;
}

async function setup() {
  const env = await setupSim();
  env.sim.addLeg(LONG);
  const service = createTranscriptService({
    fetchPage: (legId, page, limit) => env.client.fetchTranscriptPage(legId, page, limit),
    cache: await transcriptCache(env.sim.url, () => env.clock.now),
    directory: async () => createDirectory(await env.client.listExtensions(), env.clock.now),
    logger: env.logger,
  });
  return { ...env, service };
}

describe('transcripts', () => {
  it('reads a long transcript page by page: speaker, time into the call, text', async () => {
    const { service, sim } = await setup();
    const first = await service.page(LONG.legId.toLowerCase());
    expect(first).toMatchObject({ legId: LONG.legId, page: 1, hasNext: true });
    expect(first.lines).toHaveLength(TRANSCRIPT_PAGE_LINES);
    expect(first.lines[0]).toEqual({
      speaker: 'Human Agent - Leo Ball',
      number: '3202',
      atSeconds: 1,
      text: 'line 1',
    });
    // An outside party has no name: its number stands for it.
    expect(first.lines[1]).toEqual({
      speaker: '+14155550123',
      number: '+14155550123',
      atSeconds: 5,
      text: 'line 2',
    });
    const third = await service.page(LONG.legId, 3);
    expect(third.hasNext).toBe(false);
    expect(third.lines.map((l) => l.text)).toEqual(['line 41', 'line 42', 'line 43', 'line 44', 'line 45']);
    expect(third.lines[4]?.atSeconds).toBe(177);
    const before = sim.stats.count('cdr/getaicontext');
    await service.page(LONG.legId, 1);
    expect(sim.stats.count('cdr/getaicontext')).toBe(before);
    await service.page(LONG.legId, 1, { refresh: true });
    expect(sim.stats.count('cdr/getaicontext')).toBe(before + 1);
  });

  it('answers a leg without a transcript with no lines, and a malformed leg id with bad_leg_id', async () => {
    const { service } = await setup();
    expect(await service.page('20260101000000-00000')).toEqual({
      legId: '20260101000000-00000',
      page: 1,
      lines: [],
      hasNext: false,
    });
    await expect(service.page('nope')).rejects.toMatchObject({ code: 'bad_leg_id' });
    expect(await service.page(SAMPLE_LEGS.docExample)).toMatchObject({ hasNext: false });
  });

  it('measures instants (Unix ms) from the first line of the transcript, also on later pages', async () => {
    const start = Date.UTC(2026, 4, 14, 9, 0, 0);
    const pages: Record<number, TranscriptAnswer> = {
      1: { items: [{ name: 'Leo', number: '3202', timestamp: start, text: 'hello' }], nextPage: 2 },
      2: { items: [{ name: '', number: '', timestamp: start + 65_000, text: 'bye' }], nextPage: null },
    };
    const fetched: number[] = [];
    const service = createTranscriptService({
      fetchPage: async (_leg, page) => {
        fetched.push(page);
        return pages[page]!;
      },
      cache: await transcriptCache('https://pbx.test', Date.now),
      directory: async () => undefined,
      logger: createMemoryLogger(),
    });
    const second = await service.page(SAMPLE_LEGS.docExample, 2);
    expect(second.lines).toEqual([{ speaker: '', number: '', atSeconds: 65, text: 'bye' }]);
    expect(fetched).toEqual([2, 1]);
  });

  it('writes time into a call as m:ss or h:mm:ss', () => {
    expect(formatCallOffset(5)).toBe('0:05');
    expect(formatCallOffset(760)).toBe('12:40');
    expect(formatCallOffset(3723)).toBe('1:02:03');
    expect(formatCallOffset(-3)).toBe('0:00');
  });

  it('passes PBX failures on as they are', async () => {
    const { service, sim } = await setup();
    sim.injectFault('cdr/getaicontext', { errcode: 10005, errmsg: 'ACCESS DENIED' });
    const error = await service.page(LONG.legId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallSummaryError);
    expect(error).toMatchObject({ code: 'pbx_permission' });
  });
});
