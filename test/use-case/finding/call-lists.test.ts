import { describe, expect, it } from 'vitest';
import { createCache } from '../../../src/cache/index.js';
import { CACHE_LIMIT_DEFAULTS } from '../../../src/cache/memory.js';
import { type PbxSimulator, SAMPLE_LEGS, sampleData } from '../../../src/demo/pbx-simulator/index.js';
import { summaryGist } from '../../../src/render/index.js';
import { CallSummaryError } from '../../../src/shared/errors.js';
import {
  CALLS_PAGE_SIZE,
  type CallLists,
  createCallLists,
  LIST_CACHE_SECONDS,
  type ListedCall,
  type ListParty,
} from '../../../src/use-case/finding/call-lists.js';
import { createExtensionDirectory } from '../../../src/use-case/finding/directory.js';
import {
  defaultPeriod,
  type Period,
  parseCallQuery,
  parsePeriod,
} from '../../../src/use-case/model/call-query.js';
import { createSummaryService } from '../../../src/use-case/summaries.js';
import { EXPORT_MAX_BYTES } from '../../../src/yeastar/ai-export.js';
import { simAndClientPerTest } from '../../helpers/pbx-client.js';

/**
 * Lists of calls against the simulator's realistic week (ending 2026-05-14 12:00 UTC, the clock of
 * every simulator test), with the sample legs inside it.
 */
const setupSim = simAndClientPerTest();
const TTL = { summary: 1800, noSummary: 60, extension: 3600, leg: 86_400 };

async function setup(options: { timeZone?: string; index?: boolean } = {}) {
  const clock = { now: Date.UTC(2026, 4, 14, 12, 0, 0) };
  const env = await setupSim({ ...sampleData({ week: { endingAt: clock.now } }), now: () => clock.now });
  const { client, sim } = env;
  // The memory cache `callsummary get` runs, on the test's clock.
  const cache = await createCache(
    { url: undefined, ttlSeconds: TTL, ...CACHE_LIMIT_DEFAULTS },
    { logger: env.logger, pbxBaseUrl: sim.url, now: () => env.clock.now },
  );
  const caches = cache.summaryCaches;
  const directory = createExtensionDirectory({
    load: () => client.listExtensions(),
    search: (n) => client.findExtensionId(n),
    refreshSeconds: 3600,
    logger: env.logger,
  });
  await directory.current();
  const { callLists } = cache.findingCaches({
    listSeconds: LIST_CACHE_SECONDS,
    transcriptSeconds: TTL.summary,
    memberEmailSeconds: TTL.extension,
  });
  const lists = createCallLists({
    gist: summaryGist,
    exportCalls: (q) => client.exportCalls(q),
    directory: () => directory.current(),
    legs: caches.legs,
    cache: callLists,
    timeZone: options.timeZone,
    ...(options.index ? { index: cache.callIndex } : {}),
    logger: env.logger,
    now: () => env.clock.now,
  });
  const summaries = createSummaryService({
    pbx: { ...client, findExtensionId: (n: string) => directory.findExtensionId(n) },
    caches,
    logger: env.logger,
  });
  // Warm the token, so counts below are the list's own.
  await client.tokens.token();
  sim.stats.reset();
  return { ...env, lists, caches, summaries, directory, callIndex: cache.callIndex };
}

const number = (n: string): ListParty => ({ kind: 'number', number: n });

/** Every call of a list, paged through to its end. */
async function everything(lists: CallLists, party: ListParty, period: Period): Promise<ListedCall[]> {
  const first = await lists.list({ party, period });
  const calls = [...first.calls];
  for (let page = first; page.hasOlder; ) {
    page = await lists.list({ party, period, page: page.page + 1, at: first.at });
    calls.push(...page.calls);
  }
  return calls;
}
const extension = (e: string): ListParty => ({ kind: 'extension', extension: e });
const week = defaultPeriod(7);

