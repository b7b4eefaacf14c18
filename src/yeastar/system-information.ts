import { z } from 'zod';
import { wallClockAsUtcMs } from '../use-case/model/pbx-time.js';
import type { PbxHttp } from './http.js';
import { isUsableFormat, normalisedAlternatives, parseWallClock } from './time-format.js';
import type { TokenManager } from './tokens.js';

/**
 * `GET /openapi/v1.0/system/information` ("Query PBX Information", help.yeastar.com
 * …/developer-guide/query-pbx-information.html, Cloud, Software and Appliance editions alike): the
 * PBX's clock as it shows it. Documented fields [C]: `system_time` (its wall clock, e.g.
 * "2025/08/22 16:44:40"), `system_date_format` ("YYYY/MM/DD"), `system_time_format` ("hh:mm:ss":
 * Yeastar's notation, where hh is the 24-hour clock) and `timestamp` (Unix seconds of the same moment).
 * So `system_time` − `timestamp` is the PBX's UTC offset, and date format + time format is the
 * display format the export's time parameters are written in.
 *
 * Read tolerantly [I]: other likely names for each field (`date_format`, `time_format`, `systemtime`,
 * `time`…), a `timestamp` in milliseconds or as a string, a format text naming two ("X or Y"). Only
 * on v1.0: on a live P570 every non-CDR path answered 10001 on v2.0 (reference §1.2), and some
 * firmware is reported to lack it entirely (10001); the caller carries on without it.
 */

const DATE_FORMAT_KEYS = ['system_date_format', 'date_format', 'dateformat', 'date_display_format'] as const;
const TIME_FORMAT_KEYS = ['system_time_format', 'time_format', 'timeformat', 'time_display_format'] as const;
const SYSTEM_TIME_KEYS = ['system_time', 'systemtime', 'time', 'current_time'] as const;
const TIMESTAMP_KEYS = ['timestamp', 'system_timestamp', 'ts', 'unix_time'] as const;

/** UTC offsets in force anywhere run from −12:00 to +14:00, in steps of a quarter hour. */
const MIN_OFFSET_MINUTES = -12 * 60;
const MAX_OFFSET_MINUTES = 14 * 60;
/** `system_time` and `timestamp` are read at one moment; more apart than this, they disagree. */
const SAME_MOMENT_SLACK_MINUTES = 2;

const answerSchema = z.looseObject({ data: z.record(z.string(), z.unknown()) });

export interface PbxSystemInformation {
  /**
   * The display formats the PBX names, each in our tokens, the one its `system_time` is written in
   * first; empty when none can express an export window.
   */
  readonly displayFormats: readonly string[];
  /** The date and time formats as the PBX wrote them (for messages), or undefined. */
  readonly writtenFormat: string | undefined;
  /** The PBX's UTC offset in minutes (system_time − timestamp), or undefined when it cannot be read. */
  readonly utcOffsetMinutes: number | undefined;
  /** The PBX's `timestamp` in Unix ms, when given: its clock, to compare with this host's. */
  readonly pbxNowMs: number | undefined;
  /** `system_time` as the PBX wrote it, or undefined. */
  readonly systemTime: string | undefined;
  /** `firmware_version` and `model_name`, when given (doctor shows them). */
  readonly firmware: string | undefined;
  readonly model: string | undefined;
}

export async function fetchSystemInformation(
  http: PbxHttp,
  tokens: TokenManager,
): Promise<PbxSystemInformation> {
  const answer = await tokens.withToken((token) =>
    http.call(
      {
        method: 'GET',
        path: '/openapi/v1.0/system/information',
        token,
        what: 'system_information',
      },
      answerSchema,
    ),
  );
  return readSystemInformation(answer.data);
}

/** The clock facts of a `system/information` answer's `data`. Pure. */
export function readSystemInformation(data: Readonly<Record<string, unknown>>): PbxSystemInformation {
  const dateFormat = text(data, DATE_FORMAT_KEYS);
  const timeFormat = text(data, TIME_FORMAT_KEYS);
  const systemTime = text(data, SYSTEM_TIME_KEYS);
  const pbxNowMs = timestampMs(data);

  // Every date alternative with every time alternative ("X or Y" in either).
  const candidates =
    dateFormat === undefined || timeFormat === undefined
      ? []
      : normalisedAlternatives(dateFormat).flatMap((date) =>
          normalisedAlternatives(timeFormat).map((time) => `${date} ${time}`),
        );
  const usable = [...new Set(candidates)].filter(isUsableFormat);
  // The one `system_time` is written in goes first: it is the format the PBX shows now.
  const shown = systemTime === undefined ? undefined : usable.find((f) => parseWallClock(systemTime, f));
  const displayFormats = shown === undefined ? usable : [shown, ...usable.filter((f) => f !== shown)];

  const wallClock =
    systemTime === undefined
      ? undefined
      : [...displayFormats, ...FALLBACK_FORMATS]
          .map((format) => parseWallClock(systemTime, format))
          .find((t) => t !== undefined);
  return {
    displayFormats,
    writtenFormat:
      dateFormat === undefined || timeFormat === undefined ? undefined : `${dateFormat} ${timeFormat}`,
    utcOffsetMinutes:
      wallClock === undefined || pbxNowMs === undefined
        ? undefined
        : utcOffset(wallClockAsUtcMs(wallClock), pbxNowMs),
    pbxNowMs,
    systemTime,
    firmware: text(data, ['firmware_version', 'firmware']),
    model: text(data, ['model_name', 'device_name']),
  };
}

/** Formats a `system_time` may be written in when the answer names none that fits [I]. */
const FALLBACK_FORMATS = ['YYYY/MM/DD HH:mm:ss', 'YYYY-MM-DD HH:mm:ss', 'YYYY/MM/DD hh:mm:ss A'] as const;

/** The offset a wall clock read as UTC and the same instant give, to the quarter hour; undefined when implausible. */
function utcOffset(wallAsUtcMs: number, instantMs: number): number | undefined {
  const minutes = (wallAsUtcMs - instantMs) / 60_000;
  const rounded = Math.round(minutes / 15) * 15;
  if (Math.abs(minutes - rounded) > SAME_MOMENT_SLACK_MINUTES) return undefined;
  if (rounded < MIN_OFFSET_MINUTES || rounded > MAX_OFFSET_MINUTES) return undefined;
  return rounded === 0 ? 0 : rounded;
}

function text(data: Readonly<Record<string, unknown>>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = data[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/** Unix ms from `timestamp`: seconds as documented, milliseconds or a numeric string tolerated [I]. */
function timestampMs(data: Readonly<Record<string, unknown>>): number | undefined {
  for (const key of TIMESTAMP_KEYS) {
    const raw = data[key];
    const value = typeof raw === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : raw;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) continue;
    // Seconds until the year 33658; beyond 10^12 it can only be milliseconds.
    return value > 1e12 ? Math.round(value) : Math.round(value * 1000);
  }
  return undefined;
}
