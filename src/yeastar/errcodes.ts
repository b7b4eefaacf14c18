import { z } from 'zod';
import { assertNever } from '../shared/assert-never.js';
import { CallSummaryError, type PbxRequestName } from '../shared/errors.js';

/**
 * The PBX's `errcode`s: how an answer's envelope is read, what each code means for us, and which can
 * succeed when asked again. Answers come as HTTP 200 with a non-zero errcode (reference §3.1).
 *
 * Where the codes and texts come from:
 * - Yeastar's "Error Code and Error Message" page (help.yeastar.com/en/p-series/developer-guide/
 *   error-code-and-error-message.html; its first rows were read, the tail was not): -2 INTERNAL SERVER
 *   ERROR, -1 FAILURE ("API request fail": generic, not only credentials), 1 PARTIAL SUCCESS,
 *   10001 INTERFACE NOT EXISTED, 10002 API VERSION OUT OF MAINTENANCE, 10003 API VERSION UNSUPPORTED,
 *   10004 TOKEN EXPIRED, 10005 ACCESS DENIED, 40001 PARAMETER SYNTAX ERROR, 40002 PARAMETER ERROR,
 *   60001 DATA NOT FOUND, 60002 MAX LIMITATION EXCEEDED, 70004 ACCOUNT IP BLOCKED, 70084 ACTION FORBIDDEN;
 *   2 PROCESSING from the same table.
 *   Its Response Result page shows -1 as get_token's answer to a wrong Client ID/Secret.
 * - Prior art only (public client code and live notes, reference §3.2), texts unverified: 70087 IP
 *   FORBIDDEN, 70123 / 70656 API unavailable, 80010 no permission, 60002 as "too many tokens"; and a
 *   rejected login seen as errcode 1 or 10002/10003 on some firmware (which the page words otherwise).
 * - Reported against the export, not in the part of the table that was read: 70082
 *   OVERLOAD_TASK_RUNNING (an export asked for while another runs) [I: its text and scope unverified].
 */

/** The codes a non-zero `errcode` maps to. */
export type ErrcodeCode =
  | 'pbx_unreachable'
  | 'pbx_credentials_rejected'
  | 'pbx_ip_blocked'
  | 'pbx_permission'
  | 'pbx_token_limit'
  | 'pbx_busy'
  | 'pbx_api';

export interface ErrcodeFacts {
  readonly what: PbxRequestName;
  readonly errcode: number;
  readonly errmsg: string;
}

/**
 * A non-zero `errcode` from the PBX, mapped to one of our stable codes; keeps the PBX's own words and
 * its (redacted) answer, whose extra fields some callers act on (40002 names the valid time format).
 */
export class PbxApiError extends CallSummaryError<ErrcodeCode> {
  override name = 'PbxApiError';
  readonly errcode: number;
  readonly errmsg: string;
  readonly body: unknown;

  constructor(code: ErrcodeCode, facts: ErrcodeFacts, body?: unknown) {
    super(code, errcodeDetails(code, facts) as never);
    this.errcode = facts.errcode;
    this.errmsg = facts.errmsg;
    this.body = body;
  }
}

function errcodeDetails(code: ErrcodeCode, facts: ErrcodeFacts) {
  switch (code) {
    case 'pbx_unreachable':
      return { ...facts, failure: 'errcode' as const };
    case 'pbx_credentials_rejected':
      return { errcode: facts.errcode };
    case 'pbx_ip_blocked':
    case 'pbx_token_limit':
      return { errcode: facts.errcode, errmsg: facts.errmsg };
    case 'pbx_permission':
    case 'pbx_busy':
    case 'pbx_api':
      return facts;
    default:
      return assertNever(code, 'errcode code');
  }
}

export const TOKEN_EXPIRED = 10004;
/** 60001 DATA NOT FOUND: in answer to the AI export, a window with no call in it (an empty export). */
export const DATA_NOT_FOUND = 60001;
/**
 * "Busy, ask again shortly": 70082 OVERLOAD_TASK_RUNNING (another export is running) and 2 PROCESSING
 * (Yeastar's error table). Not final: the export waits and asks again (src/yeastar/ai-export.ts).
 */
export const BUSY_ERRCODES: ReadonlySet<number> = new Set([2, 70082]);
/** Plausible "no such record" answers (60001 DATA NOT FOUND, prior art); unverified on a live PBX. */
export const NOT_FOUND_ERRCODES: ReadonlySet<number> = new Set([60001]);
/** The PBX's own errmsg values are short upper-case phrases; anything longer is cut. */
export const MAX_ERRMSG_CHARS = 200;

/**
 * Which of our codes a PBX `errcode` means, and whether asking again can help. `login`: the answer is
 * to get_token, where -1 FAILURE means the Client ID/Secret were rejected (and so does errcode 1 on
 * some firmware, per prior art: a login cannot "partially succeed"). Anywhere else -1 is the PBX's
 * generic failure and says nothing about the credentials.
 */
export function classifyErrcode(
  errcode: number,
  errmsg: string,
  context: { readonly login?: boolean } = {},
): { code: ErrcodeCode; transient: boolean } {
  const msg = errmsg.toUpperCase();
  if (errcode === -2) return { code: 'pbx_unreachable', transient: true };
  if (context.login && (errcode === -1 || errcode === 1)) {
    return { code: 'pbx_credentials_rejected', transient: false };
  }
  // 70004 IP blocked (the blocklist, e.g. after 5 failed logins), 70087 IP FORBIDDEN (allow-list).
  if (errcode === 70087 || errcode === 70004 || msg.includes('IP FORBIDDEN') || msg.includes('IP BLOCKED')) {
    return { code: 'pbx_ip_blocked', transient: false };
  }
  if (errcode === 10005 || errcode === 80010 || msg.includes('PERMISSION') || msg.includes('ACCESS DENIED')) {
    return { code: 'pbx_permission', transient: false };
  }
  if (errcode === 60002 || msg.includes('MAX LIMITATION'))
    return { code: 'pbx_token_limit', transient: false };
  // Not for a login: a get_token that does not succeed counts toward the lockout whatever it says.
  if (
    !context.login &&
    (BUSY_ERRCODES.has(errcode) || msg.includes('OVERLOAD_TASK') || msg.includes('OVERLOAD TASK'))
  ) {
    return { code: 'pbx_busy', transient: false };
  }
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

export const envelopeSchema = z.looseObject({
  errcode: errcodeSchema,
  errmsg: z.coerce.string().optional(),
});

/** The errcode and errmsg of an answer, or undefined when it has no readable errcode. */
export function readEnvelope(body: unknown): { errcode: number; errmsg: string } | undefined {
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) return undefined;
  return { errcode: envelope.data.errcode, errmsg: (envelope.data.errmsg ?? '').slice(0, MAX_ERRMSG_CHARS) };
}
