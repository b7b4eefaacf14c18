import { describe, expect, it } from 'vitest';
import type { SimLeg } from '../../src/demo/pbx-simulator/index.js';
import { parseLegId } from '../../src/use-case/model/leg-id.js';
import type { LegHint } from '../../src/use-case/ports.js';
import { partiesOf } from '../../src/use-case/summaries.js';
import { exportAroundLeg, exportSearchPlan } from '../../src/yeastar/ai-export.js';
import type { PbxClient } from '../../src/yeastar/client.js';
import { parseExportRow } from '../../src/yeastar/export-rows.js';
import { createPbxHttp } from '../../src/yeastar/http.js';
import type { TokenManager } from '../../src/yeastar/tokens.js';
import { json, type Loopback, startLoopback } from '../helpers/loopback.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { simAndClientPerTest } from '../helpers/pbx-client.js';

const simAndClient = simAndClientPerTest();
const LEG = '20260514100000-0BEEF';

/** A leg that starts `minutesIntoCall` after its call (a queue wait, a transfer): the export's time is the call's. */
function lateLeg(legId: string, minutesIntoCall: number, callTo = '3203'): SimLeg {
  const start = parseLegId(legId).start;
  const callStart = new Date(
    Date.UTC(
      start.year,
      start.month - 1,
      start.day,
      start.hour,
      start.minute - minutesIntoCall,
      start.second,
    ),
  );
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    legId,
    uid: '1778752800.9',
    callType: 'Inbound',
    callFrom: '+14155550999',
    callTo,
    time: `${callStart.getUTCFullYear()}/${pad(callStart.getUTCMonth() + 1)}/${pad(callStart.getUTCDate())} ${pad(callStart.getUTCHours())}:${pad(callStart.getUTCMinutes())}:${pad(callStart.getUTCSeconds())}`,
    summaries: {
      callee: {
        id: 77,
        html: '<p>Late leg</p>',
        createdAt: 1778752900,
        updatedAt: 1778752900,
        name: 'K',
        extNum: callTo,
      },
    },
  };
}

/** The parties of a leg, from the export search around it. */
async function partiesAround(client: PbxClient, legId: string, hint?: LegHint) {
  const leg = parseLegId(legId);
  return partiesOf(await client.exportAroundLeg(leg, hint), leg);
}

/** The export windows asked for, from the client's debug log (the token is redacted there). */
function askedWindows(lines: readonly string[]): string[] {
  return lines
    .filter((l) => l.includes('/cdr/aidownload?'))
    .map((l) => {
      const url = new URL(/GET (\S+)/.exec(l)![1]!);
      const filter = url.searchParams.get('call_from') ?? url.searchParams.get('call_to');
      const which = url.searchParams.has('call_from') ? 'call_from' : 'call_to';
      return `${url.searchParams.get('start_time')} – ${url.searchParams.get('end_time')}${filter ? ` ${which}=${filter}` : ''}`;
    });
}

