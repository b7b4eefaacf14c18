/**
 * A call party as the PBX writes it, in its CDR, AI export and events: a bare number ("5566"), a
 * number sent as a JSON number, or "Name<number>" (`"Evelyn<5566>"`, reference §5.1). Only the number
 * matters here: it is what extensions and routes are keyed on.
 */
export function partyNumber(field: string | number): string {
  const text = String(field);
  const angled = /<([^<>]*)>\s*$/.exec(text);
  return (angled?.[1] ?? text).trim();
}

/**
 * A phone or extension number for logs: only its last two digits, so an admin can tell numbers apart
 * without the log holding customers' numbers ("…45"; very short numbers are masked whole).
 */
export function maskedNumber(number: string): string {
  const text = number.trim();
  return text.length <= 2 ? '…' : `…${text.slice(-2)}`;
}

/**
 * An extension number: 1 to 7 digits, the `<extension>` of `/callsummary` (design.md). Extension plans
 * use short digit strings; more digits, or a leading `+`, is a phone number. The one rule for every
 * surface that takes an extension (the command, `callsummary get --ext`, USER_MAP_FILE, the use case).
 */
export function isExtensionNumber(text: string): boolean {
  return EXTENSION.test(text);
}

const EXTENSION = /^\d{1,7}$/;

/**
 * Whether a party the PBX wrote (its CDR, AI export) is no extension: the complement of
 * `isExtensionNumber`, kept deliberately loose (the extension search decides the rest).
 */
export function looksLikeOutsideNumber(number: string): boolean {
  return !isExtensionNumber(number.trim());
}

/** A party as the call index files it: `e<extension>`, or `n<the number's last digits>`. */
export type CallPartyKey = `e${string}` | `n${string}`;

/** The digits that identify an outside number however the PBX writes it (`+1 415…`, `1415…`, `415…`). */
export const NUMBER_KEY_DIGITS = 7;

/**
 * The index's key for a party number: an extension (1–7 digits, no `+`) by its number, an outside
 * number by its last NUMBER_KEY_DIGITS digits, so the PBX's differently written forms of one number
 * meet (a lookup then matches exactly). Undefined when there are no digits.
 */
export function callPartyKey(number: string): CallPartyKey | undefined {
  const text = number.trim();
  const digits = text.replace(/\D/g, '').replace(/^00/, '');
  if (digits === '') return undefined;
  if (isExtensionNumber(text)) return `e${digits}`;
  return `n${digits.slice(-NUMBER_KEY_DIGITS)}`;
}
