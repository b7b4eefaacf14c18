import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * A fake Slack Web API on loopback: answers the methods the app calls, records every call, and runs
 * an optional validator on every message or view it receives (violations are recorded, so tests can
 * assert there are none). Also a response_url sink at /response/<id>, and Socket Mode:
 * `apps.connections.open` (app-level `xapp-` token) hands out a one-use ws:// URL to a WebSocket
 * server on the same port that speaks Slack's Socket Mode protocol (hello, envelopes, acks,
 * disconnect). Compiled into dist for the bench, so nothing from vitest here.
 */

export interface RecordedCall {
  /** Web API method (`chat.postMessage`) or `response_url`. */
  readonly method: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly at: number;
}

export interface InjectedError {
  readonly error: string;
  /** For rate_limited: answered as HTTP 429 with this Retry-After (seconds). */
  readonly retryAfterSeconds?: number;
  /** How many calls get the error (default 1). */
  times?: number;
}

/** What Slack pushes over a Socket Mode connection (https://docs.slack.dev/apis/events-api/using-socket-mode). */
export interface SocketModeEnvelope {
  /** Generated when omitted. */
  readonly envelope_id?: string;
  readonly type: 'slash_commands' | 'interactive' | 'events_api';
  readonly payload: Record<string, unknown>;
  readonly accepts_response_payload: boolean;
  readonly retry_attempt?: number;
  readonly retry_reason?: string;
}

/** The app's acknowledgement of one envelope: `{envelope_id, payload?}`. */
export interface SocketModeAck {
  readonly envelope_id: string;
  readonly payload?: Record<string, unknown>;
}

export interface FakeSocketConnection {
  /** 1 for the first connection, 2 after the first reconnect, … */
  readonly id: number;
  readonly ticket: string;
  /** Every message the app sent on this connection (acks), parsed. */
  readonly received: unknown[];
  /** True until either side closes it. */
  readonly open: boolean;
  /** Resolves when the connection has closed, with the close code the fake saw. */
  readonly closed: Promise<{ readonly code: number; readonly reason: string }>;
}

export interface FakeSocketMode {
  readonly connections: readonly FakeSocketConnection[];
  /** Resolves with the `count`-th connection once its hello has been sent. */
  waitForConnection(count?: number, timeoutMs?: number): Promise<FakeSocketConnection>;
  /**
   * Sends an envelope on the newest open connection and resolves with the app's ack for it
   * (rejects when none arrives within `timeoutMs`; Slack retries after 3 s).
   */
  send(envelope: SocketModeEnvelope, timeoutMs?: number): Promise<SocketModeAck>;
  /** Sends `{type: 'disconnect', reason}` on the newest open connection, as Slack does before recycling it. */
  disconnect(reason?: 'refresh_requested' | 'warning' | 'link_disabled'): void;
}

export type MessageValidator = (kind: 'message' | 'view', body: unknown) => string[];

export interface FakeSlackApi {
  /** SLACK_API_URL for the app, ending in `/api/`. */
  readonly apiUrl: string;
  /** A fresh response_url on this fake. */
  responseUrl(id?: string): string;
  readonly calls: RecordedCall[];
  readonly violations: { readonly method: string; readonly problems: string[] }[];
  callsTo(method: string): RecordedCall[];
  /** The next call(s) to `method` fail with this Slack error. */
  inject(method: string, error: InjectedError): void;
  /**
   * Makes a response_url dead, as Slack's are after 30 minutes: every later POST to it answers 404.
   * (Each one also dies after 5 uses, as documented.)
   */
  expireResponseUrl(id: string): void;
  /** Resolves once `count` calls to `method` have been recorded. */
  waitFor(method: string, count?: number, timeoutMs?: number): Promise<RecordedCall[]>;
  readonly socketMode: FakeSocketMode;
  close(): Promise<void>;
}

export interface FakeSlackOptions {
  readonly validate?: MessageValidator;
  /** The x-oauth-scopes header on auth.test. */
  readonly scopes?: string;
  readonly botToken?: string;
  /** The only app-level token `apps.connections.open` accepts; by default any `xapp-` token. */
  readonly appToken?: string;
  /**
   * Conversations whose membership matters; others accept every post. As Slack answers a bot:
   * `chat.postMessage`/`chat.postEphemeral`/`chat.update` in a private conversation (private
   * channel, DM, group DM) it is not in: `channel_not_found`; `chat.postMessage` in a public channel
   * it is not in, without the `chat:write.public` scope: `not_in_channel`; any post in an archived
   * channel: `is_archived`. A response_url does not care (it reaches the person regardless).
   */
  readonly channels?: Readonly<Record<string, FakeChannel>>;
}

