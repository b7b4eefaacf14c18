import { z } from 'zod';
import { isExtensionNumber } from './party-number.js';

/**
 * Extensions as a routing or access file writes them: a number ("3201") or a range ("3200-3299").
 * One reading for both files, so an extension is in a team exactly when it is in a route.
 */
export interface ExtensionRange {
  readonly from: number;
  readonly to: number;
  /** Digit counts of the bounds as written: an extension with a leading zero must be written alike. */
  readonly fromDigits: number;
  readonly toDigits: number;
}

/** One entry of an `extensions:` or `ignore:` list; YAML may give a plain number. */
export const extensionRangeSchema = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform((v) => String(v).trim())
  .pipe(
    z
      .string()
      .regex(/^\d{1,7}(\s*-\s*\d{1,7})?$/, 'must be an extension number ("3201") or a range ("3200-3299")')
      .transform((s): ExtensionRange => {
        const [fromText, toText = fromText] = s.split('-').map((part) => part.trim()) as [string, string?];
        return {
          from: Number(fromText),
          to: Number(toText),
          fromDigits: fromText.length,
          toDigits: toText.length,
        };
      })
      .refine((r) => r.from <= r.to, 'range must go from low to high'),
  );

/**
 * Whether an extension is in one of the ranges. Numbers compare as numbers, except where a leading
 * zero is written ("0100" is another extension than "100" on the PBX): then the extension and the
 * bounds must be written with as many digits.
 */
export function inRanges(ranges: readonly ExtensionRange[], extension: string): boolean {
  if (!isExtensionNumber(extension)) return false;
  const n = Number(extension);
  const leadingZero = extension.length > 1 && extension.startsWith('0');
  return ranges.some((r) => {
    const zeroBound = r.fromDigits > String(r.from).length || r.toDigits > String(r.to).length;
    return (
      n >= r.from &&
      n <= r.to &&
      (!(leadingZero || zeroBound) || (extension.length >= r.fromDigits && extension.length <= r.toDigits))
    );
  });
}
