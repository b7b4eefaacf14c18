import { describe, expect, it } from 'vitest';
import { parseDisplayTime, toGoLayout } from '../../../src/demo/pbx-simulator/display-format.js';

describe("the simulator's own display-format parsing", () => {
  it('reads the default and 12-hour formats to the same instant', () => {
    const a = parseDisplayTime('2026/05/13 22:32:34', 'YYYY/MM/DD HH:mm:ss');
    expect(a).toBe(Date.UTC(2026, 4, 13, 22, 32, 34));
    expect(parseDisplayTime('05/13/2026 10:32:34 PM', 'MM/DD/YYYY hh:mm:ss A')).toBe(a);
    expect(parseDisplayTime('13/05/2026 12:00:00 am', 'DD/MM/YYYY hh:mm:ss a')).toBe(
      Date.UTC(2026, 4, 13, 0, 0, 0),
    );
    expect(parseDisplayTime('13/05/2026 12:00:00 PM', 'DD/MM/YYYY hh:mm:ss A')).toBe(
      Date.UTC(2026, 4, 13, 12, 0, 0),
    );
  });

  it('rejects other formats and impossible dates', () => {
    expect(parseDisplayTime('2026-05-13 22:32:34', 'YYYY/MM/DD HH:mm:ss')).toBeUndefined();
    expect(parseDisplayTime('2026/02/31 10:00:00', 'YYYY/MM/DD HH:mm:ss')).toBeUndefined();
    expect(parseDisplayTime('2026/13/01 10:00:00', 'YYYY/MM/DD HH:mm:ss')).toBeUndefined();
    expect(parseDisplayTime('2026/05/13 24:00:00', 'YYYY/MM/DD HH:mm:ss')).toBeUndefined();
    expect(parseDisplayTime('05/13/2026 13:00:00 PM', 'MM/DD/YYYY hh:mm:ss A')).toBeUndefined();
    expect(parseDisplayTime('05/13/2026 00:00:00 AM', 'MM/DD/YYYY hh:mm:ss A')).toBeUndefined();
  });

  it('wants every digit and nothing after the last field', () => {
    expect(parseDisplayTime('2026/5/13 22:32:34', 'YYYY/MM/DD HH:mm:ss')).toBeUndefined();
    expect(parseDisplayTime('2026/05/13 22:32:34Z', 'YYYY/MM/DD HH:mm:ss')).toBeUndefined();
    expect(parseDisplayTime('2026/05/13 22:32', 'YYYY/MM/DD HH:mm:ss')).toBeUndefined();
    expect(parseDisplayTime('  2026/05/13 22:32:34 ', 'YYYY/MM/DD HH:mm:ss')).toBe(
      Date.UTC(2026, 4, 13, 22, 32, 34),
    );
  });

  it('holds the meridiem to the case the format writes it in', () => {
    expect(parseDisplayTime('05/13/2026 10:32:34 pm', 'MM/DD/YYYY hh:mm:ss A')).toBeUndefined();
    expect(parseDisplayTime('05/13/2026 10:32:34 PM', 'MM/DD/YYYY hh:mm:ss a')).toBeUndefined();
  });

  it('reads a 12-hour format as the docs write it ("YYYY/MM/DD HH:mm:ss AM")', () => {
    const a = Date.UTC(2026, 4, 13, 22, 32, 34);
    expect(parseDisplayTime('2026/05/13 10:32:34 PM', 'YYYY/MM/DD HH:mm:ss AM')).toBe(a);
    expect(parseDisplayTime('2026/05/13 10:32:34 PM', 'YYYY/MM/DD HH:mm:ss AM/PM')).toBe(a);
    expect(parseDisplayTime('2026/05/13 10:32:34 PM', 'YYYY/MM/DD HH:mm:ss AM | PM')).toBe(a);
    expect(parseDisplayTime('2026/05/13 22:32:34 PM', 'YYYY/MM/DD HH:mm:ss AM')).toBeUndefined();
    expect(toGoLayout('YYYY/MM/DD HH:mm:ss AM/PM')).toBe('2006/01/02 03:04:05 PM');
  });

  it('names formats in Go layout as live PBXs do', () => {
    expect(toGoLayout('DD/MM/YYYY hh:mm:ss A')).toBe('02/01/2006 03:04:05 PM');
    expect(toGoLayout('YYYY-MM-DD HH:mm:ss')).toBe('2006-01-02 15:04:05');
    expect(toGoLayout('MM/DD/YYYY hh:mm:ss a')).toBe('01/02/2006 03:04:05 pm');
  });
});
