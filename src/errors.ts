/**
 * Every failure the app can explain to a person has a stable `code`. Messages for people are mapped
 * from the code in one place (`describeError`), so no stack trace or PBX internals reach Slack or a
 * terminal.
 */
export type ErrorCode =
  | 'config_invalid'
  | 'usage'
  | 'bad_leg_id'
  | 'outside_number'
  | 'party_unknown'
  | 'extension_not_found'
  | 'pbx_unreachable'
  | 'pbx_timeout'
  | 'pbx_credentials_rejected'
  | 'pbx_ip_blocked'
  | 'pbx_permission'
  | 'pbx_token_limit'
  | 'pbx_api'
  | 'pbx_bad_response'
  | 'not_allowed'
  | 'slack_token_rejected';

export class CallSummaryError extends Error {
  override name = 'CallSummaryError';
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }
}

export function isCallSummaryError(error: unknown, code?: ErrorCode): error is CallSummaryError {
  return error instanceof CallSummaryError && (code === undefined || error.code === code);
}

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}

export interface ErrorDescription {
  /** One sentence saying what went wrong, for the person who asked. */
  readonly message: string;
  /** What they (or their admin) can do about it. */
  readonly hint: string;
}

/** The one place that turns an error into words for people (Slack replies, CLI stderr). */
export interface DescribeOptions {
  /** Worded for `callsummary doctor` itself: advice to run doctor is left out (it would be circular). */
  readonly inDoctor?: boolean;
}

export function describeError(error: unknown, options: DescribeOptions = {}): ErrorDescription {
  /** `own` advice, then the clause sending the admin to `callsummary doctor` (left out inside doctor). */
  const thenDoctor = (own: string, doctorClause: string): string =>
    options.inDoctor ? `${own}.` : `${own}${doctorClause}`;
  if (!(error instanceof CallSummaryError)) {
    return {
      message: 'Something went wrong while fetching the call summary.',
      hint: 'Try again in a moment; if it keeps happening, ask the admin to check the callsummary logs.',
    };
  }
  switch (error.code) {
    case 'config_invalid':
      return {
        message: error.message,
        hint: 'Fix what is named above (see .env.example and routing.example.yml).',
      };
    case 'usage':
      return { message: error.message, hint: 'Run `callsummary help` for usage.' };
    case 'bad_leg_id':
      return {
        message: error.message,
        hint: 'Copy it from the call record (CDR) or the call alert: the call time, a dash and five hex digits.',
      };
    case 'outside_number':
      return {
        message: error.message,
        hint: 'Ask for the other side of the call, which is an extension.',
      };
    case 'party_unknown':
      return {
        message: error.message,
        hint: 'Give the extension number too: `/callsummary <leg-id> callee 3202` in Slack, or `--ext 3202` with `callsummary get`.',
      };
    case 'extension_not_found':
      return { message: error.message, hint: 'Check the extension number on the PBX.' };
    case 'pbx_unreachable':
    case 'pbx_timeout':
      return {
        message: error.message,
        hint: 'The PBX did not answer in time. Try again in a minute; if it persists, ask the admin to check YEASTAR_BASE_URL and the network.',
      };
    case 'pbx_credentials_rejected':
      return {
        message: 'The PBX rejected the API credentials (check YEASTAR_CLIENT_ID / YEASTAR_CLIENT_SECRET).',
        hint: options.inDoctor ? '' : 'Ask the admin to run `callsummary doctor`.',
      };
    case 'pbx_ip_blocked':
      return {
        message: error.message,
        hint: thenDoctor(
          "Ask the admin to remove the bot's IP under Security > Security Rules > Blocked IPs on the PBX",
          ', then run `callsummary doctor`.',
        ),
      };
    case 'pbx_permission':
      return {
        message: error.message,
        hint: 'Ask the admin to grant the API application Extension and CDR/AI read permissions (PBX > Integrations > API).',
      };
    case 'pbx_token_limit':
      return {
        message: error.message,
        hint: thenDoctor(
          'The PBX holds too many API tokens for this app; they expire within 30 minutes',
          '. Ask the admin to run `callsummary doctor`.',
        ),
      };
    case 'pbx_api':
    case 'pbx_bad_response':
      return {
        message: error.message,
        hint: thenDoctor(
          'Try again in a moment',
          '; if it keeps happening, ask the admin to run `callsummary doctor`.',
        ),
      };
    case 'not_allowed':
      return {
        message: error.message,
        hint: 'Call summaries are restricted to some channels and people; ask your Slack admin if you need access.',
      };
    case 'slack_token_rejected':
      return {
        message: error.message,
        hint: thenDoctor(
          error.details.variable === 'SLACK_APP_TOKEN'
            ? 'Set SLACK_APP_TOKEN to an xapp- App-Level Token with connections:write (Basic Information > App-Level Tokens)'
            : 'Set SLACK_BOT_TOKEN to the xoxb- Bot User OAuth Token under OAuth & Permissions (reinstall the app if it was revoked)',
          ', then run `callsummary doctor`.',
        ),
      };
    default:
      return assertNever(error.code, 'error code');
  }
}
