import { describe, expect, it } from 'vitest';
import {
  isExtensionNumber,
  looksLikeOutsideNumber,
  partyNumber,
} from '../../../src/use-case/model/party-number.js';

describe('party numbers', () => {
  it('takes the number out of "Name<1234>"', () => {
    expect(partyNumber('Evelyn<5566>')).toBe('5566');
    expect(partyNumber(' 3202 ')).toBe('3202');
  });

  it('an extension is 1 to 7 digits, as /callsummary <extension> says', () => {
    for (const text of ['0', '3202', '0100', '1234567']) expect(isExtensionNumber(text)).toBe(true);
    for (const text of ['', '12345678', '+3202', '32 02', ' 3202', '32a2', '３２０２']) {
      expect(isExtensionNumber(text)).toBe(false);
    }
  });

  it('recognises outside numbers among the parties the PBX writes', () => {
    expect(looksLikeOutsideNumber('+14155550123')).toBe(true);
    expect(looksLikeOutsideNumber('004915112345678')).toBe(true);
    expect(looksLikeOutsideNumber('12345678')).toBe(true);
    expect(looksLikeOutsideNumber('3202')).toBe(false);
    expect(looksLikeOutsideNumber(' 1234567 ')).toBe(false);
  });
});
