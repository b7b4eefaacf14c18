import { describe, expect, it } from 'vitest';
import { parseExportRow, rowKeys } from '../../src/yeastar/export-rows.js';

describe('export rows, read tolerantly', () => {
  it('reads the fields public code names', () => {
    const row = parseExportRow({
      leg_id: '20260513223234-3ee9e',
      call_from: '+14155550123',
      call_to: '3202',
      call_type: 'Inbound',
      call_duration: 125,
      ai_summary: '<p>Call Summary</p><ul><li>Hi</li></ul>',
    });
    expect(row).toMatchObject({
      callFrom: '+14155550123',
      callTo: '3202',
      callFromName: '',
      callType: 'Inbound',
      durationSeconds: 125,
      summaryHtml: '<p>Call Summary</p><ul><li>Hi</li></ul>',
    });
    expect(row?.leg.value).toBe('20260513223234-3EE9E');
    expect(row?.leg.start).toEqual({ year: 2026, month: 5, day: 13, hour: 22, minute: 32, second: 34 });
  });

  it('reads the likely alternatives: *_number fields, Name<number>, numbers as numbers, durations as clocks', () => {
    expect(
      parseExportRow({
        cdr_id: '20260513223234-3EE9E',
        call_from_number: 14155550123,
        call_from: 'Evelyn Moore<14155550123>',
        call_to: 'Leo Ball<3202>',
        duration: '00:02:05',
        summary: { summary: '<p>x</p>' },
      }),
    ).toMatchObject({
      callFrom: '14155550123',
      callTo: '3202',
      callFromName: 'Evelyn Moore',
      callToName: 'Leo Ball',
      durationSeconds: 125,
      summaryHtml: '<p>x</p>',
    });
    expect(
      parseExportRow({
        leg_id: '20260513223234-3EE9E',
        call_from: 'Evelyn<5566>',
        call_to: 3202,
        talk_duration: '7:09',
      }),
    ).toMatchObject({ callFrom: '5566', callFromName: 'Evelyn', callTo: '3202', durationSeconds: 429 });
  });

  it('skips rows without a leg id or a party, and names the keys a row has (never its values)', () => {
    expect(parseExportRow({ uid: '2026101615253894475', call_from: '1', call_to: '2' })).toBeUndefined();
    expect(parseExportRow({ leg_id: '20260513223234-3EE9E', call_from: '3202' })).toBeUndefined();
    expect(
      parseExportRow({ leg_id: '20260513223234-3EE9E', call_from: ' ', call_to: '3202' }),
    ).toBeUndefined();
    expect(parseExportRow(['20260513223234-3EE9E'])).toBeUndefined();
    expect(parseExportRow(null)).toBeUndefined();
    expect(rowKeys({ caller: '+1415', legid: 'x' })).toEqual(['caller', 'legid']);
    expect(rowKeys('text')).toEqual([]);
  });
});
