import { ERRORS, type ErrorEntry } from './error-words.js';
import { ENGLISH, type Words } from './i18n/index.js';

/**
 * Every failure the app can explain to a person has a stable `code` and the facts of the case
 * (`details`). Throw sites state facts only; the words for people — the sentence, what to do about
 * it, and whether asking again may help — come from one table (`ERRORS`, in error-words.ts), for the
 * CLI, Slack, `callsummary doctor` and the logs alike, through `describeError` here. No stack trace
 * or PBX internals reach Slack or a terminal.
 */

/** A call leg's side (the model's `Side`, spelled here so shared/ imports nothing above it). */
type Side = 'caller' | 'callee';

/**
 * What a request to the PBX was for: an id, worded in the reader's language where a sentence names it
 * (`pbxRequestWords` in error-words.ts; "the summary request" in English, as logs say it).
 */
export type PbxRequestName =
  | 'summary_request'
  | 'transcript_request'
  | 'ai_export'
  | 'export_download'
  | 'extension_list'
  | 'extension_search'
  | 'queue_list'
  | 'ring_group_list'
  | 'system_information'
  | 'login'
  | 'token_refresh'
  | 'token_revocation'
  | 'event_subscription';

/** What the command's grammar found wrong in what was typed (`input` as typed, cut short). */
export type QueryProblem =
  | { readonly reason: 'not_a_query'; readonly input: string }
  | { readonly reason: 'not_a_period'; readonly input: string }
  | { readonly reason: 'period_range'; readonly input: string; readonly maxDays: number }
  | { readonly reason: 'not_a_side'; readonly input: string }
  | { readonly reason: 'not_an_extension'; readonly input: string }
  | { readonly reason: 'which_side'; readonly legId: string; readonly extension: string };

/** Why a request to the PBX did not produce an answer: each is worded differently for people. */
export type PbxFailure =
  | 'refused' // nothing listens at the address (ECONNREFUSED)
  | 'dns' // the host name does not resolve
  | 'tls' // the certificate was not trusted
  | 'network' // any other transport failure (reset, unreachable network)
  | 'broken' // the connection broke while the answer was being read
  | 'http' // an HTTP 5xx status
  | 'errcode'; // errcode -2, the PBX's "internal error"

/** Why an answer from the PBX could not be used (asking again will not help). */
export type BadAnswer =
  | 'redirect'
  | 'html'
  | 'not_json'
  | 'too_large'
  | 'no_errcode'
  | 'shape'
  | 'status'
  | 'export_not_list'
  | 'export_too_large'
  | 'link_not_url'
  | 'link_elsewhere';

/** Why a Slack member could not be matched to an extension. */
export type MemberUnmatched =
  | 'no_email' // Slack gave no email for them (a bot, or a profile without one)
  | 'no_scope' // the app lacks users:read / users:read.email
  | 'no_extension' // no extension has their email
  | 'no_directory' // the PBX's extension list could not be read
  | 'not_mapped'; // the CLI without Slack: USER_MAP_FILE does not name them

