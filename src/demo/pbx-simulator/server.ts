import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { createAiExport } from './ai-export.js';
import { type Answer, parameterError, pbxAnswer } from './answer.js';
import { createBusyFloor } from './busy-floor.js';
import { formatDisplayTime, yeastarNotation } from './display-format.js';
import { createRouter } from './endpoints.js';
import { createEventHub, pushWebhook, SIM_SERIAL } from './events.js';
import { type PbxSimulator, type PbxSimulatorOptions, SAMPLE_GROUPS, type SimFault } from './index.js';
import { createLateWriter } from './late.js';
import { createPbxData } from './pbx-data.js';
import { sampleData } from './sample-data.js';
import { createTokenAuthority, SIM_CLIENT_ID, SIM_CLIENT_SECRET } from './tokens.js';

const MAX_BODY_BYTES = 64 * 1024;

/** Endpoint name for stats/faults: the path after the API version, e.g. 'cdr/getaisummary'. */
function endpointOf(pathname: string): string {
  const api = /^\/openapi\/v\d+\.\d+\/(.+)$/.exec(pathname);
  if (api?.[1]) return api[1];
  if (pathname.startsWith('/api/download/')) return 'api/download';
  return pathname.replace(/^\//, '');
}

/** The transport around the endpoints: counting, injected faults, latency, proxy prefix, listening. */
export async function startPbxSimulator(options: PbxSimulatorOptions = {}): Promise<PbxSimulator> {
  const now = options.now ?? Date.now;
  const pathPrefix = (options.pathPrefix ?? '').replace(/\/+$/, '');
  const timeZone = options.timeZone ?? 'UTC';
  const wallNow = () => wallClockMs(now(), sim.timeZone);
  const floor =
    options.callsPerDay !== undefined && options.callsPerDay > 0
      ? createBusyFloor({ callsPerDay: options.callsPerDay, wallNow })
      : undefined;
  const data = createPbxData(
    options.extensions || options.legs
      ? { extensions: options.extensions ?? [], legs: options.legs ?? [] }
      : sampleData(),
    floor,
  );
  const tokens = createTokenAuthority({
    clientId: options.clientId ?? SIM_CLIENT_ID,
    clientSecret: options.clientSecret ?? SIM_CLIENT_SECRET,
    accessTtlMs: (options.accessTokenTtlSeconds ?? 1800) * 1000,
    refreshTtlMs: (options.refreshTokenTtlSeconds ?? 86400) * 1000,
    maxValidTokens: options.maxValidTokens ?? 8,
    now,
  });

  let latencyMs = options.latencyMs ?? 0;
  const counts = new Map<string, number>();
  const faults = new Map<string, { fault: SimFault; remaining: number }[]>();
  const sockets = new Set<Socket>();
  const queries = new Map<string, URLSearchParams[]>();
  const bytes = new Map<string, number>();
  const count = (endpoint: string, url: URL) => {
    counts.set(endpoint, (counts.get(endpoint) ?? 0) + 1);
    const query = new URLSearchParams(url.searchParams);
    query.delete('access_token');
    queries.set(endpoint, [...(queries.get(endpoint) ?? []), query]);
  };
  const sum = (map: Map<string, number>, endpoint?: string) =>
    endpoint === undefined ? [...map.values()].reduce((a, b) => a + b, 0) : (map.get(endpoint) ?? 0);

  const sim: PbxSimulator = {
    url: '',
    stats: {
      count: (endpoint) => sum(counts, endpoint),
      queries: (endpoint) => [...(queries.get(endpoint) ?? [])],
      bytes: (endpoint) => sum(bytes, endpoint),
      reset: () => {
        counts.clear();
        queries.clear();
        bytes.clear();
      },
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
    expireAllTokens: () => tokens.expireAll(),
    unblockAll: () => tokens.unblockAll(),
    get validTokenCount() {
      return tokens.validCount;
    },
    summaryKey: 'match',
    subscribeAuthStyle: 'http401',
    noSummaryStyle: 'empty-data',
    formatErrorStyle: 'tokens',
    displayFormat: options.displayFormat ?? 'YYYY/MM/DD HH:mm:ss',
    timeZone,
    busyEvery: options.busyEvery ?? 0,
    get exportOverlaps() {
      return aiExport.overlaps;
    },
    downloadMode: 'normal',
    addLeg: (leg) => data.addLeg(leg),
    addExtension: (ext) => data.addExtension(ext),
    setSummary: (legId, side, summary) => data.setSummary(legId, side, summary),
    writeSummaryLater: (...args) => late.writeSummaryLater(...args),
    rewriteSummary: (...args) => late.rewriteSummary(...args),
    pushWebhook,
    emitEvent: (event, opts = {}) => hub.emit(event, opts.msgAsString ?? false),
    dropWebSockets: () => hub.dropAll(),
    get webSocketClients() {
      return hub.clients;
    },
    subscribers: (topic) => hub.subscribers(topic),
    close: async () => {
      late.cancelAll();
      await hub.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  // The sim object is the settings: tests flip its switches between requests.
  const aiExport = createAiExport(data, sim, now);
  const route = createRouter({
    data,
    tokens,
    aiExport,
    settings: sim,
    groups: options.groups ?? SAMPLE_GROUPS,
    systemInformation: () => {
      const { date, time } = yeastarNotation(sim.displayFormat);
      return {
        device_name: 'PBX',
        model_name: 'P-Series Simulator',
        sn: SIM_SERIAL,
        firmware_version: '84.21.0.117',
        system_time: formatDisplayTime(wallNow(), sim.displayFormat),
        up_time: 86_400,
        system_date_format: date,
        system_time_format: time,
        timestamp: Math.floor(now() / 1000),
      };
    },
  });
  const hub = createEventHub({
    idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
    settings: sim,
    isBlocked: tokens.isBlocked,
    isValidAccessToken: tokens.isValidAccessToken,
  });

  const late = createLateWriter({
    data,
    now,
    send: async (event, target) => {
      if (target === 'none') return;
      if (target === 'websocket') hub.emit(event, false);
      else await pushWebhook(target.webhook, target.secret, event);
    },
  });

  /** The next pending fault for an endpoint, consumed. */
  function takeFault(endpoint: string): SimFault | undefined {
    const list = faults.get(endpoint);
    const head = list?.[0];
    if (!list || !head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) list.shift();
    return head.fault;
  }

  /** The request URL as the PBX behind the (optional) proxy prefix sees it; undefined outside the prefix. */
  function pbxUrl(raw: string | undefined): URL | undefined {
    const url = new URL(raw ?? '/', 'http://pbx.invalid');
    if (!pathPrefix) return url;
    if (url.pathname !== pathPrefix && !url.pathname.startsWith(`${pathPrefix}/`)) return undefined;
    url.pathname = url.pathname.slice(pathPrefix.length) || '/';
    return url;
  }

  function faultAnswer(fault: Exclude<SimFault, 'timeout' | 'reset'>): Answer {
    if (fault === 'http500' || fault === 'http502') {
      return {
        status: fault === 'http500' ? 500 : 502,
        body: '<html><body>Bad Gateway</body></html>',
        headers: { 'Content-Type': 'text/html' },
      };
    }
    if (fault === 'malformed-json') return { status: 200, body: '{"errcode":0,"errmsg":"SUCCESS","data":{' };
    if ('json' in fault) return { status: 200, body: JSON.stringify(fault.json) };
    return pbxAnswer(fault.errcode, fault.errmsg);
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
    count(endpoint, url);
    const raw = await readBody(req);
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (res.destroyed) return;
    const fault = takeFault(endpoint);
    const ip = req.socket.remoteAddress ?? 'unknown';
    if (fault === 'timeout') return; // never answers; close() destroys the socket
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    let answer: Answer;
    if (fault !== undefined) answer = faultAnswer(fault);
    else if (!req.headers['user-agent']) answer = parameterError([{ field: 'User-Agent' }]);
    // The blocklist's code in Yeastar's error table (70087 IP FORBIDDEN is the allow-list's).
    else if (tokens.isBlocked(ip)) answer = pbxAnswer(70004, 'ACCOUNT IP BLOCKED');
    else if (raw === undefined) answer = parameterError();
    else answer = route(req.method ?? 'GET', url, raw, ip);
    res.writeHead(answer.status, {
      'Content-Type': 'application/json; charset=utf-8',
      Connection: 'close',
      ...answer.headers,
    });
    bytes.set(endpoint, (bytes.get(endpoint) ?? 0) + Buffer.byteLength(answer.body));
    if (!answer.pieces) {
      answer.onSent?.();
      res.end(answer.body);
      return;
    }
    try {
      res.write(answer.body);
      for (const piece of answer.pieces) {
        if (res.destroyed) return; // the client stopped reading (its size cap): nothing more to send
        bytes.set(endpoint, (bytes.get(endpoint) ?? 0) + Buffer.byteLength(piece));
        if (!res.write(piece))
          await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
      }
    } finally {
      answer.onSent?.();
    }
    res.end();
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
  server.on('upgrade', (req, socket, head) => {
    count('subscribe', new URL('http://pbx/'));
    hub.upgrade(req, socket, head, pbxUrl(req.url));
  });

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

/** The wall clock of `timeZone` at `epochMs`, as UTC milliseconds (how the simulator compares times). */
function wallClockMs(epochMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(epochMs));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
}
