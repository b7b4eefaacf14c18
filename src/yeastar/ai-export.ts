import { z } from 'zod';
import { CallSummaryError } from '../shared/errors.js';
import type { Logger } from '../shared/log.js';
import { addSeconds, type LegId } from '../use-case/model/leg-id.js';
import type { ExportedCall, ExportQuery } from '../use-case/ports.js';
import { PbxApiError } from './errcodes.js';
import { parseExportRow, rowKeys } from './export-rows.js';
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
 */

export const EXPORT_MAX_BYTES = 10 * 1024 * 1024;
/** The first, narrow window: minutes either side of the leg's start. */
const EXPORT_NARROW_MINUTES = 3;

const exportAnswerSchema = z.looseObject({
  download_resource_url: z.string().min(1),
  file: z.string().nullish(),
});

const fileSchema = z.union([
  z.array(z.unknown()),
  z.looseObject({ data: z.array(z.unknown()) }).transform((o) => o.data),
]);

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
  readonly maxBytes?: number;
}

/** The export's rows that could be read, in the file's order. */
export async function exportCalls(deps: ExportDeps, query: ExportQuery): Promise<ExportedCall[]> {
  const { http, tokens, state, logger: log } = deps;
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
          what: 'the AI transcription export',
        },
        exportAnswerSchema,
      ),
    );

  let answer: z.output<typeof exportAnswerSchema>;
  try {
    answer = await ask(state.timeFormat);
  } catch (error) {
    const named = error instanceof PbxApiError && error.errcode === 40002 ? namedFormat(error) : undefined;
    if (!named || named === state.timeFormat) throw error;
    log.warn(`The PBX expects times as "${named}" (not "${state.timeFormat}"); using it from now on`);
    state.timeFormat = named;
    answer = await ask(named);
  }

  const text = await tokens.withToken((token) =>
    http.download(answer.download_resource_url, token, deps.maxBytes ?? EXPORT_MAX_BYTES),
  );
  let rows: unknown[];
  try {
    const parsed = fileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error('not a list of rows');
    rows = parsed.data;
  } catch {
    throw new CallSummaryError('pbx_bad_response', {
      what: 'the AI transcription export',
      problem: 'export_not_list',
    });
  }
  const calls = rows.flatMap((row) => parseExportRow(row) ?? []);
  if (calls.length === 0 && rows.length > 0 && !state.unreadableRowsReported) {
    // Said once per process: the admin can report which fields this firmware writes.
    state.unreadableRowsReported = true;
    log.warn(
      `The PBX AI transcription export has ${rows.length} rows but none with a leg id and both parties; its rows have the fields: ${rowKeys(rows[0]).join(', ')}`,
    );
  }
  return calls;
}

/** A window of `minutes` either side of the leg's start: the export holding that leg. */
function legWindow(leg: LegId, minutes: number): ExportQuery {
  return { start: addSeconds(leg.start, -minutes * 60), end: addSeconds(leg.start, minutes * 60) };
}

export interface ExportSearchStep {
  readonly windowMinutes: number;
  readonly filter?: { readonly callFrom: string } | { readonly callTo: string };
}

/** The exports to ask for, in order, until one holds the leg. Pure. */
export function exportSearchPlan(widestMinutes: number, knownNumber?: string): ExportSearchStep[] {
  const narrow = Math.min(EXPORT_NARROW_MINUTES, widestMinutes);
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
  knownNumber?: string,
): Promise<ExportedCall[]> {
  const rows: ExportedCall[] = [];
  for (const step of exportSearchPlan(widestMinutes, knownNumber)) {
    const calls = await exportCalls(deps, { ...legWindow(leg, step.windowMinutes), ...step.filter });
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
