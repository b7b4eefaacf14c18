import type { KnownBlock } from '@slack/types';
import type { SlackMessage } from './types.js';

/**
 * REDACT_NUMBERS_IN_CHANNELS: outside phone numbers in what everyone in a channel reads (automatic
 * posts, shares, thread replies) are shown masked with the last digits kept, `+1 415-•••-0123`, so a
 * channel's history is not a list of customers' numbers; the person's own private answers show them
 * whole. Pure: it rewrites the text of a message's blocks and its fallback text, nothing else (ids,
 * values, URLs and metadata are left alone).
 *
 * What counts as an outside number is what the command takes as one (src/use-case/model/call-query.ts):
 * a leading `+`, or 8 or more digits, with spaces, dashes, dots and parentheses between. Extensions
 * (at most 7 digits) are not customers' numbers and stay. Not masked either: a leg id's time
 * (`20260513223234-3EE9E`) and Slack's own date tokens (`<!date^1778682824^…>`). A number the AI wrote
 * in words, or split over a line, is not recognised: the masking is a courtesy, not a guarantee.
 */

/** Digits kept at the end of a masked number. */
export const KEPT_DIGITS = 4;
const MASK = '•••';

// A run of digits and separators that starts and ends with a digit (a `+` may lead), not inside a
// word, a date token (`^…^`) or a leg id (`…-3EE9E`).
const CANDIDATE = /(?<![\w^+(])\+?\(?\d[\d \-.()\u00a0]*\d(?![\w^])(?!-[0-9A-Za-z]{5}\b)/g;
/** A date written with dashes, dots or slashes (`2026-05-13`) is no phone number. */
const DATE = /^\d{4}[-./]\d{1,2}[-./]\d{1,2}(?!\d)/;

/** Country codes of one digit (North America, Russia/Kazakhstan); others are read as two. */
const ONE_DIGIT_COUNTRY = /^[17]/;

/** One number masked, or undefined when the text is not an outside number. */
export function maskedPhoneNumber(text: string): string | undefined {
  if (DATE.test(text)) return undefined;
  const digits = text.replace(/\D/g, '');
  const international = text.startsWith('+');
  if (digits.length > 15 || digits.length < (international ? 7 : 8)) return undefined;
  const last = digits.slice(-KEPT_DIGITS);
  // Enough of the front to tell the region (country and area code), never the subscriber number.
  const frontLength = Math.max(0, Math.min(digits.length - KEPT_DIGITS - 3, international ? 5 : 3));
  const front = digits.slice(0, frontLength);
  if (!international) return `${front === '' ? '' : `${front}-`}${MASK}-${last}`;
  const country = front.slice(0, ONE_DIGIT_COUNTRY.test(front) ? 1 : 2);
  const area = front.slice(country.length);
  return `+${country}${area === '' ? '' : ` ${area}`}-${MASK}-${last}`;
}

/** Every outside number in a text masked. */
export function maskNumbersInText(text: string): string {
  return text.replace(CANDIDATE, (found) => maskedPhoneNumber(found) ?? found);
}

/** The message with every outside number in its text masked (blocks and fallback text). */
export function maskNumbersInMessage<M extends SlackMessage>(message: M): M {
  return {
    ...message,
    text: maskNumbersInText(message.text),
    blocks: message.blocks.map((block) => maskTexts(block) as KnownBlock),
  };
}

/** Every string under a `text` key, at any depth (section and context text, rich text elements). */
function maskTexts(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskTexts);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] = key === 'text' && typeof field === 'string' ? maskNumbersInText(field) : maskTexts(field);
  }
  return out;
}
