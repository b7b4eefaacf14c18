import { describe, expect, it } from 'vitest';
import { createCache } from '../src/cache/index.js';
import { CACHE_LIMIT_DEFAULTS } from '../src/config.js';
import { partyNumber } from '../src/party-number.js';
import { DOC_EXAMPLE_SUMMARY_HTML, SAMPLE_LEGS } from '../src/simulator/index.js';
import { createSummaryService, looksLikeOutsideNumber } from '../src/summary-service.js';
import { callSummary } from './helpers/call-summary.js';
import { createMemoryLogger } from './helpers/memory-logger.js';
import { simAndClientPerTest } from './helpers/pbx-client.js';

const TTL = { summary: 1800, noSummary: 60, extension: 3600, leg: 86_400 };
const simAndClient = simAndClientPerTest();

async function setup(...args: Parameters<typeof simAndClient>) {
  const s = await simAndClient(...args);
  // The memory cache `callsummary get` runs.
  const caches = createCache(
    { url: undefined, ttlSeconds: TTL, ...CACHE_LIMIT_DEFAULTS },
    { logger: createMemoryLogger(), pbxBaseUrl: s.sim.url },
  ).summaryCaches;
  const service = createSummaryService({ pbx: s.client, caches, logger: createMemoryLogger() });
  return { ...s, caches, service };
}

describe('summary lookup against the simulator', () => {
  it("finds the source document's example through the export (callee) and caches it", async () => {
    const { sim, client, logger, service } = await setup();
    const lookup = await service.lookup({ legId: SAMPLE_LEGS.docExample.toLowerCase(), side: 'callee' });
    expect(lookup.legId).toBe(SAMPLE_LEGS.docExample);
    expect(lookup.results).toEqual([
      {
        side: 'callee',
        status: 'found',
        cached: false,
        summary: callSummary({ legId: SAMPLE_LEGS.docExample, html: DOC_EXAMPLE_SUMMARY_HTML }),
      },
    ]);
    expect(sim.stats.count('cdr/aidownload')).toBe(1);
    // Every request URL was logged at debug level, none with its token.
    const token = await client.tokens.token();
    expect(logger.lines.some((l) => l.includes('access_token=[REDACTED]'))).toBe(true);
    expect(logger.lines.join('\n')).not.toContain(token);
    const again = await service.lookup({ legId: SAMPLE_LEGS.docExample, side: 'callee' });
    expect(again.results[0]).toMatchObject({ status: 'found', cached: true });
    expect(sim.stats.count('cdr/getaisummary')).toBe(1);
  });

  it('reports the outside caller and the callee when no side is given, caller first', async () => {
    const { service } = await setup();
    const lookup = await service.lookup({ legId: SAMPLE_LEGS.docExample });
    expect(lookup.results.map((r) => [r.side, r.status])).toEqual([
      ['caller', 'outside_number'],
      ['callee', 'found'],
    ]);
    expect(lookup.results[0]).toMatchObject({ number: '+14155550123' });
  });

  it('reads the summary under either key (data.src or data.dst)', async () => {
    for (const key of ['src', 'dst'] as const) {
      const { sim, service } = await setup();
      sim.summaryKey = key;
      const lookup = await service.lookup({ legId: SAMPLE_LEGS.internalBoth });
      expect(lookup.results.map((r) => r.status)).toEqual(['found', 'found']);
      expect(lookup.results.map((r) => (r.status === 'found' ? r.summary.side : ''))).toEqual([
        'caller',
        'callee',
      ]);
    }
  });

  it('treats "no summary" (empty data or 60001) as a result, and caches it unless refresh', async () => {
    for (const style of ['empty-data', 'not-found'] as const) {
      const { sim, service } = await setup();
      sim.noSummaryStyle = style;
      const lookup = await service.lookup({ legId: SAMPLE_LEGS.noSummaryYet, side: 'caller' });
      expect(lookup.results).toEqual([{ side: 'caller', status: 'none' }]);
      await service.lookup({ legId: SAMPLE_LEGS.noSummaryYet, side: 'caller' });
      expect(sim.stats.count('cdr/getaisummary')).toBe(1);
      await service.lookup({ legId: SAMPLE_LEGS.noSummaryYet, side: 'caller', refresh: true });
      expect(sim.stats.count('cdr/getaisummary')).toBe(2);
    }
  });

  it('uses an extension the person gave instead of the export', async () => {
    const { sim, service } = await setup();
    const lookup = await service.lookup({ legId: SAMPLE_LEGS.docExample, side: 'callee', extension: '3202' });
    expect(lookup.results[0]).toMatchObject({ status: 'found' });
    expect(sim.stats.count('cdr/aidownload')).toBe(0);
  });

  it('treats a number with no exact extension match as an outside number', async () => {
    const { service } = await setup();
    // "320" is contained in 3202 and 32020 (substring search) but is no extension.
    const lookup = await service.lookup({ legId: SAMPLE_LEGS.docExample, side: 'callee', extension: '320' });
    expect(lookup.results).toEqual([{ side: 'callee', status: 'outside_number', number: '320' }]);
  });

  it('adopts the time format a 40002 names, retries once and remembers it', async () => {
    for (const style of ['go', 'tokens'] as const) {
      const { sim, client, service } = await setup({ displayFormat: 'DD/MM/YYYY hh:mm:ss A' });
      sim.formatErrorStyle = style;
      const lookup = await service.lookup({ legId: SAMPLE_LEGS.docExample, side: 'callee' });
      expect(lookup.results[0]).toMatchObject({ status: 'found' });
      expect(client.timeFormat()).toBe('DD/MM/YYYY hh:mm:ss A');
      expect(sim.stats.count('cdr/aidownload')).toBe(2);
      await service.lookup({ legId: SAMPLE_LEGS.internalBoth, side: 'caller' });
      expect(sim.stats.count('cdr/aidownload')).toBe(3);
    }
  });

  it('refuses a bad leg id with the expected shape, before any PBX request', async () => {
    const { sim, service } = await setup();
    await expect(service.lookup({ legId: '2026-05-13' })).rejects.toMatchObject({
      code: 'bad_leg_id',
      message: expect.stringContaining('YYYYMMDDhhmmss-XXXXX'),
    });
    expect(sim.stats.count()).toBe(0);
  });

  it('says the parties are unknown when the export lacks the leg', async () => {
    const { service } = await setup();
    await expect(service.lookup({ legId: '20260514120000-00000' })).rejects.toMatchObject({
      code: 'party_unknown',
    });
  });

  it('refuses export downloads that redirect or exceed the size cap', async () => {
    const { sim, service } = await setup();
    sim.downloadMode = { redirectTo: 'http://203.0.113.5/x' };
    await expect(service.lookup({ legId: SAMPLE_LEGS.docExample })).rejects.toMatchObject({
      code: 'pbx_bad_response',
    });
    sim.downloadMode = { oversizeBytes: 11 * 1024 * 1024 };
    await expect(service.lookup({ legId: SAMPLE_LEGS.docExample })).rejects.toMatchObject({
      code: 'pbx_bad_response',
    });
  });

  it('coalesces identical concurrent lookups and uses remembered legs and summaries', async () => {
    const { sim, service } = await setup();
    await Promise.all(Array.from({ length: 20 }, () => service.lookup({ legId: SAMPLE_LEGS.internalBoth })));
    expect(sim.stats.count('cdr/aidownload')).toBe(1);
    expect(sim.stats.count('cdr/getaisummary')).toBe(2);
    await service.rememberLeg(SAMPLE_LEGS.chinese, { caller: '+8613800000000', callee: '3205' });
    const chinese = await service.lookup({ legId: SAMPLE_LEGS.chinese, side: 'callee' });
    expect(chinese.results[0]).toMatchObject({ status: 'found' });
    expect(sim.stats.count('cdr/aidownload')).toBe(1);
  });
});

