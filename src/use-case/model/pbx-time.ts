import { addSeconds, type WallClock } from './leg-id.js';

/**
 * The PBX writes every time as its own local wall clock (leg ids, export rows, event times) and
 * takes export windows the same way. Which zone that is comes from configuration (YEASTAR_TIMEZONE,
 * an IANA name), else from the PBX itself: v1.0 `system/information` gives its wall clock and the
 * same instant as a timestamp, so its UTC offset, kept as a fixed-offset zone written `UTC+08:00`
 * (Node's Intl knows no such zone, so this module does the arithmetic). While neither is known nothing
 * is guessed: times are shown as the PBX's clock, labelled so, and a "last N days" window is widened by
 * the whole range of UTC offsets so no call in it is missed.
 */

/** UTC offsets run from −12:00 to +14:00: the PBX's "now" lies somewhere in that range of UTC's. */
const MAX_BEHIND_UTC_HOURS = 12;
const MAX_AHEAD_OF_UTC_HOURS = 14;

/**
 * The PBX's zone as known now: a name (YEASTAR_TIMEZONE, or `UTC+08:00` learnt from the PBX), or a
 * function reading what is known at the moment (the PBX answers after the start), or undefined.
 */
export type PbxZoneSource = string | undefined | (() => string | undefined);

export function zoneNow(source: PbxZoneSource): string | undefined {
  return typeof source === 'function' ? source() : source;
}

const FIXED_OFFSET = /^UTC([+-])(\d{2}):(\d{2})$/;

/** A fixed-offset zone, `UTC+05:30` for 330 minutes (what the PBX's system_time − timestamp gives). */
export function fixedOffsetZone(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The offset of a fixed-offset zone in minutes; undefined for a named zone. */
export function fixedOffsetMinutes(zone: string): number | undefined {
  const match = FIXED_OFFSET.exec(zone);
  if (!match) return undefined;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** The UTC offset `timeZone` has at `epochMs`, in minutes. */
export function offsetMinutesAt(epochMs: number, timeZone: string): number {
  const at = Math.floor(epochMs / 1000) * 1000;
  return Math.round((wallClockAsUtcMs(wallClockAt(at, timeZone)) - at) / 60_000);
}

/** True when `name` is a time zone this Node.js knows (`Europe/Berlin`, `Asia/Shanghai`, `UTC`). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * One formatter per zone: making an `Intl.DateTimeFormat` costs far more than using one, and a list
 * converts every call's time (a pure memo of immutable values, bounded by the zones in use).
 */
const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    if (zoneFormats.size < 64) zoneFormats.set(timeZone, format);
  }
  return format;
}

/** The wall clock in `timeZone` at `epochMs`. */
export function wallClockAt(epochMs: number, timeZone: string): WallClock {
  const fixed = fixedOffsetMinutes(timeZone);
  if (fixed !== undefined) return utcWallClock(epochMs + fixed * 60_000);
  const parts = zoneFormat(timeZone).formatToParts(new Date(epochMs));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
    second: part('second'),
  };
}

/** A wall clock read as if it were UTC (the arithmetic every conversion below starts from). */
export function wallClockAsUtcMs(t: WallClock): number {
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
}

/** The wall clock that UTC shows at `epochMs`. */
export function utcWallClock(epochMs: number): WallClock {
  return addSeconds(
    { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0 },
    Math.floor(epochMs / 1000),
  );
}

/**
 * The instant (Unix seconds) a wall clock in `timeZone` names. In a repeated hour (clocks going back)
 * the earlier instant; in a skipped hour, the instant an hour later.
 */
export function epochSecondsOf(t: WallClock, timeZone: string): number {
  const asUtc = wallClockAsUtcMs(t);
  const fixed = fixedOffsetMinutes(timeZone);
  if (fixed !== undefined) return Math.floor((asUtc - fixed * 60_000) / 1000);
  const offsetAt = (ms: number) => wallClockAsUtcMs(wallClockAt(ms, timeZone)) - ms;
  // The offsets in force a day either side cover any change of offset near this wall clock.
  const candidates = [offsetAt(asUtc - 86_400_000), offsetAt(asUtc + 86_400_000)]
    .map((offset) => asUtc - offset)
    .filter((ms) => wallClockAsUtcMs(wallClockAt(ms, timeZone)) === asUtc)
    .sort((a, b) => a - b);
  // None fits: the wall clock was skipped (clocks going forward); the earlier offset moves it later.
  const ms = candidates[0] ?? asUtc - offsetAt(asUtc - 86_400_000);
  return Math.floor(ms / 1000);
}

/** The span of PBX-local wall-clock time an export is asked for. */
export interface PbxWindow {
  readonly start: WallClock;
  readonly end: WallClock;
  /** False when the PBX's time zone is unknown and the window was widened to cover every offset. */
  readonly exact: boolean;
}

/** The last `hours` hours up to `nowMs`, as the PBX's clock reads them. */
export function recentWindow(hours: number, nowMs: number, timeZone: string | undefined): PbxWindow {
  if (timeZone !== undefined) {
    const end = wallClockAt(nowMs, timeZone);
    return { start: addSeconds(end, -hours * 3600), end, exact: true };
  }
  const utc = utcWallClock(nowMs);
  return {
    start: addSeconds(utc, -(hours + MAX_BEHIND_UTC_HOURS) * 3600),
    end: addSeconds(utc, MAX_AHEAD_OF_UTC_HOURS * 3600),
    exact: false,
  };
}

/** `2026-05-13 22:32` (minutes are enough for a person reading a list). */
export function formatWallClockShort(t: WallClock): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${t.year}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}`;
}

/** Orders wall clocks (negative: a before b). */
export function compareWallClocks(a: WallClock, b: WallClock): number {
  return wallClockAsUtcMs(a) - wallClockAsUtcMs(b);
}

/**
 * A PBX time written year first (`2026/10/16 15:25:38`, `2026-10-16 15:25`), as events carry
 * `time_start`; undefined for any other order (day or month first is ambiguous without
 * YEASTAR_TIME_FORMAT, and the leg id's time then serves) or a date that does not exist.
 */
export function parseYearFirstWallClock(text: string): WallClock | undefined {
  const match = /^(\d{4})\D(\d{1,2})\D(\d{1,2})\D+(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  const t = {
    year: year!,
    month: month!,
    day: day!,
    hour: hour!,
    minute: minute!,
    second: Number.isNaN(second) ? 0 : second!,
  };
  // A date that does not exist (February 30th) comes back from the round trip as another one.
  const back = utcWallClock(wallClockAsUtcMs(t));
  const same = back.year === t.year && back.month === t.month && back.day === t.day && back.hour === t.hour;
  return same && back.minute === t.minute && back.second === t.second ? t : undefined;
}
