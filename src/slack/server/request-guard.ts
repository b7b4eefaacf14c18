import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseForm } from 'node:querystring';
import { isValidSlackRequest } from '@slack/bolt';
import { BodyTooLargeError, readCappedBody } from '../../shared/http/capped-body.js';

/**
 * The gate in front of Bolt for every POST to /slack/events: a request Slack would never send is
 * answered here, before Bolt's pipeline reads or parses anything.
 *
 * - Bodies are capped at what Slack sends (`SLACK_BODY_MAX_BYTES`; a view submission with a full
 *   modal is well under it), not Bolt's 4 MB: a declared `Content-Length` over the cap is answered
 *   413 at once, a body that grows past it as soon as it does, and the connection is closed after the
 *   413 so the rest is never read.
 * - The signature is checked once, with Slack's own rule for the timestamp: `|now − ts| ≤ 300 s`
 *   (Bolt only refuses old ones). 401 otherwise.
 * - A signed body Bolt could not handle is answered 400 instead of hanging (Bolt reads
 *   `body.ssl_check` on a `payload=null`): an interactivity `payload` must be one JSON object, a JSON
 *   body an object.
 *
 * - `ssl_check=1`, unsigned by design, is answered 200 here and goes no further: whatever else the
 *   form carries (a `command`, a `user_id`, a `payload`) was signed by nobody.
 * - "/slack/events" is matched as Bolt matches it (the URL's parsed pathname: `/slack/./events` is
 *   the same endpoint), so no spelling of the path reaches Bolt's endpoint without passing here.
 *
 * Nothing unverified gets past: what reaches `next` on the path has the body buffered as `rawBody`,
 * which Bolt reuses, and `verified` set.
 */
const SLACK_BODY_MAX_BYTES = 1024 * 1024;

/** Slack's window for a request's timestamp, either side of now (reference §1.7). */
const SLACK_TIMESTAMP_WINDOW_S = 300;

export type GuardedRequest = IncomingMessage & { rawBody?: Buffer; verified?: boolean };

export interface RequestGuardOptions {
  readonly next: RequestListener;
  readonly signingSecret: string;
  readonly path: string;
  readonly maxBytes?: number;
  readonly now?: () => number;
}

const FORM = 'application/x-www-form-urlencoded';

export function guardSlackRequests(options: RequestGuardOptions): RequestListener {
  const maxBytes = options.maxBytes ?? SLACK_BODY_MAX_BYTES;
  const now = options.now ?? Date.now;
  return (req, res) => {
    // Stryker disable next-line OptionalChaining: a request a server received always has a method
    if (req.method?.toUpperCase() !== 'POST' || pathOf(req.url) !== options.path) {
      options.next(req, res);
      return;
    }
    readCappedBody(req, { maxBytes, declaredBytes: req.headers['content-length'] }).then(
      (raw) => {
        const guarded = req as GuardedRequest;
        guarded.rawBody = raw;
        const text = raw.toString('utf8');
        const contentType = req.headers['content-type'];
        if (contentType === FORM && parseForm(text).ssl_check === '1') {
          res.writeHead(200).end();
          return;
        }
        if (!signedWithin(req, text, options.signingSecret, now())) {
          refuse(res, 401);
          return;
        }
        if (!readable(text, contentType)) {
          refuse(res, 400);
          return;
        }
        guarded.verified = true;
        options.next(req, res);
      },
      (error: unknown) => {
        if (error instanceof BodyTooLargeError) refuse(res, 413, req);
        else refuse(res, 400, req);
      },
    );
  };
}

/** Answers and, for a body left unread, closes the connection once the answer is out. */
function refuse(res: ServerResponse, status: number, unread?: IncomingMessage): void {
  if (unread) {
    // Stryker disable next-line ArrowFunction,OptionalChaining: Node closes a `connection: close` answer's socket itself once it is out (destroySoon); destroying it here only does not rely on that
    res.writeHead(status, { connection: 'close' }).end(() => unread.socket?.destroy());
  } else {
    res.writeHead(status).end();
  }
}

function signedWithin(req: IncomingMessage, body: string, signingSecret: string, nowMs: number): boolean {
  const signature = req.headers['x-slack-signature'];
  const timestampHeader = req.headers['x-slack-request-timestamp'];
  // Stryker disable next-line ConditionalExpression,LogicalOperator: without it the digits rule and Slack's own check still refuse either missing header (tested); it narrows the types
  if (typeof signature !== 'string' || typeof timestampHeader !== 'string') return false;
  if (!/^\d{1,12}$/.test(timestampHeader)) return false;
  const timestamp = Number(timestampHeader);
  if (Math.abs(nowMs / 1000 - timestamp) > SLACK_TIMESTAMP_WINDOW_S) return false;
  // Bolt's own staleness check reads the same clock, so `now` is the one time both rules see.
  return isValidSlackRequest({
    signingSecret,
    body,
    headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
    nowMilliseconds: nowMs,
  });
}

/** Whether Bolt can take the body: a form whose `payload`, if any, is one JSON object; else a JSON object. */
function readable(text: string, contentType: string | undefined): boolean {
  if (contentType === FORM) {
    const { payload } = parseForm(text);
    if (payload === undefined) return true;
    return typeof payload === 'string' && isJsonObject(payload);
  }
  return isJsonObject(text);
}

function isJsonObject(text: string): boolean {
  // Stryker disable BlockStatement: an empty catch returns undefined, which reads as false too
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
  // Stryker restore BlockStatement
}

/** The path as Bolt's HTTPReceiver routes it: dot segments resolved, query and fragment dropped. */
function pathOf(url: string | undefined): string {
  // Stryker disable BlockStatement: an empty catch returns undefined, no more `path` than '' is
  try {
    // Stryker disable next-line StringLiteral: a request a server received always has a url
    return new URL(url ?? '', 'http://localhost').pathname;
  } catch {
    // Stryker disable next-line StringLiteral: whatever a path that is no URL (`//`) maps to, it is not `path`
    return '';
  }
  // Stryker restore BlockStatement
}
