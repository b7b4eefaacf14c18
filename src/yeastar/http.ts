import { z } from 'zod';
import { CallSummaryError, type PbxRequestName } from '../shared/errors.js';
import type { Logger } from '../shared/log.js';
import { type Metrics, NO_METRICS } from '../shared/metrics.js';
import { DOWNLOAD_WHAT, downloadOnce, type FileReader } from './download.js';
import { classifyErrcode, envelopeSchema, MAX_ERRMSG_CHARS, PbxApiError } from './errcodes.js';
import { type RetryPolicy, withRetries } from './retry.js';
import { type Attempt, createPbxTransport } from './transport.js';
import { pbxApiBase, pbxDownloadUrl, pbxRequestUrl } from './urls.js';

/**
 * The PBX API as the rest of the client sees it: `call` sends one request and returns the validated
 * body of an `errcode: 0` answer; `download` fetches an export file. Both go through the one transport
 * (src/yeastar/transport.ts) and the one retry policy (src/yeastar/retry.ts), and the
 * `access_token` is scrubbed from every logged URL and every error message or cause.
 */

export interface PbxRequest {
  readonly method: 'GET' | 'POST';
  /** Path under the base URL, e.g. `/openapi/v1.0/get_token`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number>>;
  readonly body?: unknown;
  /** Sent as `?access_token=` (the PBX ignores Authorization headers). */
  readonly token?: string;
  /** For messages and logs: what this request is for, e.g. "the summary request". */
  readonly what: PbxRequestName;
  /** A login (get_token): its errcodes are read as answers about the credentials. */
  readonly login?: boolean;
  /** Retries for this request instead of the policy's (the readiness probe asks again on its own schedule). */
  readonly maxRetries?: number;
}

export interface PbxHttpOptions {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  /** PEM text of a CA to trust for this client only (YEASTAR_CA_FILE). */
  readonly ca?: string | undefined;
  readonly logger: Logger;
  /** Literal secrets to scrub from logs and messages (client secret). */
  readonly secrets?: readonly string[];
  /** Back-off: waits this long; injectable so tests do not sleep. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Base delay of the exponential back-off. */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /** Cap on one API answer's body (default MAX_ANSWER_BYTES); beyond it the answer is refused. */
  readonly maxAnswerBytes?: number;
  /** Each try counted by endpoint and errcode; export bytes. */
  readonly metrics?: Metrics;
}

/**
 * An API answer is a small JSON document (a summary, a page of extensions); a body beyond this is not
 * the API (a proxy streaming something else, a misbehaving PBX) and is not read into memory.
 */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

export interface PbxHttp {
  readonly baseUrl: string;
  /** The CA trusted for this PBX (YEASTAR_CA_FILE), for its other connections (the event WebSocket). */
  readonly ca: string | undefined;
  /** The retry policy every PBX request follows (the WebSocket's reconnects use its back-off). */
  readonly retry: RetryPolicy;
  /** Sends one request (with retries) and returns the validated body of an `errcode: 0` answer. */
  call<T>(request: PbxRequest, schema: z.core.$ZodType<T>): Promise<T>;
  /**
   * Downloads a same-origin `/api/download/…` file (with retries and a byte cap), its body handed to
   * `read` as it arrives; returns what `read` made of it.
   */
  download<T>(resourceUrl: string, token: string, maxBytes: number, read: FileReader<T>): Promise<T>;
  close(): void;
}

