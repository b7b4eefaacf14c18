import { createHmac, randomBytes } from 'node:crypto';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import { parseDisplayTime, toGoLayout } from './display-format.js';

export { parseDisplayTime } from './display-format.js';
export { DOC_EXAMPLE_SUMMARY_HTML, SAMPLE_LEGS, sampleData } from './sample-data.js';

import { sampleData } from './sample-data.js';

/**
 * A Yeastar P-Series OpenAPI simulator: a real HTTP(S) server that behaves as
 * shared/reference/yeastar-openapi.md and get-ai-call-summary.md describe, for tests, benchmarks and
 * `npm run pbx:sim`. Behaviour the docs mark as unverified is switchable (see `summaryKey`,
 * `noSummaryStyle`, `formatErrorStyle`).
 */

/** Default credentials of the simulator (never a real PBX's). */
export const SIM_CLIENT_ID = 'callsummary-sim';
export const SIM_CLIENT_SECRET = 'sim-secret-not-for-production';
export const SIM_SERIAL = 'SIM-PBX-0000001';

/** Consecutive failed logins after which an IP is blocked (reference §2). */
export const MAX_FAILED_LOGINS = 5;

export interface SimExtension {
  id: number;
  number: string;
  name: string;
  email?: string;
}

export interface SimSummary {
  id: number;
  html: string;
  /** The docs' table says String, their example a number: given as you want it answered. */
  createdAt: number | string;
  updatedAt: number;
  name: string;
  extNum: string;
  avatar?: string;
}

/** One call leg with its parties and summaries. */
export interface SimLeg {
  legId: string;
  uid: string;
  callType: 'Internal' | 'Inbound' | 'Outbound';
  /** Extension numbers or outside numbers. */
  callFrom: string;
  callTo: string;
  /** PBX-local wall clock, "YYYY/MM/DD HH:mm:ss" (the leg id's timestamp). */
  time: string;
  summaries: { caller?: SimSummary; callee?: SimSummary };
  /** Seconds; defaults to 60. */
  durationSeconds?: number;
}

export type SimSide = 'caller' | 'callee';

export type SimFault =
  | 'timeout'
  | 'http500'
  | 'http502'
  | 'malformed-json'
  | 'reset'
  | { errcode: number; errmsg: string };

export interface PbxSimulatorOptions {
  /** Default 127.0.0.1 and 0 (a free port). */
  host?: string;
  port?: number;
  clientId?: string;
  clientSecret?: string;
  /** Defaults 1800 / 86400 seconds, as documented. */
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  /** Valid access tokens at once; default 8 (Cloud docs). */
  maxValidTokens?: number;
  /** PBX display format of time parameters; default 'YYYY/MM/DD HH:mm:ss'. */
  displayFormat?: string;
  latencyMs?: number;
  tls?: { key: string; cert: string };
  extensions?: SimExtension[];
  legs?: SimLeg[];
  /** Clock in ms for token/download expiry; default Date.now. */
  now?: () => number;
  /** WebSocket idle limit; default 60000 ms (reference §6.1). */
  idleTimeoutMs?: number;
  /**
   * Serve everything under this path, as a reverse proxy in front of a PBX does (e.g. '/pbx'); other
   * paths get the proxy's HTML 404. Default: none.
   */
  pathPrefix?: string;
}

export interface SimStats {
  /** Requests served for one endpoint ('get_token', 'cdr/getaisummary', 'api/download', 'subscribe', …), or all. */
  count(endpoint?: string): number;
  reset(): void;
}

/** What `api/download/<file>` does instead of serving the file (client-safety tests). */
export type DownloadMode = 'normal' | { redirectTo: string } | { oversizeBytes: number };

