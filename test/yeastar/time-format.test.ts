import { describe, expect, it } from 'vitest';
import {
  formatFromErrorMessage,
  formatProblem,
  formatWallClock,
  isUsableFormat,
  normalisedAlternatives,
  normaliseFormat,
  parseWallClock,
} from '../../src/yeastar/time-format.js';

const t = { year: 2026, month: 5, day: 3, hour: 22, minute: 2, second: 4 };

describe('formatWallClock', () => {
  it('formats the default display format', () => {
    expect(formatWallClock(t, 'YYYY/MM/DD HH:mm:ss')).toBe('2026/05/03 22:02:04');
  });
  it('formats 12-hour clocks with AM/PM in either case', () => {
    expect(formatWallClock(t, 'DD/MM/YYYY hh:mm:ss A')).toBe('03/05/2026 10:02:04 PM');
    expect(formatWallClock({ ...t, hour: 0 }, 'MM/DD/YYYY hh:mm:ss a')).toBe('05/03/2026 12:02:04 am');
    expect(formatWallClock({ ...t, hour: 12 }, 'hh A')).toBe('12 PM');
  });
  it('reads 12-hour formats as the docs write them ("HH:mm:ss AM", "AM/PM")', () => {
    // Download AI Call Transcription Data: "YYYY/MM/DD HH:mm:ss AM or YYYY/MM/DD HH:mm:ss PM".
    expect(formatWallClock(t, 'YYYY/MM/DD HH:mm:ss AM')).toBe('2026/05/03 10:02:04 PM');
    expect(formatWallClock({ ...t, hour: 9 }, 'YYYY/MM/DD HH:mm:ss PM')).toBe('2026/05/03 09:02:04 AM');
    expect(formatWallClock(t, 'MM/DD/YYYY hh:mm:ss AM/PM')).toBe('05/03/2026 10:02:04 PM');
    expect(formatFromErrorMessage('valid format: YYYY/MM/DD HH:mm:ss AM/PM')).toBe('YYYY/MM/DD hh:mm:ss A');
  });
});

describe('formatFromErrorMessage', () => {
  it('reads the Go layout a live PBX names (reference §3.1)', () => {
    expect(formatFromErrorMessage('start_time format invalid, valid format: 02/01/2006 03:04:05 PM')).toBe(
      'DD/MM/YYYY hh:mm:ss A',
    );
    expect(formatFromErrorMessage('valid format: 2006/01/02 15:04:05')).toBe('YYYY/MM/DD HH:mm:ss');
  });
  it('reads a format written in our tokens', () => {
    expect(formatFromErrorMessage('start_time format invalid, valid format: MM/DD/YYYY HH:mm:ss')).toBe(
      'MM/DD/YYYY HH:mm:ss',
    );
  });
  it('gives nothing when no usable format is named', () => {
    expect(formatFromErrorMessage('PARAMETER ERROR')).toBeUndefined();
    expect(formatFromErrorMessage('valid format: soon')).toBeUndefined();
    expect(isUsableFormat('YYYY/MM/DD')).toBe(false);
  });
});

describe("Yeastar's notation", () => {
  it('reads hh without AM/PM as the 24-hour clock (Query PBX Information: "hh:mm:ss" beside 16:44:40)', () => {
    expect(normaliseFormat('YYYY/MM/DD hh:mm:ss')).toBe('YYYY/MM/DD HH:mm:ss');
    expect(formatWallClock(t, 'YYYY/MM/DD hh:mm:ss')).toBe('2026/05/03 22:02:04');
    expect(normaliseFormat('MM/DD/YYYY hh:mm:ss AM')).toBe('MM/DD/YYYY hh:mm:ss A');
  });

  it('reads "X or Y" as two formats, the first used, the same one counted once', () => {
    expect(normalisedAlternatives('hh:mm:ss AM or hh:mm:ss PM')).toEqual(['hh:mm:ss A']);
    expect(normalisedAlternatives('MM/DD/YYYY or DD/MM/YYYY')).toEqual(['MM/DD/YYYY', 'DD/MM/YYYY']);
    expect(formatWallClock(t, 'YYYY/MM/DD HH:mm:ss AM or YYYY/MM/DD HH:mm:ss PM')).toBe(
      '2026/05/03 10:02:04 PM',
    );
  });

  it('parses a time written in a display format, and refuses one that does not fit', () => {
    expect(parseWallClock('2025/08/22 16:44:40', 'YYYY/MM/DD hh:mm:ss')).toEqual({
      year: 2025,
      month: 8,
      day: 22,
      hour: 16,
      minute: 44,
      second: 40,
    });
    expect(parseWallClock('08/22/2025 04:44:40 PM', 'MM/DD/YYYY hh:mm:ss A')).toMatchObject({ hour: 16 });
    expect(parseWallClock('08/22/2025 12:05:00 AM', 'MM/DD/YYYY hh:mm:ss A')).toMatchObject({ hour: 0 });
    expect(parseWallClock('2025/02/30 10:00:00', 'YYYY/MM/DD HH:mm:ss')).toBeUndefined();
    expect(parseWallClock('22/08/2025 16:44:40', 'YYYY/MM/DD HH:mm:ss')).toBeUndefined();
  });
});

describe('YEASTAR_TIME_FORMAT checked at start', () => {
  it('accepts formats that name the date and the time to the second', () => {
    for (const format of [
      'YYYY/MM/DD HH:mm:ss',
      'MM/DD/YYYY hh:mm:ss A',
      'DD/MM/YYYY hh:mm:ss',
      'YYYY/MM/DD HH:mm:ss AM or YYYY/MM/DD HH:mm:ss PM',
      'yyyy-MM-dd HH:mm:ss',
    ]) {
      expect(formatProblem(format)).toBeUndefined();
    }
  });

  it('names what is missing or not a format token', () => {
    expect(formatProblem('YYYY/MM/DD HH:mm')).toBe('"YYYY/MM/DD HH:mm" lacks the seconds (ss)');
    expect(formatProblem('HH:mm:ss')).toBe('"HH:mm:ss" lacks the year (YYYY), the month (MM), the day (DD)');
    expect(formatProblem('YYYY-MM-DDTHH:mm:ss')).toContain('has "T", which is not one of');
    expect(formatProblem('YYYY/MM/DD H:mm:ss')).toContain('lacks the hour (HH)');
  });
});
