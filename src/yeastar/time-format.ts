import type { WallClock } from '../use-case/model/leg-id.js';

/**
 * PBX display formats (System > Date and Time > Display Format). The CDR/AI export takes its time
 * parameters in that format. Tokens: YYYY MM DD HH hh mm ss A a; anything else is literal.
 */
const TOKEN = /YYYY|MM|DD|HH|hh|mm|ss|A|a/g;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * A format as the docs and PBX admins write it → our tokens. The Download AI Call Transcription Data
 * page writes 12-hour formats as "YYYY/MM/DD HH:mm:ss AM or YYYY/MM/DD HH:mm:ss PM": a literal
 * AM / PM / "AM/PM" is the meridiem token, and with a meridiem the hour is the 12-hour one even when
 * written HH (left alone, "AM" became "PMM" and the hour stayed 22).
 */
function normaliseFormat(format: string): string {
  const out = format
    .replace(/\bAM\s*[/|]\s*PM\b|\bPM\s*[/|]\s*AM\b|\bAM\b|\bPM\b/g, 'A')
    .replace(/\bam\s*[/|]\s*pm\b|\bpm\s*[/|]\s*am\b|\bam\b|\bpm\b/g, 'a');
  return /A|a/.test(out) ? out.replace(/HH/g, 'hh') : out;
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
