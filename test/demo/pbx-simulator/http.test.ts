import { afterEach, describe, expect, it } from 'vitest';
import {
  DOC_EXAMPLE_SUMMARY_HTML,
  type PbxSimulator,
  type PbxSimulatorOptions,
  SAMPLE_LEGS,
  SIM_CLIENT_ID,
  SIM_CLIENT_SECRET,
  startPbxSimulator,
} from '../../../src/demo/pbx-simulator/index.js';

const UA = { 'User-Agent': 'OpenAPI' };
let sim: PbxSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options: PbxSimulatorOptions = {}): Promise<PbxSimulator> {
  sim = await startPbxSimulator(options);
  return sim;
}

async function call(
  s: PbxSimulator,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${s.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...UA, 'Content-Type': 'application/json', ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    redirect: 'manual',
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {}, headers: response.headers };
}

const login = (s: PbxSimulator, password = SIM_CLIENT_SECRET) =>
  call(s, '/openapi/v1.0/get_token', { method: 'POST', body: { username: SIM_CLIENT_ID, password } });

async function token(s: PbxSimulator): Promise<string> {
  const { body } = await login(s);
  expect(body.errcode).toBe(0);
  return body.access_token as string;
}

describe('tokens', () => {
  it('issues a documented token pair and closes the connection after each answer', async () => {
    const s = await start();
    const { status, body, headers } = await login(s);
    expect(status).toBe(200);
    expect(headers.get('connection')).toBe('close');
    expect(body).toMatchObject({
      errcode: 0,
      errmsg: 'SUCCESS',
      access_token_expire_time: 1800,
      refresh_token_expire_time: 86400,
    });
    expect(body.access_token).toMatch(/^[0-9a-f]{32}$/);
    expect(body.refresh_token).toMatch(/^[0-9a-f]{32}$/);
    expect(s.stats.count('get_token')).toBe(1);
  });

  it('requires a User-Agent', async () => {
    const s = await start();
    const { body } = await call(s, '/openapi/v1.0/get_token', {
      method: 'POST',
      body: { username: SIM_CLIENT_ID, password: SIM_CLIENT_SECRET },
      headers: { 'User-Agent': '' },
    });
    expect(body.errcode).toBe(40002);
  });

  it('answers the documented failure for wrong credentials and blocks the IP after 5 in a row', async () => {
    const s = await start();
    for (let i = 0; i < 5; i++) {
      const { body } = await login(s, 'wrong');
      expect(body).toEqual({
        errcode: -1,
        errmsg: 'FAILURE',
        invalid_param_list: [{ field: 'username or password', value: 'error' }],
      });
    }
    // Yeastar's error table: 70004 ACCOUNT IP BLOCKED (70087 IP FORBIDDEN is the allow-list's).
    expect((await login(s)).body).toEqual({ errcode: 70004, errmsg: 'ACCOUNT IP BLOCKED' });
    expect((await call(s, '/openapi/v1.0/extension/search?access_token=x')).body.errcode).toBe(70004);
    s.unblockAll();
    expect((await login(s)).body.errcode).toBe(0);
  });

  it('a successful login resets the failure count', async () => {
    const s = await start();
    for (let i = 0; i < 4; i++) await login(s, 'wrong');
    expect((await login(s)).body.errcode).toBe(0);
    for (let i = 0; i < 4; i++) await login(s, 'wrong');
    expect((await login(s)).body.errcode).toBe(0);
  });

  it('expires access tokens after their TTL (fake clock)', async () => {
    let clock = 1_000_000;
    const s = await start({ accessTokenTtlSeconds: 10, now: () => clock });
    const t = await token(s);
    const search = `/openapi/v1.0/extension/search?search_value=3202&access_token=${t}`;
    expect((await call(s, search)).body.errcode).toBe(0);
    clock += 10_000;
    expect((await call(s, search)).body).toEqual({ errcode: 10004, errmsg: 'TOKEN EXPIRED' });
  });

  it('refreshes with a single-use refresh token, and del_token revokes', async () => {
    const s = await start();
    const first = (await login(s)).body;
    const refreshed = await call(s, '/openapi/v1.0/refresh_token', {
      method: 'POST',
      body: { refresh_token: first.refresh_token },
    });
    expect(refreshed.body.errcode).toBe(0);
    expect(refreshed.body.access_token).not.toBe(first.access_token);
    const again = await call(s, '/openapi/v1.0/refresh_token', {
      method: 'POST',
      body: { refresh_token: first.refresh_token },
    });
    expect(again.body.errcode).toBe(10004);
    const t = refreshed.body.access_token as string;
    expect((await call(s, `/openapi/v1.0/del_token?access_token=${t}`)).body.errcode).toBe(0);
    expect((await call(s, `/openapi/v1.0/extension/search?access_token=${t}`)).body.errcode).toBe(10004);
  });

  it('refuses more than 8 valid tokens, and an expiry storm invalidates every token', async () => {
    const s = await start();
    const tokens: string[] = [];
    for (let i = 0; i < 8; i++) tokens.push(await token(s));
    expect((await login(s)).body).toEqual({ errcode: 60002, errmsg: 'MAX LIMITATION EXCEEDED' });
    await call(s, `/openapi/v1.0/del_token?access_token=${tokens[0]}`);
    expect((await login(s)).body.errcode).toBe(0);
    s.expireAllTokens();
    expect(s.validTokenCount).toBe(0);
    expect((await call(s, `/openapi/v1.0/extension/search?access_token=${tokens[1]}`)).body.errcode).toBe(
      10004,
    );
  });

  it('answers 10004 without a token and 10001 for unknown interfaces', async () => {
    const s = await start();
    const t = await token(s);
    expect((await call(s, '/openapi/v1.0/extension/search?search_value=3202')).body.errcode).toBe(10004);
    expect((await call(s, `/openapi/v2.0/extension/search?access_token=${t}`)).body).toEqual({
      errcode: 10001,
      errmsg: 'INTERFACE NOT EXISTED',
    });
  });
});

