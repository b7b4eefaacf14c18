import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';
import { isExtensionNumber } from './party-number.js';

/**
 * Phone numbers as people read them, the same way on every surface: international format through
 * libphonenumber-js (`+1 415 555 0123`), whatever form the PBX wrote (`4155550123`, `14155550123`,
 * `+14155550123`, `0049…`). A number written without its country is read as a number of PHONE_REGION
 * (default US). What the library cannot read as a valid number (an extension, a short code, a
 * number with a PBX dial prefix) is shown as written. Pure.
 */

export const DEFAULT_PHONE_REGION = 'US';

/** Whether `code` is a region (ISO 3166 alpha-2, `US`, `DE`) whose numbers the library knows. */
export function isPhoneRegion(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && isSupportedCountry(code);
}

/** `+1 415 555 0123`; an extension or anything unreadable as written (spaces trimmed). */
export function displayPhoneNumber(number: string, region: string = DEFAULT_PHONE_REGION): string {
  const text = number.trim();
  if (text === '' || isExtensionNumber(text)) return text;
  const country = (isPhoneRegion(region) ? region : DEFAULT_PHONE_REGION) as CountryCode;
  const candidates = [text];
  // `00…` is the international prefix of most of the world; the library reads it only for regions
  // that use it, so it is tried as `+…` too.
  if (/^00[1-9]/.test(text)) candidates.push(`+${text.slice(2)}`);
  for (const candidate of candidates) {
    try {
      const parsed = parsePhoneNumberFromString(candidate, country);
      if (parsed?.isValid()) return parsed.formatInternational();
    } catch {
      // Not a phone number the library can read: shown as written.
    }
  }
  return text;
}
