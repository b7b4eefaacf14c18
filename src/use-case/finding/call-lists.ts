import { CallSummaryError, isCallSummaryError } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import type { Period } from '../model/call-query.js';
import { addSeconds, type Side, type WallClock } from '../model/leg-id.js';
import {
  compareWallClocks,
  type PbxWindow,
  type PbxZoneSource,
  recentWindow,
  wallClockAt,
  zoneNow,
} from '../model/pbx-time.js';
import type {
  CachedCallList,
  CallIndex,
  ExportedCall,
  ExportQuery,
  LegIndex,
  ReadThrough,
} from '../ports.js';
import { rememberRows } from '../summaries.js';
import type { Directory } from './directory.js';
import { indexedListedCall, listedCalls } from './listed-calls.js';

/**
 * The calls of an outside number or of an extension over a recent period, newest first, page by page:
 * the use case behind `/callsummary 4155550123`, `/callsummary 3202`, "my calls", the App Home tab and
 * `callsummary calls`. A list costs what the party's calls cost, not what the PBX's whole floor costs:
 *
 * - the span the call index covers (calls recorded from PBX events since the feed came up) is read
 *   from it, with no PBX request;
 * - the span before is asked of the AI export filtered by the party (`call_from=<n>` and
 *   `call_to=<n>`: two exports, since the party may be either end), newest window first (for an
 *   extension the last FIRST_WINDOW_HOURS, then windows of at most LATER_WINDOW_DAYS; an outside
 *   number's few calls a week at once), stopping once the page asked for and one more call are
 *   known. **Older** continues from where the search stopped.
 *
 * The filters are keyword filters (their matching is not documented): rows are matched exactly here.
 * What is known is kept LIST_CACHE_SECONDS per query, so paging and asking again cost nothing, and
 * every exported row fills the leg index, so opening one of these calls costs one request.
 * No Slack and no HTTP here.
 */

export const CALLS_PAGE_SIZE = 10;
/** A list is kept this long per query (the "60 s per query"): calls end all the time. */
export const LIST_CACHE_SECONDS = 60;

/** Whose calls: an outside number (digits, maybe a leading +) or an extension number. */
export type ListParty =
  | { readonly kind: 'number'; readonly number: string }
  | { readonly kind: 'extension'; readonly extension: string };

export interface CallListRequest {
  readonly party: ListParty;
  readonly period: Period;
  /** Which page, from 0 (newest). */
  readonly page?: number;
  /**
   * The instant (Unix ms) the list was first made: pages after the first pass it back so they page
   * through the same window. Undefined: now.
   */
  readonly at?: number;
  /** Only the calls the person may see (src/use-case/access.ts), counted and paged as the list. */
  readonly visible?: ((call: ListedCall) => boolean) | undefined;
}

export interface ListedCall {
  readonly legId: string;
  /** PBX-local wall clock of the call's start (from the leg id). */
  readonly start: WallClock;
  /** The same instant as Unix seconds, when the PBX's time zone is known (YEASTAR_TIMEZONE). */
  readonly startEpoch: number | null;
  /**
   * From the company's side: `in` the extension was called (or the outside number called us), `out`
   * the extension called (or we called the outside number).
   */
  readonly direction: 'in' | 'out';
  /** Extension to extension. */
  readonly internal: boolean;
  /** The other end of the call: its number and, when known, its name. */
  readonly otherNumber: string;
  readonly otherName: string;
  readonly durationSeconds: number | null;
  /** The summary's first point in plain text; '' when the PBX has written none (yet). */
  readonly gist: string;
  /** The side whose summary **Summary** opens (the extension's side); null when neither is one. */
  readonly summarySide: Side | null;
}

export interface CallListPage {
  readonly party: ListParty;
  readonly period: Period;
  readonly window: PbxWindow;
  /** When the list was made (pass back as `at` for the next page). */
  readonly at: number;
  readonly page: number;
  readonly total: number;
  readonly calls: readonly ListedCall[];
  readonly hasOlder: boolean;
  /** True when every call of the period is known: `total` is then the period's count, else a floor. */
  readonly complete: boolean;
}

export interface CallListDeps {
  readonly exportCalls: (query: ExportQuery) => Promise<ExportedCall[]>;
  /** Calls recorded from PBX events; lists read the span it covers instead of the export. */
  readonly index?: Pick<CallIndex, 'callsOf' | 'completeSince' | 'byUid'>;
  /** Names of extensions (the other party); undefined when the directory could not be read. */
  readonly directory: () => Promise<Directory | undefined>;
  readonly legs: Pick<LegIndex, 'set'>;
  /** Lists per query, kept LIST_CACHE_SECONDS and built once across replicas. */
  readonly cache: ReadThrough<string, CachedCallList>;
  /**
   * The PBX's zone (YEASTAR_TIMEZONE, or its offset once the PBX gave it; read at each list): while
   * unknown, times stay PBX wall clock and windows are widened.
   */
  readonly timeZone: PbxZoneSource;
  /** A summary's first point as one line (the renderer's, passed in: the use case reads no HTML). */
  readonly gist: SummaryGist;
  readonly logger: Logger;
  readonly now?: () => number;
}

