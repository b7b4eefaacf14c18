import { describe, expect, it } from 'vitest';
import {
  epochSecondsOf,
  fixedOffsetMinutes,
  fixedOffsetZone,
  isTimeZone,
  offsetMinutesAt,
  recentWindow,
  wallClockAt,
  zoneNow,
} from '../../../src/use-case/model/pbx-time.js';

const at = (iso: string) => Date.parse(iso);
const wall = (year: number, month: number, day: number, hour: number, minute = 0, second = 0) => ({
  year,
  month,
  day,
  hour,
  minute,
  second,
});

describe('PBX wall clock ↔ instants', () => {
  it('knows IANA names and refuses others', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('+08:00')).toBe(false);
  });

  it('converts a wall clock to the instant it names, in and around daylight saving time', () => {
    expect(epochSecondsOf(wall(2026, 5, 13, 22, 32, 34), 'Asia/Shanghai') * 1000).toBe(
      at('2026-05-13T14:32:34Z'),
    );
    expect(epochSecondsOf(wall(2026, 1, 15, 9), 'Europe/Berlin') * 1000).toBe(at('2026-01-15T08:00:00Z'));
    expect(epochSecondsOf(wall(2026, 7, 15, 9), 'Europe/Berlin') * 1000).toBe(at('2026-07-15T07:00:00Z'));
    // 02:30 does not exist on 29 March in Berlin: an hour later, 03:30 CEST.
    expect(epochSecondsOf(wall(2026, 3, 29, 2, 30), 'Europe/Berlin') * 1000).toBe(at('2026-03-29T01:30:00Z'));
    // 02:30 happens twice on 25 October: the earlier one (CEST).
    expect(epochSecondsOf(wall(2026, 10, 25, 2, 30), 'Europe/Berlin') * 1000).toBe(
      at('2026-10-25T00:30:00Z'),
    );
  });

  it('reads the wall clock of a zone at an instant', () => {
    expect(wallClockAt(at('2026-01-01T00:00:00Z'), 'America/New_York')).toEqual(wall(2025, 12, 31, 19));
    expect(wallClockAt(at('2026-05-13T14:32:34Z'), 'Asia/Shanghai')).toEqual(wall(2026, 5, 13, 22, 32, 34));
  });

  it('asks for exactly the last N hours when the zone is known', () => {
    expect(recentWindow(24, at('2026-05-14T04:00:00Z'), 'Asia/Shanghai')).toEqual({
      start: wall(2026, 5, 13, 12),
      end: wall(2026, 5, 14, 12),
      exact: true,
    });
  });

  it('widens the window by every UTC offset when the zone is unknown, so no call is missed', () => {
    expect(recentWindow(24, at('2026-05-14T04:00:00Z'), undefined)).toEqual({
      start: wall(2026, 5, 12, 16),
      end: wall(2026, 5, 14, 18),
      exact: false,
    });
  });
});

describe('a fixed offset learnt from the PBX (system/information)', () => {
  it('is written UTC±hh:mm and converts both ways, half hours too', () => {
    expect(fixedOffsetZone(330)).toBe('UTC+05:30');
    expect(fixedOffsetZone(-210)).toBe('UTC-03:30');
    expect(fixedOffsetZone(0)).toBe('UTC+00:00');
    expect(fixedOffsetMinutes('UTC+05:45')).toBe(345);
    expect(fixedOffsetMinutes('Asia/Kolkata')).toBeUndefined();
    expect(wallClockAt(at('2026-05-14T12:00:00Z'), 'UTC+05:30')).toEqual(wall(2026, 5, 14, 17, 30));
    expect(epochSecondsOf(wall(2026, 5, 14, 17, 30), 'UTC+05:30') * 1000).toBe(at('2026-05-14T12:00:00Z'));
    expect(offsetMinutesAt(at('2026-07-01T12:00:00Z'), 'Europe/Berlin')).toBe(120);
    expect(offsetMinutesAt(at('2026-07-01T12:00:00Z'), 'UTC-03:30')).toBe(-210);
  });

  it('makes "the last 24 hours" exact, as a named zone does, read when asked', () => {
    let known: string | undefined;
    const source = () => known;
    expect(recentWindow(24, at('2026-05-14T12:00:00Z'), zoneNow(source)).exact).toBe(false);
    known = 'UTC+08:00';
    expect(recentWindow(24, at('2026-05-14T12:00:00Z'), zoneNow(source))).toEqual({
      start: wall(2026, 5, 13, 20),
      end: wall(2026, 5, 14, 20),
      exact: true,
    });
  });
});
