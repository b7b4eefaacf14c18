import type { WallClock } from '../use-case/model/leg-id.js';

/**
 * PBX display formats (System > Date and Time > Display Format). The CDR/AI export takes its time
 * parameters in that format. Tokens: YYYY MM DD HH hh mm ss A a; anything else is literal.
 *
 * Yeastar writes formats in its own notation: `hh` is the 24-hour clock unless a meridiem (AM/PM)
 * follows (Query PBX Information's example answers `system_time_format: "hh:mm:ss"` beside a
 * `system_time` of 16:44:40), and a 12-hour format is written "HH:mm:ss AM or HH:mm:ss PM" (Download
 * AI Call Transcription Data): "X or Y" names two alternatives, of which the first is used.
 */
const TOKEN = /YYYY|MM|DD|HH|hh|mm|ss|A|a/g;
/** The format used until the PBX names its own (system/information, or a 40002): Yeastar's default. */
export const DEFAULT_TIME_FORMAT = 'YYYY/MM/DD HH:mm:ss';
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * A format as the docs and PBX admins write it → our tokens. The Download AI Call Transcription Data
 * page writes 12-hour formats as "YYYY/MM/DD HH:mm:ss AM or YYYY/MM/DD HH:mm:ss PM": a literal
 * AM / PM / "AM/PM" is the meridiem token, and with a meridiem the hour is the 12-hour one even when
 * written HH (left alone, "AM" became "PMM" and the hour stayed 22).
 */
export function normaliseFormat(format: string): string {
  return normaliseOne(formatAlternatives(format)[0] ?? format);
}

