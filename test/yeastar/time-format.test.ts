import { describe, expect, it } from 'vitest';
import { formatFromErrorMessage, formatWallClock, isUsableFormat } from '../../src/yeastar/time-format.js';

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