/** The facts each code carries. */
export interface ErrorDetails {
  readonly config_invalid: { readonly problems: readonly string[]; readonly source?: string | undefined };
  /**
   * What was asked cannot be read: `problem` is worded by whoever found it, in the reader's words; a
   * `query` is the command's grammar's own finding (use-case/model/call-query.ts), worded here.
   */
  readonly usage:
    | { readonly problem: string; readonly query?: undefined }
    | { readonly problem?: undefined; readonly query: QueryProblem };
  /** `callTime`: the input is a leg id's first half, a call time, without its suffix. */
  readonly bad_leg_id: { readonly input: string; readonly callTime?: boolean | undefined };
  /** An extension number the PBX does not have (its directory and its search agree). */
  readonly no_such_extension: { readonly extension: string };
  readonly outside_number: { readonly legId?: string | undefined; readonly side?: Side | undefined };
  readonly party_unknown: { readonly legId: string };
  /** A recent leg the AI export lacks: legs enter it once their summary is written. */
  readonly not_transcribed_yet: { readonly legId: string };
  /** No AI summary for the sides asked: none written yet, or the party is an outside number. */
  readonly no_summary: {
    readonly legId: string;
    readonly sides: readonly { readonly side: Side; readonly outsideNumber: boolean }[];
  };
  /** The PBX has no transcript of the leg (yet). */
  readonly no_transcript: { readonly legId: string };
  readonly pbx_unreachable: {
    readonly what: PbxRequestName;
    readonly failure: PbxFailure;
    readonly status?: number | undefined;
    readonly errcode?: number | undefined;
    readonly errmsg?: string | undefined;
  };
  readonly pbx_timeout: { readonly what: PbxRequestName; readonly timeoutMs: number };
  readonly pbx_credentials_rejected: {
    readonly errcode?: number | undefined;
    /** True when no login was even tried: earlier rejections stopped them (the PBX blocks the IP at 5). */
    readonly lockedOut?: boolean | undefined;
    readonly failedLogins?: number | undefined;
    /** `failedLogins` counts logins to this PBX with any credentials (it blocks the IP at 5). */
    readonly anyCredentials?: boolean | undefined;
    readonly retryAfter?: string | undefined;
  };
  readonly pbx_ip_blocked: { readonly errcode: number; readonly errmsg: string };
  readonly pbx_permission: {
    readonly what: PbxRequestName;
    readonly errcode: number;
    readonly errmsg: string;
  };
  readonly pbx_token_limit: { readonly errcode: number; readonly errmsg: string };
  /**
   * The PBX is running another task (errcode 70082 OVERLOAD_TASK_RUNNING, or 2 PROCESSING): not final;
   * `waitedSeconds` is how long the client waited and asked again before giving up.
   */
  readonly pbx_busy: {
    readonly what: PbxRequestName;
    readonly errcode: number;
    readonly errmsg: string;
    readonly waitedSeconds?: number | undefined;
  };
  readonly pbx_api: { readonly what: PbxRequestName; readonly errcode: number; readonly errmsg: string };
  readonly pbx_bad_response: {
    readonly what: PbxRequestName;
    readonly problem: BadAnswer;
    readonly status?: number | undefined;
    /** For `shape`: what did not match (scrubbed, bounded). For `too_large`: the cap in bytes. */
    readonly detail?: string | undefined;
    readonly maxBytes?: number | undefined;
  };
  /** The export of a list's period is larger than the app reads (`maxBytes`, the export's cap). */
  readonly list_too_large: { readonly period: string; readonly maxBytes?: number | undefined };
  /** A Slack member whose calls were asked for is matched to no extension. */
  readonly member_unmatched: { readonly userId: string; readonly reason: MemberUnmatched };
  readonly not_allowed: { readonly userId: string | undefined; readonly channelId: string | undefined };
  /** ACCESS_FILE: the call (or list) is not one the person may see. */
  readonly access_refused: {
    readonly what: 'summary' | 'transcript' | 'list';
    readonly legId?: string | undefined;
    readonly extension?: string | undefined;
    /** Transcripts are for leads and admins (`transcripts: leads`). */
    readonly leadsOnly?: boolean | undefined;
  };
  readonly slack_token_rejected: {
    readonly variable: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN';
    readonly slackError: string;
  };
  /** Slack refused a Web API call or a response_url: `error` is Slack's own code. */
  readonly slack_refused: { readonly error: string; readonly method?: string | undefined };
  /** The bot is shutting down (a restart, a deploy): what was asked was not done. */
  readonly restarting: Record<string, never>;
  /** "Notify me" refused: too many open watches (the person's, or in all), or the store not answering. */
  readonly watch_refused: {
    readonly reason: 'person_full' | 'all_full' | 'unavailable';
    readonly limit?: number | undefined;
  };
}

export type ErrorCode = keyof ErrorDetails;

export class CallSummaryError<C extends ErrorCode = ErrorCode> extends Error {
  override name = 'CallSummaryError';
  readonly code: C;
  readonly details: ErrorDetails[C];

  constructor(code: C, details: ErrorDetails[C], options: { cause?: unknown } = {}) {
    // The message is the table's sentence, so a logged error reads like what a person was told.
    // Logs are read by the operator, in English.
    super(
      ERRORS[code].message(details, ENGLISH),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    this.details = details;
  }
}

export function isCallSummaryError<C extends ErrorCode>(
  error: unknown,
  code?: C,
): error is CallSummaryError<C> {
  return error instanceof CallSummaryError && (code === undefined || error.code === code);
}

/** Who reads the words: the hint differs (Slack's own help, the CLI's flags, doctor's checklist). */
export type Audience = 'slack' | 'cli' | 'doctor';

export interface ErrorDescription {
  /** One sentence saying what went wrong, for the person who asked. */
  readonly message: string;
  /** What they (or their admin) can do about it; empty when there is nothing to add. */
  readonly hint: string;
  /** Asking again later may succeed (Slack offers Try again). */
  readonly retryable: boolean;
}

/**
 * What a person is told about a failure, for the audience reading it, in their words. Unknown errors
 * get a generic answer.
 */
export function describeError(error: unknown, audience: Audience, words: Words): ErrorDescription {
  if (!(error instanceof CallSummaryError)) {
    return {
      message: words.t('error.generic.message'),
      hint: words.t('error.generic.hint'),
      retryable: true,
    };
  }
  return describeCode(error.code, error.details as never, audience, words);
}

function describeCode<C extends ErrorCode>(
  code: C,
  details: ErrorDetails[C],
  audience: Audience,
  words: Words,
): ErrorDescription {
  const entry: ErrorEntry<C> = ERRORS[code];
  return {
    message: entry.message(details, words),
    hint: entry.hint(audience, details, words),
    retryable: typeof entry.retryable === 'function' ? entry.retryable(details) : entry.retryable,
  };
}