describe('extensions and summaries', () => {
  it('searches extensions by substring on number and name', async () => {
    const s = await start();
    const t = await token(s);
    const { body } = await call(s, `/openapi/v1.0/extension/search?search_value=3202&access_token=${t}`);
    expect(body.total_number).toBe(2);
    const rows = body.data as { id: number; number: string; caller_id_name: string }[];
    expect(rows.map((r) => r.number).sort()).toEqual(['3202', '32020']);
    expect(rows.find((r) => r.number === '3202')).toMatchObject({
      id: 42,
      caller_id_name: 'Human Agent - Leo Ball',
    });
    const byName = await call(s, `/openapi/v1.0/extension/search?search_value=kristin&access_token=${t}`);
    expect((byName.body.data as { number: string }[]).map((r) => r.number)).toEqual(['3203']);
  });

  it("answers the source document's example for the callee", async () => {
    const s = await start();
    const t = await token(s);
    const { body } = await call(
      s,
      `/openapi/v2.0/cdr/getaisummary?access_token=${t}&cdr_id=${SAMPLE_LEGS.docExample}&dst_ext_id=42`,
    );
    expect(body).toEqual({
      errcode: 0,
      errmsg: 'SUCCESS',
      data: {
        dst: {
          id: 53,
          call_id: '20260513223234-3EE9E',
          summary: DOC_EXAMPLE_SUMMARY_HTML,
          created_at: 1778682824,
          updated_at: 1778682824,
          avatar: '',
          name: 'Human Agent - Leo Ball',
          ext_num: '3202',
        },
      },
    });
    expect(s.stats.count('cdr/getaisummary')).toBe(1);
  });

  it('answers both sides of an internal call under the matching key, or under the forced key', async () => {
    const s = await start();
    const t = await token(s);
    const base = `/openapi/v2.0/cdr/getaisummary?access_token=${t}&cdr_id=${SAMPLE_LEGS.internalBoth}`;
    const caller = (await call(s, `${base}&src_ext_id=42`)).body.data as Record<string, { ext_num: string }>;
    expect(Object.keys(caller)).toEqual(['src']);
    expect(caller.src?.ext_num).toBe('3202');
    const callee = (await call(s, `${base}&dst_ext_id=57`)).body.data as Record<
      string,
      { created_at: unknown }
    >;
    expect(callee.dst?.created_at).toBe('1778750221');
    s.summaryKey = 'dst';
    expect(Object.keys((await call(s, `${base}&src_ext_id=42`)).body.data as object)).toEqual(['dst']);
    s.summaryKey = 'both';
    const both = (await call(s, `${base}&dst_ext_id=57`)).body.data as Record<string, { ext_num: string }>;
    expect([both.src?.ext_num, both.dst?.ext_num]).toEqual(['3202', '3203']);
  });

  it('can sit behind a reverse proxy path: the API under the prefix, an HTML 404 elsewhere', async () => {
    const s = await start({ pathPrefix: '/pbx/' });
    expect(s.url).toMatch(/\/pbx$/);
    expect((await login(s)).body.errcode).toBe(0);
    const outside = await fetch(`${s.url.replace(/\/pbx$/, '')}/openapi/v1.0/get_token`, {
      method: 'POST',
      headers: UA,
      body: '{}',
    });
    expect(outside.status).toBe(404);
    expect(outside.headers.get('content-type')).toContain('text/html');
  });

  it('answers "no summary" for the wrong party, a number instead of an id, or a pending summary', async () => {
    const s = await start();
    const t = await token(s);
    const q = (leg: string, param: string) =>
      call(s, `/openapi/v2.0/cdr/getaisummary?access_token=${t}&cdr_id=${leg}&${param}`);
    const empty = { errcode: 0, errmsg: 'SUCCESS', data: {} };
    expect((await q(SAMPLE_LEGS.docExample, 'src_ext_id=42')).body).toEqual(empty);
    expect((await q(SAMPLE_LEGS.docExample, 'dst_ext_id=3202')).body).toEqual(empty);
    expect((await q(SAMPLE_LEGS.noSummaryYet, 'src_ext_id=57')).body).toEqual(empty);
    s.noSummaryStyle = 'not-found';
    expect((await q(SAMPLE_LEGS.noSummaryYet, 'src_ext_id=57')).body).toEqual({
      errcode: 60001,
      errmsg: 'DATA NOT FOUND',
    });
    s.setSummary(SAMPLE_LEGS.noSummaryYet, 'caller', {
      id: 99,
      html: '<p>Now ready</p>',
      createdAt: '1778758300',
      updatedAt: 1778758300,
      name: 'Kristin Hale',
      extNum: '3203',
    });
    expect((await q(SAMPLE_LEGS.noSummaryYet, 'src_ext_id=57')).body.errcode).toBe(0);
  });

  it('requires exactly one of src_ext_id / dst_ext_id', async () => {
    const s = await start();
    const t = await token(s);
    const base = `/openapi/v2.0/cdr/getaisummary?access_token=${t}&cdr_id=${SAMPLE_LEGS.internalBoth}`;
    expect((await call(s, base)).body.errcode).toBe(40002);
    expect((await call(s, `${base}&src_ext_id=42&dst_ext_id=57`)).body.errcode).toBe(40002);
  });
});

