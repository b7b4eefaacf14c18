import { slackRefusal } from './slack-refusals.js';

/** A call leg's side (the model's `Side`, spelled here so shared/ imports nothing above it). */
type Side = 'caller' | 'callee';

/**
 * Every failure the app can explain to a person has a stable `code` and the facts of the case
 * (`details`). Throw sites state facts only; the words for people — the sentence, what to do about
 * it, and whether asking again may help — come from one table here (`ERRORS`), for the CLI, Slack,
 * `callsummary doctor` and the logs alike. No stack trace or PBX internals reach Slack or a terminal.
 *
 * (Over 300 lines: the table is one on purpose — every code's words side by side, checked for
 * completeness by the type of `ERRORS`; Slack's own codes are in slack-refusals.ts.)
 */

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
  readonly usage: { readonly problem: string };
  readonly bad_leg_id: { readonly input: string };
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
    readonly what: string;
    readonly failure: PbxFailure;
    readonly status?: number | undefined;
    readonly errcode?: number | undefined;
    readonly errmsg?: string | undefined;
  };
  readonly pbx_timeout: { readonly what: string; readonly timeoutMs: number };
  readonly pbx_credentials_rejected: {
    readonly errcode?: number | undefined;
    /** True when no login was even tried: earlier rejections stopped them (the PBX blocks the IP at 5). */
    readonly lockedOut?: boolean | undefined;
    readonly failedLogins?: number | undefined;
    readonly retryAfter?: string | undefined;
  };
  readonly pbx_ip_blocked: { readonly errcode: number; readonly errmsg: string };
  readonly pbx_permission: { readonly what: string; readonly errcode: number; readonly errmsg: string };
  readonly pbx_token_limit: { readonly errcode: number; readonly errmsg: string };
  readonly pbx_api: { readonly what: string; readonly errcode: number; readonly errmsg: string };
  readonly pbx_bad_response: {
    readonly what: string;
    readonly problem: BadAnswer;
    readonly status?: number | undefined;
    /** For `shape`: what did not match (scrubbed, bounded). For `too_large`: the cap in bytes. */
    readonly detail?: string | undefined;
    readonly maxBytes?: number | undefined;
  };
  /** The export of a list's period is larger than the app reads. */
  readonly list_too_large: { readonly period: string };
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
    super(ERRORS[code].message(details), options.cause === undefined ? undefined : { cause: options.cause });
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

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
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

interface ErrorEntry<C extends ErrorCode> {
  readonly retryable: boolean | ((details: ErrorDetails[C]) => boolean);
  message(details: ErrorDetails[C]): string;
  hint(audience: Audience, details: ErrorDetails[C]): string;
}

/** Sends the admin to `callsummary doctor`, except inside doctor itself (that would be circular). */
const thenDoctor = (audience: Audience, own: string, doctorClause: string): string =>
  audience === 'doctor' ? `${own}.` : `${own}${doctorClause}`;

const CHECK_CREDENTIALS = 'check YEASTAR_CLIENT_ID / YEASTAR_CLIENT_SECRET';