const sleepReal = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createPbxHttp(options: PbxHttpOptions): PbxHttp {
  const { origin, basePath } = pbxApiBase(options.baseUrl);
  const baseUrl = `${origin}${basePath}`;
  const maxAnswerBytes = options.maxAnswerBytes ?? MAX_ANSWER_BYTES;
  const metrics = options.metrics ?? NO_METRICS;
  /** Runs one try and counts it (the errcode, or what happened instead of one). */
  const counted = async <T>(endpoint: string, once: () => Promise<Attempt<T>>): Promise<Attempt<T>> => {
    const started = performance.now();
    const attempt = await once();
    metrics.pbxRequest(endpoint, errcodeLabel(attempt), (performance.now() - started) / 1000);
    return attempt;
  };
  const transport = createPbxTransport({
    timeoutMs: options.timeoutMs,
    ca: options.ca,
    logger: options.logger,
    secrets: options.secrets ?? [],
  });
  const retry: RetryPolicy = {
    maxRetries: options.maxRetries,
    baseMs: options.retryBaseMs ?? 200,
    maxMs: options.retryMaxMs ?? 3000,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? sleepReal,
    logger: options.logger,
  };

  async function callOnce<T>(request: PbxRequest, url: URL, schema: z.core.$ZodType<T>): Promise<Attempt<T>> {
    const { what, token } = request;
    const result = await transport.exchange({
      method: request.method,
      url,
      body: request.body,
      accept: 'application/json',
      token,
      what,
      maxBytes: maxAnswerBytes,
      tooLarge: 'too_large',
    });
    if (!result.ok) return result;
    const { status, contentType, text } = result.value;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      // Typically the PBX web portal (or a proxy) answering an address that is not the API: a wrong
      // path or port in YEASTAR_BASE_URL. Asking again cannot help.
      const html = /html/i.test(contentType) || /^\s*</.test(text.slice(0, 100));
      const problem = html ? 'html' : 'not_json';
      return {
        ok: false,
        transient: false,
        error: new CallSummaryError('pbx_bad_response', { what, problem, status }),
      };
    }
    const envelope = envelopeSchema.safeParse(body);
    if (!envelope.success) {
      const error = new CallSummaryError('pbx_bad_response', { what, problem: 'no_errcode' });
      return { ok: false, transient: false, error };
    }
    const { errcode } = envelope.data;
    if (errcode !== 0) {
      // Bounded: it reaches Slack answers and logs, and a PBX (or a proxy) may say anything.
      const errmsg = transport.scrub(envelope.data.errmsg ?? '', token).slice(0, MAX_ERRMSG_CHARS);
      const { code, transient } = classifyErrcode(errcode, errmsg, { login: request.login ?? false });
      const error = new PbxApiError(code, { what, errcode, errmsg }, transport.scrubBody(body, token));
      return { ok: false, transient, error };
    }
    const parsed = z.safeParse(schema, body);
    if (parsed.success) return { ok: true, value: parsed.data };
    const detail = transport.scrub(z.prettifyError(parsed.error).replace(/\s+/g, ' '), token).slice(0, 300);
    const error = new CallSummaryError('pbx_bad_response', { what, problem: 'shape', detail });
    return { ok: false, transient: false, error };
  }

  return {
    baseUrl,
    ca: options.ca,
    retry,
    call: async (request, schema) => {
      const url = pbxRequestUrl(baseUrl, request.path, request.query ?? {}, request.token);
      const endpoint = endpointLabel(request.path);
      const policy = request.maxRetries === undefined ? retry : { ...retry, maxRetries: request.maxRetries };
      return withRetries(policy, request.what, () => counted(endpoint, () => callOnce(request, url, schema)));
    },
    download: async <T>(resourceUrl: string, token: string, maxBytes: number, read: FileReader<T>) => {
      const url = pbxDownloadUrl(baseUrl, resourceUrl, token);
      // The file's bytes are counted as they are read (GET /metrics: export bytes).
      const counting: FileReader<T> = (chunks) => read(countBytes(chunks, (n) => metrics.pbxExportBytes(n)));
      return withRetries(retry, DOWNLOAD_WHAT, () =>
        counted('download', () => downloadOnce(transport, url, token, maxBytes, counting)),
      );
    },
    close: () => transport.close(),
  };
}

/** The API path without its version, for a metric's label: `/openapi/v2.0/cdr/aidownload` → `cdr/aidownload`. */
export function endpointLabel(path: string): string {
  const endpoint = path.replace(/^\/?openapi\/v\d+(\.\d+)?\//, '').replace(/^\/+/, '');
  // Paths are the client's own constants; anything else (an id in a path) never becomes a label.
  return /^[a-z_]+(\/[a-z_]+)*$/.test(endpoint) ? endpoint : 'other';
}

/** The errcode a try ended with (`0`: success), or what happened instead of an answer with one. */
function errcodeLabel(attempt: Attempt<unknown>): string {
  if (attempt.ok) return '0';
  const { error } = attempt;
  if (error instanceof PbxApiError)
    return /^-?\d{1,6}$/.test(String(error.errcode)) ? String(error.errcode) : 'other';
  switch (error.code) {
    case 'pbx_timeout':
      return 'timeout';
    case 'pbx_unreachable':
      return (error.details as { failure?: unknown }).failure === 'http' ? 'http_5xx' : 'unreachable';
    default:
      return 'bad_answer';
  }
}

/** `chunks`, passed through, with their byte count told once they end. */
async function* countBytes(
  chunks: AsyncIterable<Uint8Array>,
  told: (bytes: number) => void,
): AsyncGenerator<Uint8Array> {
  let bytes = 0;
  try {
    for await (const chunk of chunks) {
      bytes += chunk.byteLength;
      yield chunk;
    }
  } finally {
    told(bytes);
  }
}
