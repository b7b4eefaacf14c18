import WebSocket from 'ws';
import { CallSummaryError, type PbxRequestName } from '../shared/errors.js';
import { type Logger, redact } from '../shared/log.js';
import { classifyErrcode, PbxApiError, readEnvelope, TOKEN_EXPIRED } from './errcodes.js';
import type { PbxHttp } from './http.js';
import { backoffDelay } from './retry.js';
import type { TokenManager } from './tokens.js';
import { transportFailure } from './transport.js';
import { subscribeUrl } from './urls.js';

/**
 * The PBX event feed over WebSocket (YEASTAR_WEBSOCKET=true), for bots with no public URL
 * (reference §6.1): connect with `?access_token=`, subscribe, heartbeat below the 60 s idle limit,
 * and reconnect with the client's back-off and a token that is valid at that moment. An upgrade
 * refused with 401, or a subscription answered 10004, is an expired token: the token manager renews
 * it. The socket is also re-opened before the 30-minute token lifetime ends, as prior art does:
 * whether the PBX closes a socket whose token expired is not documented. It shares the HTTP client's
 * base URL, CA trust and errcode reading; what the frames mean is the caller's business.
 */
const SUBSCRIPTION: PbxRequestName = 'event_subscription';

export interface PbxSocketOptions {
  readonly http: Pick<PbxHttp, 'baseUrl' | 'ca' | 'retry'>;
  readonly tokens: Pick<TokenManager, 'withToken'>;
  /** Event ids to subscribe to (`topic_list`). */
  readonly topics: readonly number[];
  /** Each event frame's text, as the PBX sent it. */
  readonly onMessage: (text: string) => void;
  /**
   * The feed's state: `up` once subscribed, `lost` when a connection ends unplanned (events may have
   * been missed), `renewing` when it is closed to re-open with a fresh token (a moment's gap).
   */
  readonly onConnection?: (state: 'up' | 'renewing' | 'lost') => void;
  readonly logger: Logger;
  readonly heartbeatMs?: number;
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  /** Re-open the socket this long after it opened (fresh token); default 25 minutes. */
  readonly renewAfterMs?: number;
  /** How long to wait for the subscribe answer; default 10 s. */
  readonly subscribeTimeoutMs?: number;
}

export interface PbxSocket {
  /** Resolves once the first subscription has been confirmed (or rejects on stop). */
  readonly ready: Promise<void>;
  readonly connected: boolean;
  stop(): Promise<void>;
}