describe('AI export', () => {
  it('exports legs in the window (inclusive) and serves the file with the token', async () => {
    const s = await start();
    const t = await token(s);
    const window = new URLSearchParams({
      access_token: t,
      start_time: '2026/05/13 22:32:34',
      end_time: '2026/05/14 09:15:00',
    });
    const { body } = await call(s, `/openapi/v2.0/cdr/aidownload?${window}`);
    expect(body).toMatchObject({ errcode: 0, file: 'PBX-AI_Transcription-1.json' });
    expect(body.download_resource_url).toBe('/api/download/PBX-AI_Transcription-1.json');
    const rows = await fetch(`${s.url}${body.download_resource_url}?access_token=${t}`, { headers: UA });
    const list = (await rows.json()) as { leg_id: string; call_from: string; call_to: string }[];
    expect(list.map((r) => r.leg_id)).toEqual([SAMPLE_LEGS.docExample, SAMPLE_LEGS.internalBoth]);
    expect(list[0]).toMatchObject({ call_from: '+14155550123', call_to: '3202' });
    const denied = await call(s, `${body.download_resource_url}`);
    expect(denied.body.errcode).toBe(10004);
    expect(s.stats.count('api/download')).toBe(2);
  });

  it('names the expected format when a time does not match the display format', async () => {
    const s = await start({ displayFormat: 'MM/DD/YYYY hh:mm:ss A' });
    const t = await token(s);
    const bad = new URLSearchParams({ access_token: t, start_time: '2026/05/13 22:00:00', end_time: 'x' });
    expect((await call(s, `/openapi/v2.0/cdr/aidownload?${bad}`)).body).toEqual({
      errcode: 40002,
      errmsg: 'PARAMETER ERROR',
      invalid_param_list: [
        { field: 'start_time', valid_msg: 'start_time format invalid, valid format: MM/DD/YYYY hh:mm:ss A' },
      ],
    });
    s.formatErrorStyle = 'go';
    const go = (await call(s, `/openapi/v2.0/cdr/aidownload?${bad}`)).body.invalid_param_list as {
      valid_msg: string;
    }[];
    expect(go[0]?.valid_msg).toBe('start_time format invalid, valid format: 01/02/2006 03:04:05 PM');
    const good = new URLSearchParams({
      access_token: t,
      start_time: '05/13/2026 10:32:34 PM',
      end_time: '05/13/2026 10:32:34 PM',
    });
    const { body } = await call(s, `/openapi/v2.0/cdr/aidownload?${good}`);
    const file = await fetch(`${s.url}${body.download_resource_url}?access_token=${t}`, { headers: UA });
    expect(((await file.json()) as { leg_id: string }[]).map((r) => r.leg_id)).toEqual([
      SAMPLE_LEGS.docExample,
    ]);
  });

  it('expires the download link after 30 minutes (fake clock)', async () => {
    let clock = Date.UTC(2026, 4, 14, 12, 0, 0);
    const s = await start({ now: () => clock, accessTokenTtlSeconds: 7200 });
    const t = await token(s);
    const window = new URLSearchParams({
      access_token: t,
      start_time: '2026/05/14 00:00:00',
      end_time: '2026/05/14 23:59:59',
    });
    const url = (await call(s, `/openapi/v2.0/cdr/aidownload?${window}`)).body
      .download_resource_url as string;
    clock += 30 * 60 * 1000 - 1;
    expect((await fetch(`${s.url}${url}?access_token=${t}`, { headers: UA })).status).toBe(200);
    clock += 1;
    expect((await fetch(`${s.url}${url}?access_token=${t}`, { headers: UA })).status).toBe(404);
  });

  it('can redirect the download or serve an oversized file', async () => {
    const s = await start();
    const t = await token(s);
    const window = new URLSearchParams({
      access_token: t,
      start_time: '2026/05/01 00:00:00',
      end_time: '2026/06/01 00:00:00',
    });
    const url = (await call(s, `/openapi/v2.0/cdr/aidownload?${window}`)).body
      .download_resource_url as string;
    s.downloadMode = { redirectTo: 'http://127.0.0.1:9/elsewhere' };
    const redirected = await fetch(`${s.url}${url}?access_token=${t}`, { headers: UA, redirect: 'manual' });
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get('location')).toBe('http://127.0.0.1:9/elsewhere');
    s.downloadMode = { oversizeBytes: 2_000_000 };
    const big = await fetch(`${s.url}${url}?access_token=${t}`, { headers: UA });
    const text = await big.text();
    expect(text.length).toBeGreaterThan(2_000_000);
    // The four sample legs but the one whose summary is not written yet (it is not in the export).
    expect((JSON.parse(text) as unknown[]).length).toBe(3);
  });
});

