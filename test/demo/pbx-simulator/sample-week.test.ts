import { describe, expect, it } from 'vitest';
import { SAMPLE_LEGS, sampleData, sampleWeek } from '../../../src/demo/pbx-simulator/index.js';

const END = Date.UTC(2026, 10, 27, 17, 0, 0); // a Friday, 17:00 UTC

describe("the simulator's realistic week", () => {
  const legs = sampleWeek({ endingAt: END });

  it('holds about 200 calls of every kind, in the week before its end, in office hours', () => {
    expect(legs).toHaveLength(200);
    const kinds = new Set(legs.map((l) => l.callType));
    expect([...kinds].sort()).toEqual(['Inbound', 'Internal', 'Outbound']);
    for (const leg of legs) {
      expect(leg.legId).toMatch(/^\d{14}-[0-9A-F]{5}$/);
      const hour = Number(leg.legId.slice(8, 10));
      expect(hour).toBeGreaterThanOrEqual(8);
      expect(hour).toBeLessThan(18);
      expect(leg.legId.slice(0, 8) >= '20261120').toBe(true);
      expect(leg.legId.slice(0, 14) <= '20261127165000').toBe(true);
    }
    expect(new Set(legs.map((l) => l.legId)).size).toBe(200);
  });

  it('spans 10 extensions and about 50 outside numbers, with Chinese and English summaries', () => {
    const { extensions } = sampleData({ week: { endingAt: END } });
    expect(extensions).toHaveLength(10);
    const numbers = new Set(legs.flatMap((l) => [l.callFrom, l.callTo]).filter((n) => n.startsWith('+')));
    expect(numbers.size).toBeGreaterThan(35);
    expect(numbers.size).toBeLessThanOrEqual(50);
    const html = legs.flatMap((l) => [l.summaries.caller?.html ?? '', l.summaries.callee?.html ?? '']);
    expect(html.some((h) => h.includes('通话摘要'))).toBe(true);
    expect(html.some((h) => h.includes('Call Summary'))).toBe(true);
  });

  it('lets the customer speak first, whoever dialled (the topics open with their problem)', () => {
    for (const leg of legs) {
      const customer = leg.callType === 'Inbound' ? leg.callFrom : leg.callTo;
      expect(leg.transcript?.[0]?.speaker).toBe(customer);
    }
  });

  it('has a few calls without summaries yet (the newest among them) and a few long transcripts', () => {
    const unsummarised = legs.filter((l) => !l.summaries.caller && !l.summaries.callee);
    expect(unsummarised.length).toBeGreaterThanOrEqual(4);
    expect(unsummarised.length).toBeLessThan(15);
    expect(legs.at(-1)?.summaries).toEqual({});
    expect(legs.filter((l) => (l.transcript?.length ?? 0) >= 60).length).toBeGreaterThanOrEqual(3);
  });

  it('is the same week for the same end, and keeps the sample legs', () => {
    expect(sampleWeek({ endingAt: END })).toEqual(legs);
    const legIds = sampleData({ week: { endingAt: END } }).legs.map((l) => l.legId);
    for (const legId of Object.values(SAMPLE_LEGS)) expect(legIds).toContain(legId);
  });

  it("writes leg ids in the PBX's time zone", () => {
    const shanghai = sampleWeek({ endingAt: END, timeZone: 'Asia/Shanghai', calls: 20 });
    for (const leg of shanghai) {
      const hour = Number(leg.legId.slice(8, 10));
      expect(hour >= 8 && hour < 18).toBe(true);
    }
  });
});
