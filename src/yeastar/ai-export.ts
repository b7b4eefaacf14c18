import { z } from 'zod';
import { CallSummaryError, isCallSummaryError } from '../shared/errors.js';
import type { Logger } from '../shared/log.js';
import { addSeconds, type LegId } from '../use-case/model/leg-id.js';
import type { ExportedCall, ExportQuery, LegHint } from '../use-case/ports.js';
import { DATA_NOT_FOUND, PbxApiError } from './errcodes.js';
import { exportFileReader } from './export-file.js';
import { parseExportRow } from './export-rows.js';
import type { ExportTurns } from './export-turns.js';
import type { PbxHttp } from './http.js';
import { formatFromErrorMessage, formatWallClock } from './time-format.js';
import type { TokenManager } from './tokens.js';

/**
 * The AI transcription export (`cdr/aidownload`, v2.0) for a span of PBX-local time: ask for the
 * export, download its JSON file (same origin, `/api/download/` only, no redirects, size cap) and read
 * its rows (src/yeastar/export-rows.ts: field names from prior art, read tolerantly). One export
 * answers both a leg id's parties (a window around its start) and a list of calls (the period asked).
 * A list filters locally: a number may be either party, and two filtered exports cost more than one.
 *
 * A leg's parties are searched narrow first (`exportAroundLeg`). The export holds every transcribed
 * call of the window, transcripts included, so a wide window on a busy PBX is large (past the cap,
 * useless): ±EXPORT_NARROW_MINUTES around the leg id's time first, then ±YEASTAR_EXPORT_WINDOW_MINUTES
 * only on a miss, since a leg may start well into its call (a queue wait, a transfer) and which time
 * the export filters on is not documented. When one party's number is known, the wide window is asked
 * with the `call_from` / `call_to` filters first; their matching rules are not documented either, so
 * an unfiltered wide export comes last.
 *
 * The PBX's own answers to an export: 60001 DATA NOT FOUND is a window with no call in it (no rows,
 * nothing to download). 70082 OVERLOAD_TASK_RUNNING (another export runs) and 2 PROCESSING are not
 * final: the export waits BUSY_WAITS_MS and asks again, then gives up with `pbx_busy` ("try again in a
 * minute"). Exports take turns, one at a time per PBX, the download included (src/yeastar/export-turns.ts).
 * The file is read as it arrives and its transcripts dropped row by row (src/yeastar/export-file.ts).
 */

export const EXPORT_MAX_BYTES = 10 * 1024 * 1024;
/** The first, narrow window: minutes either side of the leg's start. */
const EXPORT_NARROW_MINUTES = 3;

const exportAnswerSchema = z.looseObject({
  download_resource_url: z.string().min(1),
  file: z.string().nullish(),
});

/**
 * How long an export waits before asking again while the PBX is busy with another (70082, 2): in
 * seconds, doubling, about 30 s in all; then it says the PBX is busy.
 */
export const BUSY_WAITS_MS: readonly number[] = [1000, 2000, 4000, 8000, 15_000];

/**
 * What the client keeps between exports: the time format in use (the configured one until the PBX
 * names another; then that, for the process) and whether unreadable rows were already reported.
 */
export interface ExportState {
  timeFormat: string;
  unreadableRowsReported: boolean;
}

