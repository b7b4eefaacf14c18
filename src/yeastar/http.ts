import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import fetch, { type Response } from 'node-fetch';
import { z } from 'zod';
import { assertNever, CallSummaryError, type PbxFailure } from '../errors.js';
import { type Logger, redact } from '../log.js';

/**
 * One PBX request done properly: `User-Agent: OpenAPI` (the PBX answers 40002 without it), a timeout,
 * no redirects (the token travels in the URL), JSON validated with zod, a non-zero `errcode` turned
 * into a `PbxApiError`, bounded retries with full jitter for transient failures only, and the
 * `access_token` scrubbed from every logged URL and every error message or cause.
 */

/** The codes a non-zero `errcode` maps to. */
export type ErrcodeCode =
  | 'pbx_unreachable'
  | 'pbx_credentials_rejected'
  | 'pbx_ip_blocked'
  | 'pbx_permission'
  | 'pbx_token_limit'
  | 'pbx_api';

/**
 * A non-zero `errcode` from the PBX, mapped to one of our stable codes; keeps the PBX's own words and
 * its (redacted) answer, whose extra fields some callers act on (40002 names the valid time format).
 */
export class PbxApiError extends CallSummaryError<ErrcodeCode> {
  override name = 'PbxApiError';
  readonly errcode: number;
  readonly errmsg: string;
  readonly body: unknown;

  constructor(code: ErrcodeCode, facts: { what: string; errcode: number; errmsg: string }, body?: unknown) {
    super(code, errcodeDetails(code, facts) as never);
    this.errcode = facts.errcode;
    this.errmsg = facts.errmsg;
    this.body = body;
  }
}

function errcodeDetails(code: ErrcodeCode, facts: { what: string; errcode: number; errmsg: string }) {
  switch (code) {
    case 'pbx_unreachable':
      return { ...facts, failure: 'errcode' as const };
    case 'pbx_credentials_rejected':
      return { errcode: facts.errcode };
    case 'pbx_ip_blocked':
    case 'pbx_token_limit':
      return { errcode: facts.errcode, errmsg: facts.errmsg };
    case 'pbx_permission':
    case 'pbx_api':
      return facts;
    default:
      return assertNever(code, 'errcode code');
  }
}

export const TOKEN_EXPIRED = 10004;

/**
 * Where the PBX API lives. A path in YEASTAR_BASE_URL (a reverse proxy's prefix such as
 * `https://gw.example.com/pbx`) is kept in front of every API path; an API path pasted by mistake
 * (`…/openapi` or `…/openapi/v1.0`) is dropped, since the client adds the version per endpoint.
 */
export function pbxApiBase(baseUrl: string): { readonly origin: string; readonly basePath: string } {
  const url = new URL(baseUrl);
  const basePath = url.pathname.replace(/\/+$/, '').replace(/\/openapi(\/v\d+(\.\d+)?)?$/i, '');
  return { origin: url.origin, basePath };
}

/** `{base}{path}`: the base URL's own path is kept (new URL('/x', base) would drop it). */
export function pbxApiUrl(baseUrl: string, path: string): URL {
  const { origin, basePath } = pbxApiBase(baseUrl);
  return new URL(`${origin}${basePath}${path.startsWith('/') ? path : `/${path}`}`);
}
/** Plausible "no such record" answers (reference §3.2: 60001 DATA NOT FOUND); unverified on a live PBX. */
export const NOT_FOUND_ERRCODES: ReadonlySet<number> = new Set([60001]);

/**
 * Which of our codes a PBX `errcode` means, and whether asking again can help. Codes and texts from
 * Yeastar's "Error Code and Error Message" table (help.yeastar.com/en/p-series-software-edition/
 * developer-guide/error-code-and-error-message.html): -2 INTERNAL SERVER ERROR, -1 FAILURE,
 * 10001 INTERFACE NOT EXISTED, 10002 API VERSION OUT OF MAINTENANCE, 10003 API VERSION UNSUPPORTED,
 * 10004 TOKEN EXPIRED, 10005 ACCESS DENIED, 40002 PARAMETER ERROR, 60001 DATA NOT FOUND,
 * 60002 MAX LIMITATION EXCEEDED, 70004 ACCOUNT IP BLOCKED, 70087 IP FORBIDDEN, 70123 API UNAVAILABLE.
 */
/** The PBX's own errmsg values are short upper-case phrases; anything longer is cut. */
const MAX_ERRMSG_CHARS = 200;