/** Summary HTML → its gist, one short line. */
export type SummaryGist = (summaryHtml: string) => string;

export interface CallLists {
  list(request: CallListRequest): Promise<CallListPage>;
  /** The party's calls that started within NEAR_MINUTES of an instant, nearest first (a call alert's). */
  near(party: ListParty, atMs: number): Promise<ListedCall[]>;
  /** The legs of one call by its CDR uid: from the call index, else the export at the uid's time. */
  legsOfCall(uid: string): Promise<string[]>;
}

/** How far from a call alert's time its call may have started. */
export const NEAR_MINUTES = 15;
/** A CDR uid: the call's start (14 digits, PBX wall clock) and 5 more characters, no hyphen. */
const CDR_UID = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})[0-9A-Za-z]{5}$/;

/** The first export window, back from now: most lists are answered by the last day's calls. */
export const FIRST_WINDOW_HOURS = 24;
/** Later export windows, further back, at most this long. */
export const LATER_WINDOW_DAYS = 7;
/** The call index is read an hour back first, then four times further at each step. */
const FIRST_INDEX_HOURS = 1;
/** An outside number is filtered by its last digits, however the PBX writes its country code. */
const FILTER_DIGITS = 7;

export function createCallLists(deps: CallListDeps): CallLists {
  const now = deps.now ?? Date.now;
  // Read at each use: the PBX gives its offset after the start.
  const zone = () => zoneNow(deps.timeZone);

  /** A new list: nothing known of it yet. */
  function start(request: CallListRequest, at: number): CachedCallList {
    const window = recentWindow(request.period.hours, at, zone());
    return { at, window, calls: [], searchedFrom: window.end, complete: false };
  }

  /** The start of the span the index covers completely, within the window; undefined when none. */
  async function indexCoverage(window: PbxWindow, at: number): Promise<WallClock | undefined> {
    const timeZone = zone();
    if (!deps.index || timeZone === undefined) return undefined;
    const since = await deps.index.completeSince();
    if (since === undefined || since > at) return undefined;
    return later(wallClockAt(since, timeZone), window.start);
  }

  /**
   * `list` read further back until `wanted` calls are known or the period is searched: from the call
   * index while it covers the span (an hour first, then four times more each step, so a busy agent's
   * page reads a few dozen entries), then from exports filtered by the party.
   */
  async function extend(
    request: CallListRequest,
    list: CachedCallList,
    wanted: number,
  ): Promise<CachedCallList> {
    let { calls, searchedFrom, complete } = list;
    const known = new Set(calls.map((c) => c.legId));
    let covered = await indexCoverage(list.window, list.at);
    let indexHours = FIRST_INDEX_HOURS;
    while (!complete && calls.length < wanted) {
      let from: WallClock;
      let found: ListedCall[];
      if (covered !== undefined && compareWallClocks(covered, searchedFrom) < 0) {
        from = later(addSeconds(searchedFrom, -indexHours * 3600), covered);
        indexHours *= 4;
        const indexed = await deps.index?.callsOf(partyNumberOf(request.party), from, searchedFrom);
        if (indexed === undefined) {
          // The store did not answer: the rest comes from the PBX.
          covered = undefined;
          continue;
        }
        const directory = await deps.directory();
        found = indexed.map((call) => indexedListedCall(call, request.party, directory, zone()));
      } else {
        from = later(
          addSeconds(searchedFrom, -exportHours(request.party, list, searchedFrom) * 3600),
          list.window.start,
        );
        const rows = await exportParty(request, from, searchedFrom);
        await rememberRows(deps.legs, rows);
        const directory = await deps.directory();
        found = listedCalls(rows, request.party, directory, zone(), deps.gist);
      }
      const fresh = found.filter(
        (call) => !known.has(call.legId) && compareWallClocks(call.start, searchedFrom) <= 0,
      );
      for (const call of fresh) known.add(call.legId);
      calls = [...calls, ...fresh];
      searchedFrom = from;
      complete = compareWallClocks(from, list.window.start) <= 0;
    }
    deps.logger.debug(
      `calls of ${partyKey(request.party)}: ${calls.length} known, back to ${complete ? 'the start' : 'part'} of the period`,
    );
    return { ...list, calls, searchedFrom, complete };
  }

  /** The party's rows in [from, to]: both filtered exports (the party as caller, then as callee). */
  async function exportParty(
    request: CallListRequest,
    from: WallClock,
    to: WallClock,
  ): Promise<ExportedCall[]> {
    const { party } = request;
    const filter =
      party.kind === 'extension' ? party.extension : party.number.replace(/\D/g, '').slice(-FILTER_DIGITS);
    try {
      const asCaller = await deps.exportCalls({ start: from, end: to, callFrom: filter });
      const asCallee = await deps.exportCalls({ start: from, end: to, callTo: filter });
      return [...asCaller, ...asCallee];
    } catch (error) {
      if (isCallSummaryError(error, 'pbx_bad_response') && error.details.problem === 'export_too_large') {
        const { maxBytes } = error.details;
        throw new CallSummaryError(
          'list_too_large',
          { period: request.period.label, maxBytes },
          { cause: error },
        );
      }
      throw error;
    }
  }

  /** The window of `minutes` either side of an instant, as the PBX's clock reads it. */
  function around(atMs: number, minutes: number): PbxWindow {
    const widened = recentWindow(0, atMs, zone());
    return {
      start: addSeconds(widened.start, -minutes * 60),
      end: addSeconds(widened.end, minutes * 60),
      exact: widened.exact,
    };
  }

  return {
    async near(party, atMs) {
      const window = around(atMs, NEAR_MINUTES);
      const request: CallListRequest = { party, period: { hours: 1, label: `${NEAR_MINUTES} minutes` } };
      const directory = await deps.directory();
      const covered = await indexCoverage(window, now());
      const indexed =
        covered !== undefined && compareWallClocks(covered, window.start) <= 0
          ? await deps.index?.callsOf(partyNumberOf(party), window.start, window.end)
          : undefined;
      const calls =
        indexed?.map((call) => indexedListedCall(call, party, directory, zone())) ??
        listedCalls(
          await exportParty(request, window.start, window.end),
          party,
          directory,
          zone(),
          deps.gist,
        );
      if (!window.exact) return calls;
      const target = recentWindow(0, atMs, zone()).end;
      const distance = (call: ListedCall) => Math.abs(compareWallClocks(call.start, target));
      return [...calls].sort((a, b) => distance(a) - distance(b));
    },
    async legsOfCall(uid) {
      const known = await deps.index?.byUid(uid);
      if (known) return [known.legId];
      const m = CDR_UID.exec(uid);
      if (!m) return [];
      const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
        number,
        number,
        number,
        number,
        number,
        number,
      ];
      const start = { year, month, day, hour, minute, second };
      // The call's legs start at its start or later (a transfer, a queue's agent).
      const rows = await deps.exportCalls({ start, end: addSeconds(start, 30 * 60) });
      await rememberRows(deps.legs, rows);
      return [...new Set(rows.filter((row) => row.uid === uid).map((row) => row.leg.value))];
    },
    async list(request) {
      const asked = Math.max(0, request.page ?? 0);
      const key = `${partyKey(request.party)}:${request.period.hours}`;
      // The page asked for and one more call: whether there are older ones is then known.
      const wanted = (asked + 1) * CALLS_PAGE_SIZE + 1;
      const enough = (list: CachedCallList) => list.complete || list.calls.length >= wanted;
      const { at } = request;
      // A fresh question takes what is cached. A later page belongs to the list its first page came
      // from: another is a miss, and that list is built again (and kept, for the pages after it).
      const first = await deps.cache.getOrLoad(
        key,
        async () => extend(request, start(request, at ?? now()), wanted),
        at === undefined ? {} : { variant: String(at), accept: (cached) => cached.at === at },
      );
      // A page past what is known reads older windows once (across replicas too) and keeps the result.
      const list = enough(first)
        ? first
        : await deps.cache.getOrLoad(key, () => extend(request, first, wanted), {
            variant: `${first.at}:${wanted}`,
            accept: (cached) => cached.at === first.at && enough(cached),
          });
      const seen = request.visible ? list.calls.filter(request.visible) : list.calls;
      // A page past the end (a button's value is foreign input) is the last page there is.
      const page = Math.min(asked, Math.max(0, Math.ceil(seen.length / CALLS_PAGE_SIZE) - 1));
      const calls = seen.slice(page * CALLS_PAGE_SIZE, (page + 1) * CALLS_PAGE_SIZE);
      return {
        party: request.party,
        period: request.period,
        window: list.window,
        at: list.at,
        page,
        total: seen.length,
        calls,
        hasOlder: (page + 1) * CALLS_PAGE_SIZE < seen.length,
        complete: list.complete,
      };
    },
  };
}

/**
 * How far back the next export reaches. An extension (a busy agent: a hundred calls a day) is read a
 * day first, then a week at a time; an outside number's calls are few, so a week at once.
 */
function exportHours(party: ListParty, list: CachedCallList, searchedFrom: WallClock): number {
  if (party.kind === 'number') return LATER_WINDOW_DAYS * 24;
  const behindMs = compareWallClocks(list.window.end, searchedFrom);
  return behindMs < FIRST_WINDOW_HOURS * 3_600_000 ? FIRST_WINDOW_HOURS : LATER_WINDOW_DAYS * 24;
}

/** The later of two wall clocks. */
function later(a: WallClock, b: WallClock): WallClock {
  return compareWallClocks(a, b) < 0 ? b : a;
}

/** The number the call index files a party by. */
function partyNumberOf(party: ListParty): string {
  return party.kind === 'extension' ? party.extension : party.number;
}

/** The cache key of a party: an outside number by its digits, so `+1 415…` and `1415…` share one. */
function partyKey(party: ListParty): string {
  return party.kind === 'number'
    ? `n${party.number.replace(/\D/g, '').replace(/^00/, '')}`
    : `e${party.extension}`;
}