/** Every export a list asked for is filtered by the party, as caller or as callee. */
function expectFilteredExports(sim: PbxSimulator, filter: string) {
  const queries = sim.stats.queries('cdr/aidownload');
  for (const query of queries) {
    const by = [query.get('call_from'), query.get('call_to')].filter((v) => v !== null);
    expect(by).toEqual([filter]);
  }
  return queries;
}

describe('lists of calls', () => {
  it("a customer's calls: filtered exports, newest window first, at most 4 cold, nothing warm, newest first", async () => {
    // The PBX's time zone known (YEASTAR_TIMEZONE, or the PBX's own offset): windows are exact.
    const { lists, sim } = await setup({ timeZone: 'UTC' });
    const page = await lists.list({ party: number('+14155550123'), period: week });
    const exports = expectFilteredExports(sim, '5550123');
    expect(exports.length).toBeGreaterThanOrEqual(2);
    expect(exports.length).toBeLessThanOrEqual(4);
    // The party as caller and as callee over the same window: exports come in pairs.
    expect(exports[0]?.get('start_time')).toBe(exports[1]?.get('start_time'));
    expect(page.total).toBeGreaterThan(0);
    const legIds = page.calls.map((c) => c.legId);
    expect([...legIds].sort().reverse()).toEqual(legIds);
    const docExample = page.calls.find((c) => c.legId === SAMPLE_LEGS.docExample);
    expect(docExample).toMatchObject({
      direction: 'in',
      internal: false,
      otherNumber: '3202',
      otherName: 'Human Agent - Leo Ball',
      gist: 'Kristin Hale was transferred to a human agent regarding a login issue.',
      summarySide: 'callee',
    });
    sim.stats.reset();
    await lists.list({ party: number('+14155550123'), period: week });
    expect(sim.stats.count()).toBe(0);
    // With the zone unknown, the period is widened by every UTC offset (26 h): one window more.
    const widened = await setup();
    await widened.lists.list({ party: number('+14155550123'), period: week });
    expect(expectFilteredExports(widened.sim, '5550123').length).toBeLessThanOrEqual(6);
  });

  it('reads a number typed with spaces, dashes or without + as the same customer, also when the export drops the +', async () => {
    const { lists, sim } = await setup();
    const typed = parseCallQuery('+1 415-555-0123', { defaultDays: 7 });
    if (typed.kind !== 'calls' || typed.party.kind !== 'number') throw new Error('not a number');
    const a = await lists.list({ party: typed.party, period: week });
    const cold = sim.stats.count('cdr/aidownload');
    const b = await lists.list({ party: number('14155550123'), period: week });
    expect(b.calls).toEqual(a.calls);
    // Shared cache key: no export for the second spelling.
    expect(sim.stats.count('cdr/aidownload')).toBe(cold);
    // Customers whose trunk drops the + (every fourth of the week's): found by their + form too.
    const withoutPlus = sampleData({ week: { endingAt: Date.UTC(2026, 4, 14, 12) } }).legs.find(
      (l) => l.writtenNumber !== undefined,
    );
    expect(withoutPlus).toBeDefined();
    const customer = withoutPlus!.callType === 'Inbound' ? withoutPlus!.callFrom : withoutPlus!.callTo;
    const theirs = await everything(lists, number(customer), week);
    expect(theirs.map((c) => c.legId)).toContain(withoutPlus!.legId);
  });

  it("an extension's calls page by page: 10 a page, Older until the end, each page asking only for older windows", async () => {
    const { lists, sim } = await setup({ timeZone: 'UTC' });
    const first = await lists.list({ party: extension('3202'), period: week });
    expect(first.calls).toHaveLength(CALLS_PAGE_SIZE);
    expect(first.hasOlder).toBe(true);
    const seen = [...first.calls];
    let page = first;
    while (page.hasOlder) {
      page = await lists.list({ party: extension('3202'), period: week, page: page.page + 1, at: first.at });
      seen.push(...page.calls);
    }
    expect(page.complete).toBe(true);
    expect(seen).toHaveLength(page.total);
    expect(new Set(seen.map((c) => c.legId)).size).toBe(page.total);
    const exports = expectFilteredExports(sim, '3202');
    // A day, then the rest of the week: never the same window twice.
    expect(exports.length).toBe(4);
    expect(new Set(exports.map((q) => `${q.get('start_time')}${q.get('call_from')}`)).size).toBe(4);
    for (const call of seen) {
      expect(call.summarySide).not.toBeNull();
      expect(['in', 'out']).toContain(call.direction);
    }
    const internal = seen.find((c) => c.legId === SAMPLE_LEGS.internalBoth);
    expect(internal).toMatchObject({
      direction: 'out',
      internal: true,
      otherNumber: '3203',
      summarySide: 'caller',
    });
  });

  it('on an exact multiple of the page size, the last full page offers no Older', async () => {
    const { lists } = await setup();
    const all = await everything(lists, extension('3202'), week);
    const period = week;
    // Page through again and check the page holding the last call.
    const lastPage = Math.ceil(all.length / CALLS_PAGE_SIZE) - 1;
    const first = await lists.list({ party: extension('3202'), period });
    const last = await lists.list({ party: extension('3202'), period, page: lastPage, at: first.at });
    expect(last.hasOlder).toBe(false);
    expect(last.calls.length).toBe(all.length - lastPage * CALLS_PAGE_SIZE);
  });

  it('opening a listed call costs one request: the export filled the leg index and the directory holds the ids', async () => {
    const { lists, sim, summaries } = await setup();
    const page = await lists.list({ party: extension('3206'), period: week });
    const call = page.calls.find((c) => c.gist !== '');
    expect(call).toBeDefined();
    sim.stats.reset();
    const lookup = await summaries.lookup({ legId: call!.legId, side: call!.summarySide! });
    expect(lookup.results[0]).toMatchObject({ status: 'found' });
    expect(sim.stats.count()).toBe(1);
    expect(sim.stats.count('cdr/getaisummary')).toBe(1);
  });

  it('matches the keyword filters exactly: a number ending in the same digits is not listed', async () => {
    const { lists, sim } = await setup();
    const base = sampleData().legs[0]!;
    sim.addLeg({
      ...base,
      legId: '20260514110000-AAAAA',
      uid: '1778756400.1',
      time: '2026/05/14 11:00:00',
      callFrom: '+447700955501',
      callTo: '3202',
      callType: 'Inbound',
    });
    sim.addLeg({
      ...base,
      legId: '20260514110500-BBBBB',
      uid: '1778756700.1',
      time: '2026/05/14 11:05:00',
      callFrom: '+12125550123',
      callTo: '3202',
      callType: 'Inbound',
    });
    const page = await lists.list({ party: number('+12125550123'), period: week });
    expect(page.calls.map((c) => c.legId)).toEqual(['20260514110500-BBBBB']);
    expect(page.calls.map((c) => c.legId)).not.toContain(SAMPLE_LEGS.docExample);
    expectFilteredExports(sim, '5550123');
  });

  it('a period narrows the list; a number nobody called lists nothing', async () => {
    const { lists } = await setup();
    const day = await everything(lists, extension('3202'), parsePeriod('24h'));
    const all = await everything(lists, extension('3202'), week);
    expect(day.length).toBeLessThan(all.length);
    const none = await lists.list({ party: number('+4915112345678'), period: week });
    expect(none).toMatchObject({ total: 0, calls: [], hasOlder: false });
  });

  it('gives instants (for <!date^…>) and an exact window only when the time zone is known', async () => {
    const { lists } = await setup({ timeZone: 'UTC' });
    const page = await lists.list({ party: number('+14155550123'), period: week });
    expect(page.window.exact).toBe(true);
    const docExample = page.calls.find((c) => c.legId === SAMPLE_LEGS.docExample);
    expect(docExample?.startEpoch).toBe(Date.UTC(2026, 4, 13, 22, 32, 34) / 1000);
    const unknown = await (await setup()).lists.list({ party: number('+14155550123'), period: week });
    expect(unknown.window.exact).toBe(false);
  });

  it('after 60 s the list is made again; a later page still pages through the first one', async () => {
    const { lists, sim, clock } = await setup();
    const first = await lists.list({ party: extension('3203'), period: week });
    const cold = sim.stats.count('cdr/aidownload');
    clock.now += 61_000;
    const second = await lists.list({ party: extension('3203'), period: week, page: 1, at: first.at });
    expect(second.at).toBe(first.at);
    const again = sim.stats.count('cdr/aidownload');
    expect(again).toBeGreaterThan(cold);
    await lists.list({ party: extension('3203'), period: week });
    expect(sim.stats.count('cdr/aidownload')).toBe(again);
  });

  it('an export larger than the app reads says to ask for a shorter period', async () => {
    const { lists, sim } = await setup();
    sim.downloadMode = { oversizeBytes: 11 * 1024 * 1024 };
    const error = await lists
      .list({ party: extension('3202'), period: parsePeriod('31d') })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallSummaryError);
    expect(error).toMatchObject({
      code: 'list_too_large',
      details: { period: '31d', maxBytes: EXPORT_MAX_BYTES },
      message:
        "The PBX's record of the calls in the last 31d is larger than 10 MB, more than the app reads at once.",
    });
  });

  it('answers the span the call index covers with no PBX request, and exports only the span before it', async () => {
    const { lists, sim, clock, callIndex } = await setup({ timeZone: 'UTC', index: true });
    // The feed came up two hours ago; since then the index has every call (these three).
    const feedUpAt = clock.now - 2 * 3_600_000;
    const now = clock.now;
    clock.now = feedUpAt;
    await callIndex.feedUp();
    clock.now = now;
    const indexed = (legId: string, hour: number, caller: string, callee: string) =>
      callIndex.record({
        legId,
        uid: '',
        start: { year: 2026, month: 5, day: 14, hour, minute: 30, second: 0 },
        caller,
        callee,
        callType: 'Inbound',
        talkSeconds: 61,
        gist: `gist of ${legId}`,
        summarySides: ['callee'],
      });
    await indexed('20260514113000-C0001', 11, '+14155550123', '3202');
    await indexed('20260514103000-C0002', 10, '+14155550123', '3207');
    await indexed('20260514103000-C0003', 10, '+16505550199', '3202');
    // Enough for a page and one more from the index alone: no PBX request at all.
    const few = await lists.list({ party: number('+14155550123'), period: parsePeriod('2h') });
    expect(few.calls.map((c) => c.legId)).toEqual(['20260514113000-C0001', '20260514103000-C0002']);
    expect(few).toMatchObject({ complete: true, hasOlder: false });
    expect(few.calls[0]).toMatchObject({
      gist: 'gist of 20260514113000-C0001',
      durationSeconds: 61,
      direction: 'in',
      summarySide: 'callee',
    });
    expect(sim.stats.count()).toBe(0);
    // A week: the index's two hours, then filtered exports only for what lies before them.
    const all = await everything(lists, number('+14155550123'), week);
    expect(all.slice(0, 2).map((c) => c.legId)).toEqual(['20260514113000-C0001', '20260514103000-C0002']);
    const exports = expectFilteredExports(sim, '5550123');
    expect(exports.length).toBeGreaterThan(0);
    for (const query of exports) expect(query.get('end_time')! <= '2026/05/14 10:00:00').toBe(true);
  });

  it('asks the export for everything when the index is not complete (no feed, or a lost one)', async () => {
    const { lists, sim, callIndex } = await setup({ timeZone: 'UTC', index: true });
    await callIndex.feedUp();
    await callIndex.feedLost();
    await lists.list({ party: extension('3202'), period: parsePeriod('24h') });
    const exports = expectFilteredExports(sim, '3202');
    expect(exports.map((q) => q.get('end_time'))).toEqual(['2026/05/14 12:00:00', '2026/05/14 12:00:00']);
  });
});