/** The formats a text names: "X or Y" is two (each as written), anything else one. */
export function formatAlternatives(text: string): string[] {
  return text
    .split(/\s+or\s+/i)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** Every format a text names, in our tokens, without repeats ("… AM or … PM" is one). */
export function normalisedAlternatives(text: string): string[] {
  return [...new Set(formatAlternatives(text).map(normaliseOne))];
}

function normaliseOne(format: string): string {
  const out = format
    // Tolerated: year and day in lower case, as some admins (and other systems) write them.
    .replace(/yyyy/g, 'YYYY')
    .replace(/dd/g, 'DD')
    .replace(/\bAM\s*[/|]\s*PM\b|\bPM\s*[/|]\s*AM\b|\bAM\b|\bPM\b/g, 'A')
    .replace(/\bam\s*[/|]\s*pm\b|\bpm\s*[/|]\s*am\b|\bam\b|\bpm\b/g, 'a');
  // With a meridiem the hour is the 12-hour one however it is written; without, Yeastar's hh is 24-hour.
  return /A|a/.test(out) ? out.replace(/HH/g, 'hh') : out.replace(/hh/g, 'HH');
}

export function formatWallClock(t: WallClock, format: string): string {
  return normaliseFormat(format).replace(TOKEN, (token) => {
    switch (token) {
      case 'YYYY':
        return pad(t.year, 4);
      case 'MM':
        return pad(t.month);
      case 'DD':
        return pad(t.day);
      case 'HH':
        return pad(t.hour);
      case 'hh':
        return pad(t.hour % 12 === 0 ? 12 : t.hour % 12);
      case 'mm':
        return pad(t.minute);
      case 'ss':
        return pad(t.second);
      case 'A':
        return t.hour < 12 ? 'AM' : 'PM';
      default:
        return t.hour < 12 ? 'am' : 'pm';
    }
  });
}

/** Go reference-time layout pieces (the live PBX names its format this way) → our tokens. */
const GO_LAYOUT: Readonly<Record<string, string>> = {
  '2006': 'YYYY',
  '01': 'MM',
  '02': 'DD',
  '15': 'HH',
  '03': 'hh',
  '04': 'mm',
  '05': 'ss',
  PM: 'A',
  pm: 'a',
};
const GO_PIECE = /2006|01|02|15|03|04|05|PM|pm/g;

/**
 * The format a 40002 answer names, e.g. "start_time format invalid, valid format: 02/01/2006 03:04:05 PM"
 * (seen live, reference §3.1) or "… valid format: YYYY/MM/DD HH:mm:ss". Undefined when none is named.
 */
export function formatFromErrorMessage(message: string): string | undefined {
  const match = /valid format\s*[:：]\s*(.+?)\s*$/i.exec(message.trim());
  const named = match?.[1]?.replace(/["'.]+$/, '').trim();
  if (!named) return undefined;
  if (named.includes('2006')) {
    // One left-to-right pass, so the "01" inside a converted piece is never read twice.
    const out = named.replace(GO_PIECE, (piece) => GO_LAYOUT[piece] ?? piece);
    return isUsableFormat(out) ? out : undefined;
  }
  const ours = normaliseFormat(named);
  return isUsableFormat(ours) ? ours : undefined;
}

/** A format must name the date and the time to the second to express an export window. */
export function isUsableFormat(format: string): boolean {
  return ['YYYY', 'MM', 'DD', 'mm', 'ss'].every((t) => format.includes(t)) && /HH|hh/.test(format);
}

const PARTS: readonly { readonly token: RegExp; readonly what: string }[] = [
  { token: /YYYY/, what: 'the year (YYYY)' },
  { token: /MM/, what: 'the month (MM)' },
  { token: /DD/, what: 'the day (DD)' },
  { token: /HH|hh/, what: 'the hour (HH)' },
  { token: /mm/, what: 'the minutes (mm)' },
  { token: /ss/, what: 'the seconds (ss)' },
];

/**
 * Why a display format written by a person (YEASTAR_TIME_FORMAT) cannot express an export window, or
 * undefined when it can: each alternative must name the date and the time to the second, in the
 * tokens above and nothing else but separators.
 */
export function formatProblem(text: string): string | undefined {
  const alternatives = formatAlternatives(text);
  if (alternatives.length === 0) return 'it is empty';
  for (const written of alternatives) {
    const format = normaliseOne(written);
    const missing = PARTS.filter((part) => !part.token.test(format)).map((part) => part.what);
    if (missing.length > 0) return `"${written}" lacks ${missing.join(', ')}`;
    const stray = format.replace(TOKEN, '').match(/[A-Za-z]+/);
    if (stray) {
      return `"${written}" has "${stray[0]}", which is not one of YYYY, MM, DD, HH (hh with AM/PM), mm, ss`;
    }
  }
  return undefined;
}

/** A time written in `format` (our tokens or Yeastar's) → its wall clock; undefined when it does not fit. */
export function parseWallClock(text: string, format: string): WallClock | undefined {
  const tokens: string[] = [];
  const pattern = normaliseFormat(format)
    .split(/(YYYY|MM|DD|HH|hh|mm|ss|A|a)/)
    .map((piece, i) => {
      if (i % 2 === 0) return piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
      tokens.push(piece);
      return piece === 'YYYY' ? '(\\d{4})' : piece === 'A' || piece === 'a' ? '([AaPp][Mm])' : '(\\d{1,2})';
    })
    .join('');
  const match = new RegExp(`^\\s*${pattern}\\s*$`).exec(text);
  if (!match) return undefined;
  const t = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  let afternoon: boolean | undefined;
  let twelveHour = false;
  tokens.forEach((token, i) => {
    const value = match[i + 1] ?? '';
    const n = Number(value);
    if (token === 'YYYY') t.year = n;
    else if (token === 'MM') t.month = n;
    else if (token === 'DD') t.day = n;
    else if (token === 'HH') t.hour = n;
    else if (token === 'hh') {
      t.hour = n;
      twelveHour = true;
    } else if (token === 'mm') t.minute = n;
    else if (token === 'ss') t.second = n;
    else afternoon = value.toUpperCase() === 'PM';
  });
  if (twelveHour && afternoon !== undefined) {
    if (t.hour < 1 || t.hour > 12) return undefined;
    t.hour = (t.hour % 12) + (afternoon ? 12 : 0);
  }
  const date = new Date(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second));
  const valid =
    t.month >= 1 &&
    t.hour <= 23 &&
    t.minute <= 59 &&
    t.second <= 59 &&
    date.getUTCFullYear() === t.year &&
    date.getUTCMonth() === t.month - 1 &&
    date.getUTCDate() === t.day;
  return valid ? t : undefined;
}
