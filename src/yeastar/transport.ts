import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import fetch, { type Response } from 'node-fetch';
import { CallSummaryError, type PbxFailure, type PbxRequestName } from '../shared/errors.js';
import { BodyTooLargeError, cappedChunks, readCappedText } from '../shared/http/capped-body.js';
import { type Logger, redact } from '../shared/log.js';

/**
 * One HTTP exchange with the PBX, and nothing more: `User-Agent: OpenAPI` (the PBX answers 40002
 * without it), a timeout, no redirects followed (the token travels in the URL), the body read with a
 * byte cap, and every failure turned into a `CallSummaryError` that says what happened, with the
 * token scrubbed from it. Whether to ask again is decided by the caller (src/yeastar/retry.ts).
 */

/** One try: a value, or a failure saying whether asking again may help. */
export type Attempt<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly transient: boolean; readonly error: CallSummaryError };

export interface PbxExchange {
  readonly method: 'GET' | 'POST';
  readonly url: URL;
  readonly body?: unknown;
  readonly accept?: string;
  /** The token in `url`, so that it is scrubbed from logs and errors. */
  readonly token?: string | undefined;
  /** For messages and logs: what this request is for, e.g. "the summary request". */
  readonly what: PbxRequestName;
  readonly maxBytes: number;
  /** How an answer over `maxBytes` is reported (an API answer vs. an export file). */
  readonly tooLarge: 'too_large' | 'export_too_large';
}

/** A 2xx or 4xx answer, read whole (3xx and 5xx are failures; their bodies are not read). */
export interface PbxAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

export interface PbxTransportOptions {
  readonly timeoutMs: number;
  /** PEM text of a CA to trust for the PBX only (YEASTAR_CA_FILE). */
  readonly ca?: string | undefined;
  readonly logger: Logger;
  /** Literal secrets to scrub from logs and messages (client secret). */
  readonly secrets?: readonly string[];
}

/**
 * Reads a body as it arrives (the export file): given the bytes, capped at the request's `maxBytes`,
 * and the HTTP status. A `CallSummaryError` it throws is final (the answer is unusable); an error of
 * the stream itself is a broken connection, which asking again may cure.
 */
export type BodyReader<T> = (body: AsyncIterable<Uint8Array>, status: number) => Promise<T>;

export interface PbxTransport {
  exchange(request: PbxExchange): Promise<Attempt<PbxAnswer>>;
  /** One exchange whose 2xx/4xx body goes to `read` as it arrives instead of being read whole. */
  stream<T>(request: PbxExchange, read: BodyReader<T>): Promise<Attempt<T>>;
  scrub(text: string, token?: string): string;
  /** An answer body with the token and secrets scrubbed (it is kept on errors, which may be logged). */
  scrubBody(body: unknown, token?: string): unknown;
  close(): void;
}