export interface FakeChannel {
  /** Private channel, DM or group DM. */
  readonly private?: boolean;
  /** Whether the bot is a member (default true). */
  readonly member?: boolean;
  readonly archived?: boolean;
}

/** Slack: a response_url "can be used up to 5 times within 30 minutes". */
export const RESPONSE_URL_USES = 5;

const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'response_url']);
const POST_METHODS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral']);
const VIEW_METHODS = new Set(['views.open', 'views.update', 'views.push']);

export async function startFakeSlackApi(options: FakeSlackOptions = {}): Promise<FakeSlackApi> {
  const calls: RecordedCall[] = [];
  const violations: { method: string; problems: string[] }[] = [];
  const injected = new Map<string, InjectedError>();
  const waiters = new Set<() => void>();
  let viewSeq = 0;
  let tsSeq = 0;
  const responseUses = new Map<string, number>();
  const deadResponseUrls = new Set<string>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake');
    const isResponseUrl = url.pathname.startsWith('/response/');
    const method = isResponseUrl ? 'response_url' : url.pathname.replace(/^\/api\//, '');
    const body = parseBody(raw, req.headers['content-type']);
    calls.push({ method, path: url.pathname, body, at: Date.now() });
    for (const wake of [...waiters]) wake();

    if (options.validate) {
      const target = VIEW_METHODS.has(method) ? body.view : body;
      const kind = VIEW_METHODS.has(method) ? 'view' : MESSAGE_METHODS.has(method) ? 'message' : undefined;
      if (kind) {
        const problems = options.validate(kind, typeof target === 'string' ? JSON.parse(target) : target);
        if (problems.length > 0) violations.push({ method, problems });
      }
    }

    const failure = injected.get(method);
    if (failure) {
      failure.times = (failure.times ?? 1) - 1;
      if (failure.times <= 0) injected.delete(method);
      if (failure.retryAfterSeconds !== undefined) {
        res.writeHead(429, {
          'retry-after': String(failure.retryAfterSeconds),
          'content-type': 'application/json',
        });
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
      }
      res.end(JSON.stringify({ ok: false, error: failure.error }));
      return;
    }

    if (isResponseUrl) {
      const uses = (responseUses.get(url.pathname) ?? 0) + 1;
      responseUses.set(url.pathname, uses);
      if (deadResponseUrls.has(url.pathname) || uses > RESPONSE_URL_USES) {
        // The 404 is what Bolt's RespondError reports; the body text is [Unverified].
        res.writeHead(404, { 'content-type': 'text/plain' }).end('expired_url');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const json = (status: number, payload: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));
    const auth = req.headers.authorization ?? '';
    if (method === 'apps.connections.open') {
      // Authorised by the app-level token, never the bot token.
      const token = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : String(body.token ?? '');
      const accepted =
        options.appToken !== undefined ? token === options.appToken : token.startsWith('xapp-');
      if (!accepted) {
        json(200, { ok: false, error: token === '' ? 'not_authed' : 'invalid_auth' });
        return;
      }
      const ticket = randomUUID();
      tickets.add(ticket);
      json(200, { ok: true, url: `${base.replace(/^http/, 'ws')}/link/?ticket=${ticket}&app_id=AFAKE` });
      return;
    }
    if (
      options.botToken !== undefined &&
      auth !== `Bearer ${options.botToken}` &&
      body.token !== options.botToken
    ) {
      json(200, { ok: false, error: 'invalid_auth' });
      return;
    }
    const refusal = POST_METHODS.has(method) ? membershipError(method, body) : undefined;
    if (refusal) {
      json(200, { ok: false, error: refusal });
      return;
    }
    switch (method) {
      case 'auth.test':
        json(
          200,
          {
            ok: true,
            url: 'https://fake.slack.com/',
            team: 'Fake',
            user: 'callsummary',
            team_id: 'T0',
            user_id: 'UBOT',
            bot_id: 'BBOT',
          },
          { 'x-oauth-scopes': options.scopes ?? 'commands,chat:write,chat:write.public' },
        );
        return;
      case 'chat.postMessage':
      case 'chat.update':
        json(200, { ok: true, channel: body.channel, ts: `1700000000.${String(++tsSeq).padStart(6, '0')}` });
        return;
      case 'chat.postEphemeral':
        json(200, { ok: true, message_ts: `1700000000.${String(++tsSeq).padStart(6, '0')}` });
        return;
      case 'views.open':
      case 'views.update':
      case 'views.push': {
        const id = typeof body.view_id === 'string' ? body.view_id : `V${++viewSeq}`;
        const view = typeof body.view === 'string' ? JSON.parse(body.view) : body.view;
        json(200, { ok: true, view: { ...(view as object), id, hash: `h${viewSeq}` } });
        return;
      }
      default:
        json(200, { ok: false, error: 'unknown_method' });
    }
  };

  function membershipError(method: string, body: Record<string, unknown>): string | undefined {
    const channel = typeof body.channel === 'string' ? options.channels?.[body.channel] : undefined;
    if (!channel) return undefined;
    if (channel.member === false && channel.private) return 'channel_not_found';
    if (channel.archived) return 'is_archived';
    const scopes = (options.scopes ?? 'commands,chat:write,chat:write.public').split(',');
    if (channel.member === false && method === 'chat.postMessage' && !scopes.includes('chat:write.public')) {
      return 'not_in_channel';
    }
    return undefined;
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let responseSeq = 0;

  // Socket Mode: each ticket from apps.connections.open opens exactly one connection.
  const tickets = new Set<string>();
  const sockets = new Map<FakeSocketConnection, WebSocket>();
  const connections: FakeSocketConnection[] = [];
  const socketWaiters = new Set<() => void>();
  const ackWaiters = new Map<string, (ack: SocketModeAck) => void>();
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/link/' || !tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const received: unknown[] = [];
      let open = true;
      const closed = new Promise<{ code: number; reason: string }>((resolve) => {
        ws.on('close', (code, reason) => {
          open = false;
          sockets.delete(connection);
          resolve({ code, reason: reason.toString('utf8') });
        });
      });
      const connection: FakeSocketConnection = {
        id: connections.length + 1,
        ticket,
        received,
        get open() {
          return open;
        },
        closed,
      };
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        let message: unknown;
        try {
          message = JSON.parse(data.toString());
        } catch {
          message = { raw: data.toString() };
        }
        received.push(message);
        const id = (message as { envelope_id?: unknown }).envelope_id;
        if (typeof id === 'string') ackWaiters.get(id)?.(message as SocketModeAck);
      });
      sockets.set(connection, ws);
      connections.push(connection);
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: sockets.size,
          debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 18060 },
          connection_info: { app_id: 'AFAKE' },
        }),
      );
      for (const wake of [...socketWaiters]) wake();
    });
  });
  const newestOpen = (): WebSocket => {
    const open = [...sockets.entries()].filter(([c]) => c.open);
    const newest = open[open.length - 1];
    if (!newest) throw new Error('fake Slack: no open Socket Mode connection');
    return newest[1];
  };
  const socketMode: FakeSocketMode = {
    connections,
    waitForConnection: (count = 1, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = connections[count - 1];
          if (!found) return false;
          socketWaiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          socketWaiters.delete(check);
          reject(
            new Error(`fake Slack: expected ${count} Socket Mode connection(s), got ${connections.length}`),
          );
        }, timeoutMs);
        if (!check()) socketWaiters.add(check);
      }),
    send: (envelope, timeoutMs = 3000) => {
      const ws = newestOpen();
      const envelopeId = envelope.envelope_id ?? randomUUID();
      return new Promise<SocketModeAck>((resolve, reject) => {
        const timer = setTimeout(() => {
          ackWaiters.delete(envelopeId);
          reject(new Error(`fake Slack: envelope ${envelopeId} was not acknowledged within ${timeoutMs} ms`));
        }, timeoutMs);
        ackWaiters.set(envelopeId, (ack) => {
          ackWaiters.delete(envelopeId);
          clearTimeout(timer);
          resolve(ack);
        });
        ws.send(JSON.stringify({ ...envelope, envelope_id: envelopeId }));
      });
    },
    disconnect: (reason = 'refresh_requested') => {
      newestOpen().send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-fake' } }));
    },
  };

  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/response/${id ?? `r${++responseSeq}`}`,
    calls,
    violations,
    callsTo: (method) => calls.filter((c) => c.method === method),
    inject: (method, error) => {
      injected.set(method, { ...error });
    },
    expireResponseUrl: (id) => {
      deadResponseUrls.add(`/response/${id}`);
    },
    waitFor: (method, count = 1, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = calls.filter((c) => c.method === method);
          if (found.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
            return true;
          }
          return false;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `fake Slack: expected ${count} call(s) to ${method}, got ${calls.filter((c) => c.method === method).length}`,
            ),
          );
        }, timeoutMs);
        if (!check()) waiters.add(check);
      }),
    socketMode,
    close: () =>
      new Promise<void>((resolve) => {
        // Upgraded sockets are no longer the HTTP server's to close.
        for (const ws of sockets.values()) ws.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The Web client sends form bodies (values JSON-encoded when objects); response_url gets JSON. */
function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if ((contentType ?? '').includes('application/json')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    } catch {
      return { raw };
    }
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return out;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
