import { CallSummaryError } from '../../shared/errors.js';

export { LEG_ID_EXAMPLE, LEG_ID_SHAPE } from '../../shared/errors.js';

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

const LEG_ID_PATTERN = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})-([0-9A-Fa-f]{5})$/;
/** For finding leg ids inside free text (alerts, pasted messages); not anchored, not inside longer tokens. */
const LEG_ID_IN_TEXT = /(?<![0-9A-Za-z])\d{14}-[0-9A-Fa-f]{5}(?![0-9A-Za-z])/g;

export function tryParseLegId(input: string): LegId | undefined {
  const match = LEG_ID_PATTERN.exec(input.trim());
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const start = { year, month, day, hour, minute, second };
  if (!isRealWallClock(start)) return undefined;
  return { value: `${match.slice(1, 7).join('')}-${match[7]!.toUpperCase()}`, start };
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
