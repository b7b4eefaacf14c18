import { afterEach, describe, expect, it } from 'vitest';
import {
  type PbxSimulator,
  type PbxSimulatorOptions,
  SAMPLE_LEGS,
  SIM_CLIENT_ID,
  SIM_CLIENT_SECRET,
  sampleData,
  startPbxSimulator,
  yeastarNotation,
} from '../../../src/demo/pbx-simulator/index.js';

/**
 * The simulator as a PBX answers the AI export and system/information (issue 20, part 9): keyword
 * filters, 60001 for an empty window, 70082 when exports overlap (and every Nth with `busyEvery`), a
 * busy floor on demand, and the PBX's clock. Spoken to over HTTP, as a client would.
 */
const UA = { 'User-Agent': 'OpenAPI' };
let sim: PbxSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options: PbxSimulatorOptions = {}) {
  sim = await startPbxSimulator({ ...sampleData(), ...options });
  const login = await fetch(`${sim.url}/openapi/v1.0/get_token`, {
    method: 'POST',
    headers: { ...UA, 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: SIM_CLIENT_ID, password: SIM_CLIENT_SECRET }),
  });
  const token = ((await login.json()) as { access_token: string }).access_token;
  const get = async (path: string, query: Record<string, string> = {}) => {
    const url = `${sim!.url}${path}?${new URLSearchParams({ ...query, access_token: token })}`;
    const response = await fetch(url, { headers: UA });
    return { status: response.status, text: await response.text() };
  };
  const exportOf = async (query: Record<string, string>) => {
    const answer = JSON.parse((await get('/openapi/v2.0/cdr/aidownload', query)).text) as Record<
      string,
      unknown
    >;
    if (answer.errcode !== 0) return { answer, rows: undefined };
    const file = await get(answer.download_resource_url as string);
    return {
      answer,
      rows: JSON.parse(file.text) as Record<string, unknown>[],
      bytes: Buffer.byteLength(file.text),
    };
  };
  return { sim, get, exportOf, token };
}

const DAY = { start_time: '2026/05/13 00:00:00', end_time: '2026/05/14 23:59:59' };

describe('cdr/aidownload as the PBX answers it', () => {
  it('filters call_from / call_to by keyword: a part of a number finds every number containing it', async () => {
    const { exportOf } = await start();
    const legs = async (query: Record<string, string>) =>
      (await exportOf({ ...DAY, ...query })).rows?.map((row) => row.leg_id);
    expect(await legs({ call_to: '3202' })).toEqual([SAMPLE_LEGS.docExample]);
    // "320" is in 3202, 3203 and 3205: every call to them.
    expect(await legs({ call_to: '320' })).toEqual([
      SAMPLE_LEGS.docExample,
      SAMPLE_LEGS.internalBoth,
      SAMPLE_LEGS.chinese,
    ]);
    expect(await legs({ call_from: '4155550' })).toEqual([SAMPLE_LEGS.docExample]);
    expect(await legs({ call_type: 'internal' })).toEqual([SAMPLE_LEGS.internalBoth]);
    expect(await legs({ call_to: '3202', call_type: 'Outbound' })).toBeUndefined();
  });

  it('answers 60001 DATA NOT FOUND for a window with no transcribed call, with no file', async () => {
    const { exportOf, sim } = await start();
    const { answer } = await exportOf({ start_time: '2026/05/01 00:00:00', end_time: '2026/05/01 23:59:59' });
    expect(answer).toEqual({ errcode: 60001, errmsg: 'DATA NOT FOUND' });
    expect(sim.stats.count('api/download')).toBe(0);
  });

  it('answers 70082 to an export asked for while another one is not yet downloaded, and every Nth with busyEvery', async () => {
    const { get, exportOf, sim } = await start();
    const first = JSON.parse((await get('/openapi/v2.0/cdr/aidownload', DAY)).text) as Record<
      string,
      unknown
    >;
    expect(first.errcode).toBe(0);
    const second = JSON.parse((await get('/openapi/v2.0/cdr/aidownload', DAY)).text);
    expect(second).toEqual({ errcode: 70082, errmsg: 'OVERLOAD_TASK_RUNNING' });
    expect(sim.exportOverlaps).toBe(1);
    await get(first.download_resource_url as string);
    expect((await exportOf(DAY)).answer.errcode).toBe(0);

    sim.busyEvery = 2;
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await exportOf(DAY)).answer.errcode);
    // The 4th and 6th exports asked for in all (the 1st and 3rd were before).
    expect(codes).toEqual([70082, 0, 70082, 0]);
    expect(sim.exportOverlaps).toBe(1);
  });

  it('can start its file with a UTF-8 byte-order mark', async () => {
    const { get, sim, token } = await start();
    sim.downloadMode = 'bom';
    const answer = JSON.parse((await get('/openapi/v2.0/cdr/aidownload', DAY)).text) as {
      download_resource_url: string;
    };
    const bytes = Buffer.from(
      await (
        await fetch(
          `${sim.url}${answer.download_resource_url}?${new URLSearchParams({ access_token: token })}`,
          { headers: UA },
        )
      ).arrayBuffer(),
    );
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(JSON.parse(bytes.subarray(3).toString('utf8'))).toHaveLength(3);
  });
});