describe('faults and latency', () => {
  it('injects 5xx, malformed JSON, errcodes and resets for the next N requests, counting each', async () => {
    const s = await start();
    const t = await token(s);
    const path = `/openapi/v1.0/extension/search?search_value=3202&access_token=${t}`;
    s.injectFault('extension/search', 'http502', 2);
    s.injectFault('extension/search', 'malformed-json');
    s.injectFault('extension/search', { errcode: -2, errmsg: 'FAILURE' });
    s.injectFault('extension/search', 'reset');
    const get = () => fetch(`${s.url}${path}`, { headers: UA });
    expect((await get()).status).toBe(502);
    expect((await get()).status).toBe(502);
    await expect((await get()).json()).rejects.toThrow();
    expect(await (await get()).json()).toEqual({ errcode: -2, errmsg: 'FAILURE' });
    await expect(get()).rejects.toThrow();
    expect(((await (await get()).json()) as { errcode: number }).errcode).toBe(0);
    expect(s.stats.count('extension/search')).toBe(6);
  });

  it('a timeout fault never answers; the client gives up', async () => {
    const s = await start();
    s.injectFault('get_token', 'timeout');
    const attempt = fetch(`${s.url}/openapi/v1.0/get_token`, {
      method: 'POST',
      headers: UA,
      body: '{}',
      signal: AbortSignal.timeout(200),
    });
    await expect(attempt).rejects.toThrow();
    expect((await login(s)).body.errcode).toBe(0);
  });

  it('bad bodies never crash it', async () => {
    const s = await start();
    const r = await fetch(`${s.url}/openapi/v1.0/get_token`, {
      method: 'POST',
      headers: UA,
      body: '{not json',
    });
    expect(((await r.json()) as { errcode: number }).errcode).toBe(40002);
    expect((await login(s)).body.errcode).toBe(0);
  });
});