describe('side of an extension (30040 events whose ext_num is neither call_from nor call_to)', () => {
  it("reads it from the leg's parties in the export, and says nothing it cannot know", async () => {
    const { sim, service } = await setup();
    await expect(service.sideOfExtension(SAMPLE_LEGS.docExample, '3202')).resolves.toBe('callee');
    await expect(service.sideOfExtension(SAMPLE_LEGS.internalBoth, ' 3202')).resolves.toBe('caller');
    await expect(service.sideOfExtension(SAMPLE_LEGS.docExample, '3999')).resolves.toBeUndefined();
    // A leg the export lacks: no side, and no failure.
    await expect(service.sideOfExtension('20260501120000-00000', '3202')).resolves.toBeUndefined();
    expect(sim.stats.count('cdr/getaisummary')).toBe(0);
  });
});

describe('pure helpers', () => {
  it('takes the number out of "Name<1234>"', () => {
    expect(partyNumber('Evelyn<5566>')).toBe('5566');
    expect(partyNumber(' 3202 ')).toBe('3202');
  });
  it('recognises outside numbers', () => {
    expect(looksLikeOutsideNumber('+14155550123')).toBe(true);
    expect(looksLikeOutsideNumber('004915112345678')).toBe(true);
    expect(looksLikeOutsideNumber('3202')).toBe(false);
  });
});