export function createPbxTransport(options: PbxTransportOptions): PbxTransport {
  const log = options.logger;
  const secrets = options.secrets ?? [];
  // Agents for this client only: a custom CA never turns verification off for anything else. No
  // keep-alive: the PBX closes the connection after each response (Yeastar's API request overview),
  // so a kept socket would only be found closed on the next request, costing a retry (and on
  // get_token, a second login attempt).
  const httpsAgent = new HttpsAgent({ keepAlive: false, ...(options.ca ? { ca: options.ca } : {}) });
  const httpAgent = new HttpAgent({ keepAlive: false });
  const agent = (url: URL) => (url.protocol === 'https:' ? httpsAgent : httpAgent);
  const scrub = (text: string, token?: string) => redact(text, token ? [...secrets, token] : secrets);

  /** Sends the request; a 2xx or 4xx response, or the failure that ended it (3xx, 5xx, no answer). */
  async function open(request: PbxExchange): Promise<Attempt<Response>> {
    const { what, token } = request;
    const shownUrl = scrub(request.url.href, token);
    let response: Response;
    try {
      response = await fetch(request.url.href, {
        method: request.method,
        headers: {
          'User-Agent': 'OpenAPI',
          ...(request.accept ? { Accept: request.accept } : {}),
          ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
        agent,
      });
    } catch (error) {
      log.debug(`${request.method} ${shownUrl} failed: ${scrub(String((error as Error)?.message), token)}`);
      return { ok: false, transient: true, error: transportError(what, error, 'connect', token) };
    }
    log.debug(`${request.method} ${shownUrl} -> HTTP ${response.status}`);
    const { status } = response;
    if (status >= 300 && status < 400) {
      discard(response);
      const error = new CallSummaryError('pbx_bad_response', { what, problem: 'redirect', status });
      return { ok: false, transient: false, error };
    }
    if (status >= 500) {
      discard(response);
      const error = new CallSummaryError('pbx_unreachable', { what, failure: 'http', status });
      return { ok: false, transient: true, error };
    }
    return { ok: true, value: response };
  }

  /** Why reading a body failed: over the cap, the reader's own verdict, or the connection broke. */
  function readFailure(request: PbxExchange, status: number, error: unknown): Attempt<never> {
    if (error instanceof BodyTooLargeError) {
      const tooLarge = new CallSummaryError('pbx_bad_response', {
        what: request.what,
        problem: request.tooLarge,
        status,
        maxBytes: request.maxBytes,
      });
      return { ok: false, transient: false, error: tooLarge };
    }
    if (error instanceof CallSummaryError) return { ok: false, transient: false, error };
    return { ok: false, transient: true, error: transportError(request.what, error, 'read', request.token) };
  }

  async function exchange(request: PbxExchange): Promise<Attempt<PbxAnswer>> {
    const opened = await open(request);
    if (!opened.ok) return opened;
    const response = opened.value;
    const { status } = response;
    let text: string;
    try {
      text = await readCappedText(response.body, {
        maxBytes: request.maxBytes,
        declaredBytes: response.headers.get('content-length'),
      });
    } catch (error) {
      // Whatever stopped the read, the rest of this answer is not wanted.
      discard(response);
      return readFailure(request, status, error);
    }
    return { ok: true, value: { status, contentType: response.headers.get('content-type') ?? '', text } };
  }

  async function stream<T>(request: PbxExchange, read: BodyReader<T>): Promise<Attempt<T>> {
    const opened = await open(request);
    if (!opened.ok) return opened;
    const response = opened.value;
    const body = cappedChunks(response.body as AsyncIterable<Uint8Array> | null, {
      maxBytes: request.maxBytes,
      declaredBytes: response.headers.get('content-length'),
    });
    try {
      const value = await read(body, response.status);
      return { ok: true, value };
    } catch (error) {
      return readFailure(request, response.status, error);
    } finally {
      // A reader may stop before the end (an error answer, an unusable file): the rest is not wanted.
      discard(response);
    }
  }

  /** A request that got no (complete) answer: timed out, or why the connection failed or broke. */
  function transportError(
    what: PbxRequestName,
    error: unknown,
    stage: 'connect' | 'read',
    token: string | undefined,
  ): CallSummaryError {
    const cause = safeCause(error, token);
    if (isTimeout(error)) {
      return new CallSummaryError('pbx_timeout', { what, timeoutMs: options.timeoutMs }, { cause });
    }
    const failure = transportFailure(error);
    return new CallSummaryError(
      'pbx_unreachable',
      { what, failure: stage === 'read' && failure === 'network' ? 'broken' : failure },
      { cause },
    );
  }

  /** Node/undici errors carry the URL (with the token) in their message: keep only a scrubbed copy. */
  function safeCause(error: unknown, token: string | undefined): Error {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown } | null)?.code;
    const safe = new Error(scrub(message, token));
    safe.name = error instanceof Error ? error.name : 'Error';
    if (typeof code === 'string') Object.assign(safe, { code });
    return safe;
  }

  return {
    exchange,
    stream,
    scrub,
    scrubBody: (body, token) => {
      try {
        return JSON.parse(scrub(JSON.stringify(body), token));
      } catch {
        return undefined;
      }
    },
    close: () => {
      httpsAgent.destroy();
      httpAgent.destroy();
    },
  };
}

/** What a transport failure was, from Node's error codes, so people are told what actually happened. */
export function transportFailure(error: unknown): PbxFailure {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/.test(code)) return 'tls';
  return 'network';
}

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}

/** Drops a body that will not be read (the connection is not reused, so nothing needs draining). */
function discard(response: Response): void {
  (response.body as { destroy?: () => void } | null)?.destroy?.();
}
