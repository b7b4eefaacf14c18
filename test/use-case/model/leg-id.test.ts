import { describe, expect, it } from 'vitest';
import { CallSummaryError } from '../../../src/shared/errors.js';
import {
  addSeconds,
  findLegIds,
  isLegIdShape,
  otherSide,
  parseLegId,
  parseSide,
  tryParseLegId,
} from '../../../src/use-case/model/leg-id.js';

describe('parseLegId', () => {
  it('accepts the documented shape and normalises hex to upper case', () => {
    const leg = parseLegId(' 20260513223234-3ee9e ');
    expect(leg.value).toBe('20260513223234-3EE9E');
    expect(leg.start).toEqual({ year: 2026, month: 5, day: 13, hour: 22, minute: 32, second: 34 });
  });

  it.each([
    '',
    '20260513223234',
    '20260513223234-3EE9',
    '20260513223234-3EE9EE',
    '20260513223234-3EG9E',
    '2026051322323-3EE9E',
    '20261313223234-3EE9E', // month 13
    '20260230223234-3EE9E', // 30 February
    '20260513243234-3EE9E', // hour 24
    '2026101615253894475', // a CDR uid, not a leg id
  ])('rejects %j with the expected shape in the message', (input) => {
    expect(tryParseLegId(input)).toBeUndefined();
    try {
      parseLegId(input);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CallSummaryError);
      expect((error as CallSummaryError).code).toBe('bad_leg_id');
      expect((error as Error).message).toContain('YYYYMMDDhhmmss-XXXXX');
    }
  });

  it('does not echo unbounded input back', () => {
    const error = (() => {
      try {
        parseLegId('x'.repeat(10_000));
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message.length).toBeLessThan(200);
  });
});

describe('the leg id pattern', () => {
  it('is the shape only, any hex case, whole: the date inside is parseLegId’s to check', () => {
    expect(isLegIdShape('20260513223234-3EE9E')).toBe(true);
    expect(isLegIdShape('20260513223234-3ee9e')).toBe(true);
    expect(isLegIdShape('20261313223234-3EE9E')).toBe(true); // month 13: a shape, not a leg
    for (const text of ['', ' 20260513223234-3EE9E', '20260513223234-3EE9EX', '2026051322323-3EE9E']) {
      expect(isLegIdShape(text)).toBe(false);
    }
  });
});

describe('findLegIds', () => {
  it('finds every distinct leg id in order, not inside longer tokens', () => {
    const text =
      'Call 20260513223234-3EE9E ended; transfer leg 20260513222941-586e2. Again 20260513223234-3EE9E, ' +
      'uid 2026101615253894475, bogus 120260513223234-3EE9E and 20260513223234-3EE9EX';
    expect(findLegIds(text)).toEqual(['20260513223234-3EE9E', '20260513222941-586E2']);
  });

  it('finds ids next to punctuation and markup', () => {
    expect(findLegIds('<https://pbx/cdr?leg=20260513223234-3EE9E|leg>*(20260513222941-586E2)*')).toEqual([
      '20260513223234-3EE9E',
      '20260513222941-586E2',
    ]);
  });
});

describe('sides', () => {
  it.each([
    ['caller', 'caller'],
    ['SRC', 'caller'],
    ['from', 'caller'],
    ['callee', 'callee'],
    ['dst', 'callee'],
    ['To', 'callee'],
  ] as const)('%s means %s', (word, side) => {
    expect(parseSide(word)).toBe(side);
  });

  it('rejects other words', () => {
    expect(parseSide('both')).toBeUndefined();
    expect(otherSide('caller')).toBe('callee');
    expect(otherSide('callee')).toBe('caller');
  });
});

describe('addSeconds', () => {
  it('does wall-clock arithmetic across days and leap years', () => {
    expect(addSeconds({ year: 2028, month: 2, day: 28, hour: 23, minute: 50, second: 0 }, 1200)).toEqual({
      year: 2028,
      month: 2,
      day: 29,
      hour: 0,
      minute: 10,
      second: 0,
    });
    expect(addSeconds({ year: 2026, month: 1, day: 1, hour: 0, minute: 10, second: 0 }, -1200)).toEqual({
      year: 2025,
      month: 12,
      day: 31,
      hour: 23,
      minute: 50,
      second: 0,
    });
  });
});
