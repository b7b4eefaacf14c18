import { z } from 'zod';
import { CallSummaryError } from '../errors.js';
import { addSeconds, type LegId } from '../leg-id.js';
import type { Logger } from '../log.js';
import { partyNumber } from '../party-number.js';
import type { LegParties } from '../summary-service.js';
import { PbxApiError } from './errcodes.js';
import type { PbxHttp } from './http.js';
import { formatFromErrorMessage, formatWallClock } from './time-format.js';
import type { TokenManager } from './tokens.js';

/**
 * Leg id → who was on each end, through the AI transcription export (`cdr/aidownload`, v2.0): ask for
 * a window around the leg's start time, download the JSON file (same origin, `/api/download/` only,
 * no redirects, size cap) and read `call_from`/`call_to` from the row whose `leg_id` matches. The
 * export's row fields come from prior art, not official docs (reference §4), so rows are validated
 * loosely and rows without the fields are skipped.
 */

export const EXPORT_MAX_BYTES = 10 * 1024 * 1024;

const exportAnswerSchema = z.looseObject({
  download_resource_url: z.string().min(1),
  file: z.string().nullish(),
});

const rowSchema = z.looseObject({
  leg_id: z.coerce.string(),
  call_from: z.coerce.string(),
  call_to: z.coerce.string(),
});
const fileSchema = z.union([
  z.array(z.unknown()),
  z.looseObject({ data: z.array(z.unknown()) }).transform((o) => o.data),
]);

/** The time format in use: the configured one until the PBX names another; then that, for the process. */
export interface TimeFormatHolder {
  current: string;
}

export async function exportLegParties(
  deps: {
    readonly http: PbxHttp;
    readonly tokens: TokenManager;
    readonly timeFormat: TimeFormatHolder;
    readonly windowMinutes: number;
    readonly logger: Logger;
    readonly maxBytes?: number;
  },
  leg: LegId,
): Promise<LegParties | undefined> {
  const { http, tokens, timeFormat, logger: log } = deps;
  const ask = (format: string) =>
    tokens.withToken((token) =>
      http.call(
        {
          method: 'GET',
          path: '/openapi/v2.0/cdr/aidownload',
          query: {
            start_time: formatWallClock(addSeconds(leg.start, -deps.windowMinutes * 60), format),
            end_time: formatWallClock(addSeconds(leg.start, deps.windowMinutes * 60), format),
          },
          token,
          what: 'the AI transcription export',
        },
        exportAnswerSchema,
      ),
    );

  let answer: z.output<typeof exportAnswerSchema>;
  try {
    answer = await ask(timeFormat.current);
  } catch (error) {
    const named = error instanceof PbxApiError && error.errcode === 40002 ? namedFormat(error) : undefined;
    if (!named || named === timeFormat.current) throw error;
    log.warn(`The PBX expects times as "${named}" (not "${timeFormat.current}"); using it from now on`);
    timeFormat.current = named;
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
  for (const candidate of rows) {
    const row = rowSchema.safeParse(candidate);
    if (row.success && row.data.leg_id.trim().toUpperCase() === leg.value) {
      return { caller: partyNumber(row.data.call_from), callee: partyNumber(row.data.call_to) };
    }
  }
  return undefined;
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
