import { describe, expect, it } from 'vitest';
import { CallSummaryError } from '../../../src/shared/errors.js';
import { parseCallQuery, parsePeriod, sameNumber } from '../../../src/use-case/model/call-query.js';

const parse = (text: string) => parseCallQuery(text, { defaultDays: 7 });
const week = { hours: 168, label: '7d' };

describe('parseCallQuery', () => {
  it('keeps the leg-id forms', () => {
    expect(parse('20260513223234-3ee9e')).toEqual({
      kind: 'leg',
      legId: '20260513223234-3EE9E',
      side: undefined,
      extension: undefined,
    });
    expect(parse('20260513223234-3EE9E dst 3202')).toEqual({
      kind: 'leg',
      legId: '20260513223234-3EE9E',
      side: 'callee',
      extension: '3202',
    });
  });

  it('takes an extension of 1 to 7 digits in the leg form, as everywhere', () => {
    expect(parse('20260513223234-3EE9E caller 1234567')).toMatchObject({ extension: '1234567' });
    for (const word of ['12345678', '+3202', '3202a']) {
      expect(() => parse(`20260513223234-3EE9E caller ${word}`)).toThrow(
        expect.objectContaining({
          code: 'usage',
          message: expect.stringContaining('is not a side (caller or callee) or an extension number'),
        }),
      );
    }
  });

  it('reads outside numbers typed with spaces, dashes, dots and parentheses', () => {
    for (const text of [
      '+1 415 555 0123',
      '+1-415-555-0123',
      '(415) 555.0123',
      '4155550123',
      '+44 20 7946 0958',
    ]) {
      const query = parse(text);
      expect(query.kind).toBe('calls');
      if (query.kind !== 'calls') continue;
      expect(query.party.kind).toBe('number');
    }
    expect(parse('+1 415 555 0123')).toEqual({
      kind: 'calls',
      party: { kind: 'number', number: '+14155550123' },
      period: week,
    });
    expect(parse('+86 1380013800')).toMatchObject({ party: { number: '+861380013800' } });
  });

  it('reads 1 to 7 digits as an extension, 8 or more as a number', () => {
    expect(parse('3202')).toEqual({
      kind: 'calls',
      party: { kind: 'extension', extension: '3202' },
      period: week,
    });
    expect(parse('1234567')).toMatchObject({ party: { kind: 'extension' } });
    expect(parse('12345678')).toMatchObject({ party: { kind: 'number', number: '12345678' } });
    expect(parse('+3202')).toMatchObject({ party: { kind: 'number', number: '+3202' } });
  });

  it('reads nothing and "me" as the person’s own calls, with a trailing period', () => {
    expect(parse('')).toEqual({ kind: 'calls', party: { kind: 'me' }, period: week });
    expect(parse('  ME ')).toEqual({ kind: 'calls', party: { kind: 'me' }, period: week });
    expect(parse('24h')).toEqual({
      kind: 'calls',
      party: { kind: 'me' },
      period: { hours: 24, label: '24h' },
    });
    expect(parse('me 31d')).toMatchObject({ period: { hours: 744 } });
    expect(parse('3202 2d')).toMatchObject({
      party: { extension: '3202' },
      period: { hours: 48, label: '2d' },
    });
    expect(parse('+1 415 555 0123 24h')).toMatchObject({
      party: { number: '+14155550123' },
      period: { hours: 24 },
    });
  });

  it('answers help', () => {
    expect(parse('help')).toEqual({ kind: 'help' });
    expect(parse('HELP me')).toEqual({ kind: 'help' });
  });

  it('refuses what it cannot read, with the typed text bounded', () => {
    for (const text of ['hello', '3202 x', '32o2', '+1 415 abc', '<!channel>', '32d 3202']) {
      expect(() => parse(text)).toThrow(CallSummaryError);
    }
    expect(() => parse('20260513223234-XYZ')).toThrow(expect.objectContaining({ code: 'bad_leg_id' }));
    expect(() => parse('2026-nope')).toThrow(expect.objectContaining({ code: 'bad_leg_id' }));
    // A number with dashes is still a number.
    expect(parse('0049-30-1234567')).toMatchObject({
      kind: 'calls',
      party: { kind: 'number', number: '0049301234567' },
    });
    const long = (() => {
      try {
        parse('x'.repeat(500));
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    expect(long.length).toBeLessThan(120);
  });

  it('bounds the period', () => {
    expect(parsePeriod('1h')).toEqual({ hours: 1, label: '1h' });
    expect(() => parse('32d')).toThrow(/between 1h and 31d/);
    expect(() => parse('0d')).toThrow(/between 1h and 31d/);
    expect(() => parse('745h')).toThrow(/between 1h and 31d/);
  });
});

describe('what is meant as a leg id, and what is not', () => {
  it('takes a leg id whose suffix happens to be all digits', () => {
    expect(parse('20260513223234-10293')).toEqual({
      kind: 'leg',
      legId: '20260513223234-10293',
      side: undefined,
      extension: undefined,
    });
  });

  it('answers a leg id cut short or mistyped as a bad leg id, not as a number', () => {
    // The suffix cut, the date cut, a dash and a letter, a dash and letters then a digit.
    for (const text of ['20260513223234-123', '223234-3EE9E', '2026-x', '2026-nope1']) {
      expect(() => parse(text), text).toThrow(expect.objectContaining({ code: 'bad_leg_id' }));
    }
  });

  it('reads numbers written with a dash as numbers', () => {
    // A German number with its switchboard's -0, and a US toll-free number.
    expect(parse('+4930123456-0')).toMatchObject({ party: { kind: 'number', number: '+49301234560' } });
    expect(parse('1-8005550123')).toMatchObject({ party: { kind: 'number', number: '18005550123' } });
  });

  it('does not take for a leg id what only contains one, or only starts like one', () => {
    for (const text of ['abcdefgh-1', 'ab1234-x', '20260513223234-3EE9E,', '2026-nope!']) {
      expect(() => parse(text), text).toThrow(expect.objectContaining({ code: 'usage' }));
    }
  });

  it('takes one side and one extension after a leg id, and says which word is too many', () => {
    const leg = '20260513223234-3EE9E';
    expect(() => parse(`${leg} caller callee`)).toThrow(
      /"callee" is not a side \(caller or callee\) or an extension/,
    );
    expect(() => parse(`${leg} caller 3202 3203`)).toThrow(/"3203" is not a side/);
    expect(() => parse(`${leg} caller ${'x'.repeat(100)}`)).toThrow(
      expect.objectContaining({ message: expect.stringContaining(`"${'x'.repeat(40)}" is not a side`) }),
    );
  });
});

describe('lists', () => {
  it('reads "me" only on its own', () => {
    expect(() => parse('me 3202')).toThrow(expect.objectContaining({ code: 'usage' }));
  });

  it('refuses a number longer than 20 digits, with or without its +', () => {
    for (const text of ['1'.repeat(21), `+${'1'.repeat(21)}`]) {
      expect(() => parse(text), text).toThrow(expect.objectContaining({ code: 'usage' }));
    }
  });

  it('quotes the words it could not read as typed', () => {
    expect(() => parse('hello world')).toThrow(
      expect.objectContaining({
        details: { query: { reason: 'not_a_query', input: 'hello world' } },
        message: '"hello world" is not a leg id, a phone number, an extension or a period.',
      }),
    );
  });
});

describe('parsePeriod', () => {
  it('reads a period with space around it', () => {
    expect(parsePeriod(' 7d ')).toEqual({ hours: 168, label: '7d' });
  });

  it('refuses what is no period, quoting at most 20 characters of it', () => {
    expect(() => parsePeriod('week')).toThrow(
      expect.objectContaining({
        code: 'usage',
        details: { query: { reason: 'not_a_period', input: 'week' } },
        message: '"week" is not a period like 24h or 7d.',
      }),
    );
    expect(() => parsePeriod('y'.repeat(50))).toThrow(
      expect.objectContaining({
        message: `"${'y'.repeat(20)}" is not a period like 24h or 7d.`,
      }),
    );
  });
});

describe('sameNumber', () => {
  it('matches the forms PBXs write one number in', () => {
    expect(sameNumber('+14155550123', '14155550123')).toBe(true);
    expect(sameNumber('+14155550123', '4155550123')).toBe(true);
    expect(sameNumber('0014155550123', '+14155550123')).toBe(true);
    expect(sameNumber('Evelyn<4155550123>', '4155550123')).toBe(true);
  });
  it('is the same as itself, as written, however short', () => {
    for (const number of ['3202', '0012345', '+1 415 555 0123', '(415) 555-0123']) {
      expect(sameNumber(number, number), number).toBe(true);
    }
  });

  it('matches a national number inside its international form, either way round, from 7 digits', () => {
    expect(sameNumber('4155550123', '+14155550123')).toBe(true);
    expect(sameNumber('5550123', '4155550123')).toBe(true);
    expect(sameNumber('550123', '4155550123')).toBe(false);
  });

  it('drops 00 only as the international prefix, not inside a number', () => {
    expect(sameNumber('+12125001234', '2125001234')).toBe(true);
    expect(sameNumber('2125001234', '+12125001234')).toBe(true);
  });

  it('keeps different lines apart', () => {
    expect(sameNumber('4155550123', '4155550124')).toBe(false);
    expect(sameNumber('3202', '13202')).toBe(false);
    expect(sameNumber('', '')).toBe(false);
  });
});

describe('inputs that look like something else', () => {
  const parse = (text: string) => parseCallQuery(text, { defaultDays: 7 });

  it('a leg id without its suffix (14 digits of a date and time) is answered with the leg id’s shape', () => {
    expect(() => parse('20260513223234')).toThrow(
      expect.objectContaining({
        code: 'bad_leg_id',
        message:
          '"20260513223234" is a call time without the rest of its leg id; a leg id looks like YYYYMMDDhhmmss-XXXXX (for example 20260513223234-3EE9E).',
      }),
    );
    // Followed by a period, a side or an extension, it is still a leg id cut short, not a number.
    for (const text of ['20260513223234 24h', '20260513223234 caller', '20260513223234 callee 3202']) {
      expect(() => parse(text), text).toThrow(
        expect.objectContaining({ code: 'bad_leg_id', details: { input: '20260513223234', callTime: true } }),
      );
    }
    // Not a date and time: a phone number, as before.
    expect(parse('20261399887766')).toMatchObject({ kind: 'calls', party: { kind: 'number' } });
    expect(parse('20261399887766 24h')).toMatchObject({ kind: 'calls', party: { kind: 'number' } });
    expect(parse('+20260513223234')).toMatchObject({ kind: 'calls', party: { kind: 'number' } });
  });

  it('an extension without a side says both forms, with the leg and the extension typed', () => {
    expect(() => parse('20260513223234-3EE9E 3202')).toThrow(
      expect.objectContaining({
        message:
          'Say which side extension 3202 is on: `/callsummary 20260513223234-3EE9E caller 3202` or `/callsummary 20260513223234-3EE9E callee 3202`.',
      }),
    );
  });
});
