import { CallSummaryError, isCallSummaryError } from '../shared/errors.js';
import type { Logger } from '../shared/log.js';
import { type CallContext, callContextOf } from './model/call-context.js';
import type { CallSummary } from './model/call-summary.js';
import { addSeconds, type LegId, parseLegId, SIDES, type Side } from './model/leg-id.js';
import { isExtensionNumber, looksLikeOutsideNumber } from './model/party-number.js';
import { compareWallClocks, type PbxZoneSource, recentWindow, zoneNow } from './model/pbx-time.js';
import type {
  ExportedCall,
  GroupRecord,
  LegHint,
  LegIndex,
  LegParties,
  PbxSummarySource,
  SummaryCaches,
} from './ports.js';

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
      /** Which call it is (direction, parties, start, talk time), as far as it is known. */
      readonly call: CallContext;
    }
  /** The PBX has no summary for this side (yet): summaries arrive minutes after the call. */
  | {
      readonly side: Side;
      readonly status: 'none';
      /** The call started within the last hour (RECENT_CALL_HOURS): its summary may still be written. Unknown: treated as recent. */
      readonly recent?: boolean | undefined;
      /** The extension on that side, when known. */
      readonly extension?: string | undefined;
    }
  /**
   * The party is not an extension: an outside number, or a queue or ring group (`group`), whose
   * call's summary belongs to the agent who answered; only extensions have AI summaries.
   */
  | {
      readonly side: Side;
      readonly status: 'outside_number';
      readonly number: string;
      readonly group?: GroupRecord | undefined;
    };

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
  /**
   * Which call a summary is about: from `facts` (an event's), else from the leg index (no PBX request),
   * else from the leg id alone.
   */
  callContext(summary: CallSummary, facts?: LegParties): Promise<CallContext>;
}

