import { describe, expect, it } from 'vitest';
import { CallSummaryError } from '../../../src/shared/errors.js';
import { MAX_PERIOD_DAYS, parseCallQuery, parsePeriod } from '../../../src/use-case/model/call-query.js';

/**
 * A period is at least an hour and at most MAX_PERIOD_DAYS (31) days, in whichever unit it is written:
 * `744h` is 31 days and allowed, `745h` is not, `31d` is, `32d` is not.
 */
describe('periods', () => {
  it.each([
    ['1h', 1],
    ['24h', 24],
    ['48h', 48],
    ['100h', 100],
    ['743h', 743],
    ['744h', 744],
    ['1d', 24],
    ['7d', 168],
    ['31d', 744],
    ['7D', 168],
  ])('%s is %i hours', (word, hours) => {
    expect(parsePeriod(word).hours).toBe(hours);
  });

  it.each(['0h', '0d', '745h', '32d', '1000h', '9999d'])('%s is refused, saying the bounds', (word) => {
    let error: unknown;
    try {
      parsePeriod(word);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CallSummaryError);
    expect((error as CallSummaryError).message).toBe(
      `A period is between 1h and ${MAX_PERIOD_DAYS}d, not ${word}.`,
    );
  });

  it('keeps the label as written, the unit in lower case', () => {
    expect(parsePeriod('48H')).toEqual({ hours: 48, label: '48h' });
    expect(parsePeriod('31d')).toEqual({ hours: 744, label: '31d' });
  });

  it('takes an hour period at the end of the command', () => {
    expect(parseCallQuery('3202 48h', { defaultDays: 7 })).toEqual({
      kind: 'calls',
      party: { kind: 'extension', extension: '3202' },
      period: { hours: 48, label: '48h' },
    });
    expect(parseCallQuery('me 744h', { defaultDays: 7 })).toMatchObject({ period: { hours: 744 } });
  });
});
