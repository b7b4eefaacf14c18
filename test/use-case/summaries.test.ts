import { describe, expect, it } from 'vitest';
import { createCache } from '../../src/cache/index.js';
import { CACHE_LIMIT_DEFAULTS } from '../../src/cache/memory.js';
import {
  DOC_EXAMPLE_SUMMARY_HTML,
  type PbxSimulator,
  SAMPLE_LEGS,
} from '../../src/demo/pbx-simulator/index.js';
import { describeError } from '../../src/shared/errors.js';
import { ENGLISH } from '../../src/shared/i18n/index.js';
import { createDirectory } from '../../src/use-case/finding/directory.js';
import { parseLegId } from '../../src/use-case/model/leg-id.js';
import { createSummaryService, mayBeRecentLeg } from '../../src/use-case/summaries.js';
import { callSummary } from '../helpers/call-summary.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { simAndClientPerTest } from '../helpers/pbx-client.js';

const TTL = { summary: 1800, noSummary: 60, extension: 3600, leg: 86_400 };
const simAndClient = simAndClientPerTest();

async function setup(...args: Parameters<typeof simAndClient>) {
  const s = await simAndClient(...args);
  // The memory cache `callsummary get` runs.
  const { summaryCaches: caches } = await createCache(
    { url: undefined, ttlSeconds: TTL, ...CACHE_LIMIT_DEFAULTS },
    { logger: createMemoryLogger(), pbxBaseUrl: s.sim.url, now: () => s.clock.now },
  );
  const service = createSummaryService({
    pbx: s.client,
    caches,
    logger: createMemoryLogger(),
    now: () => s.clock.now,
  });
  return { ...s, caches, service };
}

/** A call 25 minutes before the test clock whose summary is not written yet: the export lacks it. */
const UNTRANSCRIBED = '20260514113500-00ABC';

function addUntranscribedLeg(sim: PbxSimulator): string {
  sim.addLeg({
    legId: UNTRANSCRIBED,
    uid: '1778758500.7',
    callType: 'Internal',
    callFrom: '3202',
    callTo: '3203',
    time: '2026/05/14 11:35:00',
    summaries: {},
  });
  return UNTRANSCRIBED;
}

