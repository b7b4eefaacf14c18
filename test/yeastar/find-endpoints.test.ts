import { describe, expect, it } from 'vitest';
import { type SimExtension, type SimLeg, sampleData } from '../../src/demo/pbx-simulator/index.js';
import { EXTENSION_LIST_PAGE_SIZE } from '../../src/yeastar/extension-list.js';
import { simAndClientPerTest } from '../helpers/pbx-client.js';

/**
 * The reads behind finding calls, against the simulator: the paged extension list, the export over a
 * period, and a transcript page by page.
 */
const setup = simAndClientPerTest();
const wall = (day: number, hour: number) => ({ year: 2026, month: 5, day, hour, minute: 0, second: 0 });

describe('extension list', () => {
  it('reads every page (number, id, name, email) and stops at total_number', async () => {
    const extensions: SimExtension[] = [];
    for (let i = 0; i < 250; i++) {
      extensions.push({
        id: 500 + i,
        number: String(4000 + i),
        name: `Agent ${i}`,
        email: `a${i}@example.com`,
      });
    }
    const { client, sim } = await setup({ extensions, legs: [] });
    const records = await client.listExtensions();
    expect(records).toHaveLength(250);
    expect(records[0]).toEqual({ id: 500, number: '4000', name: 'Agent 0', email: 'a0@example.com' });
    expect(sim.stats.count('extension/list')).toBe(Math.ceil(250 / EXTENSION_LIST_PAGE_SIZE));
  });

  it('keeps leading zeros and extensions without an email', async () => {
    const { client } = await setup({
      extensions: [
        { id: 8, number: '0100', name: 'Leading zero' },
        { id: 61, number: '3204', name: 'Support Queue Overflow' },
      ],
      legs: [],
    });
    expect(await client.listExtensions()).toEqual([
      { id: 8, number: '0100', name: 'Leading zero', email: '' },
      { id: 61, number: '3204', name: 'Support Queue Overflow', email: '' },
    ]);
  });
});

describe('export over a period', () => {
  it('is one export (request and file) whose rows carry leg, parties, type, duration and summary', async () => {
    const { client, sim } = await setup();
    const rows = await client.exportCalls({ start: wall(13, 0), end: wall(14, 23) });
    // Calls whose summary is not written yet are not in the export (it holds "transcription data
    // including the summary").
    const summarised = sampleData().legs.filter((l) => l.summaries.caller ?? l.summaries.callee);
    expect(rows.map((r) => r.leg.value)).toEqual(summarised.map((l) => l.legId));
    expect(rows[0]).toMatchObject({ callFrom: '+14155550123', callTo: '3202', callType: 'Inbound' });
    expect(rows[0]?.summaryHtml).toContain('Call Summary');
    expect(sim.stats.count()).toBe(3); // token, export, file
    expect(sim.stats.count('cdr/aidownload')).toBe(1);
  });

  it('finds nothing in a period without calls', async () => {
    const { client } = await setup();
    expect(await client.exportCalls({ start: wall(1, 0), end: wall(2, 0) })).toEqual([]);
  });

  it('says once which fields the rows have when none can be read', async () => {
    const { client, sim, logger } = await setup();
    const odd: SimLeg = { ...sampleData().legs[0]!, legId: 'not-a-leg-id', time: '2026/05/12 10:00:00' };
    sim.addLeg(odd);
    // Only the odd row in this window.
    const window = { start: wall(12, 9), end: wall(12, 11) };
    await client.exportCalls(window);
    await client.exportCalls(window);
    const said = logger.lines.filter((l) => l.includes('none with a leg id'));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('leg_id, uid, call_type');
  });
});

describe('transcript pages', () => {
  const long: SimLeg = {
    ...sampleData().legs[0]!,
    legId: '20260514150000-AAAAA',
    transcript: Array.from({ length: 45 }, (_, i) => ({
      speaker: i % 2 === 0 ? '3202' : '+14155550123',
      content: `line ${i + 1}`,
      atMs: i * 4000,
    })),
  };

  it('reads page after page until the PBX says -1', async () => {
    const { client, sim } = await setup();
    sim.addLeg(long);
    const first = await client.fetchTranscriptPage(long.legId, 1, 20);
    expect(first.items).toHaveLength(20);
    expect(first.items[0]).toEqual({
      name: 'Human Agent - Leo Ball',
      number: '3202',
      timestamp: 0,
      text: 'line 1',
    });
    expect(first.items[1]).toEqual({ name: '', number: '+14155550123', timestamp: 4000, text: 'line 2' });
    expect(first.nextPage).toBe(2);
    const last = await client.fetchTranscriptPage(long.legId, 3, 20);
    expect(last.items.map((i) => i.text)).toEqual(['line 41', 'line 42', 'line 43', 'line 44', 'line 45']);
    expect(last.nextPage).toBeNull();
  });

  it('answers an unknown leg with no lines', async () => {
    const { client } = await setup();
    expect(await client.fetchTranscriptPage('20260101000000-00000', 1, 20)).toEqual({
      items: [],
      nextPage: null,
    });
  });
});