describe('narrow exports', () => {
  it('plans ±3 minutes first, then the widest window, with number filters first when a number is known', () => {
    expect(exportSearchPlan(30)).toEqual([{ windowMinutes: 3 }, { windowMinutes: 30 }]);
    expect(exportSearchPlan(30, { number: '3203' })).toEqual([
      { windowMinutes: 3 },
      { windowMinutes: 30, filter: { callFrom: '3203' } },
      { windowMinutes: 30, filter: { callTo: '3203' } },
      { windowMinutes: 30 },
    ]);
    expect(exportSearchPlan(2)).toEqual([{ windowMinutes: 2 }]);
  });

  it('finds a leg in the ±3-minute export: one export, one download', async () => {
    const { sim, client, logger } = await simAndClient();
    const parties = await partiesAround(client, '20260513223234-3EE9E');
    expect(parties).toEqual({ caller: '+14155550123', callee: '3202' });
    expect(sim.stats.count('cdr/aidownload')).toBe(1);
    expect(sim.stats.count('api/download')).toBe(1);
    expect(askedWindows(logger.lines)).toEqual(['2026/05/13 22:29:34 – 2026/05/13 22:35:34']);
  });

  it('widens to YEASTAR_EXPORT_WINDOW_MINUTES only when the narrow export misses', async () => {
    const { sim, client, logger } = await simAndClient({}, { exportWindowMinutes: 20 });
    sim.addLeg(lateLeg(LEG, 12));
    const parties = await partiesAround(client, LEG);
    expect(parties).toEqual({ caller: '+14155550999', callee: '3203' });
    expect(askedWindows(logger.lines)).toEqual([
      '2026/05/14 09:57:00 – 2026/05/14 10:03:00',
      '2026/05/14 09:40:00 – 2026/05/14 10:20:00',
    ]);
  });

  it("uses the export's call_from / call_to filters for the wide window when a number is known", async () => {
    const { sim, client, logger } = await simAndClient();
    sim.addLeg(lateLeg(LEG, 12, '3204'));
    const parties = await partiesAround(client, LEG, { number: '3204' });
    expect(parties).toEqual({ caller: '+14155550999', callee: '3204' });
    expect(askedWindows(logger.lines)).toEqual([
      '2026/05/14 09:57:00 – 2026/05/14 10:03:00',
      '2026/05/14 09:30:00 – 2026/05/14 10:30:00 call_from=3204',
      '2026/05/14 09:30:00 – 2026/05/14 10:30:00 call_to=3204',
    ]);
  });

  it('with the caller known (a 30040 that names neither party), one export filtered by it, reaching back over a long call', async () => {
    const { sim, client, logger } = await simAndClient();
    // The leg starts 90 minutes into its call (a queue's wait): past the ±30-minute window.
    sim.addLeg(lateLeg(LEG, 90, '3204'));
    const parties = await partiesAround(client, LEG, { caller: '+14155550999', number: '3204' });
    expect(parties).toEqual({ caller: '+14155550999', callee: '3204' });
    expect(askedWindows(logger.lines)).toEqual([
      '2026/05/14 06:00:00 – 2026/05/14 10:03:00 call_from=+14155550999',
    ]);
    expect(exportSearchPlan(30, { caller: '+1415' })).toHaveLength(1);
  });

  it('finds a leg on a busy PBX whose ±30-minute export is past the 10 MB cap', async () => {
    const { sim, client } = await simAndClient();
    // 60 calls of 200 KB transcripts in the half hour before the leg: about 12 MB at ±30 minutes.
    for (let i = 0; i < 60; i++) {
      const leg = lateLeg(`20260514100000-1${String(i).padStart(4, '0')}`, 5 + (i % 25), '3202');
      leg.transcript = [{ speaker: '3202', content: 'x'.repeat(200_000), atMs: 0 }];
      leg.legId = `20260514${leg.time.slice(11).replaceAll(':', '')}-1${String(i).padStart(4, '0')}`;
      sim.addLeg(leg);
    }
    sim.addLeg({ ...lateLeg(LEG, 0), callFrom: '3205' });
    await expect(partiesAround(client, LEG)).resolves.toEqual({ caller: '3205', callee: '3203' });
    expect(sim.stats.count('cdr/aidownload')).toBe(1);
    // The one ±30-minute export a lookup used to make is past the cap: a leg only it would find fails.
    await expect(partiesAround(client, '20260514095900-0DEAD')).rejects.toMatchObject({
      code: 'pbx_bad_response',
      details: { problem: 'export_too_large' },
    });
  });
});

describe('export rows as firmware may write them', () => {
  it('reads call_from_number / call_to_number, "Name<number>" and numbers sent as numbers', () => {
    expect(
      parseExportRow({
        leg_id: LEG,
        call_from: 'Kristin Hale',
        call_to: 'Leo',
        call_from_number: 3201,
        call_to_number: '3202',
      }),
    ).toMatchObject({ leg: { value: LEG }, callFrom: '3201', callTo: '3202' });
    expect(
      parseExportRow({ leg_id: LEG.toLowerCase(), call_from: 'Evelyn<5566>', call_to: 3202 }),
    ).toMatchObject({
      leg: { value: LEG },
      callFrom: '5566',
      callTo: '3202',
      callFromName: 'Evelyn',
    });
    expect(parseExportRow({ leg_id: LEG, from: '3201', to: '3202' })).toBeUndefined();
    expect(parseExportRow('not a row')).toBeUndefined();
  });

  it('says once which keys the rows have (never their values) when no row can be read', async () => {
    const served: Loopback = await startLoopback((req, res) => {
      if (req.url.pathname.endsWith('/cdr/aidownload')) {
        return json(res, { errcode: 0, errmsg: 'SUCCESS', download_resource_url: '/api/download/x.json' });
      }
      json(res, [
        { id: 'secret-row-value', from_no: '+14155550123', to_no: '3202', summary: 'private' },
        { id: 'other', from_no: '3201', to_no: '3203', summary: 'private too' },
      ]);
    });
    const logger = createMemoryLogger('info');
    const http = createPbxHttp({ baseUrl: served.url, timeoutMs: 2000, maxRetries: 0, logger });
    const tokens = {
      withToken: (request: (token: string) => Promise<unknown>) => request('tok'),
    } as TokenManager;
    const state = { timeFormat: 'YYYY/MM/DD HH:mm:ss', unreadableRowsReported: false };
    const deps = { http, tokens, state, logger };
    try {
      // Both windows are asked (the leg is never found), in two lookups: one warning in all.
      await expect(exportAroundLeg(deps, parseLegId(LEG), 30)).resolves.toEqual([]);
      await expect(exportAroundLeg(deps, parseLegId(LEG), 30)).resolves.toEqual([]);
      expect(served.requests.filter((r) => r.url.includes('aidownload'))).toHaveLength(4);
      const warnings = logger.lines.filter((l) => l.includes('none with a leg id and both parties'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('id, from_no, to_no, summary');
      const log = logger.lines.join('\n');
      for (const value of ['secret-row-value', '4155550123', 'private']) expect(log).not.toContain(value);
    } finally {
      http.close();
      await served.close();
    }
  });
});
