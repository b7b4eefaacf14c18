import { CallSummaryError } from '../../shared/errors.js';
import { parseLegId, parseSide, type Side, tryParseLegId } from './leg-id.js';
import { isExtensionNumber } from './party-number.js';

/**
 * What a person asks `/callsummary` (and `callsummary calls`) for, parsed from the words they typed.
 * Pure: no Slack, no PBX. Every form that worked before keeps working (`<leg-id> [side] [extension]`).
 *
 * - `<leg-id> [caller|callee] [extension]` — one leg's summary;
 * - `+1 415 555 0123`, `4155550123` — the calls with that outside number (a leading `+`, or 8 or more
 *   digits once spaces, dashes, dots and parentheses are removed);
 * - `3202` — the calls of that extension (1–7 digits);
 * - nothing, or `me` — the person's own calls;
 * - `help`;
 * - a trailing period (`24h`, `7d`, up to `31d`) widens or narrows a list.
 */
export type CallQuery =
  | { readonly kind: 'help' }
  | {
      readonly kind: 'leg';
      readonly legId: string;
      readonly side: Side | undefined;
      readonly extension: string | undefined;
    }
  | { readonly kind: 'calls'; readonly party: Party; readonly period: Period };

/** Whose calls a list shows. */
export type Party =
  | { readonly kind: 'number'; readonly number: string }
  | { readonly kind: 'extension'; readonly extension: string }
  | { readonly kind: 'me' };

/** How far back a list looks, in hours (a day is 24). */
export interface Period {
  readonly hours: number;
  /** As the person wrote it, or the default's form (`7d`). */
  readonly label: string;
}

export const MAX_PERIOD_DAYS = 31;
const PERIOD_WORD = /^(\d{1,4})([hd])$/i;
const NUMBER_PUNCTUATION = /[\s\-.()]/g;
const OUTSIDE = /^(\+\d{1,20}|\d{8,20})$/;

export function defaultPeriod(days: number): Period {
  return { hours: days * 24, label: `${days}d` };
}

/**
 * Parses the command's text; the help words each form (`help.*` in src/shared/i18n/catalogues, drawn
 * by src/slack/views/answers.ts). Throws `usage` / `bad_leg_id` with what was wrong.
 */
export function parseCallQuery(text: string, options: { readonly defaultDays: number }): CallQuery {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  const [first] = words;
  if (first !== undefined && first.toLowerCase() === 'help') return { kind: 'help' };
  if (first !== undefined && looksLikeLegId(first)) return parseLegForm(words);
  // 14 digits that read as a date and time: a leg id's first half (its suffix lost in copying), not
  // a phone number, whatever follows it (a side, an extension, a period).
  if (first !== undefined && isCallTime(first)) {
    throw new CallSummaryError('bad_leg_id', { input: first, callTime: true });
  }

  let period = defaultPeriod(options.defaultDays);
  const last = words.at(-1);
  if (last !== undefined && PERIOD_WORD.test(last)) {
    period = parsePeriod(last);
    words.pop();
  }
  if (words.length === 0 || (words.length === 1 && words[0]!.toLowerCase() === 'me')) {
    return { kind: 'calls', party: { kind: 'me' }, period };
  }
  const joined = words.join('');
  const digits = joined.replace(NUMBER_PUNCTUATION, '');
  if (/^\+?\d+$/.test(digits) && words.every((w) => /^[+\d\-.()]+$/.test(w))) {
    if (OUTSIDE.test(digits)) return { kind: 'calls', party: { kind: 'number', number: digits }, period };
    if (isExtensionNumber(digits))
      return { kind: 'calls', party: { kind: 'extension', extension: digits }, period };
  }
  throw new CallSummaryError('usage', {
    query: { reason: 'not_a_query', input: words.join(' ').slice(0, 40) },
  });
}

/** `24h`, `7d`: at least an hour, at most MAX_PERIOD_DAYS days. */
export function parsePeriod(word: string): Period {
  const match = PERIOD_WORD.exec(word.trim());
  if (!match)
    throw new CallSummaryError('usage', { query: { reason: 'not_a_period', input: word.slice(0, 20) } });
  const amount = Number(match[1]);
  const unit = match[2]!.toLowerCase();
  const hours = unit === 'd' ? amount * 24 : amount;
  if (amount < 1 || hours > MAX_PERIOD_DAYS * 24) {
    throw new CallSummaryError('usage', {
      query: { reason: 'period_range', input: word.slice(0, 20), maxDays: MAX_PERIOD_DAYS },
    });
  }
  return { hours, label: `${amount}${unit}` };
}

/** `20260513223234`: a real date and time of this century, as a leg id starts. */
export function isCallTime(word: string): boolean {
  return /^20\d{12}$/.test(word) && tryParseLegId(`${word}-00000`) !== undefined;
}

/** A leg id, or something meant as one (digits and a dash): reported as a bad leg id, not a bad number. */
function looksLikeLegId(word: string): boolean {
  return (
    tryParseLegId(word) !== undefined ||
    /^\d{8,}-[0-9a-z]*$/i.test(word) ||
    // Digits, a dash and letters (`2026-nope`): a leg id mistyped, never a phone number.
    /^\d{4,}-[0-9a-z]*[a-z][0-9a-z]*$/i.test(word)
  );
}

function parseLegForm(words: readonly string[]): CallQuery {
  const [first, ...rest] = words;
  // Stryker disable next-line StringLiteral: `words` is never empty here (its first word led here)
  const legId = parseLegId(first ?? '').value;
  let side: Side | undefined;
  let extension: string | undefined;
  for (const word of rest) {
    const maybeSide = parseSide(word);
    if (maybeSide !== undefined && side === undefined) side = maybeSide;
    else if (isExtensionNumber(word) && extension === undefined) extension = word;
    else {
      throw new CallSummaryError('usage', { query: { reason: 'not_a_side', input: word.slice(0, 40) } });
    }
  }
  if (extension !== undefined && side === undefined) {
    throw new CallSummaryError('usage', { query: { reason: 'which_side', legId, extension } });
  }
  return { kind: 'leg', legId, side, extension };
}

/**
 * Whether two phone numbers name the same line, as PBXs write them differently (`+14155550123`,
 * `14155550123`, `4155550123`, `004…`): equal digits, or one ends with the other when the shorter
 * still has 7 or more digits (a national number inside its international form).
 */
export function sameNumber(a: string, b: string): boolean {
  const x = a.replace(/\D/g, '').replace(/^00/, '');
  const y = b.replace(/\D/g, '').replace(/^00/, '');
  if (x === '' || y === '') return false;
  if (x === y) return true;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short.length >= 7 && long.endsWith(short);
}
