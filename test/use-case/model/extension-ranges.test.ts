import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { extensionRangeSchema, inRanges } from '../../../src/use-case/model/extension-ranges.js';

const ranges = (...written: (string | number)[]) => z.array(extensionRangeSchema).parse(written);

describe('extension ranges (routing and access files alike)', () => {
  const written = ranges('3200-3299', '0100', 7, ' 4000 - 4009 ');

  it('holds the numbers within, the bounds included', () => {
    expect(['3200', '3250', '3299', '0100', '7', '4005'].filter((e) => inRanges(written, e))).toHaveLength(6);
    expect(['3199', '3300', '8', '', '+13200', '32a0', '4010'].filter((e) => inRanges(written, e))).toEqual(
      [],
    );
  });

  it('matches an extension with a leading zero only against bounds written as long, both ways', () => {
    expect(inRanges(written, '100')).toBe(false);
    expect(inRanges(written, '0100')).toBe(true);
    expect(inRanges(written, '03250')).toBe(false);
    // A range written with zeros holds the zero-written extensions only.
    expect(inRanges(ranges('0100-0199'), '150')).toBe(false);
    expect(inRanges(ranges('0100-0199'), '0150')).toBe(true);
  });

  it('refuses what is no extension or range, with the reason', () => {
    for (const bad of ['32a0', '3200-', '-3200', '3299-3200', '12345678', '+3200', '3200-3299-3300']) {
      const parsed = z.array(extensionRangeSchema).safeParse([bad]);
      expect(parsed.success, bad).toBe(false);
      expect(parsed.error?.issues[0]?.message, bad).toMatch(/extension number|low to high/);
    }
  });
});
