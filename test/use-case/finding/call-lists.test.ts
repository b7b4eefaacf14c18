import { describe, expect, it } from 'vitest';
import { createCache } from '../../../src/cache/index.js';
import { CACHE_LIMIT_DEFAULTS } from '../../../src/cache/memory.js';
import { SAMPLE_LEGS, sampleData } from '../../../src/demo/pbx-simulator/index.js';
import { summaryGist } from '../../../src/render/index.js';
import { CallSummaryError } from '../../../src/shared/errors.js';
import {
  CALLS_PAGE_SIZE,
  createCallLists,
  LIST_CACHE_SECONDS,
  type ListParty,
} from '../../../src/use-case/finding/call-lists.js';
import { createExtensionDirectory } from '../../../src/use-case/finding/directory.js';
import { defaultPeriod, parseCallQuery, parsePeriod } from '../../../src/use-case/model/call-query.js';
import { createSummaryService } from '../../../src/use-case/summaries.js';
import { simAndClientPerTest } from '../../helpers/pbx-client.js';

/**
 * Lists of calls against the simulator's realistic week (ending 2026-05-14 12:00 UTC, the clock of
 * every simulator test), with the sample legs inside it.
 */
const setupSim = simAndClientPerTest();
const TTL = { summary: 1800, noSummary: 60, extension: 3600, leg: 86_400 };

async function setup(options: { timeZone?: string } = {}) {
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
  return { ...env, lists, caches, summaries, directory };
}

const number = (n: string): ListParty => ({ kind: 'number', number: n });
const extension = (e: string): ListParty => ({ kind: 'extension', extension: e });
const week = defaultPeriod(7);

describe('lists of calls', () => {
  it("a customer's calls: one export (2 requests) cold, nothing warm, newest first, the sample leg among them", async () => {
    const { lists, sim } = await setup();
    const page = await lists.list({ party: number('+14155550123'), period: week });
    expect(sim.stats.count()).toBe(2);
    expect(sim.stats.count('cdr/aidownload')).toBe(1);
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
      startEpoch: null,
    });
    sim.stats.reset();
    await lists.list({ party: number('+14155550123'), period: week });
    expect(sim.stats.count()).toBe(0);
  });

  it('reads a number typed with spaces, dashes or without + as the same customer, also when the export drops the +', async () => {
    const { lists, sim } = await setup();
    const typed = parseCallQuery('+1 415-555-0123', { defaultDays: 7 });
    if (typed.kind !== 'calls' || typed.party.kind !== 'number') throw new Error('not a number');
    const a = await lists.list({ party: typed.party, period: week });
    const b = await lists.list({ party: number('14155550123'), period: week });
    expect(b.calls).toEqual(a.calls);
    // Shared cache key: one export for both spellings.
    expect(sim.stats.count('cdr/aidownload')).toBe(1);
    // Customers whose trunk drops the + (every fourth of the week's): found by their + form too.
    const withoutPlus = sampleData({ week: { endingAt: Date.UTC(2026, 4, 14, 12) } }).legs.find(
      (l) => l.writtenNumber !== undefined,
    );
    expect(withoutPlus).toBeDefined();
    const customer = withoutPlus!.callType === 'Inbound' ? withoutPlus!.callFrom : withoutPlus!.callTo;
    const theirs = await lists.list({ party: number(customer), period: week });
    expect(theirs.calls.map((c) => c.legId)).toContain(withoutPlus!.legId);
  });

  it("an extension's calls page by page: 10 a page, Older until the end, all from one export", async () => {
    const { lists, sim } = await setup();
    const first = await lists.list({ party: extension('3202'), period: week });
    expect(first.calls).toHaveLength(CALLS_PAGE_SIZE);
    expect(first.hasOlder).toBe(true);
    const seen = [...first.calls];
    let page = first;
    while (page.hasOlder) {
      page = await lists.list({ party: extension('3202'), period: week, page: page.page + 1, at: first.at });
      seen.push(...page.calls);
    }
    expect(seen).toHaveLength(first.total);
    expect(new Set(seen.map((c) => c.legId)).size).toBe(first.total);
    expect(sim.stats.count('cdr/aidownload')).toBe(1);
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

  it('every exported row fills the leg index, not only the listed ones', async () => {
    const { lists, caches } = await setup();
    await lists.list({ party: extension('3209'), period: week });
    const legs = sampleData({ week: { endingAt: Date.UTC(2026, 4, 14, 12) } }).legs;
    const notHis = legs.find((l) => l.callFrom !== '3209' && l.callTo !== '3209' && l.legId > '20260508')!;
    await expect(caches.legs.get(notHis.legId)).resolves.toMatchObject({
      caller: notHis.writtenNumber && notHis.callType === 'Inbound' ? notHis.writtenNumber : notHis.callFrom,
      callee: notHis.writtenNumber && notHis.callType === 'Outbound' ? notHis.writtenNumber : notHis.callTo,
    });
  });

  it('a period narrows the list; a number nobody called lists nothing', async () => {
    const { lists } = await setup();
    const day = await lists.list({ party: extension('3202'), period: parsePeriod('24h') });
    const all = await lists.list({ party: extension('3202'), period: week });
    expect(day.total).toBeLessThan(all.total);
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
    clock.now += 61_000;
    await lists.list({ party: extension('3203'), period: week, page: 1, at: first.at });
    expect(sim.stats.count('cdr/aidownload')).toBe(2);
    await lists.list({ party: extension('3203'), period: week });
    expect(sim.stats.count('cdr/aidownload')).toBe(2);
  });

  it('an export larger than the app reads says to ask for a shorter period', async () => {
    const { lists, sim } = await setup();
    sim.downloadMode = { oversizeBytes: 11 * 1024 * 1024 };
    const error = await lists
      .list({ party: extension('3202'), period: parsePeriod('31d') })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallSummaryError);
    expect(error).toMatchObject({ code: 'list_too_large', details: { period: '31d' } });
  });
});
