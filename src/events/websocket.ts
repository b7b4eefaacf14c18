import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import type { Logger } from '../log.js';
import { redact } from '../log.js';
import { PbxApiError, pbxApiUrl, TOKEN_EXPIRED } from '../yeastar/http.js';
import type { TokenManager } from '../yeastar/tokens.js';
import { type PbxEvent, parseEventText, SUBSCRIBED_TOPICS } from './envelope.js';

/**
 * The PBX event feed over WebSocket (YEASTAR_WEBSOCKET=true), for bots with no public URL
 * (reference §6.1): connect with `?access_token=`, subscribe, heartbeat below the 60 s idle limit,
 * and reconnect with exponential back-off + jitter and a token that is valid at that moment. An
 * upgrade refused with 401 is treated as an expired token (10004), so the token manager renews it.
 * The socket is also re-opened before the 30-minute token lifetime ends, as prior art does: whether
 * the PBX closes a socket whose token expired is not documented.
 */
export const SUBSCRIBE_PATH = '/openapi/v1.0/subscribe';

export interface PbxSocketOptions {
  readonly baseUrl: string;
  readonly caFile?: string | undefined;
  readonly tokens: Pick<TokenManager, 'withToken'>;
  readonly onEvent: (event: PbxEvent) => Promise<void>;
  readonly logger: Logger;
  readonly heartbeatMs?: number;
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  /** Re-open the socket this long after it opened (fresh token); default 25 minutes. */
  readonly renewAfterMs?: number;
  /** How long to wait for the subscribe answer; default 10 s. */
  readonly subscribeTimeoutMs?: number;
  readonly random?: () => number;
}

export interface PbxSocket {
  /** Resolves once the first subscription has been confirmed (or rejects on stop). */
  readonly ready: Promise<void>;
  readonly connected: boolean;
  stop(): Promise<void>;
}

export function subscribeUrl(baseUrl: string, token: string): string {
  // Same base as the HTTP client: a proxy prefix in YEASTAR_BASE_URL is kept.
  const url = pbxApiUrl(baseUrl, SUBSCRIBE_PATH);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('access_token', token);
  return url.toString();
}

/** Exponential back-off with full jitter: attempt 0 → up to base, doubling up to max. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function startPbxSocket(options: PbxSocketOptions): PbxSocket {
  const heartbeatMs = options.heartbeatMs ?? 50_000;
  const baseMs = options.backoffBaseMs ?? 1000;
  const maxMs = options.backoffMaxMs ?? 60_000;
  const renewAfterMs = options.renewAfterMs ?? 25 * 60_000;
  const subscribeTimeoutMs = options.subscribeTimeoutMs ?? 10_000;
  const random = options.random ?? Math.random;
  const ca = options.caFile ? readFileSync(options.caFile) : undefined;
  const log = options.logger;

  let stopped = false;
  let socket: WebSocket | undefined;
  let connected = false;
  let attempt = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  let resolveReady: () => void = () => undefined;
  let rejectReady: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => undefined);

  /** Opens one socket and resolves when subscribed; rejects (10004 on a 401) when it cannot. */
  function open(token: string): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      // The upgrade is a request to the PBX API like any other: the docs require a User-Agent on every
      // request, and the ws library sends none of its own.
      const ws = new WebSocket(subscribeUrl(options.baseUrl, token), {
        headers: { 'User-Agent': 'OpenAPI' },
        ...(ca ? { ca } : {}),
      });
      let subscribed = false;
      const timeout = setTimeout(() => {
        ws.terminate();
        reject(new Error('no answer to the subscription'));
      }, subscribeTimeoutMs);
      ws.once('unexpected-response', (_req, res) => {
        clearTimeout(timeout);
        ws.terminate();
        reject(
          res.statusCode === 401
            ? new PbxApiError('pbx_api', {
                what: 'the event subscription',
                errcode: TOKEN_EXPIRED,
                errmsg: 'TOKEN EXPIRED',
              })
            : new Error(`WebSocket upgrade answered HTTP ${res.statusCode}`),
        );
      });
      ws.once('error', (error) => {
        clearTimeout(timeout);
        // The ws error message may contain the URL, and so the token.
        reject(new Error(redact(error.message, [token])));
      });
      ws.once('open', () => ws.send(JSON.stringify({ topic_list: SUBSCRIBED_TOPICS })));
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        const text = data.toString();
        if (!subscribed) {
          if (text.trim() === 'heartbeat response') return;
          clearTimeout(timeout);
          const answer = safeJson(text) as { errcode?: unknown; errmsg?: unknown } | undefined;
          // errcode may come as a number or a numeric string.
          const errcode =
            typeof answer?.errcode === 'number' || typeof answer?.errcode === 'string'
              ? Number(answer.errcode)
              : Number.NaN;
          if (errcode === 0) {
            subscribed = true;
            resolve(ws);
          } else if (errcode === TOKEN_EXPIRED) {
            // A PBX may accept the upgrade and refuse the token in the answer: renew it like a 401,
            // otherwise every reconnect would reuse the same dead (e.g. revoked) token.
            ws.terminate();
            reject(
              new PbxApiError('pbx_api', {
                what: 'the event subscription',
                errcode: TOKEN_EXPIRED,
                errmsg: 'TOKEN EXPIRED',
              }),
            );
          } else {
            ws.terminate();
            reject(
              new Error(`subscription refused (errcode ${Number.isNaN(errcode) ? 'missing' : errcode})`),
            );
          }
          return;
        }
        if (text.trim() === 'heartbeat response') return;
        options.onEvent(parseEventText(text)).catch((error: unknown) => {
          log.error(`events: handling a WebSocket event failed: ${(error as Error).message}`);
        });
      });
    });
  }

  async function connect(): Promise<void> {
    retryTimer = undefined;
    if (stopped) return;
    let ws: WebSocket;
    try {
      ws = await options.tokens.withToken(open);
    } catch (error) {
      scheduleReconnect(`could not subscribe: ${(error as Error).message}`);
      return;
    }
    if (stopped) {
      ws.terminate();
      return;
    }
    socket = ws;
    connected = true;
    attempt = 0;
    log.info('events: subscribed to PBX events over WebSocket');
    resolveReady();
    const heartbeat = setInterval(() => ws.send('heartbeat'), heartbeatMs);
    let renewing = false;
    const renew = setTimeout(() => {
      renewing = true;
      log.info('events: re-opening the PBX WebSocket with a fresh token');
      ws.close(1000, 'token renewal');
    }, renewAfterMs);
    ws.once('close', (code) => {
      clearInterval(heartbeat);
      clearTimeout(renew);
      connected = false;
      socket = undefined;
      if (!stopped) scheduleReconnect(`connection closed (${code})`, renewing);
    });
    ws.on('error', () => ws.terminate());
  }

  function scheduleReconnect(reason: string, immediate = false): void {
    if (stopped) return;
    const delay = immediate ? 0 : backoffDelay(attempt++, baseMs, maxMs, random);
    log.warn(`events: PBX WebSocket ${reason}; reconnecting in ${delay} ms`);
    retryTimer = setTimeout(() => void connect(), delay);
  }

  void connect();

  return {
    ready,
    get connected() {
      return connected;
    },
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      rejectReady(new Error('stopped'));
      const ws = socket;
      if (ws && ws.readyState !== ws.CLOSED) {
        const closed = new Promise((resolve) => ws.once('close', resolve));
        ws.terminate();
        await closed;
      }
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
