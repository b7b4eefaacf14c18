/**
 * The simulator's own reading of PBX display formats (System > Date and Time > Display Format), which
 * its aidownload uses to reject a time not written in the configured format, as a live PBX does.
 *
 * Written apart from the product's yeastar/time-format.ts on purpose: a fake that shares its
 * subject's parser shares its bugs, and tests against it would pass for the wrong reason.
 *
 * Formats are read as the docs and PBX admins write them: "YYYY/MM/DD HH:mm:ss", "MM/DD/YYYY hh:mm:ss A",
 * and the Download AI Call Transcription Data page's "YYYY/MM/DD HH:mm:ss AM" (a written AM, PM or
 * "AM/PM" stands for the meridiem, and with a meridiem the hour is on a 12-hour clock whatever its
 * letters). Letters not listed below are taken literally.
 */

type NumberField = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second';

type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'number'; field: NumberField; digits: number; go: string }
  | { kind: 'meridiem'; upperCase: boolean };

const NUMBER_TOKENS: readonly { token: string; field: NumberField; digits: number; go: string }[] = [
  { token: 'YYYY', field: 'year', digits: 4, go: '2006' },
  { token: 'MM', field: 'month', digits: 2, go: '01' },
  { token: 'DD', field: 'day', digits: 2, go: '02' },
  { token: 'HH', field: 'hour', digits: 2, go: '15' },
  { token: 'hh', field: 'hour', digits: 2, go: '03' },
  { token: 'mm', field: 'minute', digits: 2, go: '04' },
  { token: 'ss', field: 'second', digits: 2, go: '05' },
];

/** "AM/PM", "PM | AM", "AM", "PM" or the bare token "A" (and their lower-case twins). */
const UPPER_MERIDIEM = /(?:AM|PM)\s*[/|]\s*(?:AM|PM)|AM|PM|A/y;
const LOWER_MERIDIEM = /(?:am|pm)\s*[/|]\s*(?:am|pm)|am|pm|a/y;

function scan(format: string): Piece[] {
  const pieces: Piece[] = [];
  const addText = (char: string) => {
    const last = pieces.at(-1);
    if (last?.kind === 'text') last.text += char;
    else pieces.push({ kind: 'text', text: char });
  };
  let at = 0;
  while (at < format.length) {
    const number = NUMBER_TOKENS.find((t) => format.startsWith(t.token, at));
    if (number) {
      pieces.push({ kind: 'number', field: number.field, digits: number.digits, go: number.go });
      at += number.token.length;
      continue;
    }
    const meridiem = meridiemAt(format, at);
    if (meridiem) {
      pieces.push({ kind: 'meridiem', upperCase: meridiem.upperCase });
      at += meridiem.length;
      continue;
    }
    addText(format.charAt(at));
    at += 1;
  }
  return pieces;
}

function meridiemAt(format: string, at: number): { upperCase: boolean; length: number } | undefined {
  for (const [pattern, upperCase] of [
    [UPPER_MERIDIEM, true],
    [LOWER_MERIDIEM, false],
  ] as const) {
    pattern.lastIndex = at;
    const found = pattern.exec(format);
    if (found) return { upperCase, length: found[0].length };
  }
  return undefined;
}

const hasMeridiem = (pieces: Piece[]) => pieces.some((p) => p.kind === 'meridiem');

