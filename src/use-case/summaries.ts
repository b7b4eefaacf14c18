import { CallSummaryError, isCallSummaryError } from '../shared/errors.js';
import type { Logger } from '../shared/log.js';
import type { CallSummary } from './model/call-summary.js';
import { addSeconds, type LegId, parseLegId, SIDES, type Side } from './model/leg-id.js';
import { isExtensionNumber, looksLikeOutsideNumber } from './model/party-number.js';
import { compareWallClocks, recentWindow } from './model/pbx-time.js';
import type { ExportedCall, LegIndex, LegParties, PbxSummarySource, SummaryCaches } from './ports.js';

/**
 * The use case every surface calls (CLI `get`, `/callsummary`, the shortcut, automatic posting):
 * validate the leg id, resolve the party's extension, fetch (through the cache), return summaries.
 * No Slack and no HTTP here.
 */
export interface SummaryRequest {
  /** As the person typed it; validated here (CallSummaryError `bad_leg_id`). */
  readonly legId: string;
  /** Undefined: every side that has a summary. */
  readonly side?: Side | undefined;
  /** An extension number the person gave for that side (skips party resolution). */
  readonly extension?: string | undefined;
  /** Bypass cached summaries and cached "no summary" answers. */
  readonly refresh?: boolean | undefined;
}

export type SideResult =
  | {
      readonly side: Side;
      readonly status: 'found';
      readonly summary: CallSummary;
      /** Answered without this lookup asking the PBX: from the cache, or an identical lookup's answer. */
      readonly cached: boolean;
    }
  /** The PBX has no summary for this side (yet): summaries arrive minutes after the call. */
  | { readonly side: Side; readonly status: 'none' }
  /** The party is not an extension (an outside number); only extensions have AI summaries. */
  | { readonly side: Side; readonly status: 'outside_number'; readonly number: string };

export interface SummaryLookup {
  /** Canonical leg id. */
  readonly legId: string;
  /** One entry per side asked for (both when no side was given), caller first. */
  readonly results: readonly SideResult[];
}

export interface SummaryService {
  lookup(request: SummaryRequest): Promise<SummaryLookup>;
  /** Record a leg's parties learnt from PBX events (30012, 30040) so later lookups skip the export. */
  rememberLeg(legId: string, parties: LegParties): Promise<void>;
  /** Keep a summary pushed by event 30040, so the next lookup of that leg and side is a cache hit. */
  rememberSummary(summary: CallSummary): Promise<void>;
}

/** What the PBX event intake asks beyond the lookups every surface makes. */
export interface LegSides {
  /**
   * Which side of a leg an extension was on, from the leg's known parties (the leg index, else the AI
   * export); undefined when neither party is that number or the leg's parties cannot be found.
   */
  sideOfExtension(legId: string, extNum: string): Promise<Side | undefined>;
}

/** What the access rules ask (src/use-case/access.ts): whose extensions a leg's sides are. */
export interface LegPartiesOf {
  /** A leg's parties (the leg index, else the AI export); undefined when they cannot be found. */
  legParties(legId: string): Promise<LegParties | undefined>;
}

export interface SummaryServiceDeps {
  readonly pbx: PbxSummarySource;
  readonly caches: SummaryCaches;
  readonly logger: Logger;
  /** Unix ms; decides whether a leg missing from the export may be too recent to be in it. */
  readonly now?: () => number;
  /** The PBX's IANA time zone (YEASTAR_TIMEZONE), when configured: "recent" is then exact. */
  readonly pbxTimeZone?: string | undefined;
}

/**
 * A leg enters the PBX's AI export only once its summary is written, minutes after the call; so a
 * leg the export lacks may simply be too recent, which asking again later cures. "Recent" is the last
 * RECENT_LEG_HOURS by the PBX's clock, compared in the PBX's wall-clock time (the leg id's). With
 * YEASTAR_TIMEZONE the PBX's clock is known (a few minutes' slack for clocks that disagree). Without
 * it the window is widened by every UTC offset (−12 … +14 h): the id's time read as UTC must lie
 * within [now − 36 h, now + 14 h], so a leg up to 12 hours older than a day may count as recent,
 * never the other way round.
 */
export const RECENT_LEG_HOURS = 24;
const CLOCK_SLACK_SECONDS = 10 * 60;

export function mayBeRecentLeg(leg: LegId, nowMs: number, pbxTimeZone?: string): boolean {
  const window = recentWindow(RECENT_LEG_HOURS, nowMs, pbxTimeZone);
  const end = window.exact ? addSeconds(window.end, CLOCK_SLACK_SECONDS) : window.end;
  return compareWallClocks(window.start, leg.start) <= 0 && compareWallClocks(leg.start, end) <= 0;
}

/** The party of a side is not an extension: nothing to fetch, and nothing to cache. */
class OutsideNumber extends Error {
  constructor(readonly number: string) {
    super(`${number} is not an extension`);
  }
}