export function classifyErrcode(errcode: number, errmsg: string): { code: ErrcodeCode; transient: boolean } {
  const msg = errmsg.toUpperCase();
  if (errcode === -2) return { code: 'pbx_unreachable', transient: true };
  if (errcode === -1) return { code: 'pbx_credentials_rejected', transient: false };
  // 70004 ACCOUNT IP BLOCKED (the blocklist, e.g. after 5 failed logins), 70087 IP FORBIDDEN (allow-list).
  if (errcode === 70087 || errcode === 70004 || msg.includes('IP FORBIDDEN') || msg.includes('IP BLOCKED')) {
    return { code: 'pbx_ip_blocked', transient: false };
  }
  // 10005 is "access denied" in one source; 80010 "no permission" in another (both unverified).
  if (errcode === 10005 || errcode === 80010 || msg.includes('PERMISSION') || msg.includes('ACCESS DENIED')) {
    return { code: 'pbx_permission', transient: false };
  }
  if (errcode === 60002 || msg.includes('MAX LIMITATION'))
    return { code: 'pbx_token_limit', transient: false };
  return { code: 'pbx_api', transient: false };
}

// Numbers may come as strings ("0"), but null, "" or true must not read as errcode 0 (success).
const errcodeSchema = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^\s*-?\d+\s*$/)
    .transform(Number),
]);
const envelopeSchema = z.looseObject({
  errcode: errcodeSchema,
  errmsg: z.coerce.string().optional(),
});

