import { CallSummaryError } from '../../shared/errors.js';

export { LEG_ID_EXAMPLE, LEG_ID_SHAPE } from '../../shared/error-words.js';

/**
 * A leg id names one stage of a call in the PBX's AI world (`cdr_id` / `call_id` / `leg_id`):
 * the leg's start time in PBX-local wall-clock time, a dash, five hex digits — `20260513223234-3EE9E`.
 * The shape is inferred from every documented example (reference §5.1); we accept any hex case and
 * normalise to upper case, the form every PBX example uses.
 */
export interface LegId {
  /** Canonical form, upper-case hex. */
  readonly value: string;
  /** The timestamp inside the id, PBX-local wall clock (no time zone is known or needed). */
  readonly start: WallClock;
}

export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

export type Side = 'caller' | 'callee';
export const SIDES: readonly Side[] = ['caller', 'callee'];

/**
 * A leg id's shape, any hex case, unanchored: the one pattern every reader of leg ids builds on (anchor
 * it, or embed it in a larger one). The shape only: `tryParseLegId` also checks the date is real.
 */
export const LEG_ID_PATTERN = /\d{14}-[0-9A-Fa-f]{5}/;
const WHOLE_LEG_ID = new RegExp(`^${LEG_ID_PATTERN.source}$`);
/** For finding leg ids inside free text (alerts, pasted messages); not inside longer tokens. */
const LEG_ID_IN_TEXT = new RegExp(`(?<![0-9A-Za-z])${LEG_ID_PATTERN.source}(?![0-9A-Za-z])`, 'g');

/** Whether `text` has a leg id's shape, whole (no spaces around it). */
export function isLegIdShape(text: string): boolean {
  return WHOLE_LEG_ID.test(text);
}

export function tryParseLegId(input: string): LegId | undefined {
  const text = input.trim();
  if (!isLegIdShape(text)) return undefined;
  const digits = (from: number, to: number) => Number(text.slice(from, to));
  const start = {
    year: digits(0, 4),
    month: digits(4, 6),
    day: digits(6, 8),
    hour: digits(8, 10),
    minute: digits(10, 12),
    second: digits(12, 14),
  };
  if (!isRealWallClock(start)) return undefined;
  return { value: text.toUpperCase(), start };
}

export function parseLegId(input: string): LegId {
  const parsed = tryParseLegId(input);
  if (parsed) return parsed;
  const shown = input.trim().slice(0, 40);
  throw new CallSummaryError('bad_leg_id', { input: shown });
}

/** Every distinct, valid leg id in a piece of text, in order of appearance, canonical form. */
export function findLegIds(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(LEG_ID_IN_TEXT)) {
    const leg = tryParseLegId(match[0]);
    if (leg) found.add(leg.value);
  }
  return [...found];
}

const SIDE_WORDS: Readonly<Record<string, Side>> = {
  caller: 'caller',
  src: 'caller',
  from: 'caller',
  callee: 'callee',
  dst: 'callee',
  to: 'callee',
};

/** `caller`/`src`/`from` and `callee`/`dst`/`to`, any case; undefined for anything else. */
export function parseSide(word: string): Side | undefined {
  return SIDE_WORDS[word.trim().toLowerCase()];
}

export function otherSide(side: Side): Side {
  return side === 'caller' ? 'callee' : 'caller';
}

function isRealWallClock(t: WallClock): boolean {
  if (t.month < 1 || t.month > 12 || t.day < 1 || t.hour > 23 || t.minute > 59 || t.second > 59) {
    return false;
  }
  const daysInMonth = new Date(Date.UTC(t.year, t.month, 0)).getUTCDate();
  return t.day <= daysInMonth;
}

/** Wall-clock arithmetic without time zones: the PBX's local time in, the PBX's local time out. */
export function addSeconds(t: WallClock, seconds: number): WallClock {
  const d = new Date(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) + seconds * 1000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}
