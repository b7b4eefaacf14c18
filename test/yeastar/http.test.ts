import { generate } from 'selfsigned';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CallSummaryError } from '../../src/shared/errors.js';
import { PbxApiError } from '../../src/yeastar/errcodes.js';
import { createPbxHttp } from '../../src/yeastar/http.js';
import { json, type Loopback, startLoopback } from '../helpers/loopback.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';

const TOKEN = 'SECRETTOKEN1234567890abcdef';
const servers: Loopback[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(handler: Parameters<typeof startLoopback>[0], tls?: { key: string; cert: string }) {
  const s = await startLoopback(handler, tls);
  servers.push(s);
  return s;
}

function client(url: string, extra: Partial<Parameters<typeof createPbxHttp>[0]> = {}) {
  const logger = createMemoryLogger('debug');
  const waits: number[] = [];
  const http = createPbxHttp({
    baseUrl: url,
    timeoutMs: 2000,
    maxRetries: 2,
    logger,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    ...extra,
  });
  return { http, logger, waits };
}

const req = {
  method: 'GET' as const,
  path: '/openapi/v1.0/x',
  token: TOKEN,
  what: 'summary_request' as const,
};

describe('PBX request edge', () => {
  it('refuses an answer larger than the cap instead of reading it all into memory', async () => {
    const s = await server((_, res) => {
      // Chunked, no Content-Length: only counting the bytes as they arrive can stop it.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"errcode":0,"errmsg":"SUCCESS","pad":"');
      for (let i = 0; i < 8; i++) res.write('x'.repeat(1024));
      res.end('"}');
    });
    const { http } = client(s.url, { maxAnswerBytes: 2048 });
    const error = await http.call(req, z.unknown()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallSummaryError);
    expect((error as CallSummaryError).code).toBe('pbx_bad_response');
    expect((error as Error).message).toMatch(/YEASTAR_BASE_URL/);
    expect(s.requests).toHaveLength(1);
    http.close();
  });

  it('refuses an answer whose Content-Length is over the cap', async () => {
    const body = JSON.stringify({ errcode: 0, errmsg: 'SUCCESS', pad: 'x'.repeat(4096) });
    const s = await server((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    const { http } = client(s.url, { maxAnswerBytes: 2048 });
    const error = await http.call(req, z.unknown()).catch((e: unknown) => e);
    expect((error as CallSummaryError).code).toBe('pbx_bad_response');
    http.close();
  });

  it('sends User-Agent OpenAPI and the token as a query parameter, and validates the answer', async () => {
    const s = await server((_, res) => json(res, { errcode: 0, errmsg: 'SUCCESS', value: 3 }));
    const { http } = client(s.url);
    await expect(http.call(req, z.object({ value: z.number() }))).resolves.toEqual({ value: 3 });
    expect(s.requests[0]!.headers['user-agent']).toBe('OpenAPI');
    expect(s.requests[0]!.url).toContain(`access_token=${TOKEN}`);
    http.close();
  });

  it('opens a new connection for every request and asks the PBX to close it (no keep-alive)', async () => {
    // Yeastar's overview: the PBX closes the TCP connection after each response, so a kept-alive socket
    // would be found closed on the next request.
    const s = await server((_, res) => json(res, { errcode: 0, errmsg: 'SUCCESS' }));
    const { http } = client(s.url);
    for (let i = 0; i < 3; i++) await http.call(req, z.unknown());
    expect(s.requests.map((r) => r.headers.connection)).toEqual(['close', 'close', 'close']);
    expect(new Set(s.requests.map((r) => r.remotePort)).size).toBe(3);
    http.close();
  });

  it('retries HTTP 5xx and errcode -2 with bounded, jittered back-off, then gives up', async () => {
    let n = 0;
    const s = await server((_, res) => {
      n++;
      if (n === 1) return json(res, { errcode: -2, errmsg: 'INTERNAL SERVER ERROR' });
      res.writeHead(503).end();
    });
    const { http, waits } = client(s.url);
    const error = await http.call(req, z.unknown()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallSummaryError);
    expect((error as CallSummaryError).code).toBe('pbx_unreachable');
    expect(s.requests).toHaveLength(3);
    expect(waits).toEqual([100, 200]);
    http.close();
  });

  it("takes a request's own retry count over the policy's (the readiness probe: none, and no warning)", async () => {
    const s = await server((_, res) => res.writeHead(503).end());
    const { http, waits, logger } = client(s.url);
    const error = await http.call({ ...req, maxRetries: 0 }, z.unknown()).catch((e: unknown) => e);
    expect((error as CallSummaryError).code).toBe('pbx_unreachable');
    expect(s.requests).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(logger.lines.join('\n')).not.toContain('WARN');
    http.close();
  });

  it('does not retry parameter, permission or unknown-interface answers', async () => {
    for (const [errcode, code] of [
      [40002, 'pbx_api'],
      [10001, 'pbx_api'],
      [10005, 'pbx_permission'],
      [70087, 'pbx_ip_blocked'],
      [60002, 'pbx_token_limit'],
      [-1, 'pbx_api'],
    ] as const) {
      const s = await server((_, res) => json(res, { errcode, errmsg: 'NOPE' }));
      const { http } = client(s.url);
      const error = await http.call(req, z.unknown()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PbxApiError);
      expect(error).toMatchObject({ code, errcode, errmsg: 'NOPE' });
      expect(s.requests).toHaveLength(1);
      http.close();
    }
  });

  it('reads -1 as rejected credentials only in answer to a login; elsewhere it is the generic failure', async () => {
    const s = await server((_, res) => json(res, { errcode: -1, errmsg: 'FAILURE' }));
    const { http } = client(s.url);
    const login = await http.call({ ...req, login: true }, z.unknown()).catch((e: unknown) => e);
    expect(login).toMatchObject({ code: 'pbx_credentials_rejected', errcode: -1 });
    const other = await http.call(req, z.unknown()).catch((e: unknown) => e);
    expect(other).toMatchObject({ code: 'pbx_api', errcode: -1 });
    expect((other as Error).message).not.toMatch(/credentials|SECRET/);
    expect((other as Error).message).toContain('The PBX refused the summary request (errcode -1 FAILURE)');
    expect(s.requests).toHaveLength(2);
    http.close();
  });

  it('times out a silent PBX as pbx_timeout after the retries', async () => {
    const s = await server(() => {
      // never answers
    });
    const { http } = client(s.url, { timeoutMs: 150, maxRetries: 1 });
    await expect(http.call(req, z.unknown())).rejects.toMatchObject({ code: 'pbx_timeout' });
    expect(s.requests).toHaveLength(2);
    http.close();
  });

  it('treats a redirect as an error and does not follow it', async () => {
    let hits = 0;
    const s = await server((r, res) => {
      hits++;
      if (r.url.pathname === '/elsewhere') return json(res, { errcode: 0 });
      res.writeHead(302, { Location: '/elsewhere' }).end();
    });
    const { http } = client(s.url);
    await expect(http.call(req, z.unknown())).rejects.toMatchObject({ code: 'pbx_bad_response' });
    expect(hits).toBe(1);
    http.close();
  });

  it('rejects malformed JSON and answers of the wrong shape as pbx_bad_response, without retrying', async () => {
    const s = await server((r, res) => {
      if (r.url.pathname.endsWith('bad')) return res.end('<html>');
      json(res, { errcode: 0, value: 'three' });
    });
    const { http } = client(s.url);
    await expect(http.call({ ...req, path: '/bad' }, z.unknown())).rejects.toMatchObject({
      code: 'pbx_bad_response',
    });
    await expect(http.call(req, z.object({ value: z.number() }))).rejects.toMatchObject({
      code: 'pbx_bad_response',
    });
    expect(s.requests).toHaveLength(2);
    http.close();
  });

  it('never shows the access token in logs, error messages or causes', async () => {
    // A refused connection: the network error's own message carries the full URL.
    const s = await server((_, res) => json(res, { errcode: 0 }));
    const url = s.url;
    await s.close();
    servers.length = 0;
    const { http, logger } = client(url, { maxRetries: 1 });
    const error = (await http.call(req, z.unknown()).catch((e: unknown) => e)) as CallSummaryError;
    expect(error.code).toBe('pbx_unreachable');
    const seen = [
      error.message,
      String((error.cause as Error)?.message),
      JSON.stringify(error.details),
      ...logger.lines,
    ];
    expect(seen.join('\n')).not.toContain(TOKEN);
    expect(logger.lines.join('\n')).toContain('access_token=[REDACTED]');
    http.close();
  });

  it('downloads same-origin /api/download/ files only, with a size cap', async () => {
    const s = await server((r, res) => {
      if (r.url.pathname === '/api/download/big.json') return res.end('x'.repeat(5000));
      res.end('[]');
    });
    const { http } = client(s.url);
    // The reader is handed the body as it arrives; this one keeps its text.
    const text = async (chunks: AsyncIterable<Uint8Array>) => {
      let all = '';
      for await (const chunk of chunks) all += Buffer.from(chunk).toString('utf8');
      return { ok: true as const, value: all };
    };
    await expect(http.download('/api/download/a.json', TOKEN, 1000, text)).resolves.toBe('[]');
    await expect(http.download('/api/download/big.json', TOKEN, 1000, text)).rejects.toMatchObject({
      code: 'pbx_bad_response',
    });
    await expect(
      http.download('http://203.0.113.9/api/download/a.json', TOKEN, 1000, text),
    ).rejects.toMatchObject({
      code: 'pbx_bad_response',
    });
    await expect(http.download('/etc/passwd', TOKEN, 1000, text)).rejects.toMatchObject({
      code: 'pbx_bad_response',
    });
    expect(s.requests).toHaveLength(2);
    http.close();
  });

  it('trusts a self-signed PBX certificate only through the configured CA', async () => {
    const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keySize: 2048,
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    const s = await server((_, res) => json(res, { errcode: 0 }), { key: pems.private, cert: pems.cert });
    const without = client(s.url, { maxRetries: 0 });
    await expect(without.http.call(req, z.unknown())).rejects.toMatchObject({ code: 'pbx_unreachable' });
    without.http.close();
    const withCa = client(s.url, { ca: pems.cert });
    await expect(withCa.http.call(req, z.unknown())).resolves.toBeDefined();
    withCa.http.close();
  });

  it('keeps a base URL path (a proxy prefix) and drops a pasted /openapi/vX path', async () => {
    const s = await server((_, res) => json(res, { errcode: 0 }));
    for (const [base, expected] of [
      [`${s.url}/pbx/`, '/pbx/openapi/v1.0/x'],
      [`${s.url}/openapi/v1.0`, '/openapi/v1.0/x'],
      [`${s.url}/`, '/openapi/v1.0/x'],
    ] as const) {
      const { http } = client(base);
      await http.call(req, z.unknown());
      expect(new URL(s.requests.at(-1)!.url, 'http://x').pathname).toBe(expected);
      http.close();
    }
  });

  it('says an HTML page at HTTP 200 is not the API and points at YEASTAR_BASE_URL, without retrying', async () => {
    const s = await server((_, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><html><body>Yeastar P-Series</body></html>');
    });
    const { http } = client(s.url);
    const error = await http.call(req, z.unknown()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallSummaryError);
    expect(error).toMatchObject({ code: 'pbx_bad_response' });
    expect((error as Error).message).toMatch(/HTML page \(HTTP 200\).*YEASTAR_BASE_URL/);
    expect(s.requests).toHaveLength(1);
    http.close();
  });

  it('reads errcode given as a numeric string, but never reads null or "" as success', async () => {
    let errcode: unknown = '0';
    const s = await server((_, res) => json(res, { errcode, errmsg: 'SUCCESS', value: 1 }));
    const { http } = client(s.url);
    await expect(http.call(req, z.object({ value: z.number() }))).resolves.toEqual({ value: 1 });
    for (const bad of [null, '', false]) {
      errcode = bad;
      await expect(http.call(req, z.unknown())).rejects.toMatchObject({ code: 'pbx_bad_response' });
    }
    http.close();
  });

  it("words the official error table's codes so the admin knows what to do", async () => {
    for (const [errcode, errmsg, code, words] of [
      [70004, 'ACCOUNT IP BLOCKED', 'pbx_ip_blocked', /Security Rules > Blocked IPs/],
      [70087, 'IP FORBIDDEN', 'pbx_ip_blocked', /allowed IPs/],
      [10003, 'API VERSION UNSUPPORTED', 'pbx_api', /API v2\.0/],
      [10002, 'API VERSION OUT OF MAINTENANCE', 'pbx_api', /API v2\.0/],
      [70123, 'API UNAVAILABLE', 'pbx_api', /Integrations > API/],
    ] as const) {
      const s = await server((_, res) => json(res, { errcode, errmsg }));
      const { http } = client(s.url);
      const error = await http.call(req, z.unknown()).catch((e: unknown) => e);
      expect(error).toMatchObject({ code, errcode, errmsg });
      expect((error as Error).message).toMatch(words);
      expect(s.requests).toHaveLength(1);
      http.close();
    }
  });
});