const ERRORS: { readonly [C in ErrorCode]: ErrorEntry<C> } = {
  config_invalid: {
    retryable: false,
    message: ({ problems, source }) =>
      `${source === undefined ? 'The configuration is incomplete or invalid' : `${source} is invalid`}:\n${problems
        .map((p) => `  - ${p}`)
        .join('\n')}`,
    hint: () => 'Fix what is named above (see .env.example and routing.example.yml).',
  },
  usage: {
    retryable: false,
    message: ({ problem }) => problem,
    hint: (audience) =>
      audience === 'slack' ? 'Type `/callsummary help` for usage.' : 'Run `callsummary help` for usage.',
  },
  bad_leg_id: {
    retryable: false,
    message: ({ input }) =>
      input === ''
        ? `A leg id is needed; it looks like ${LEG_ID_SHAPE}.`
        : `"${input}" is not a leg id; a leg id looks like ${LEG_ID_SHAPE}.`,
    hint: () =>
      'Copy it from the call record (CDR) or the call alert: the call time, a dash and five hex digits.',
  },
  outside_number: {
    retryable: false,
    message: ({ legId, side }) =>
      legId !== undefined && side !== undefined
        ? `The ${side} of ${legId} is an outside number; only extensions have AI summaries.`
        : 'That party is an outside number; only extensions have AI summaries.',
    hint: () => 'Ask for the other side of the call, which is an extension.',
  },
  party_unknown: {
    retryable: false,
    message: ({ legId }) => `The PBX export has no call with leg id ${legId}, so its extensions are unknown.`,
    hint: (audience) =>
      audience === 'slack'
        ? 'Give the extension number too: `/callsummary <leg-id> callee 3202`.'
        : 'Give the extension number too: `--ext 3202` with `callsummary get`.',
  },
  not_transcribed_yet: {
    retryable: true,
    message: ({ legId }) =>
      `${legId} is not in the PBX's AI transcription export yet, so its extensions are not known yet: a call enters it once its AI summary is written, a few minutes after the call ends.`,
    hint: (audience) =>
      audience === 'slack'
        ? 'Try again in a few minutes, or give the extension number: `/callsummary <leg-id> callee 3202`.'
        : 'Try again in a few minutes, or give the extension number: `--ext 3202` with `callsummary get`.',
  },
  no_summary: {
    retryable: ({ sides }) => sides.some((s) => !s.outsideNumber),
    message: ({ legId, sides }) =>
      `No AI summary for ${legId}: ${sides
        .map((s) =>
          s.outsideNumber ? `the ${s.side} is an outside number` : `the ${s.side} has no summary yet`,
        )
        .join(', ')}.`,
    hint: () =>
      'Summaries appear a few minutes after the call ends, for extensions with AI call transcription; try again shortly.',
  },
  no_transcript: {
    retryable: true,
    message: ({ legId }) => `The PBX has no transcript for ${legId} (yet).`,
    hint: () =>
      'Transcripts are written with the summary, a few minutes after the call ends, for extensions with AI call transcription; try again shortly.',
  },
  pbx_unreachable: {
    retryable: true,
    message: ({ what, failure, status, errcode, errmsg }) => {
      switch (failure) {
        case 'refused':
          return `The PBX refused the connection for ${what} (nothing answers at that address and port).`;
        case 'dns':
          return `The PBX's host name could not be resolved for ${what}.`;
        case 'tls':
          return `The PBX's TLS certificate was not trusted for ${what}.`;
        case 'network':
          return `The PBX could not be reached for ${what}.`;
        case 'broken':
          return `The PBX connection broke during ${what}.`;
        case 'http':
          return `The PBX failed to answer ${what} (HTTP ${status ?? 'error'}).`;
        case 'errcode':
          return `The PBX failed to answer ${what} (errcode ${errcode ?? -2} ${errmsg ?? ''}).`.replace(
            ' )',
            ')',
          );
        default:
          return assertNever(failure, 'PBX failure');
      }
    },
    hint: (_audience, { failure }) => {
      switch (failure) {
        case 'refused':
        case 'dns':
          return 'Ask the admin to check YEASTAR_BASE_URL (host and port) and that the PBX is up.';
        case 'tls':
          return "Ask the admin to check the PBX's certificate; an on-prem PBX with its own certificate needs YEASTAR_CA_FILE.";
        case 'network':
        case 'broken':
          return 'Try again in a minute; if it persists, ask the admin to check the network between the bot and the PBX.';
        case 'http':
        case 'errcode':
          return 'The PBX is having trouble; try again in a minute.';
        default:
          return assertNever(failure, 'PBX failure');
      }
    },
  },
  pbx_timeout: {
    retryable: true,
    message: ({ what, timeoutMs }) => `The PBX did not answer ${what} within ${timeoutMs} ms.`,
    hint: () =>
      'Try again in a minute; if it persists, ask the admin to check the PBX and the network (YEASTAR_TIMEOUT_MS).',
  },
  pbx_credentials_rejected: {
    retryable: false,
    message: () => `The PBX rejected the API credentials (${CHECK_CREDENTIALS}).`,
    hint: (audience) => (audience === 'doctor' ? '' : 'Ask the admin to run `callsummary doctor`.'),
  },
  pbx_ip_blocked: {
    retryable: false,
    message: ({ errcode, errmsg }) =>
      errcode === 70087
        ? `The PBX does not allow API requests from this IP address (errcode ${errcode} ${errmsg}); add the bot's IP to the API's allowed IPs (Integrations > API) or the PBX's allowed IPs.`
        : `The PBX has blocked this IP address (errcode ${errcode} ${errmsg}), e.g. after 5 failed logins; an admin must remove it under Security > Security Rules > Blocked IPs.`,
    hint: (audience) =>
      thenDoctor(
        audience,
        "Ask the admin to remove the bot's IP under Security > Security Rules > Blocked IPs on the PBX",
        ', then run `callsummary doctor`.',
      ),
  },
  pbx_permission: {
    retryable: false,
    message: ({ what, errcode, errmsg }) =>
      `The PBX API application lacks permission for ${what} (errcode ${errcode} ${errmsg}).`,
    hint: () =>
      'Ask the admin to grant the API application Extension and CDR/AI read permissions (PBX > Integrations > API).',
  },
  pbx_token_limit: {
    retryable: true,
    message: ({ errcode, errmsg }) =>
      `The PBX holds too many API tokens for this application (errcode ${errcode} ${errmsg}).`,
    hint: (audience) =>
      thenDoctor(
        audience,
        'The PBX holds too many API tokens for this app; they expire within 30 minutes',
        '. Ask the admin to run `callsummary doctor`.',
      ),
  },
  pbx_api: {
    retryable: true,
    message: ({ what, errcode, errmsg }) => {
      if (errcode === 10002 || errcode === 10003) {
        return `The PBX does not support the API version of ${what} (errcode ${errcode} ${errmsg}); AI summaries need API v2.0, which needs current PBX firmware with AI call transcription.`;
      }
      if (errcode === 70123) {
        return `The PBX API is unavailable or disabled (errcode ${errcode} ${errmsg}); enable it under Integrations > API on the PBX.`;
      }
      return `The PBX refused ${what} (errcode ${errcode} ${errmsg}).`;
    },
    hint: (audience) =>
      thenDoctor(
        audience,
        'Try again in a moment',
        '; if it keeps happening, ask the admin to run `callsummary doctor`.',
      ),
  },
  pbx_bad_response: {
    // A person may try again once the admin has fixed what the message names.
    retryable: true,
    message: ({ what, problem, status, detail, maxBytes }) => {
      const mb = `${Math.round((maxBytes ?? 0) / 1024 / 1024)} MB`;
      switch (problem) {
        case 'redirect':
          return `The PBX answered ${what} with a redirect (HTTP ${status}); redirects are not followed because the token is in the URL. Check YEASTAR_BASE_URL.`;
        case 'html':
          return `The PBX answered ${what} with an HTML page (HTTP ${status}), not the API's JSON; check YEASTAR_BASE_URL (the PBX's own address such as https://10.0.0.5:8088, or a proxy's path to it, without /openapi).`;
        case 'not_json':
          return `The PBX answered ${what} with something that is not JSON (HTTP ${status}).`;
        case 'too_large':
          return `The PBX answered ${what} with more than ${mb}, which is not an API answer; check YEASTAR_BASE_URL (the PBX's own address, or a proxy's path to it).`;
        case 'no_errcode':
          return `The PBX answered ${what} without an errcode.`;
        case 'shape':
          return `The PBX's answer to ${what} did not have the expected shape: ${detail ?? ''}`.trim();
        case 'status':
          return `The PBX answered ${what} with HTTP ${status}.`;
        case 'export_not_list':
          return 'The PBX AI transcription export is not a JSON list of calls.';
        case 'export_too_large':
          return `The PBX export file is larger than ${mb}; narrow YEASTAR_EXPORT_WINDOW_MINUTES.`;
        case 'link_not_url':
          return `The PBX gave a download link for ${what} that is not a URL.`;
        case 'link_elsewhere':
          return `The PBX gave a download link for ${what} outside its own /api/download/ area; it was not followed.`;
        default:
          return assertNever(problem, 'bad answer');
      }
    },
    hint: (audience) =>
      thenDoctor(
        audience,
        'Try again in a moment',
        '; if it keeps happening, ask the admin to run `callsummary doctor`.',
      ),
  },
  list_too_large: {
    retryable: false,
    message: ({ period }) =>
      `The PBX's record of the calls in the last ${period} is larger than ${EXPORT_MB} MB, more than the app reads at once.`,
    hint: (audience) =>
      audience === 'slack'
        ? 'Ask for a shorter period, e.g. `/callsummary 3202 24h`.'
        : 'Ask for a shorter period, e.g. `--days 1`.',
  },
  member_unmatched: {
    retryable: ({ reason }) => reason === 'no_directory',
    message: ({ userId, reason }) => {
      switch (reason) {
        case 'no_email':
          return `Slack has no email address for ${userId}, so no extension can be matched to them.`;
        case 'no_scope':
          return 'The app may not read Slack profile emails (scopes users:read and users:read.email), so your extension is unknown.';
        case 'no_extension':
          return `No PBX extension has the email address of ${userId}'s Slack profile.`;
        case 'no_directory':
          return "The PBX's extension list could not be read, so no extension can be matched to you right now.";
        case 'not_mapped':
          return `USER_MAP_FILE does not name ${userId} (and without SLACK_BOT_TOKEN no profile email can be read).`;
        default:
          return assertNever(reason, 'unmatched reason');
      }
    },
    hint: (audience, { reason }) => {
      if (reason === 'no_directory') return 'Try again in a minute.';
      if (reason === 'no_scope') {
        return 'Ask the admin to add users:read and users:read.email (manifest.yml) and reinstall the app, or to add you to USER_MAP_FILE.';
      }
      return audience === 'slack'
        ? "Ask the PBX admin to set your Slack email on your extension, or the bot's admin to add you to USER_MAP_FILE. Meanwhile, ask by number: `/callsummary 3202`."
        : 'Set the member in USER_MAP_FILE (`U0123ABCD: "3202"`) or give the extension instead.';
    },
  },
  restarting: {
    retryable: true,
    message: () => 'The bot is restarting, so it could not finish this.',
    hint: () => 'Try again in a minute.',
  },
  not_allowed: {
    retryable: false,
    message: () => 'Sorry, call summaries are not available to you here.',
    hint: () =>
      'Call summaries are restricted to some channels and people; ask your Slack admin if you need access.',
  },
  access_refused: {
    retryable: false,
    message: ({ what, legId, extension, leadsOnly }) => {
      switch (what) {
        case 'list':
          return `Sorry, you may not see the calls of extension ${extension ?? '?'}.`;
        case 'transcript':
          return leadsOnly
            ? `Sorry, the transcript of call leg ${legId ?? '?'} is for team leads and admins only.`
            : `Sorry, you may not read the transcript of call leg ${legId ?? '?'}.`;
        default:
          return `Sorry, you may not see the summary of call leg ${legId ?? '?'}.`;
      }
    },
    hint: () =>
      'You see the calls of your own extension, and of the teams you lead; ask your admin if you need to see more.',
  },
  slack_token_rejected: {
    retryable: false,
    message: ({ variable, slackError }) => `Slack rejected ${variable} (${slackError}).`,
    hint: (audience, { variable }) =>
      thenDoctor(
        audience,
        variable === 'SLACK_APP_TOKEN'
          ? 'Set SLACK_APP_TOKEN to an xapp- App-Level Token with connections:write (Basic Information > App-Level Tokens)'
          : 'Set SLACK_BOT_TOKEN to the xoxb- Bot User OAuth Token under OAuth & Permissions (reinstall the app if it was revoked)',
        ', then run `callsummary doctor`.',
      ),
  },
  watch_refused: {
    retryable: false,
    message: ({ reason, limit }) => {
      switch (reason) {
        case 'person_full':
          return `You already have ${limit ?? 'the most'} open "Notify me" requests, so I cannot watch this one too.`;
        case 'all_full':
          return 'I am already watching as many calls as I can for everyone, so I cannot watch this one.';
        case 'unavailable':
          return 'I cannot record that right now: the storage I keep requests in is not answering.';
        default:
          return assertNever(reason, 'watch refusal');
      }
    },
    hint: (_audience, { reason }) =>
      reason === 'unavailable'
        ? 'Try again in a minute, or use Try again later.'
        : 'Each request ends when its summary arrives or after 24 hours; meanwhile, use Try again.',
  },
  slack_refused: {
    retryable: ({ error }) => slackRefusal(error).transient,
    message: ({ error }) => slackRefusal(error).message,
    hint: (_audience, { error }) => slackRefusal(error).hint,
  },
};

/** What a person is told about a failure, for the audience reading it. Unknown errors get a generic answer. */
export function describeError(error: unknown, audience: Audience = 'cli'): ErrorDescription {
  if (!(error instanceof CallSummaryError)) {
    return {
      message: 'Something went wrong while fetching the call summary.',
      hint: 'Try again in a moment; if it keeps happening, ask the admin to check the callsummary logs.',
      retryable: true,
    };
  }
  return describeCode(error.code, error.details as never, audience);
}

function describeCode<C extends ErrorCode>(
  code: C,
  details: ErrorDetails[C],
  audience: Audience,
): ErrorDescription {
  const entry: ErrorEntry<C> = ERRORS[code];
  return {
    message: entry.message(details),
    hint: entry.hint(audience, details),
    retryable: typeof entry.retryable === 'function' ? entry.retryable(details) : entry.retryable,
  };
}

/** The export file's size cap (src/yeastar/ai-export.ts), in MB, for the words above. */
const EXPORT_MB = 10;

export const LEG_ID_EXAMPLE = '20260513223234-3EE9E';
export const LEG_ID_SHAPE = `YYYYMMDDhhmmss-XXXXX (for example ${LEG_ID_EXAMPLE})`;
