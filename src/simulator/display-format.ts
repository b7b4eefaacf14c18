/**
 * Parsing of PBX display-format times ("YYYY/MM/DD HH:mm:ss", "MM/DD/YYYY hh:mm:ss A", …) for the
 * simulator's aidownload, which rejects a time not in the configured format as a live PBX does.
 * Tokens: YYYY MM DD HH hh mm ss A a; anything else is literal.
 */
const TOKEN = /YYYY|MM|DD|HH|hh|mm|ss|A|a/g;

const TOKEN_PATTERN: Record<string, string> = {
  YYYY: '(\\d{4})',
  MM: '(\\d{2})',
  DD: '(\\d{2})',
  HH: '(\\d{2})',
  hh: '(\\d{2})',
  mm: '(\\d{2})',
  ss: '(\\d{2})',
  A: '(AM|PM)',
  a: '(am|pm)',
};

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A format as the docs write it: "YYYY/MM/DD HH:mm:ss AM" (Download AI Call Transcription Data) means
 * a 12-hour clock with a meridiem, so a literal AM / PM / "AM/PM" is the meridiem token and HH is hh.
 */
export function normaliseDisplayFormat(format: string): string {
  const out = format
    .replace(/\bAM\s*[/|]\s*PM\b|\bPM\s*[/|]\s*AM\b|\bAM\b|\bPM\b/g, 'A')
    .replace(/\bam\s*[/|]\s*pm\b|\bpm\s*[/|]\s*am\b|\bam\b|\bpm\b/g, 'a');
  return /A|a/.test(out) ? out.replace(/HH/g, 'hh') : out;
}

/** Wall-clock time as comparable milliseconds (UTC arithmetic on PBX-local fields), or undefined. */
export function parseDisplayTime(text: string, displayFormat: string): number | undefined {
  const format = normaliseDisplayFormat(displayFormat);
  const tokens: string[] = [];
  let pattern = '';
  let last = 0;
  for (const match of format.matchAll(TOKEN)) {
    pattern += escapeRegExp(format.slice(last, match.index)) + TOKEN_PATTERN[match[0]];
    tokens.push(match[0]);
    last = match.index + match[0].length;
  }
  pattern += escapeRegExp(format.slice(last));
  const found = new RegExp(`^${pattern}$`).exec(text.trim());
  if (!found) return undefined;
  const f = {
    year: 0,
    month: 1,
    day: 1,
    hour: 0,
    minute: 0,
    second: 0,
    pm: undefined as boolean | undefined,
  };
  tokens.forEach((token, i) => {
    const raw = found[i + 1] ?? '';
    const n = Number(raw);
    if (token === 'YYYY') f.year = n;
    else if (token === 'MM') f.month = n;
    else if (token === 'DD') f.day = n;
    else if (token === 'HH' || token === 'hh') f.hour = n;
    else if (token === 'mm') f.minute = n;
    else if (token === 'ss') f.second = n;
    else f.pm = raw.toUpperCase() === 'PM';
  });
  if (f.pm !== undefined) {
    if (f.hour < 1 || f.hour > 12) return undefined;
    f.hour = (f.hour % 12) + (f.pm ? 12 : 0);
  }
  if (
    f.month < 1 ||
    f.month > 12 ||
    f.day < 1 ||
    f.day > 31 ||
    f.hour > 23 ||
    f.minute > 59 ||
    f.second > 59
  ) {
    return undefined;
  }
  const ms = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  // Reject 2026/02/31 and the like: Date.UTC would roll it over silently.
  return new Date(ms).getUTCDate() === f.day ? ms : undefined;
}

/** The same format in Go reference-time layout ("2006/01/02 15:04:05"), as live PBXs name it. */
export function toGoLayout(format: string): string {
  const go: Record<string, string> = {
    YYYY: '2006',
    MM: '01',
    DD: '02',
    HH: '15',
    hh: '03',
    mm: '04',
    ss: '05',
    A: 'PM',
    a: 'pm',
  };
  return normaliseDisplayFormat(format).replace(TOKEN, (t) => go[t] ?? t);
}