export function startPbxSocket(options: PbxSocketOptions): PbxSocket {
  const { http, logger: log } = options;
  const heartbeatMs = options.heartbeatMs ?? 50_000;
  const baseMs = options.backoffBaseMs ?? 1000;
  const maxMs = options.backoffMaxMs ?? 60_000;
  const renewAfterMs = options.renewAfterMs ?? 25 * 60_000;
  const subscribeTimeoutMs = options.subscribeTimeoutMs ?? 10_000;

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

  /** What is subscribed to: the topics asked for, less any the PBX turned down (older firmware). */
  let topics = options.topics;

  /**
   * Opens one socket and resolves when subscribed; rejects (10004 on a 401) when it cannot. A probe
   * (`deliver` false) only learns whether the PBX accepts `topicList`; its frames are not passed on.
   */
  function open(token: string, topicList: readonly number[], deliver = true): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      // The upgrade is a request to the PBX API like any other: the docs require a User-Agent on every
      // request, and the ws library sends none of its own.
      const ws = new WebSocket(subscribeUrl(http.baseUrl, token), {
        headers: { 'User-Agent': 'OpenAPI' },
        ...(http.ca ? { ca: http.ca } : {}),
      });
      let subscribed = false;
      const fail = (error: Error) => {
        clearTimeout(timeout);
        ws.terminate();
        reject(error);
      };
      const timeout = setTimeout(
        () =>
          fail(new CallSummaryError('pbx_timeout', { what: SUBSCRIPTION, timeoutMs: subscribeTimeoutMs })),
        subscribeTimeoutMs,
      );
      ws.once('unexpected-response', (_req, res) => fail(upgradeRefused(res.statusCode ?? 0)));
      ws.once('error', (error) => {
        // The ws error message may contain the URL, and so the token.
        const cause = new Error(redact(error.message, [token]));
        fail(
          new CallSummaryError(
            'pbx_unreachable',
            { what: SUBSCRIPTION, failure: transportFailure(error) },
            { cause },
          ),
        );
      });
      ws.once('open', () => ws.send(JSON.stringify({ topic_list: topicList })));
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        const text = data.toString();
        if (text.trim() === 'heartbeat response') return;
        if (subscribed) {
          if (deliver) options.onMessage(text);
          return;
        }
        const answer = readEnvelope(safeJson(text));
        if (answer?.errcode === 0) {
          clearTimeout(timeout);
          subscribed = true;
          resolve(ws);
          return;
        }
        // A PBX may accept the upgrade and refuse the token in the answer: a 10004 renews it like a 401,
        // otherwise every reconnect would reuse the same dead (e.g. revoked) token.
        fail(
          answer
            ? new PbxApiError(classifyErrcode(answer.errcode, answer.errmsg).code, {
                what: SUBSCRIPTION,
                ...answer,
              })
            : new CallSummaryError('pbx_bad_response', { what: SUBSCRIPTION, problem: 'no_errcode' }),
        );
      });
    });
  }

  async function connect(): Promise<void> {
    retryTimer = undefined;
    if (stopped) return;
    let ws: WebSocket;
    try {
      ws = await options.tokens.withToken((token) => open(token, topics));
    } catch (error) {
      if (refusedSubscription(error) && topics.length > 1 && (await narrowTopics(error))) {
        retryTimer = setTimeout(() => void connect(), 0);
        return;
      }
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
    log.info(`events: subscribed to PBX events ${topics.join(', ')} over WebSocket`);
    resolveReady();
    options.onConnection?.('up');
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
      options.onConnection?.(renewing ? 'renewing' : 'lost');
      if (!stopped) scheduleReconnect(`connection closed (${code})`, renewing);
    });
    ws.on('error', () => ws.terminate());
  }

  /**
   * The PBX answered the subscription with an errcode other than 10004: firmware without one of the
   * events (30040 is recent) may refuse the whole list. Each topic is tried alone, once; when some are
   * accepted, they are what is subscribed to from then on, with one warning naming what is missing.
   * True when the list was narrowed.
   */
  async function narrowTopics(refusal: PbxApiError): Promise<boolean> {
    const accepted: number[] = [];
    for (const topic of topics) {
      try {
        const probe = await options.tokens.withToken((token) => open(token, [topic], false));
        probe.terminate();
        accepted.push(topic);
      } catch (error) {
        // Only an errcode answer says the topic itself is refused; anything else ends the probing.
        if (!refusedSubscription(error)) return false;
      }
      if (stopped) return false;
    }
    if (accepted.length === 0 || accepted.length === topics.length) return false;
    const missing = topics.filter((topic) => !accepted.includes(topic));
    log.warn(
      `events: the PBX refused the subscription to event ${missing.join(', ')} (errcode ${refusal.errcode} ${refusal.errmsg}); its firmware may not have it. Subscribing to ${accepted.join(', ')} only`,
    );
    topics = accepted;
    return true;
  }

  function scheduleReconnect(reason: string, immediate = false): void {
    if (stopped) return;
    const delay = immediate ? 0 : backoffDelay(attempt++, baseMs, maxMs, http.retry.random);
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

/** The PBX answered the subscription itself with an errcode (not a token problem, not the network). */
function refusedSubscription(error: unknown): error is PbxApiError {
  return error instanceof PbxApiError && error.errcode !== TOKEN_EXPIRED;
}

/** An HTTP answer instead of the upgrade: 401 is an expired token (renewed), 5xx the PBX failing. */
function upgradeRefused(status: number): CallSummaryError {
  if (status === 401) {
    return new PbxApiError('pbx_api', {
      what: SUBSCRIPTION,
      errcode: TOKEN_EXPIRED,
      errmsg: 'TOKEN EXPIRED',
    });
  }
  if (status >= 500)
    return new CallSummaryError('pbx_unreachable', { what: SUBSCRIPTION, failure: 'http', status });
  return new CallSummaryError('pbx_bad_response', { what: SUBSCRIPTION, problem: 'status', status });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