/** What the PBX event intake asks beyond the lookups every surface makes. */
export interface LegSides {
  /**
   * Which side of a leg an extension was on, from the leg's known parties (the leg index, else the AI
   * export); undefined when neither party is that number or the leg's parties cannot be found.
   */
  sideOfExtension(legId: string, extNum: string, caller?: string): Promise<Side | undefined>;
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
  /**
   * The PBX's time zone when known (YEASTAR_TIMEZONE, or the offset the PBX gives): "recent" is then
   * exact. A function is read at each use (the PBX's answer comes after the start).
   */
  readonly pbxTimeZone?: PbxZoneSource;
  /** The queue or ring group a number belongs to (the directory's), when known. */
  readonly groupOf?: (number: string) => Promise<GroupRecord | undefined>;
  /** PHONE_REGION: the country of numbers the PBX writes without one. */
  readonly phoneRegion?: string | undefined;
  /** An extension's name (the directory's); undefined when unknown. Never asks the PBX on its own. */
  readonly extensionName?: ((number: string) => Promise<string | undefined>) | undefined;
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
const RECENT_LEG_HOURS = 24;
const CLOCK_SLACK_SECONDS = 10 * 60;
/**
 * A summary not written yet may still come for a call of the last hour ("summaries arrive a few
 * minutes after the call"); for an older one it most likely never will (transcription off for the
 * extension). Without YEASTAR_TIMEZONE the hour is widened like every window (see above).
 */
export const RECENT_CALL_HOURS = 1;

export function mayBeRecentLeg(
  leg: LegId,
  nowMs: number,
  pbxTimeZone?: string,
  hours: number = RECENT_LEG_HOURS,
): boolean {
  const window = recentWindow(hours, nowMs, pbxTimeZone);
  const end = window.exact ? addSeconds(window.end, CLOCK_SLACK_SECONDS) : window.end;
  return compareWallClocks(window.start, leg.start) <= 0 && compareWallClocks(leg.start, end) <= 0;
}

/** The party of a side is not an extension: nothing to fetch, and nothing to cache. */
class OutsideNumber extends Error {
  constructor(
    readonly number: string,
    readonly group?: GroupRecord,
  ) {
    super(`${number} is not an extension`);
  }
}

export function createSummaryService(deps: SummaryServiceDeps): SummaryService & LegSides & LegPartiesOf {
  const { pbx, caches, logger: log } = deps;
  const now = deps.now ?? Date.now;

  const extensionId = (number: string) =>
    caches.extensions.getOrLoad(number, async () => (await pbx.findExtensionId(number)) ?? null);

  const missing = (leg: LegId) =>
    mayBeRecentLeg(leg, now(), zoneNow(deps.pbxTimeZone))
      ? new CallSummaryError('not_transcribed_yet', { legId: leg.value })
      : new CallSummaryError('party_unknown', { legId: leg.value });

  // Known parties are always good (legs do not change). A leg the export lacks is remembered only
  // briefly (it may be there on the next ask), and a refresh (Try again, a late-summary check) asks the
  // export again.
  const parties = (leg: LegId, hint?: LegHint, refresh = false) =>
    caches.legs.getOrLoad(
      leg.value,
      async () => {
        if (!refresh && (await caches.legs.isMissing(leg.value))) throw missing(leg);
        const rows = await pbx.exportAroundLeg(leg, hint);
        const found = legFactsOf(rows, leg);
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
    let known: LegParties | undefined;
    let summary: CallSummary | null;
    try {
      summary = await caches.summaries.getOrLoad(
        { legId: leg.value, side },
        async () => {
          if (extension === undefined) known = await parties(leg, undefined, refresh);
          const number = extension ?? known![side];
          if (number === '' || looksLikeOutsideNumber(number)) throw new OutsideNumber(number);
          const group = await deps.groupOf?.(number).catch(() => undefined);
          if (group) throw new OutsideNumber(number, group);
          const id = await extensionId(number);
          if (id === null) throw new OutsideNumber(number);
          asked = true;
          return pbx.fetchSummary(leg.value, side, id);
        },
        // A named extension is what the PBX is asked with: only lookups naming the same one share a load.
        { refresh, variant: extension },
      );
    } catch (error) {
      if (error instanceof OutsideNumber) {
        const { number, group } = error;
        return { side, status: 'outside_number', number, ...(group ? { group } : {}) };
      }
      throw error;
    }
    if (!summary) {
      const number = extension ?? known?.[side];
      return {
        side,
        status: 'none',
        recent: mayBeRecentLeg(leg, now(), zoneNow(deps.pbxTimeZone), RECENT_CALL_HOURS),
        ...(number !== undefined && number !== '' ? { extension: number } : {}),
      };
    }
    return { side, status: 'found', summary, cached: !asked, call: await contextOf(summary, known) };
  }

  async function contextOf(summary: CallSummary, facts?: LegParties): Promise<CallContext> {
    const known = facts ?? (await caches.legs.get(summary.legId).catch(() => undefined));
    const numbers = [known?.caller, known?.callee, summary.extNum].filter(
      (n): n is string => n !== undefined && isExtensionNumber(n.trim()),
    );
    const names = new Map<string, string>();
    if (deps.extensionName) {
      await Promise.all(
        numbers.map(async (number) => {
          const name = await deps.extensionName!(number.trim()).catch(() => undefined);
          if (name) names.set(number.trim(), name);
        }),
      );
    }
    return callContextOf({
      legId: summary.legId,
      side: summary.side,
      summary,
      facts: known,
      timeZone: zoneNow(deps.pbxTimeZone),
      phoneRegion: deps.phoneRegion,
      nameOf: (number) => names.get(number),
    });
  }

  return {
    async lookup(request) {
      const leg = parseLegId(request.legId);
      const extension = request.extension?.trim() || undefined;
      if (extension !== undefined && !isExtensionNumber(extension)) {
        throw new CallSummaryError('usage', {
          query: { reason: 'not_an_extension', input: extension.slice(0, 20) },
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
    callContext: contextOf,
    async sideOfExtension(legId, extNum, caller) {
      let known: LegParties;
      try {
        // Asked when a summary has just been written (a 30040): an earlier "the export lacks this leg"
        // is out of date.
        // The event's caller, when it gave one, finds the leg in one filtered export.
        known = await parties(parseLegId(legId), { number: extNum.trim(), caller }, true);
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

/** What exported rows say of `leg` (its parties, names, type, talk time), or undefined. */
export function legFactsOf(rows: readonly ExportedCall[], leg: LegId): LegParties | undefined {
  const row = rows.find((call) => call.leg.value === leg.value);
  return row ? factsOfRow(row) : undefined;
}

/** What an export row says of its leg, kept in the leg index. */
export function factsOfRow(row: ExportedCall): LegParties {
  return {
    caller: row.callFrom,
    callee: row.callTo,
    ...(row.callFromName !== '' ? { callerName: row.callFromName } : {}),
    ...(row.callToName !== '' ? { calleeName: row.callToName } : {}),
    ...(row.callType !== '' ? { callType: row.callType } : {}),
    ...(row.durationSeconds !== null ? { talkSeconds: row.durationSeconds } : {}),
  };
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
      return [legs.set(row.leg.value, factsOfRow(row))];
    }),
  );
}
