import { assertNever } from './assert-never.js';
import type { Audience, ErrorCode, ErrorDetails } from './errors.js';
import type { Words } from './i18n/index.js';
import { slackRefusal } from './slack-refusals.js';

/**
 * The words for people of every error code (errors.ts): the sentence, what to do about it for each
 * audience, and whether asking again may help.
 *
 * One table on purpose: every code's words side by side, checked for completeness by the type of
 * `ERRORS`. Slack's own refusal codes are worded in slack-refusals.ts.
 */

export interface ErrorEntry<C extends ErrorCode> {
  readonly retryable: boolean | ((details: ErrorDetails[C]) => boolean);
  message(details: ErrorDetails[C], words: Words): string;
  hint(audience: Audience, details: ErrorDetails[C], words: Words): string;
}

/** Sends the admin to `callsummary doctor`, except inside doctor itself (that would be circular). */
const thenDoctor = (audience: Audience, own: string, doctorClause: string): string =>
  audience === 'doctor' ? `${own}.` : `${own}${doctorClause}`;

const CHECK_CREDENTIALS = 'check YEASTAR_CLIENT_ID / YEASTAR_CLIENT_SECRET';

/** `larger than 10 MB` for a cap of 10 MiB, as the error that met it says; `unknown` when it said none. */
const overCap = (maxBytes: number | undefined, over: string, unknown: string): string =>
  maxBytes === undefined ? unknown : `${over} ${Math.round(maxBytes / 1024 / 1024)} MB`;

/** How a leg id looks, said to a person who typed something else. */
export const LEG_ID_EXAMPLE = '20260513223234-3EE9E';
export const LEG_ID_SHAPE = `YYYYMMDDhhmmss-XXXXX (for example ${LEG_ID_EXAMPLE})`;

export const ERRORS: { readonly [C in ErrorCode]: ErrorEntry<C> } = {
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
    message: ({ input, callTime }) =>
      input === ''
        ? `A leg id is needed; it looks like ${LEG_ID_SHAPE}.`
        : callTime
          ? `"${input}" is a call time without the rest of its leg id; a leg id looks like ${LEG_ID_SHAPE}.`
          : `"${input}" is not a leg id; a leg id looks like ${LEG_ID_SHAPE}.`,
    hint: () =>
      'Copy it from the call record (CDR) or the call alert: the call time, a dash and five hex digits.',
  },
  no_such_extension: {
    retryable: false,
    message: ({ extension }) => `The PBX has no extension ${extension}.`,
    hint: (audience) =>
      audience === 'slack'
        ? 'Check the number; `/callsummary me` lists your own calls.'
        : 'Check the number; `callsummary calls --user U…` lists a Slack member’s calls.',
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
    hint: (audience, { legId }) =>
      audience === 'slack'
        ? `Give the side and the extension number too, e.g. \`/callsummary ${legId} callee 3202\` if extension 3202 answered.`
        : `Give the side and the extension number too, e.g. \`callsummary get ${legId} callee --ext 3202\` if extension 3202 answered.`,
  },
  not_transcribed_yet: {
    retryable: true,
    message: ({ legId }) =>
      `${legId} is not in the PBX's AI transcription export yet, so its extensions are not known yet: a call enters it once its AI summary is written, a few minutes after the call ends.`,
    hint: (audience, { legId }) =>
      audience === 'slack'
        ? `Try again in a few minutes, or give the side and the extension number, e.g. \`/callsummary ${legId} callee 3202\` if extension 3202 answered.`
        : `Try again in a few minutes, or give the side and the extension number, e.g. \`callsummary get ${legId} callee --ext 3202\` if extension 3202 answered.`,
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
  pbx_busy: {
    retryable: true,
    message: ({ what, errcode, errmsg, waitedSeconds }) =>
      `The PBX is busy with another export (errcode ${errcode} ${errmsg}) and did not answer ${what}${
        waitedSeconds === undefined || waitedSeconds === 0 ? '' : `, even after ${waitedSeconds} s of waiting`
      }.`,
    hint: () => 'The PBX runs one export at a time; try again in a minute.',
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
      switch (problem) {
        case 'redirect':
          return `The PBX answered ${what} with a redirect (HTTP ${status}); redirects are not followed because the token is in the URL. Check YEASTAR_BASE_URL.`;
        case 'html':
          return `The PBX answered ${what} with an HTML page (HTTP ${status}), not the API's JSON; check YEASTAR_BASE_URL (the PBX's own address such as https://10.0.0.5:8088, or a proxy's path to it, without /openapi).`;
        case 'not_json':
          return `The PBX answered ${what} with something that is not JSON (HTTP ${status}).`;
        case 'too_large':
          return `The PBX answered ${what} ${overCap(maxBytes, 'with more than', 'with too much')}, which is not an API answer; check YEASTAR_BASE_URL (the PBX's own address, or a proxy's path to it).`;
        case 'no_errcode':
          return `The PBX answered ${what} without an errcode.`;
        case 'shape':
          return `The PBX's answer to ${what} did not have the expected shape: ${detail ?? ''}`.trim();
        case 'status':
          return `The PBX answered ${what} with HTTP ${status}.`;
        case 'export_not_list':
          return 'The PBX AI transcription export is not a JSON list of calls.';
        case 'export_too_large':
          return `The PBX export file is ${overCap(maxBytes, 'larger than', 'too large')}; narrow YEASTAR_EXPORT_WINDOW_MINUTES.`;
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
    message: ({ period, maxBytes }) =>
      `The PBX's record of the calls in the last ${period} is ${overCap(maxBytes, 'larger than', 'too large')}, more than the app reads at once.`,
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
  not_allowed: {
    retryable: false,
    message: () => 'Sorry, call summaries are not available to you here.',
    hint: () =>
      'Call summaries are restricted to some channels and people; ask your Slack admin if you need access.',
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