describe('a busy floor (callsPerDay)', () => {
  const now = Date.UTC(2026, 4, 14, 12, 0, 0);

  it('holds N transcribed calls a day, the same ones every time, about 4 KB an export row', async () => {
    const { exportOf } = await start({ callsPerDay: 5000, now: () => now });
    const hour = { start_time: '2026/05/14 09:00:00', end_time: '2026/05/14 09:59:59' };
    const first = await exportOf(hour);
    const again = await exportOf(hour);
    const floorRows = first.rows!.filter((row) => /-F[0-9A-F]{4}$/.test(String(row.leg_id)));
    // 5,000 a day is 208 or 209 an hour.
    expect(floorRows.length).toBeGreaterThanOrEqual(208);
    expect(floorRows.length).toBeLessThanOrEqual(209);
    expect(again.rows).toEqual(first.rows);
    const perRow = first.bytes! / first.rows!.length;
    expect(perRow).toBeGreaterThan(3000);
    expect(perRow).toBeLessThan(5500);
  });

  it('finds a floor call again by its leg id (summary and transcript), and has nothing after now', async () => {
    const { exportOf, get } = await start({ callsPerDay: 1000, now: () => now });
    const { rows } = await exportOf({ start_time: '2026/05/10 08:00:00', end_time: '2026/05/10 08:30:00' });
    const row = rows!.find((r) => String(r.leg_id).includes('-F'))!;
    const summarySide = row.call_type === 'Outbound' ? 'src_ext_id' : 'dst_ext_id';
    const extension = String(row.call_type === 'Outbound' ? row.call_from : row.call_to);
    const list = JSON.parse(
      (await get('/openapi/v1.0/extension/search', { search_value: extension })).text,
    ) as {
      data: { id: number; number: string }[];
    };
    const id = list.data.find((e) => e.number === extension)!.id;
    const summary = JSON.parse(
      (await get('/openapi/v2.0/cdr/getaisummary', { cdr_id: String(row.leg_id), [summarySide]: String(id) }))
        .text,
    ) as { data: Record<string, { summary: string }> };
    expect(Object.values(summary.data)[0]?.summary).toContain('Call Summary');
    const context = JSON.parse(
      (await get('/openapi/v2.0/cdr/getaicontext', { cdr_ids: String(row.leg_id) })).text,
    );
    expect(JSON.stringify(context)).toContain('account number');
    const later = await exportOf({ start_time: '2026/05/14 12:00:01', end_time: '2026/05/14 18:00:00' });
    expect(later.answer).toEqual({ errcode: 60001, errmsg: 'DATA NOT FOUND' });
  });
});

describe('system/information (v1.0)', () => {
  it('shows the clock in its time zone and display format, in Yeastar notation, with the timestamp', async () => {
    const now = Date.UTC(2026, 4, 14, 8, 44, 40);
    const { get } = await start({ now: () => now, timeZone: 'Asia/Shanghai' });
    const answer = JSON.parse((await get('/openapi/v1.0/system/information')).text);
    expect(answer).toMatchObject({
      errcode: 0,
      data: {
        system_time: '2026/05/14 16:44:40',
        system_date_format: 'YYYY/MM/DD',
        system_time_format: 'hh:mm:ss',
        timestamp: now / 1000,
      },
    });
    // Only on v1.0, as a live PBX serves every non-CDR path.
    expect(JSON.parse((await get('/openapi/v2.0/system/information')).text).errcode).toBe(10001);
  });

  it('writes a 12-hour display format as "X or Y"', () => {
    expect(yeastarNotation('MM/DD/YYYY hh:mm:ss A')).toEqual({
      date: 'MM/DD/YYYY',
      time: 'hh:mm:ss AM or hh:mm:ss PM',
    });
    expect(yeastarNotation('YYYY/MM/DD HH:mm:ss')).toEqual({ date: 'YYYY/MM/DD', time: 'hh:mm:ss' });
  });
});