/** Wall-clock time as comparable milliseconds (UTC arithmetic on PBX-local fields), or undefined. */
export function parseDisplayTime(text: string, displayFormat: string): number | undefined {
  const pieces = scan(displayFormat);
  const input = text.trim();
  const fields: Record<NumberField, number> = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
  let afternoon: boolean | undefined;
  let at = 0;
  for (const piece of pieces) {
    if (piece.kind === 'text') {
      if (!input.startsWith(piece.text, at)) return undefined;
      at += piece.text.length;
    } else if (piece.kind === 'number') {
      const digits = input.slice(at, at + piece.digits);
      if (!new RegExp(`^[0-9]{${piece.digits}}$`).test(digits)) return undefined;
      fields[piece.field] = Number(digits);
      at += piece.digits;
    } else {
      const word = input.slice(at, at + 2);
      const [am, pm] = piece.upperCase ? ['AM', 'PM'] : ['am', 'pm'];
      if (word !== am && word !== pm) return undefined;
      afternoon = word === pm;
      at += 2;
    }
  }
  if (at !== input.length) return undefined;
  if (afternoon !== undefined) {
    if (fields.hour < 1 || fields.hour > 12) return undefined;
    fields.hour = (fields.hour % 12) + (afternoon ? 12 : 0);
  }
  return instantOf(fields);
}

function instantOf(f: Record<NumberField, number>): number | undefined {
  if (f.hour > 23 || f.minute > 59 || f.second > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(f.year, f.month - 1, f.day);
  date.setUTCHours(f.hour, f.minute, f.second, 0);
  // A calendar that rolled over (month 13, February 31) is not a date the PBX would accept.
  const sameDay =
    date.getUTCFullYear() === f.year && date.getUTCMonth() === f.month - 1 && date.getUTCDate() === f.day;
  return sameDay ? date.getTime() : undefined;
}

/** The format in Go reference-time layout ("2006/01/02 15:04:05"), as live PBXs name it in a 40002. */
export function toGoLayout(displayFormat: string): string {
  const pieces = scan(displayFormat);
  const twelveHour = hasMeridiem(pieces);
  return pieces
    .map((p) => {
      if (p.kind === 'text') return p.text;
      if (p.kind === 'meridiem') return p.upperCase ? 'PM' : 'pm';
      return p.field === 'hour' && twelveHour ? '03' : p.go;
    })
    .join('');
}

/** Wall-clock milliseconds (UTC arithmetic on PBX-local fields) written in the display format. */
export function formatDisplayTime(wallMs: number, displayFormat: string): string {
  const pieces = scan(displayFormat);
  const twelveHour = hasMeridiem(pieces);
  const date = new Date(wallMs);
  const values: Record<NumberField, number> = {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
  return pieces
    .map((p) => {
      if (p.kind === 'text') return p.text;
      if (p.kind === 'meridiem') {
        const word = values.hour < 12 ? 'AM' : 'PM';
        return p.upperCase ? word : word.toLowerCase();
      }
      const value = p.field === 'hour' && twelveHour ? values.hour % 12 || 12 : values[p.field];
      return String(value).padStart(p.digits, '0');
    })
    .join('');
}

/**
 * The display format as `system/information` writes it, date and time apart, in Yeastar's notation:
 * the hour is always `hh` (24-hour unless a meridiem follows, as Query PBX Information's example
 * answers "hh:mm:ss" beside 16:44:40), and a 12-hour time reads "hh:mm:ss AM or hh:mm:ss PM" (the
 * way Yeastar's pages write 12-hour formats).
 */
export function yeastarNotation(displayFormat: string): { date: string; time: string } {
  const pieces = scan(displayFormat);
  const hourAt = pieces.findIndex((p) => p.kind === 'number' && p.field === 'hour');
  const cut = hourAt < 0 ? pieces.length : hourAt;
  const write = (part: Piece[], meridiem: string) =>
    part
      .map((p) => {
        if (p.kind === 'text') return p.text;
        if (p.kind === 'meridiem') return p.upperCase ? meridiem : meridiem.toLowerCase();
        return NUMBER_TOKENS.find((t) => t.field === p.field && (p.field !== 'hour' || t.token === 'hh'))!
          .token;
      })
      .join('')
      .trim();
  const date = write(pieces.slice(0, cut), 'AM');
  const timePieces = pieces.slice(cut);
  const time = hasMeridiem(timePieces)
    ? `${write(timePieces, 'AM')} or ${write(timePieces, 'PM')}`
    : write(timePieces, 'AM');
  return { date, time };
}
