import { describe, expect, it } from 'vitest';
import { briefLine, callContextMrkdwn, callHeadline, partyLabel } from '../../src/render/index.js';
import { ENGLISH } from '../../src/shared/i18n/index.js';
import { callContextOf, directionOf } from '../../src/use-case/model/call-context.js';
import { parseYearFirstWallClock } from '../../src/use-case/model/pbx-time.js';
import { displayPhoneNumber, isPhoneRegion } from '../../src/use-case/model/phone-number.js';
import { callSummary, DOC_LEG } from '../helpers/call-summary.js';

describe('phone numbers, one format everywhere', () => {
  it.each([
    ['+14155550123', 'US', '+1 415 555 0123'],
    ['14155550123', 'US', '+1 415 555 0123'],
    ['4155550123', 'US', '+1 415 555 0123'],
    ['0014155550123', 'US', '+1 415 555 0123'],
    ['02071234567', 'GB', '+44 20 7123 4567'],
    ['+442071234567', 'US', '+44 20 7123 4567'],
    ['3202', 'US', '3202'],
    ['*97', 'US', '*97'],
    ['12', 'US', '12'],
  ])('%s in %s → %s', (number, region, shown) => {
    expect(displayPhoneNumber(number, region)).toBe(shown);
  });

  it('knows regions by their two-letter code only', () => {
    expect(isPhoneRegion('US')).toBe(true);
    expect(isPhoneRegion('DE')).toBe(true);
    expect(isPhoneRegion('us')).toBe(false);
    expect(isPhoneRegion('XX')).toBe(false);
  });
});

describe('the call context model', () => {
  const facts = {
    caller: '4155550123',
    callee: '3202',
    callerName: 'Ann Lee',
    callType: 'Inbound',
    talkSeconds: 192,
  };

  it('takes the start from the leg id, never from when the summary was written', () => {
    const call = callContextOf({ legId: DOC_LEG, side: 'callee', summary: callSummary(), facts });
    expect(call.start).toEqual({ wall: { year: 2026, month: 5, day: 13, hour: 22, minute: 32, second: 34 } });
    const zoned = callContextOf({ legId: DOC_LEG, side: 'callee', facts, timeZone: 'America/Los_Angeles' });
    // 22:32:34 in Los Angeles (PDT, UTC−7) is 05:32:34 UTC the next day.
    expect(zoned.start).toEqual({ epoch: Date.UTC(2026, 4, 14, 5, 32, 34) / 1000 });
  });

  it("takes an event's time_start over the leg id's", () => {
    const start = parseYearFirstWallClock('2026/05/13 22:31:05');
    const call = callContextOf({ legId: DOC_LEG, facts: { ...facts, start } });
    expect(call.start).toEqual({ wall: { year: 2026, month: 5, day: 13, hour: 22, minute: 31, second: 5 } });
    expect(parseYearFirstWallClock('13/05/2026 22:31:05')).toBeUndefined();
    expect(parseYearFirstWallClock('2026/02/30 10:00:00')).toBeUndefined();
  });

  it("names this side's person from the summary, the directory, or the source, in that order", () => {
    const call = callContextOf({
      legId: DOC_LEG,
      side: 'callee',
      summary: callSummary(),
      facts: { ...facts, calleeName: 'From the export' },
      phoneRegion: 'US',
      nameOf: () => 'From the directory',
    });
    expect(call.callee).toEqual({
      number: '3202',
      display: '3202',
      name: 'Human Agent - Leo Ball',
      isExtension: true,
    });
    expect(call.caller).toEqual({
      number: '4155550123',
      display: '+1 415 555 0123',
      name: 'Ann Lee',
      isExtension: false,
    });
    expect(call.direction).toBe('in');
    expect(call.talkSeconds).toBe(192);
  });

  it('infers the direction from the parties when the PBX does not say', () => {
    const ext = { isExtension: true };
    const outside = { isExtension: false };
    expect(directionOf(undefined, ext, ext)).toBe('internal');
    expect(directionOf(undefined, ext, outside)).toBe('out');
    expect(directionOf(undefined, outside, ext)).toBe('in');
    expect(directionOf('OUTBOUND', outside, ext)).toBe('out');
    expect(directionOf(undefined, undefined, ext)).toBeUndefined();
  });

  it('with nothing known but the leg id, still says when', () => {
    const call = callContextOf({ legId: DOC_LEG });
    expect(call.caller).toBeUndefined();
    expect(callHeadline(call, ENGLISH)).toBe('Call');
    expect(callContextMrkdwn(call, ENGLISH)).toBe(
      ':telephone_receiver: Call\nMay 13, 2026, 22:32 PBX time · leg `20260513223234-3EE9E`',
    );
  });
});

describe('the call context drawn', () => {
  const call = callContextOf({
    legId: DOC_LEG,
    side: 'callee',
    summary: callSummary(),
    facts: { caller: '+14155550123', callee: '3202', callerName: 'Ann Lee', talkSeconds: 192 },
    timeZone: 'UTC',
  });

  it('direction, both parties, a date token with its fallback, talk time and the leg', () => {
    expect(callContextMrkdwn(call, ENGLISH)).toBe(
      ':arrow_lower_left: Incoming call · Ann Lee +1 415 555 0123 → Human Agent - Leo Ball (3202)\n' +
        '<!date^1778711554^{date_short_pretty} at {time}|May 13, 2026, 22:32 UTC> · talked 3m 12s · leg `20260513223234-3EE9E`',
    );
  });

  it('names the side only when asked for', () => {
    expect(callContextMrkdwn(call, ENGLISH)).not.toContain('callee');
    expect(callContextMrkdwn(call, ENGLISH, { showSide: true })).toContain(' · callee side · ');
  });

  it('escapes what the PBX wrote, and keeps it to one line', () => {
    const hostile = callContextOf({
      legId: DOC_LEG,
      side: 'callee',
      facts: { caller: '+14155550123', callee: '3202', callerName: '<!channel>\n*boss*', calleeName: 'A&B' },
    });
    const text = callContextMrkdwn(hostile, ENGLISH);
    expect(text).toContain('&lt;!channel&gt; *boss* +1 415 555 0123 → A&amp;B (3202)');
    expect(text.split('\n')).toHaveLength(2);
  });

  it('labels parties by name and number', () => {
    expect(partyLabel(call.caller, ENGLISH)).toBe('Ann Lee +1 415 555 0123');
    expect(partyLabel({ number: '3203', display: '3203', name: '', isExtension: true }, ENGLISH)).toBe(
      'extension 3203',
    );
    expect(partyLabel(undefined, ENGLISH)).toBe('unknown');
  });

  it("a channel's brief line: context, when, talk time and the first point, escaped", () => {
    expect(briefLine(call, 'Login loop for <60%> of users', ENGLISH)).toBe(
      ':arrow_lower_left: Incoming call · Ann Lee +1 415 555 0123 → Human Agent - Leo Ball (3202) · ' +
        '<!date^1778711554^{date_short_pretty} at {time}|May 13, 2026, 22:32 UTC> · 3m 12s — Login loop for &lt;60%&gt; of users',
    );
  });
});