/** The PBX's error answer inside a body that should have been something else (a download), if any. */
function errorAnswerIn(text: string): { errcode: number; errmsg: string; body: unknown } | undefined {
  if (!/^\s*\{/.test(text) || text.length > 64 * 1024) return undefined;
  try {
    const body: unknown = JSON.parse(text);
    const envelope = envelopeSchema.safeParse(body);
    if (!envelope.success || envelope.data.errcode === 0) return undefined;
    return {
      errcode: envelope.data.errcode,
      errmsg: (envelope.data.errmsg ?? '').slice(0, MAX_ERRMSG_CHARS),
      body,
    };
  } catch {
    return undefined;
  }
}

export interface PbxRequest {
  readonly method: 'GET' | 'POST';
  /** Path under the base URL, e.g. `/openapi/v1.0/get_token`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number>>;
  readonly body?: unknown;
  /** Sent as `?access_token=` (the PBX ignores Authorization headers). */
  readonly token?: string;
  /** For messages and logs: what this request is for, e.g. "the summary request". */
  readonly what: string;
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
}

/**
 * An API answer is a small JSON document (a summary, a page of extensions); a body beyond this is not
 * the API (a proxy streaming something else, a misbehaving PBX) and is not read into memory.
 */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

export interface PbxHttp {
  readonly baseUrl: string;
  /** Sends one request (with retries) and returns the validated body of an `errcode: 0` answer. */
  call<T>(request: PbxRequest, schema: z.ZodType<T>): Promise<T>;
  /** Downloads a same-origin `/api/download/…` file, streamed with a byte cap; returns its text. */
  download(resourceUrl: string, token: string, maxBytes: number): Promise<string>;
  close(): void;
}

const sleepReal = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createPbxHttp(options: PbxHttpOptions): PbxHttp {
  const { origin, basePath } = pbxApiBase(options.baseUrl);
  const baseUrl = `${origin}${basePath}`;
  const log = options.logger;
  const sleep = options.sleep ?? sleepReal;
  const random = options.random ?? Math.random;
  const retryBaseMs = options.retryBaseMs ?? 200;
  const retryMaxMs = options.retryMaxMs ?? 3000;
  const secrets = options.secrets ?? [];
  const maxAnswerBytes = options.maxAnswerBytes ?? MAX_ANSWER_BYTES;
  // Agents for this client only: a custom CA never turns verification off for anything else.
  const httpsAgent = new HttpsAgent({ keepAlive: true, ...(options.ca ? { ca: options.ca } : {}) });
  const httpAgent = new HttpAgent({ keepAlive: true });
  const agent = (url: URL) => (url.protocol === 'https:' ? httpsAgent : httpAgent);
  const scrub = (text: string, token?: string) => redact(text, token ? [...secrets, token] : secrets);

  function buildUrl(path: string, query: Readonly<Record<string, string | number>>, token?: string): URL {
    const url = pbxApiUrl(baseUrl, path);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, String(value));
    if (token !== undefined) url.searchParams.set('access_token', token);
    return url;
  }

  /** A request that got no (complete) answer: timed out, or why the connection failed or broke. */
  function transportError(
    what: string,
    error: unknown,
    token: string | undefined,
    broken = false,
  ): CallSummaryError {
    const cause = safeCause(error, token);
    if (isTimeout(error))
      return new CallSummaryError('pbx_timeout', { what, timeoutMs: options.timeoutMs }, { cause });
    const failure = broken && transportFailure(error) === 'network' ? 'broken' : transportFailure(error);
    return new CallSummaryError('pbx_unreachable', { what, failure }, { cause });
  }

  /** Node/undici errors carry the URL (with the token) in their message: keep only a scrubbed copy. */
  function safeCause(error: unknown, token?: string): Error {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown } | null)?.code;
    const safe = new Error(scrub(message, token));
    safe.name = error instanceof Error ? error.name : 'Error';
    if (typeof code === 'string') Object.assign(safe, { code });
    return safe;
  }

  async function once(request: PbxRequest, url: URL): Promise<{ ok: true; body: unknown } | Failure> {
    const shownUrl = scrub(url.href, request.token);
    let response: Response;
    try {
      response = await fetch(url.href, {
        method: request.method,
        headers: {
          'User-Agent': 'OpenAPI',
          Accept: 'application/json',
          ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
        agent,
      });
    } catch (error) {
      log.debug(
        `${request.method} ${shownUrl} failed: ${scrub(String((error as Error)?.message), request.token)}`,
      );
      return { ok: false, transient: true, error: transportError(request.what, error, request.token) };
    }
    log.debug(`${request.method} ${shownUrl} -> HTTP ${response.status}`);
    if (response.status >= 300 && response.status < 400) {
      await drain(response);
      return {
        ok: false,
        transient: false,
        error: new CallSummaryError('pbx_bad_response', {
          what: request.what,
          problem: 'redirect',
          status: response.status,
        }),
      };
    }
    if (response.status >= 500) {
      await drain(response);
      return {
        ok: false,
        transient: true,
        error: new CallSummaryError('pbx_unreachable', {
          what: request.what,
          failure: 'http',
          status: response.status,
        }),
      };
    }
    let text: string;
    try {
      text = await readCapped(response, maxAnswerBytes);
    } catch (error) {
      if (error instanceof AnswerTooLarge) {
        return {
          ok: false,
          transient: false,
          error: new CallSummaryError('pbx_bad_response', {
            what: request.what,
            problem: 'too_large',
            status: response.status,
            maxBytes: maxAnswerBytes,
          }),
        };
      }
      return { ok: false, transient: true, error: transportError(request.what, error, request.token, true) };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      // Typically the PBX web portal (or a proxy) answering an address that is not the API: a wrong
      // path or port in YEASTAR_BASE_URL. Asking again cannot help.
      const html =
        /html/i.test(response.headers.get('content-type') ?? '') || /^\s*</.test(text.slice(0, 100));
      return {
        ok: false,
        transient: false,
        error: new CallSummaryError('pbx_bad_response', {
          what: request.what,
          problem: html ? 'html' : 'not_json',
          status: response.status,
        }),
      };
    }
    return { ok: true, body: json };
  }

  async function call<T>(request: PbxRequest, schema: z.ZodType<T>): Promise<T> {
    const url = buildUrl(request.path, request.query ?? {}, request.token);
    for (let attempt = 0; ; attempt++) {
      const result = await once(request, url);
      let failure: Failure;
      if (result.ok) {
        const envelope = envelopeSchema.safeParse(result.body);
        if (!envelope.success) {
          throw new CallSummaryError('pbx_bad_response', { what: request.what, problem: 'no_errcode' });
        }
        const { errcode } = envelope.data;
        // Bounded: it reaches Slack answers and logs, and a PBX (or a proxy) may say anything.
        const errmsg = scrub(envelope.data.errmsg ?? '', request.token).slice(0, MAX_ERRMSG_CHARS);
        if (errcode === 0) {
          const parsed = schema.safeParse(result.body);
          if (parsed.success) return parsed.data;
          throw new CallSummaryError('pbx_bad_response', {
            what: request.what,
            problem: 'shape',
            detail: scrub(z.prettifyError(parsed.error).replace(/\s+/g, ' '), request.token).slice(0, 300),
          });
        }
        const { code, transient } = classifyErrcode(errcode, errmsg);
        const error = new PbxApiError(
          code,
          { what: request.what, errcode, errmsg },
          redactBody(result.body, request.token, scrub),
        );
        failure = { ok: false, transient, error };
      } else {
        failure = result;
      }
      if (!failure.transient || attempt >= options.maxRetries) throw failure.error;
      // Full jitter: a random wait up to the exponential ceiling, so replicas do not retry in step.
      const ceiling = Math.min(retryMaxMs, retryBaseMs * 2 ** attempt);
      const wait = Math.floor(random() * ceiling);
      log.warn(
        `PBX ${request.what} failed (${failure.error.code}); retry ${attempt + 1}/${options.maxRetries} in ${wait} ms`,
      );
      await sleep(wait);
    }
  }

  async function download(resourceUrl: string, token: string, maxBytes: number): Promise<string> {
    let url: URL;
    try {
      // The PBX names a root-relative `/api/download/…`: behind a base path (a proxy prefix) it lives
      // under that path too.
      const rootRelative = resourceUrl.startsWith('/') && !resourceUrl.startsWith('//');
      const underBase = basePath !== '' && resourceUrl.startsWith(`${basePath}/api/download/`);
      url =
        rootRelative && !underBase
          ? new URL(`${origin}${basePath}${resourceUrl}`)
          : new URL(resourceUrl, `${baseUrl}/`);
    } catch {
      throw new CallSummaryError('pbx_bad_response', {
        what: 'the export download',
        problem: 'link_not_url',
      });
    }
    // The token goes with this request: only to the PBX itself, and only to its download area.
    if (url.origin !== origin || !url.pathname.startsWith(`${basePath}/api/download/`)) {
      throw new CallSummaryError('pbx_bad_response', {
        what: 'the export download',
        problem: 'link_elsewhere',
      });
    }
    url.searchParams.set('access_token', token);
    const what = 'the export download';
    let response: Response;
    try {
      response = await fetch(url.href, {
        method: 'GET',
        headers: { 'User-Agent': 'OpenAPI' },
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
        agent,
      });
    } catch (error) {
      throw transportError(what, error, token);
    }
    log.debug(`GET ${scrub(url.href, token)} -> HTTP ${response.status}`);
    if (response.status !== 200) {
      await drain(response);
      throw response.status >= 500
        ? new CallSummaryError('pbx_unreachable', { what, failure: 'http', status: response.status })
        : new CallSummaryError('pbx_bad_response', { what, problem: 'status', status: response.status });
    }
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      await drain(response);
      throw tooLarge(maxBytes);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body ?? []) {
        const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
        size += buffer.length;
        if (size > maxBytes) {
          (response.body as unknown as { destroy?: () => void }).destroy?.();
          throw tooLarge(maxBytes);
        }
        chunks.push(buffer);
      }
    } catch (error) {
      if (error instanceof CallSummaryError) throw error;
      throw transportError(what, error, token, true);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    // An expired token or link is answered with the API's error JSON instead of the file: raise it as
    // the API error it is, so a 10004 renews the token like any other request.
    const failed = errorAnswerIn(text);
    if (failed) {
      const errmsg = scrub(failed.errmsg, token);
      const { code } = classifyErrcode(failed.errcode, errmsg);
      throw new PbxApiError(
        code,
        { what, errcode: failed.errcode, errmsg },
        redactBody(failed.body, token, scrub),
      );
    }
    return text;
  }

  return {
    baseUrl,
    call,
    download,
    close: () => {
      httpsAgent.destroy();
      httpAgent.destroy();
    },
  };
}

type Failure = { ok: false; transient: boolean; error: CallSummaryError };

class AnswerTooLarge extends Error {}

/** The body as text, refusing (and dropping the connection) once it grows past `maxBytes`. */
async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const body = response.body as (AsyncIterable<unknown> & { destroy?: () => void }) | null;
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    body?.destroy?.();
    throw new AnswerTooLarge();
  }
  if (!body) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > maxBytes) {
      body.destroy?.();
      throw new AnswerTooLarge();
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(maxBytes: number): CallSummaryError {
  return new CallSummaryError('pbx_bad_response', {
    what: 'the export download',
    problem: 'export_too_large',
    maxBytes,
  });
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

async function drain(response: Response): Promise<void> {
  try {
    await response.arrayBuffer();
  } catch {
    // The body is irrelevant once we know the status; a broken one must not mask the real error.
  }
}

function redactBody(
  body: unknown,
  token: string | undefined,
  scrub: (t: string, k?: string) => string,
): unknown {
  try {
    return JSON.parse(scrub(JSON.stringify(body), token));
  } catch {
    return undefined;
  }
}