export interface ExportDeps {
  readonly http: PbxHttp;
  readonly tokens: TokenManager;
  readonly state: ExportState;
  readonly logger: Logger;
  /** One export at a time per PBX; absent: no ordering (a single caller). */
  readonly turns?: ExportTurns;
  /** Waits while the PBX is busy (BUSY_WAITS_MS); injectable so tests do not sleep. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly maxBytes?: number;
}

const sleepReal = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The export's rows that could be read, in the file's order; none for a window with no call (60001). */
export async function exportCalls(deps: ExportDeps, query: ExportQuery): Promise<ExportedCall[]> {
  return deps.turns ? deps.turns.run(() => exportTurn(deps, query)) : exportTurn(deps, query);
}

/** One export, asked for and read: what a turn holds. */
async function exportTurn(deps: ExportDeps, query: ExportQuery): Promise<ExportedCall[]> {
  const { http, tokens, state, logger: log } = deps;
  const busy = busyBudget(deps);
  const ask = (format: string) =>
    tokens.withToken((token) =>
      http.call(
        {
          method: 'GET',
          path: '/openapi/v2.0/cdr/aidownload',
          query: {
            start_time: formatWallClock(query.start, format),
            end_time: formatWallClock(query.end, format),
            ...(query.callFrom === undefined ? {} : { call_from: query.callFrom }),
            ...(query.callTo === undefined ? {} : { call_to: query.callTo }),
          },
          token,
          what: 'ai_export',
        },
        exportAnswerSchema,
      ),
    );

  let answer: z.output<typeof exportAnswerSchema>;
  try {
    answer = await busy.retry(async () => {
      try {
        return await ask(state.timeFormat);
      } catch (error) {
        const named =
          error instanceof PbxApiError && error.errcode === 40002 ? namedFormat(error) : undefined;
        if (!named || named === state.timeFormat) throw error;
        log.warn(`The PBX expects times as "${named}" (not "${state.timeFormat}"); using it from now on`);
        state.timeFormat = named;
        return await ask(named);
      }
    });
  } catch (error) {
    // DATA NOT FOUND: nothing was transcribed in the window. An empty export, not a failure.
    if (error instanceof PbxApiError && error.errcode === DATA_NOT_FOUND) return [];
    throw error;
  }

  const read = exportFileReader(parseExportRow);
  const file = await busy.retry(() =>
    tokens.withToken((token) =>
      http.download(answer.download_resource_url, token, deps.maxBytes ?? EXPORT_MAX_BYTES, read),
    ),
  );
  const calls = file.rows;
  if (calls.length === 0 && file.rowCount > 0 && !state.unreadableRowsReported) {
    // Said once per process: the admin can report which fields this firmware writes.
    state.unreadableRowsReported = true;
    log.warn(
      `The PBX AI transcription export has ${file.rowCount} rows but none with a leg id and both parties; its rows have the fields: ${file.firstRowKeys.join(', ')}`,
    );
  }
  return calls;
}

/**
 * One export's patience with a busy PBX (70082, 2): BUSY_WAITS_MS shared by the request and its
 * download, then the last answer, with how long was waited.
 */
function busyBudget(deps: ExportDeps) {
  const sleep = deps.sleep ?? sleepReal;
  let next = 0;
  let waitedMs = 0;
  return {
    async retry<T>(work: () => Promise<T>): Promise<T> {
      for (;;) {
        try {
          return await work();
        } catch (error) {
          if (!isCallSummaryError(error, 'pbx_busy')) throw error;
          const wait = BUSY_WAITS_MS[next];
          if (wait === undefined) {
            throw new CallSummaryError(
              'pbx_busy',
              { ...error.details, waitedSeconds: Math.round(waitedMs / 1000) },
              { cause: error },
            );
          }
          next += 1;
          waitedMs += wait;
          deps.logger.info(
            `The PBX is busy with another export (errcode ${error.details.errcode} ${error.details.errmsg}); asking again in ${wait / 1000} s`,
          );
          await sleep(wait);
        }
      }
    },
  };
}

/** A window of `minutes` either side of the leg's start: the export holding that leg. */
function legWindow(leg: LegId, minutes: number): ExportQuery {
  return { start: addSeconds(leg.start, -minutes * 60), end: addSeconds(leg.start, minutes * 60) };
}

export interface ExportSearchStep {
  readonly windowMinutes: number;
  /** Minutes before the leg's start, when not `windowMinutes` (a long call's earlier start). */
  readonly beforeMinutes?: number;
  readonly filter?: { readonly callFrom: string } | { readonly callTo: string };
}

/**
 * How far back a call may have started before one of its legs (a queue's wait, transfers): the
 * export's `time` is probably the call's start [I], so a filtered search reaches this far.
 */
export const LONG_CALL_MINUTES = 4 * 60;

/** The exports to ask for, in order, until one holds the leg. Pure. */
export function exportSearchPlan(widestMinutes: number, hint: LegHint = {}): ExportSearchStep[] {
  const narrow = Math.min(EXPORT_NARROW_MINUTES, widestMinutes);
  // The caller known (an event said it): one export filtered by it, reaching back over a long call.
  if (hint.caller !== undefined && hint.caller.trim() !== '') {
    return [
      {
        windowMinutes: narrow,
        beforeMinutes: Math.max(LONG_CALL_MINUTES, widestMinutes),
        filter: { callFrom: hint.caller.trim() },
      },
    ];
  }
  const knownNumber = hint.number;
  const steps: ExportSearchStep[] = [{ windowMinutes: narrow }];
  if (widestMinutes <= narrow) return steps;
  if (knownNumber !== undefined && knownNumber !== '') {
    steps.push({ windowMinutes: widestMinutes, filter: { callFrom: knownNumber } });
    steps.push({ windowMinutes: widestMinutes, filter: { callTo: knownNumber } });
  }
  steps.push({ windowMinutes: widestMinutes });
  return steps;
}

/**
 * The export's rows around a leg, searched narrow first and widened only while the leg is not among
 * them. Every row read is returned (each is a leg someone may ask about next); the leg's own row is
 * among them when any export held it.
 */
export async function exportAroundLeg(
  deps: ExportDeps,
  leg: LegId,
  widestMinutes: number,
  hint?: LegHint,
): Promise<ExportedCall[]> {
  const rows: ExportedCall[] = [];
  for (const step of exportSearchPlan(widestMinutes, hint)) {
    const window = legWindow(leg, step.windowMinutes);
    const start =
      step.beforeMinutes === undefined ? window.start : addSeconds(leg.start, -step.beforeMinutes * 60);
    const calls = await exportCalls(deps, { ...window, start, ...step.filter });
    rows.push(...calls);
    if (calls.some((call) => call.leg.value === leg.value)) break;
  }
  return rows;
}

/** The valid format a 40002 names, from `invalid_param_list[].valid_msg` or the errmsg. */
function namedFormat(error: PbxApiError): string | undefined {
  const body = error.body as { invalid_param_list?: unknown } | undefined;
  const list = Array.isArray(body?.invalid_param_list) ? body.invalid_param_list : [];
  for (const item of list) {
    const message = (item as { valid_msg?: unknown } | null)?.valid_msg;
    if (typeof message === 'string') {
      const format = formatFromErrorMessage(message);
      if (format) return format;
    }
  }
  return formatFromErrorMessage(error.errmsg);
}