export function createSummaryService(deps: SummaryServiceDeps): SummaryService & LegSides & LegPartiesOf {
  const { pbx, caches, logger: log } = deps;
  const now = deps.now ?? Date.now;

  const extensionId = (number: string) =>
    caches.extensions.getOrLoad(number, async () => (await pbx.findExtensionId(number)) ?? null);

  const missing = (leg: LegId) =>
    mayBeRecentLeg(leg, now(), deps.pbxTimeZone)
      ? new CallSummaryError('not_transcribed_yet', { legId: leg.value })
      : new CallSummaryError('party_unknown', { legId: leg.value });

  // Known parties are always good (legs do not change). A leg the export lacks is remembered only
  // briefly (it may be there on the next ask), and a refresh (Try again, a late-summary check) asks the
  // export again.
  const parties = (leg: LegId, knownNumber?: string, refresh = false) =>
    caches.legs.getOrLoad(
      leg.value,
      async () => {
        if (!refresh && (await caches.legs.isMissing(leg.value))) throw missing(leg);
        const rows = await pbx.exportAroundLeg(leg, knownNumber);
        const found = partiesOf(rows, leg);
        // Every other row is a leg someone may ask about next (a list, an alert): one export, many
        // answers. This leg's parties are kept by the read-through.
        await rememberRows(
          caches.legs,
          rows.filter((row) => row.leg.value !== leg.value),
        );
        if (!found) {
          await caches.legs.setMissing(leg.value);
          throw missing(leg);
        }
        return found;
      },
      { variant: refresh ? 'refresh' : undefined },
    );

  async function lookupSide(
    leg: LegId,
    side: Side,
    extension: string | undefined,
    refresh: boolean,
  ): Promise<SideResult> {
    // Whether this lookup's own load ran: otherwise the answer came from the cache (or from an identical
    // lookup that asked the PBX at the same moment).
    let asked = false;
    let summary: CallSummary | null;
    try {
      summary = await caches.summaries.getOrLoad(
        { legId: leg.value, side },
        async () => {
          const number = extension ?? (await parties(leg, undefined, refresh))[side];
          if (number === '' || looksLikeOutsideNumber(number)) throw new OutsideNumber(number);
          const id = await extensionId(number);
          if (id === null) throw new OutsideNumber(number);
          asked = true;
          return pbx.fetchSummary(leg.value, side, id);
        },
        // A named extension is what the PBX is asked with: only lookups naming the same one share a load.
        { refresh, variant: extension },
      );
    } catch (error) {
      if (error instanceof OutsideNumber) return { side, status: 'outside_number', number: error.number };
      throw error;
    }
    if (!summary) return { side, status: 'none' };
    return { side, status: 'found', summary, cached: !asked };
  }

  return {
    async lookup(request) {
      const leg = parseLegId(request.legId);
      const extension = request.extension?.trim() || undefined;
      if (extension !== undefined && !isExtensionNumber(extension)) {
        throw new CallSummaryError('usage', {
          problem: `"${extension.slice(0, 20)}" is not an extension number.`,
        });
      }
      const sides = request.side ? [request.side] : SIDES;
      const results: SideResult[] = [];
      // Sequential, caller first: the second side then reuses the resolved parties and token.
      for (const side of sides) {
        results.push(await lookupSide(leg, side, extension, request.refresh ?? false));
      }
      log.debug(`lookup ${leg.value}: ${results.map((r) => `${r.side}=${r.status}`).join(' ')}`);
      return { legId: leg.value, results };
    },
    async rememberLeg(legId, legParties) {
      await caches.legs.set(parseLegId(legId).value, legParties);
    },
    async rememberSummary(summary) {
      await caches.summaries.set({ legId: summary.legId, side: summary.side }, summary);
    },
    async sideOfExtension(legId, extNum) {
      let known: LegParties;
      try {
        // Asked when a summary has just been written (a 30040): an earlier "the export lacks this leg"
        // is out of date.
        known = await parties(parseLegId(legId), extNum.trim(), true);
      } catch (error) {
        log.debug(`side of ${legId}: parties unknown (${isCallSummaryError(error) ? error.code : 'error'})`);
        return undefined;
      }
      const number = extNum.trim();
      return SIDES.find((side) => known[side] === number);
    },
    async legParties(legId) {
      try {
        return await parties(parseLegId(legId));
      } catch (error) {
        if (isCallSummaryError(error)) return undefined;
        throw error;
      }
    },
  };
}

/** The parties of `leg` among exported rows, or undefined. */
export function partiesOf(rows: readonly ExportedCall[], leg: LegId): LegParties | undefined {
  const row = rows.find((call) => call.leg.value === leg.value);
  return row ? { caller: row.callFrom, callee: row.callTo } : undefined;
}

/** Fills the leg index from export rows (concurrently: a week's export may hold hundreds). */
export async function rememberRows(
  legs: Pick<LegIndex, 'set'>,
  rows: readonly ExportedCall[],
): Promise<void> {
  const seen = new Set<string>();
  await Promise.all(
    rows.flatMap((row) => {
      if (seen.has(row.leg.value)) return [];
      seen.add(row.leg.value);
      return [legs.set(row.leg.value, { caller: row.callFrom, callee: row.callTo })];
    }),
  );
}