export interface PbxSimulator {
  /** e.g. http://127.0.0.1:40123 (https when `tls` was given). */
  readonly url: string;
  readonly stats: SimStats;
  setLatency(ms: number): void;
  /** The next `times` (default 1) requests to `endpoint` (as in `stats`) fail this way. */
  injectFault(endpoint: string, fault: SimFault, times?: number): void;
  clearFaults(): void;
  /** Token-expiry storm: every token issued so far answers 10004. */
  expireAllTokens(): void;
  /** Lifts every IP block and failed-login count. */
  unblockAll(): void;
  /** Access tokens currently valid (not expired, not revoked). */
  readonly validTokenCount: number;
  /**
   * Which key `getaisummary` answers under: 'match' = the side asked; 'dst' always (as the doc's
   * example does for a `src_ext_id` request); 'src' always; 'both': both sides that have a summary.
   */
  summaryKey: 'match' | 'src' | 'dst' | 'both';
  /** "No summary" as `{errcode:0, data:{}}` or as 60001 DATA NOT FOUND (both plausible, unverified). */
  noSummaryStyle: 'empty-data' | 'not-found';
  /**
   * How the WebSocket refuses an invalid token: HTTP 401 at the upgrade, or an accepted upgrade whose
   * subscription is answered `{errcode:10004, errmsg:'TOKEN EXPIRED'}` (the docs say neither).
   */
  subscribeAuthStyle: 'http401' | 'errcode';
  /** How a 40002 time-format error names the format: our tokens, or Go layout as seen live. */
  formatErrorStyle: 'tokens' | 'go';
  displayFormat: string;
  downloadMode: DownloadMode;
  addLeg(leg: SimLeg): void;
  addExtension(ext: SimExtension): void;
  setSummary(legId: string, side: SimSide, summary: SimSummary | undefined): void;
  /** POSTs the envelope `{type, sn, msg}` signed with X-Signature; resolves to the HTTP status. */
  pushWebhook(url: string, secret: string, event: SimEvent, opts?: PushOptions): Promise<number>;
  /** Sends the envelope to WebSocket clients subscribed to `event.type`. */
  emitEvent(event: SimEvent, opts?: { msgAsString?: boolean }): void;
  dropWebSockets(): void;
  readonly webSocketClients: number;
  /** WebSocket clients whose subscription includes `topic` (a client is connected before it subscribes). */
  subscribers(topic: number): number;
  close(): Promise<void>;
}

export interface SimEvent {
  type: number;
  msg: unknown;
}

export interface PushOptions {
  /** Encode `msg` as a JSON string (as the docs' 30012 example) instead of an object. */
  msgAsString?: boolean;
  badSignature?: boolean;
  unsigned?: boolean;
  /** Default 5000 ms. */
  timeoutMs?: number;
}

/** A realistic event 30040 "Call End AI Summary Notification" (reference §5.3) for one side. */
export function summaryReadyEvent(leg: SimLeg, side: SimSide): { type: 30040; msg: Record<string, unknown> } {
  const summary = leg.summaries[side];
  return {
    type: 30040,
    msg: {
      uid: leg.uid,
      call_id: leg.legId,
      call_from: leg.callFrom,
      call_to: leg.callTo,
      call_type: leg.callType,
      status: 'ANSWERED',
      time_start: leg.time,
      talk_duration: leg.durationSeconds ?? 60,
      ext_num: summary?.extNum ?? (side === 'caller' ? leg.callFrom : leg.callTo),
      // Documented as a String (the AI receptionist's number), "" in the example.
      aireceptionist: '',
      summary: summary?.html ?? '',
    },
  };
}

/** A realistic event 30012 "New CDR" for a leg (newer firmware fields included). */
export function newCdrEvent(leg: SimLeg): { type: 30012; msg: Record<string, unknown> } {
  const duration = leg.durationSeconds ?? 60;
  return {
    type: 30012,
    msg: {
      call_id: leg.uid,
      uid: leg.uid,
      call_note_id: leg.legId,
      time_start: leg.time,
      call_from: leg.callFrom,
      call_to: leg.callTo,
      call_duration: duration + 5,
      talk_duration: duration,
      src_trunk_name: leg.callType === 'Inbound' ? 'SIP-Trunk' : '',
      dst_trunk_name: leg.callType === 'Outbound' ? 'SIP-Trunk' : '',
      status: 'ANSWERED',
      type: leg.callType,
      recording: '',
      did_number: '',
      agent_ring_time: 3,
    },
  };
}