/** The callee's summary, written after the call (the leg then enters the export). */
function writeSummaryLater(sim: PbxSimulator): void {
  sim.setSummary(UNTRANSCRIBED, 'callee', {
    id: 9,
    html: '<p>Written later</p>',
    createdAt: 1778758600,
    updatedAt: 1778758600,
    name: 'Kristin Hale',
    extNum: '3203',
  });
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
        call: expect.objectContaining({ direction: 'in', legId: SAMPLE_LEGS.docExample }),
      },
    ]);
    // Which call it is: the export row's parties and talk time, the leg id's start (no time zone set).
    const found = lookup.results[0];
    expect(found?.status === 'found' && found.call).toMatchObject({
      caller: { number: '+14155550123', display: '+1 415 555 0123', isExtension: false },
      callee: { number: '3202', name: 'Human Agent - Leo Ball', isExtension: true },
      start: { wall: { year: 2026, month: 5, day: 13, hour: 22, minute: 32 } },
      talkSeconds: 60,
    });
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
      // The caller's extension is given: a call with no summary yet is not in the AI export.
      const ask = { legId: SAMPLE_LEGS.noSummaryYet, side: 'caller', extension: '3203' } as const;
      const lookup = await service.lookup(ask);
      expect(lookup.results).toEqual([
        { side: 'caller', status: 'none', extension: '3203', recent: expect.any(Boolean) },
      ]);
      await service.lookup(ask);
      expect(sim.stats.count('cdr/getaisummary')).toBe(1);
      await service.lookup({ ...ask, refresh: true });
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

  it('says a side is a queue or ring group (from the directory), not an outside number, with no summary request', async () => {
    const { sim, client, caches } = await setup();
    sim.addLeg({
      legId: '20260514100000-0DE00',
      uid: '1778752800.7',
      callType: 'Inbound',
      callFrom: '+14155550123',
      callTo: '6400',
      time: '2026/05/14 10:00:00',
      summaries: {
        callee: {
          id: 5,
          html: '<p>Agent 3202 took it</p>',
          createdAt: 1,
          updatedAt: 1,
          name: 'Leo',
          extNum: '3202',
        },
      },
    });
    const directory = createDirectory(await client.listExtensions(), 0, await client.listGroups());
    const service = createSummaryService({
      pbx: client,
      caches,
      logger: createMemoryLogger(),
      groupOf: async (number) => directory.groupByNumber(number),
    });
    sim.stats.reset();
    const lookup = await service.lookup({ legId: '20260514100000-0DE00', side: 'callee' });
    expect(lookup.results).toEqual([
      {
        side: 'callee',
        status: 'outside_number',
        number: '6400',
        group: { kind: 'queue', id: 1, number: '6400', name: 'Support Queue' },
      },
    ]);
    expect(sim.stats.count('cdr/getaisummary')).toBe(0);
    expect(sim.stats.count('extension/search')).toBe(0);
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

  it('refuses what is no extension number (1 to 7 digits), before any PBX request', async () => {
    const { sim, service } = await setup();
    for (const extension of ['12345678', '+3202', '32a2']) {
      await expect(
        service.lookup({ legId: SAMPLE_LEGS.docExample, side: 'callee', extension }),
      ).rejects.toMatchObject({
        code: 'usage',
        message: expect.stringContaining('is not an extension number'),
      });
    }
    expect(sim.stats.count()).toBe(0);
  });

  it('refuses a bad leg id with the expected shape, before any PBX request', async () => {
    const { sim, service } = await setup();
    await expect(service.lookup({ legId: '2026-05-13' })).rejects.toMatchObject({
      code: 'bad_leg_id',
      message: expect.stringContaining('YYYYMMDDhhmmss-XXXXX'),
    });
    expect(sim.stats.count()).toBe(0);
  });

  it('says the parties are unknown when the export lacks a leg older than a day', async () => {
    const { service } = await setup();
    // The clock is 2026-05-14 12:00 UTC; this leg is 3 days old by any PBX's clock.
    await expect(service.lookup({ legId: '20260511080000-00000' })).rejects.toMatchObject({
      code: 'party_unknown',
    });
  });

  it('says a recent leg the export lacks is not transcribed yet (retryable), and finds it once it is', async () => {
    const { sim, service } = await setup();
    const legId = addUntranscribedLeg(sim);
    const error = await service.lookup({ legId, side: 'callee' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'not_transcribed_yet', details: { legId } });
    expect(describeError(error, 'slack', ENGLISH)).toMatchObject({
      retryable: true,
      message: expect.stringContaining("is not in the PBX's AI transcription export yet"),
    });
    const exports = sim.stats.count('cdr/aidownload');
    writeSummaryLater(sim);
    // Remembered only as long as "no summary yet": asked again at once, the PBX is not asked again…
    await expect(service.lookup({ legId, side: 'callee' })).rejects.toMatchObject({
      code: 'not_transcribed_yet',
    });
    expect(sim.stats.count('cdr/aidownload')).toBe(exports);
    // …but Try again (a refresh) asks the export, and finds the leg now that its summary is written.
    const retried = await service.lookup({ legId, side: 'callee', refresh: true });
    expect(retried.results[0]).toMatchObject({ status: 'found', summary: { html: '<p>Written later</p>' } });
  });

  it('asks the export again for a missing leg once "no summary yet" would have expired', async () => {
    const { sim, clock, service } = await setup();
    const legId = addUntranscribedLeg(sim);
    await expect(service.lookup({ legId, side: 'callee' })).rejects.toMatchObject({
      code: 'not_transcribed_yet',
    });
    writeSummaryLater(sim);
    clock.now += (TTL.noSummary + 1) * 1000;
    const lookup = await service.lookup({ legId, side: 'callee' });
    expect(lookup.results[0]).toMatchObject({ status: 'found', summary: { html: '<p>Written later</p>' } });
  });

  it('reads "recent" allowing for every PBX time zone: the wall clock read as UTC within −36 h … +14 h', () => {
    const now = Date.UTC(2026, 4, 14, 12, 0, 0);
    const leg = (id: string) => parseLegId(id);
    expect(mayBeRecentLeg(leg('20260514115900-00000'), now)).toBe(true);
    // A PBX at UTC+14 is 14 h ahead: its legs can carry a wall clock up to 14 h past our UTC now.
    expect(mayBeRecentLeg(leg('20260515020000-00000'), now)).toBe(true);
    expect(mayBeRecentLeg(leg('20260515020100-00000'), now)).toBe(false);
    // A PBX at UTC−12: 24 h before its now is 36 h before ours, read as UTC.
    expect(mayBeRecentLeg(leg('20260513000000-00000'), now)).toBe(true);
    expect(mayBeRecentLeg(leg('20260512235900-00000'), now)).toBe(false);
  });

  it('reads "recent" exactly by the PBX clock when YEASTAR_TIMEZONE names its zone', () => {
    // 12:00 UTC is 20:00 in Shanghai (UTC+8, the source example's PBX).
    const now = Date.UTC(2026, 4, 14, 12, 0, 0);
    const recent = (id: string) => mayBeRecentLeg(parseLegId(id), now, 'Asia/Shanghai');
    expect(recent('20260514195900-00000')).toBe(true);
    expect(recent('20260513200100-00000')).toBe(true);
    expect(recent('20260513195900-00000')).toBe(false);
    // Clocks may disagree by a few minutes, not by a quarter of an hour.
    expect(recent('20260514200500-00000')).toBe(true);
    expect(recent('20260514201500-00000')).toBe(false);
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
  it('asks the export even when someone was just told the leg is not in it: its 30040 says it is now', async () => {
    const { sim, service } = await setup();
    const legId = addUntranscribedLeg(sim);
    await expect(service.lookup({ legId, side: 'callee' })).rejects.toMatchObject({
      code: 'not_transcribed_yet',
    });
    writeSummaryLater(sim);
    await expect(service.sideOfExtension(legId, '3203')).resolves.toBe('callee');
  });
});
