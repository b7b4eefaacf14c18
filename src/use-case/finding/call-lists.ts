import { CallSummaryError, isCallSummaryError } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import { type Period, sameNumber } from '../model/call-query.js';
import type { Side, WallClock } from '../model/leg-id.js';
import { looksLikeOutsideNumber } from '../model/party-number.js';
import { compareWallClocks, epochSecondsOf, type PbxWindow, recentWindow } from '../model/pbx-time.js';
import type { CachedCallList, ExportedCall, ExportQuery, LegIndex, ReadThrough } from '../ports.js';
import { rememberRows } from '../summaries.js';
import type { Directory } from './directory.js';

/**
 * The calls of an outside number or of an extension over a recent period, newest first, page by page:
 * the use case behind `/callsummary 4155550123`, `/callsummary 3202`, "my calls", the App Home tab and
 * `callsummary calls`. One AI transcription export per list (a number can be either party, so rows
 * are filtered here rather than asking the PBX twice); the list is kept LIST_CACHE_SECONDS, so paging
 * and asking again cost nothing, and every row the export holds fills the leg index, so opening any
 * of these calls' summaries costs one request. No Slack and no HTTP here.
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
}

export interface CallListDeps {
  readonly exportCalls: (query: ExportQuery) => Promise<ExportedCall[]>;
  /** Names of extensions (the other party); undefined when the directory could not be read. */
  readonly directory: () => Promise<Directory | undefined>;
  readonly legs: Pick<LegIndex, 'set'>;
  /** Lists per query, kept LIST_CACHE_SECONDS and built once across replicas. */
  readonly cache: ReadThrough<string, CachedCallList>;
  /** YEASTAR_TIMEZONE: without it, times stay PBX wall clock and windows are widened. */
  readonly timeZone: string | undefined;
  /** A summary's first point as one line (the renderer's, passed in: the use case reads no HTML). */
  readonly gist: SummaryGist;
  readonly logger: Logger;
  readonly now?: () => number;
}

/** Summary HTML → its gist, one short line. */
export type SummaryGist = (summaryHtml: string) => string;

export interface CallLists {
  list(request: CallListRequest): Promise<CallListPage>;
}

export function createCallLists(deps: CallListDeps): CallLists {
  const now = deps.now ?? Date.now;

  async function build(request: CallListRequest, at: number): Promise<CachedCallList> {
    const window = recentWindow(request.period.hours, at, deps.timeZone);
    let rows: ExportedCall[];
    try {
      rows = await deps.exportCalls({ start: window.start, end: window.end });
    } catch (error) {
      if (isCallSummaryError(error, 'pbx_bad_response') && error.details.problem === 'export_too_large') {
        throw new CallSummaryError('list_too_large', { period: request.period.label }, { cause: error });
      }
      throw error;
    }
    await rememberRows(deps.legs, rows);
    const directory = await deps.directory();
    const calls = listedCalls(rows, request.party, directory, deps.timeZone, deps.gist);
    deps.logger.debug(`calls of ${partyKey(request.party)}: ${calls.length} of ${rows.length} exported rows`);
    return { at, window, calls };
  }

  return {
    async list(request) {
      const asked = Math.max(0, request.page ?? 0);
      const key = `${partyKey(request.party)}:${request.period.hours}`;
      const { at } = request;
      // A fresh question takes what is cached. A later page belongs to the list its first page came
      // from: another is a miss, and that list is built again (and kept, for the pages after it).
      const list = await deps.cache.getOrLoad(
        key,
        () => build(request, at ?? now()),
        at === undefined ? {} : { variant: String(at), accept: (cached) => cached.at === at },
      );
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
      };
    },
  };
}

/** The cache key of a party: an outside number by its digits, so `+1 415…` and `1415…` share one. */
export function partyKey(party: ListParty): string {
  return party.kind === 'number'
    ? `n${party.number.replace(/\D/g, '').replace(/^00/, '')}`
    : `e${party.extension}`;
}

/** Pure: the party's calls among export rows, newest first, one per leg. */
export function listedCalls(
  rows: readonly ExportedCall[],
  party: ListParty,
  directory: Directory | undefined,
  timeZone: string | undefined,
  gist: SummaryGist,
): ListedCall[] {
  const isParty = (number: string) =>
    party.kind === 'extension' ? number === party.extension : sameNumber(number, party.number);
  const byLeg = new Map<string, ExportedCall>();
  for (const row of rows) {
    if (!isParty(row.callFrom) && !isParty(row.callTo)) continue;
    const seen = byLeg.get(row.leg.value);
    // The same leg twice (a row per side, on some firmware): keep the one with a summary.
    if (!seen || (seen.summaryHtml.trim() === '' && row.summaryHtml.trim() !== ''))
      byLeg.set(row.leg.value, row);
  }
  return [...byLeg.values()]
    .sort((a, b) => compareWallClocks(b.leg.start, a.leg.start) || b.leg.value.localeCompare(a.leg.value))
    .map((row) => listedCall(row, party.kind, isParty(row.callFrom), directory, timeZone, gist));
}

function listedCall(
  row: ExportedCall,
  partyKind: ListParty['kind'],
  partyCalled: boolean,
  directory: Directory | undefined,
  timeZone: string | undefined,
  gist: SummaryGist,
): ListedCall {
  const otherNumber = partyCalled ? row.callTo : row.callFrom;
  const otherSide: Side = partyCalled ? 'callee' : 'caller';
  const ownSide: Side = partyCalled ? 'caller' : 'callee';
  const ownNumber = partyCalled ? row.callFrom : row.callTo;
  const rowName = partyCalled ? row.callToName : row.callFromName;
  const isExtension = (n: string) => !looksLikeOutsideNumber(n);
  // The extension's summary: the listed party's own when it is an extension, else the other end's.
  const summarySide = isExtension(ownNumber) ? ownSide : isExtension(otherNumber) ? otherSide : null;
  return {
    legId: row.leg.value,
    start: row.leg.start,
    startEpoch: timeZone === undefined ? null : epochSecondsOf(row.leg.start, timeZone),
    direction: partyCalled === (partyKind === 'extension') ? 'out' : 'in',
    internal:
      row.callType.toLowerCase() === 'internal' || (isExtension(row.callFrom) && isExtension(row.callTo)),
    otherNumber,
    otherName: directory?.byNumber(otherNumber)?.name || rowName,
    durationSeconds: row.durationSeconds,
    gist: gist(row.summaryHtml),
    summarySide,
  };
}