/** Signs a webhook body as the PBX does: base64(HMAC-SHA256(raw body, secret)). */
export function signWebhookBody(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

interface TokenRecord {
  expiresAt: number;
  revoked: boolean;
}

interface Answer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

const json = (value: unknown, status = 200): Answer => ({ status, body: JSON.stringify(value) });
const err = (errcode: number, errmsg: string, extra: Record<string, unknown> = {}): Answer =>
  json({ errcode, errmsg, ...extra });

const tokenBody = z.object({ username: z.string(), password: z.string() });
const refreshBody = z.object({ refresh_token: z.string() });
const topicMessage = z.object({ topic_list: z.array(z.number().int()) });

const DOWNLOAD_TTL_MS = 30 * 60 * 1000;
const MAX_BODY_BYTES = 64 * 1024;

/** Endpoint name for stats/faults: the path after the API version, e.g. 'cdr/getaisummary'. */
function endpointOf(pathname: string): string {
  const api = /^\/openapi\/v\d+\.\d+\/(.+)$/.exec(pathname);
  if (api?.[1]) return api[1];
  if (pathname.startsWith('/api/download/')) return 'api/download';
  return pathname.replace(/^\//, '');
}

export async function startPbxSimulator(options: PbxSimulatorOptions = {}): Promise<PbxSimulator> {
  const now = options.now ?? Date.now;
  const clientId = options.clientId ?? SIM_CLIENT_ID;
  const clientSecret = options.clientSecret ?? SIM_CLIENT_SECRET;
  const accessTtlMs = (options.accessTokenTtlSeconds ?? 1800) * 1000;
  const refreshTtlMs = (options.refreshTokenTtlSeconds ?? 86400) * 1000;
  const maxValidTokens = options.maxValidTokens ?? 8;
  const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  const pathPrefix = (options.pathPrefix ?? '').replace(/\/+$/, '');
  const data = options.extensions || options.legs ? undefined : sampleData();
  const extensions: SimExtension[] = [...(options.extensions ?? data?.extensions ?? [])];
  const legs = new Map<string, SimLeg>((options.legs ?? data?.legs ?? []).map((l) => [l.legId, l]));

  let latencyMs = options.latencyMs ?? 0;
  const counts = new Map<string, number>();
  const faults = new Map<string, { fault: SimFault; remaining: number }[]>();
  const accessTokens = new Map<string, TokenRecord>();
  const refreshTokens = new Map<string, TokenRecord>();
  const failedLogins = new Map<string, number>();
  const blocked = new Set<string>();
  const downloads = new Map<string, { rows: unknown[]; expiresAt: number }>();
  const sockets = new Set<Socket>();
  const subscriptions = new Map<WebSocket, Set<number>>();
  let downloadSeq = 0;

  const isValid = (record: TokenRecord | undefined): boolean =>
    record !== undefined && !record.revoked && record.expiresAt > now();
  const validTokenCount = () => [...accessTokens.values()].filter(isValid).length;
  const newToken = () => randomBytes(16).toString('hex');

  const extById = (id: number) => extensions.find((e) => e.id === id);

  const issuePair = () => {
    const access = newToken();
    const refresh = newToken();
    accessTokens.set(access, { expiresAt: now() + accessTtlMs, revoked: false });
    refreshTokens.set(refresh, { expiresAt: now() + refreshTtlMs, revoked: false });
    return err(0, 'SUCCESS', {
      access_token_expire_time: Math.round(accessTtlMs / 1000),
      access_token: access,
      refresh_token_expire_time: Math.round(refreshTtlMs / 1000),
      refresh_token: refresh,
    });
  };

  const sim: PbxSimulator = {
    url: '',
    stats: {
      count: (endpoint) =>
        endpoint === undefined
          ? [...counts.values()].reduce((a, b) => a + b, 0)
          : (counts.get(endpoint) ?? 0),
      reset: () => counts.clear(),
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    injectFault: (endpoint, fault, times = 1) => {
      const list = faults.get(endpoint) ?? [];
      list.push({ fault, remaining: times });
      faults.set(endpoint, list);
    },
    clearFaults: () => faults.clear(),
    expireAllTokens: () => {
      for (const record of accessTokens.values()) record.revoked = true;
    },
    unblockAll: () => {
      blocked.clear();
      failedLogins.clear();
    },
    get validTokenCount() {
      return validTokenCount();
    },
    summaryKey: 'match',
    subscribeAuthStyle: 'http401',
    noSummaryStyle: 'empty-data',
    formatErrorStyle: 'tokens',
    displayFormat: options.displayFormat ?? 'YYYY/MM/DD HH:mm:ss',
    downloadMode: 'normal',
    addLeg: (leg) => {
      legs.set(leg.legId, leg);
    },
    addExtension: (ext) => {
      extensions.push(ext);
    },
    setSummary: (legId, side, summary) => {
      const leg = legs.get(legId);
      if (!leg) throw new Error(`simulator: no leg ${legId}`);
      if (summary) leg.summaries[side] = summary;
      else delete leg.summaries[side];
    },
    pushWebhook: async (url, secret, event, opts = {}) => {
      const body = envelope(event, opts.msgAsString ?? false);
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        'User-Agent': 'Yeastar-PBX',
      };
      if (!opts.unsigned) {
        headers['X-Signature'] = opts.badSignature
          ? signWebhookBody(body, `${secret}-wrong`)
          : signWebhookBody(body, secret);
      }
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
      });
      await response.arrayBuffer();
      return response.status;
    },
    emitEvent: (event, opts = {}) => {
      const text = envelope(event, opts.msgAsString ?? false);
      for (const [ws, topics] of subscriptions) {
        if (topics.has(event.type) && ws.readyState === ws.OPEN) ws.send(text);
      }
    },
    dropWebSockets: () => {
      for (const ws of subscriptions.keys()) ws.terminate();
    },
    get webSocketClients() {
      return subscriptions.size;
    },
    subscribers: (topic) => [...subscriptions.values()].filter((topics) => topics.has(topic)).length,
    close: async () => {
      for (const ws of subscriptions.keys()) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function envelope(event: SimEvent, msgAsString: boolean): string {
    const msg = msgAsString ? JSON.stringify(event.msg) : event.msg;
    return JSON.stringify({ type: event.type, sn: SIM_SERIAL, msg });
  }

  /** The next pending fault for an endpoint, consumed. */
  function takeFault(endpoint: string): SimFault | undefined {
    const list = faults.get(endpoint);
    const head = list?.[0];
    if (!list || !head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) list.shift();
    return head.fault;
  }

  function tokenOk(url: URL): boolean {
    return isValid(accessTokens.get(url.searchParams.get('access_token') ?? ''));
  }

  function getToken(ip: string, raw: string): Answer {
    const parsed = tokenBody.safeParse(safeJson(raw));
    if (!parsed.success)
      return err(40002, 'PARAMETER ERROR', { invalid_param_list: [{ field: 'username' }] });
    if (parsed.data.username !== clientId || parsed.data.password !== clientSecret) {
      const failures = (failedLogins.get(ip) ?? 0) + 1;
      failedLogins.set(ip, failures);
      if (failures >= MAX_FAILED_LOGINS) blocked.add(ip);
      return err(-1, 'FAILURE', { invalid_param_list: [{ field: 'username or password', value: 'error' }] });
    }
    failedLogins.delete(ip);
    // Code inferred: the Cloud docs state the 8-token limit but not its errcode; 60002 is the error
    // table's "MAX LIMITATION EXCEEDED" (the existing quantity has reached the limit).
    if (validTokenCount() >= maxValidTokens) return err(60002, 'MAX LIMITATION EXCEEDED');
    return issuePair();
  }

  function refresh(raw: string): Answer {
    const parsed = refreshBody.safeParse(safeJson(raw));
    if (!parsed.success)
      return err(40002, 'PARAMETER ERROR', { invalid_param_list: [{ field: 'refresh_token' }] });
    const record = refreshTokens.get(parsed.data.refresh_token);
    if (!isValid(record)) return err(10004, 'TOKEN EXPIRED');
    record!.revoked = true; // single use
    if (validTokenCount() >= maxValidTokens) return err(60002, 'MAX LIMITATION EXCEEDED');
    return issuePair();
  }

  function extensionSearch(url: URL): Answer {
    const value = (url.searchParams.get('search_value') ?? '').toLowerCase();
    const page = Math.max(1, Number(url.searchParams.get('page') ?? '1') || 1);
    const pageSize = Math.max(1, Number(url.searchParams.get('page_size') ?? '20') || 20);
    const matches = extensions.filter(
      (e) => e.number.toLowerCase().includes(value) || e.name.toLowerCase().includes(value),
    );
    const rows = matches.slice((page - 1) * pageSize, page * pageSize).map((e) => ({
      id: e.id,
      number: e.number,
      caller_id_name: e.name,
      email_addr: e.email ?? '',
      online_status: {
        sip_phone: { status: 1 },
        linkus_desktop: { status: 0 },
        linkus_mobile: { status: 0 },
      },
      presence_status: 'available',
      type: 'SIP',
    }));
    return err(0, 'SUCCESS', { total_number: matches.length, data: rows });
  }

  function getAiSummary(url: URL): Answer {
    const cdrId = url.searchParams.get('cdr_id') ?? '';
    const src = url.searchParams.get('src_ext_id');
    const dst = url.searchParams.get('dst_ext_id');
    const invalid: { field: string; value?: string }[] = [];
    if (!cdrId) invalid.push({ field: 'cdr_id' });
    if ((src === null) === (dst === null)) invalid.push({ field: 'src_ext_id or dst_ext_id' });
    const idText = src ?? dst ?? '';
    if (!/^\d+$/.test(idText) && idText !== '')
      invalid.push({ field: src !== null ? 'src_ext_id' : 'dst_ext_id', value: idText });
    if (invalid.length > 0) return err(40002, 'PARAMETER ERROR', { invalid_param_list: invalid });
    const side: SimSide = src !== null ? 'caller' : 'callee';
    const leg = legs.get(cdrId);
    const ext = extById(Number(idText));
    const party = leg && (side === 'caller' ? leg.callFrom : leg.callTo);
    const summary = leg && ext && ext.number === party ? leg.summaries[side] : undefined;
    if (!leg || !summary) {
      return sim.noSummaryStyle === 'empty-data'
        ? err(0, 'SUCCESS', { data: {} })
        : err(60001, 'DATA NOT FOUND');
    }
    const shape = (one: SimSummary) => ({
      id: one.id,
      call_id: leg.legId,
      summary: one.html,
      created_at: one.createdAt,
      updated_at: one.updatedAt,
      avatar: one.avatar ?? '',
      name: one.name,
      ext_num: one.extNum,
    });
    if (sim.summaryKey === 'both') {
      const data: Record<string, unknown> = {};
      if (leg.summaries.caller) data.src = shape(leg.summaries.caller);
      if (leg.summaries.callee) data.dst = shape(leg.summaries.callee);
      return err(0, 'SUCCESS', { data });
    }
    const key = sim.summaryKey === 'match' ? (side === 'caller' ? 'src' : 'dst') : sim.summaryKey;
    return err(0, 'SUCCESS', { data: { [key]: shape(summary) } });
  }

  function formatError(field: string): Answer {
    const shown = sim.formatErrorStyle === 'go' ? toGoLayout(sim.displayFormat) : sim.displayFormat;
    return err(40002, 'PARAMETER ERROR', {
      invalid_param_list: [{ field, valid_msg: `${field} format invalid, valid format: ${shown}` }],
    });
  }

  function aiDownload(url: URL): Answer {
    const startText = url.searchParams.get('start_time');
    const endText = url.searchParams.get('end_time');
    if (!startText) return err(40002, 'PARAMETER ERROR', { invalid_param_list: [{ field: 'start_time' }] });
    if (!endText) return err(40002, 'PARAMETER ERROR', { invalid_param_list: [{ field: 'end_time' }] });
    const start = parseDisplayTime(startText, sim.displayFormat);
    if (start === undefined) return formatError('start_time');
    const end = parseDisplayTime(endText, sim.displayFormat);
    if (end === undefined) return formatError('end_time');
    const callFrom = url.searchParams.get('call_from');
    const callTo = url.searchParams.get('call_to');
    const callType = url.searchParams.get('call_type');
    const rows = [...legs.values()]
      .filter((leg) => {
        const t = parseDisplayTime(leg.time, 'YYYY/MM/DD HH:mm:ss');
        return t !== undefined && t >= start && t <= end;
      })
      .filter((leg) => !callFrom || leg.callFrom === callFrom)
      .filter((leg) => !callTo || leg.callTo === callTo)
      .filter((leg) => !callType || leg.callType === callType)
      .map(exportRow);
    downloadSeq += 1;
    const file = `PBX-AI_Transcription-${downloadSeq}.json`;
    downloads.set(file, { rows, expiresAt: now() + DOWNLOAD_TTL_MS });
    return err(0, 'SUCCESS', { file, download_resource_url: `/api/download/${file}` });
  }

  function exportRow(leg: SimLeg): Record<string, unknown> {
    const summary = leg.summaries.callee ?? leg.summaries.caller;
    return {
      leg_id: leg.legId,
      uid: leg.uid,
      call_type: leg.callType,
      time: leg.time,
      call_from: leg.callFrom,
      call_to: leg.callTo,
      call_duration: leg.durationSeconds ?? 60,
      ai_transcription: [
        { type: 'speak', content: 'Hello, how can I help you?', timestamp: 0, source_number: leg.callTo },
        {
          type: 'speak',
          content: 'I have a question about my account.',
          timestamp: 2500,
          source_number: leg.callFrom,
        },
      ],
      ai_summary: summary?.html ?? '',
    };
  }

  function download(pathname: string): Answer {
    if (typeof sim.downloadMode === 'object' && 'redirectTo' in sim.downloadMode) {
      return { status: 302, body: '', headers: { Location: sim.downloadMode.redirectTo } };
    }
    const file = decodeURIComponent(pathname.slice('/api/download/'.length));
    const entry = downloads.get(file);
    if (!entry || entry.expiresAt <= now())
      return { status: 404, body: '{"errcode":404,"errmsg":"NOT FOUND"}' };
    if (typeof sim.downloadMode === 'object') {
      // A valid JSON array padded past the size, so only a size cap (not a parse error) stops it.
      const pad = ' '.repeat(Math.max(0, sim.downloadMode.oversizeBytes));
      return { status: 200, body: `[${pad}${entry.rows.map((r) => JSON.stringify(r)).join(',')}]` };
    }
    return json(entry.rows);
  }

  function route(req: IncomingMessage, url: URL, raw: string, ip: string): Answer {
    const { pathname } = url;
    const method = req.method ?? 'GET';
    if (pathname === '/openapi/v1.0/get_token' && method === 'POST') return getToken(ip, raw);
    if (pathname === '/openapi/v1.0/refresh_token' && method === 'POST') return refresh(raw);
    if (pathname.startsWith('/api/download/') && method === 'GET') {
      if (!tokenOk(url)) return err(10004, 'TOKEN EXPIRED');
      return download(pathname);
    }
    // Live PBXs serve extensions on v1.0 only and CDR/AI on v2.0 only (reference §1.2).
    const handlers: Record<string, (u: URL) => Answer> = {
      'GET /openapi/v1.0/del_token': (u) => {
        const record = accessTokens.get(u.searchParams.get('access_token') ?? '');
        if (record) record.revoked = true;
        return err(0, 'SUCCESS');
      },
      'GET /openapi/v1.0/extension/search': extensionSearch,
      'GET /openapi/v2.0/cdr/getaisummary': getAiSummary,
      'GET /openapi/v2.0/cdr/aidownload': aiDownload,
    };
    const handler = handlers[`${method} ${pathname}`];
    if (!handler) return err(10001, 'INTERFACE NOT EXISTED');
    if (!tokenOk(url)) return err(10004, 'TOKEN EXPIRED');
    return handler(url);
  }

  /** The request URL as the PBX behind the (optional) proxy prefix sees it; undefined outside the prefix. */
  function pbxUrl(raw: string | undefined): URL | undefined {
    const url = new URL(raw ?? '/', 'http://pbx.invalid');
    if (!pathPrefix) return url;
    if (url.pathname !== pathPrefix && !url.pathname.startsWith(`${pathPrefix}/`)) return undefined;
    url.pathname = url.pathname.slice(pathPrefix.length) || '/';
    return url;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = pbxUrl(req.url);
    if (!url) {
      await readBody(req);
      res.writeHead(404, { 'Content-Type': 'text/html', Connection: 'close' });
      res.end('<html><body><h1>404 Not Found</h1></body></html>');
      return;
    }
    const endpoint = endpointOf(url.pathname);
    counts.set(endpoint, (counts.get(endpoint) ?? 0) + 1);
    const raw = await readBody(req);
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (res.destroyed) return;
    const fault = takeFault(endpoint);
    const ip = req.socket.remoteAddress ?? 'unknown';
    let answer: Answer;
    if (fault === 'timeout') return; // never answers; close() destroys the socket
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault === 'http500' || fault === 'http502') {
      answer = { status: fault === 'http500' ? 500 : 502, body: '<html><body>Bad Gateway</body></html>' };
      answer.headers = { 'Content-Type': 'text/html' };
    } else if (fault === 'malformed-json') {
      answer = { status: 200, body: '{"errcode":0,"errmsg":"SUCCESS","data":{' };
    } else if (fault !== undefined) {
      answer = err(fault.errcode, fault.errmsg);
    } else if (!req.headers['user-agent']) {
      answer = err(40002, 'PARAMETER ERROR', { invalid_param_list: [{ field: 'User-Agent' }] });
    } else if (blocked.has(ip)) {
      // The blocklist's code in Yeastar's error table (70087 IP FORBIDDEN is the allow-list's).
      answer = err(70004, 'ACCOUNT IP BLOCKED');
    } else if (raw === undefined) {
      answer = err(40002, 'PARAMETER ERROR');
    } else {
      answer = route(req, url, raw, ip);
    }
    res.writeHead(answer.status, {
      'Content-Type': 'application/json; charset=utf-8',
      Connection: 'close',
      ...answer.headers,
    });
    res.end(answer.body);
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(() => {
      // Bad input must never crash the simulator: answer 500 if still possible.
      if (!res.headersSent) res.writeHead(500, { Connection: 'close' });
      res.end();
    });
  };
  const server: Server = options.tls ? createHttpsServer(options.tls, listener) : createHttpServer(listener);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = pbxUrl(req.url);
    counts.set('subscribe', (counts.get('subscribe') ?? 0) + 1);
    const ip = req.socket.remoteAddress ?? 'unknown';
    // "You MUST include a User-Agent header with every request" (API Interfaces & Events Summary);
    // the upgrade is one. How a PBX refuses it is not documented: a plain 400 here.
    if (!req.headers['user-agent']) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const tokenValid = url !== undefined && tokenOk(url);
    if (
      url?.pathname !== '/openapi/v1.0/subscribe' ||
      blocked.has(ip) ||
      (!tokenValid && sim.subscribeAuthStyle === 'http401')
    ) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => acceptSubscriber(ws, tokenValid));
  });

  function acceptSubscriber(ws: WebSocket, tokenValid: boolean): void {
    const topics = new Set<number>();
    subscriptions.set(ws, topics);
    let idle = setTimeout(() => ws.close(1000, 'idle'), idleTimeoutMs);
    ws.on('message', (data, isBinary) => {
      clearTimeout(idle);
      idle = setTimeout(() => ws.close(1000, 'idle'), idleTimeoutMs);
      const text = isBinary ? '' : data.toString();
      if (text.trim() === 'heartbeat') {
        ws.send('heartbeat response');
        return;
      }
      if (!tokenValid) {
        ws.send(JSON.stringify({ errcode: 10004, errmsg: 'TOKEN EXPIRED' }));
        ws.close(1000, 'token expired');
        return;
      }
      const parsed = topicMessage.safeParse(safeJson(text));
      if (!parsed.success) {
        ws.send(JSON.stringify({ errcode: 40002, errmsg: 'PARAMETER ERROR' }));
        return;
      }
      for (const topic of parsed.data.topic_list) topics.add(topic);
      ws.send(JSON.stringify({ errcode: 0, errmsg: 'SUCCESS' }));
    });
    ws.on('close', () => {
      clearTimeout(idle);
      subscriptions.delete(ws);
    });
    ws.on('error', () => ws.terminate());
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  Object.defineProperty(sim, 'url', {
    value: `${options.tls ? 'https' : 'http'}://${host}:${address.port}${pathPrefix}`,
  });
  return sim;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The request body as text; undefined when it is larger than any OpenAPI request could be. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) tooLarge = true;
    else chunks.push(buffer);
  }
  return tooLarge ? undefined : Buffer.concat(chunks).toString('utf8');
}
