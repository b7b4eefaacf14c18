import { assertNever } from './assert-never.js';
import type { Audience, ErrorCode, ErrorDetails, PbxRequestName, QueryProblem } from './errors.js';
import type { MessageKey, Words } from './i18n/index.js';
import { slackRefusal, slackRefusalWords } from './slack-refusals.js';

/**
 * The words for people of every error code (errors.ts): the sentence, what to do about it for each
 * audience, and whether asking again may help. The sentences themselves are in the catalogues
 * (src/shared/i18n/catalogues, section `error`); this table picks which one and fills it in.
 *
 * One table on purpose: every code's words side by side, checked for completeness by the type of
 * `ERRORS`. Slack's own refusal codes are worded in slack-refusals.ts.
 */

export interface ErrorEntry<C extends ErrorCode> {
  readonly retryable: boolean | ((details: ErrorDetails[C]) => boolean);
  message(details: ErrorDetails[C], words: Words): string;
  hint(audience: Audience, details: ErrorDetails[C], words: Words): string;
}

/** What a PBX request was for, as a person's sentence names it ("the summary request"). */
const REQUEST_WORDS: { readonly [R in PbxRequestName]: MessageKey } = {
  summary_request: 'error.what.summary_request',
  transcript_request: 'error.what.transcript_request',
  ai_export: 'error.what.ai_export',
  export_download: 'error.what.export_download',
  extension_list: 'error.what.extension_list',
  extension_search: 'error.what.extension_search',
  queue_list: 'error.what.queue_list',
  ring_group_list: 'error.what.ring_group_list',
  system_information: 'error.what.system_information',
  login: 'error.what.login',
  token_refresh: 'error.what.token_refresh',
  token_revocation: 'error.what.token_revocation',
  event_subscription: 'error.what.event_subscription',
};

/** `request` in `words` (logs pass ENGLISH: "the summary request"). */
export function pbxRequestWords(request: PbxRequestName, words: Words): string {
  return words.t(REQUEST_WORDS[request]);
}

/** `errcode 70004 ACCOUNT IP BLOCKED`: the PBX's own code and text, as it gave them. */
const errcodeText = (words: Words, errcode: number, errmsg: string | undefined): string =>
  words.t('error.errcode', { errcode: `${errcode} ${errmsg ?? ''}`.trim() });

/** Whole megabytes of a cap in bytes, as the error that met it says (a string: no digit grouping). */
const megabytes = (maxBytes: number): string => String(Math.round(maxBytes / 1024 / 1024));

/** How a leg id looks, said to a person who typed something else. */
export const LEG_ID_EXAMPLE = '20260513223234-3EE9E';
/** English, for the places that do not have the reader's words yet; `legIdShape(words)` otherwise. */
export const LEG_ID_SHAPE = `YYYYMMDDhhmmss-XXXXX (for example ${LEG_ID_EXAMPLE})`;
export function legIdShape(words: Words): string {
  return words.t('error.leg_id.shape', { example: LEG_ID_EXAMPLE });
}

/** What the command's grammar found wrong, in the reader's words. */
function queryProblemWords(problem: QueryProblem, words: Words): string {
  switch (problem.reason) {
    case 'not_a_query':
      return words.t('error.usage.query.not_a_query', { input: problem.input });
    case 'not_a_period':
      return words.t('error.usage.query.not_a_period', { input: problem.input });
    case 'period_range':
      return words.t('error.usage.query.period_range', { input: problem.input, maxDays: problem.maxDays });
    case 'not_a_side':
      return words.t('error.usage.query.not_a_side', { input: problem.input });
    case 'not_an_extension':
      return words.t('error.usage.query.not_an_extension', { input: problem.input });
    case 'which_side':
      return words.t('error.usage.query.which_side', { legId: problem.legId, extension: problem.extension });
    default:
      return assertNever(problem, 'query problem');
  }
}

export const ERRORS: { readonly [C in ErrorCode]: ErrorEntry<C> } = {
  config_invalid: {
    retryable: false,
    message: ({ problems, source }, words) => {
      // The problems are worded where they are found (the configuration's own checks).
      const listed = problems
        .map((problem) => words.t('error.config_invalid.problem', { problem }))
        .join('\n');
      return source === undefined
        ? words.t('error.config_invalid.message', { problems: listed })
        : words.t('error.config_invalid.message_source', { source, problems: listed });
    },
    hint: (_audience, _details, words) => words.t('error.config_invalid.hint'),
  },
  usage: {
    retryable: false,
    // A problem is worded by whoever found it, in the reader's words; the grammar's findings here.
    message: (details, words) => (details.query ? queryProblemWords(details.query, words) : details.problem),
    hint: (audience, _details, words) =>
      audience === 'slack' ? words.t('error.usage.hint.slack') : words.t('error.usage.hint.cli'),
  },
  bad_leg_id: {
    retryable: false,
    message: ({ input, callTime }, words) => {
      const shape = legIdShape(words);
      if (input === '') return words.t('error.bad_leg_id.message.empty', { shape });
      return callTime
        ? words.t('error.bad_leg_id.message.call_time', { input, shape })
        : words.t('error.bad_leg_id.message.other', { input, shape });
    },
    hint: (_audience, _details, words) => words.t('error.bad_leg_id.hint'),
  },
  no_such_extension: {
    retryable: false,
    message: ({ extension }, words) => words.t('error.no_such_extension.message', { extension }),
    hint: (audience, _details, words) =>
      audience === 'slack'
        ? words.t('error.no_such_extension.hint.slack')
        : words.t('error.no_such_extension.hint.cli'),
  },
  outside_number: {
    retryable: false,
    message: ({ legId, side }, words) =>
      legId !== undefined && side !== undefined
        ? words.t('error.outside_number.message.side', { legId, side })
        : words.t('error.outside_number.message'),
    hint: (_audience, _details, words) => words.t('error.outside_number.hint'),
  },
  party_unknown: {
    retryable: false,
    message: ({ legId }, words) => words.t('error.party_unknown.message', { legId }),
    hint: (audience, { legId }, words) =>
      audience === 'slack'
        ? words.t('error.party_unknown.hint.slack', { legId })
        : words.t('error.party_unknown.hint.cli', { legId }),
  },
  not_transcribed_yet: {
    retryable: true,
    message: ({ legId }, words) => words.t('error.not_transcribed_yet.message', { legId }),
    hint: (audience, { legId }, words) =>
      audience === 'slack'
        ? words.t('error.not_transcribed_yet.hint.slack', { legId })
        : words.t('error.not_transcribed_yet.hint.cli', { legId }),
  },
  no_summary: {
    retryable: ({ sides }) => sides.some((s) => !s.outsideNumber),
    message: ({ legId, sides }, words) => {
      const said = sides.map((s) =>
        s.outsideNumber
          ? words.t('error.no_summary.side.outside', { side: s.side })
          : words.t('error.no_summary.side.pending', { side: s.side }),
      );
      // One clause per side (two at most), joined the language's way.
      const joined = said.reduce((first, second) => words.t('error.no_summary.join', { first, second }));
      return words.t('error.no_summary.message', { legId, sides: joined });
    },
    hint: (_audience, _details, words) => words.t('error.no_summary.hint'),
  },
  no_transcript: {
    retryable: true,
    message: ({ legId }, words) => words.t('error.no_transcript.message', { legId }),
    hint: (_audience, _details, words) => words.t('error.no_transcript.hint'),
  },
  pbx_unreachable: {
    retryable: true,
    message: ({ what: request, failure, status, errcode, errmsg }, words) => {
      const what = pbxRequestWords(request, words);
      switch (failure) {
        case 'refused':
          return words.t('error.pbx_unreachable.message.refused', { what });
        case 'dns':
          return words.t('error.pbx_unreachable.message.dns', { what });
        case 'tls':
          return words.t('error.pbx_unreachable.message.tls', { what });
        case 'network':
          return words.t('error.pbx_unreachable.message.network', { what });
        case 'broken':
          return words.t('error.pbx_unreachable.message.broken', { what });
        case 'http':
          return words.t('error.pbx_unreachable.message.http', { what, status: String(status ?? '5xx') });
        case 'errcode':
          return words.t('error.pbx_unreachable.message.errcode', {
            what,
            errcode: errcodeText(words, errcode ?? -2, errmsg),
          });
        default:
          return assertNever(failure, 'PBX failure');
      }
    },
    hint: (_audience, { failure }, words) => {
      switch (failure) {
        case 'refused':
        case 'dns':
          return words.t('error.pbx_unreachable.hint.address');
        case 'tls':
          return words.t('error.pbx_unreachable.hint.tls');
        case 'network':
        case 'broken':
          return words.t('error.pbx_unreachable.hint.network');
        case 'http':
        case 'errcode':
          return words.t('error.pbx_unreachable.hint.pbx');
        default:
          return assertNever(failure, 'PBX failure');
      }
    },
  },
  pbx_timeout: {
    retryable: true,
    message: ({ what, timeoutMs }, words) =>
      words.t('error.pbx_timeout.message', {
        what: pbxRequestWords(what, words),
        timeoutMs: String(timeoutMs),
      }),
    hint: (_audience, _details, words) => words.t('error.pbx_timeout.hint'),
  },
  pbx_credentials_rejected: {
    retryable: false,
    message: (_details, words) => words.t('error.pbx_credentials_rejected.message'),
    hint: (audience, _details, words) =>
      audience === 'doctor' ? '' : words.t('error.pbx_credentials_rejected.hint'),
  },
  pbx_ip_blocked: {
    retryable: false,
    message: ({ errcode, errmsg }, words) =>
      errcode === 70087
        ? words.t('error.pbx_ip_blocked.message.allowlist', { errcode: errcodeText(words, errcode, errmsg) })
        : words.t('error.pbx_ip_blocked.message.blocked', { errcode: errcodeText(words, errcode, errmsg) }),
    // Inside doctor, sending the admin to doctor would be circular.
    hint: (audience, _details, words) =>
      audience === 'doctor'
        ? words.t('error.pbx_ip_blocked.hint.doctor')
        : words.t('error.pbx_ip_blocked.hint'),
  },
  pbx_permission: {
    retryable: false,
    message: ({ what, errcode, errmsg }, words) =>
      words.t('error.pbx_permission.message', {
        what: pbxRequestWords(what, words),
        errcode: errcodeText(words, errcode, errmsg),
      }),
    hint: (_audience, _details, words) => words.t('error.pbx_permission.hint'),
  },
  pbx_token_limit: {
    retryable: true,
    message: ({ errcode, errmsg }, words) =>
      words.t('error.pbx_token_limit.message', { errcode: errcodeText(words, errcode, errmsg) }),
    hint: (audience, _details, words) =>
      audience === 'doctor'
        ? words.t('error.pbx_token_limit.hint.doctor')
        : words.t('error.pbx_token_limit.hint'),
  },
  pbx_busy: {
    retryable: true,
    message: ({ what, errcode, errmsg, waitedSeconds }, words) => {
      const values = { what: pbxRequestWords(what, words), errcode: errcodeText(words, errcode, errmsg) };
      return waitedSeconds === undefined || waitedSeconds === 0
        ? words.t('error.pbx_busy.message', values)
        : words.t('error.pbx_busy.message.waited', { ...values, seconds: String(waitedSeconds) });
    },
    hint: (_audience, _details, words) => words.t('error.pbx_busy.hint'),
  },
  pbx_api: {
    retryable: true,
    message: ({ what, errcode, errmsg }, words) => {
      const values = { what: pbxRequestWords(what, words), errcode: errcodeText(words, errcode, errmsg) };
      if (errcode === 10002 || errcode === 10003) return words.t('error.pbx_api.message.version', values);
      if (errcode === 70123) return words.t('error.pbx_api.message.disabled', values);
      return words.t('error.pbx_api.message', values);
    },
    hint: (audience, _details, words) => tryAgain(audience, words),
  },
  pbx_bad_response: {
    // A person may try again once the admin has fixed what the message names.
    retryable: true,
    message: ({ what: request, problem, status, detail, maxBytes }, words) => {
      const what = pbxRequestWords(request, words);
      const http = String(status ?? '?');
      switch (problem) {
        case 'redirect':
          return words.t('error.pbx_bad_response.message.redirect', { what, status: http });
        case 'html':
          return words.t('error.pbx_bad_response.message.html', { what, status: http });
        case 'not_json':
          return words.t('error.pbx_bad_response.message.not_json', { what, status: http });
        case 'too_large':
          return maxBytes === undefined
            ? words.t('error.pbx_bad_response.message.too_large_unknown', { what })
            : words.t('error.pbx_bad_response.message.too_large', { what, megabytes: megabytes(maxBytes) });
        case 'no_errcode':
          return words.t('error.pbx_bad_response.message.no_errcode', { what });
        case 'shape':
          // `detail` is the schema's own account of the mismatch (for the admin; not translated).
          return detail === undefined || detail.trim() === ''
            ? words.t('error.pbx_bad_response.message.shape_unknown', { what })
            : words.t('error.pbx_bad_response.message.shape', { what, detail: detail.trim() });
        case 'status':
          return words.t('error.pbx_bad_response.message.status', { what, status: http });
        case 'export_not_list':
          return words.t('error.pbx_bad_response.message.export_not_list');
        case 'export_too_large':
          return maxBytes === undefined
            ? words.t('error.pbx_bad_response.message.export_too_large_unknown')
            : words.t('error.pbx_bad_response.message.export_too_large', { megabytes: megabytes(maxBytes) });
        case 'link_not_url':
          return words.t('error.pbx_bad_response.message.link_not_url', { what });
        case 'link_elsewhere':
          return words.t('error.pbx_bad_response.message.link_elsewhere', { what });
        default:
          return assertNever(problem, 'bad answer');
      }
    },
    hint: (audience, _details, words) => tryAgain(audience, words),
  },
  list_too_large: {
    retryable: false,
    message: ({ period, maxBytes }, words) =>
      maxBytes === undefined
        ? words.t('error.list_too_large.message_unknown', { period })
        : words.t('error.list_too_large.message', { period, megabytes: megabytes(maxBytes) }),
    hint: (audience, _details, words) =>
      audience === 'slack'
        ? words.t('error.list_too_large.hint.slack')
        : words.t('error.list_too_large.hint.cli'),
  },
  member_unmatched: {
    retryable: ({ reason }) => reason === 'no_directory',
    message: ({ userId, reason }, words) => {
      switch (reason) {
        case 'no_email':
          return words.t('error.member_unmatched.message.no_email', { userId });
        case 'no_scope':
          return words.t('error.member_unmatched.message.no_scope');
        case 'no_extension':
          return words.t('error.member_unmatched.message.no_extension', { userId });
        case 'no_directory':
          return words.t('error.member_unmatched.message.no_directory');
        case 'not_mapped':
          return words.t('error.member_unmatched.message.not_mapped', { userId });
        default:
          return assertNever(reason, 'unmatched reason');
      }
    },
    hint: (audience, { reason }, words) => {
      if (reason === 'no_directory') return words.t('error.member_unmatched.hint.no_directory');
      if (reason === 'no_scope') return words.t('error.member_unmatched.hint.no_scope');
      return audience === 'slack'
        ? words.t('error.member_unmatched.hint.slack')
        : words.t('error.member_unmatched.hint.cli');
    },
  },
  restarting: {
    retryable: true,
    message: (_details, words) => words.t('error.restarting.message'),
    hint: (_audience, _details, words) => words.t('error.restarting.hint'),
  },
  access_refused: {
    retryable: false,
    message: ({ what, legId, extension, leadsOnly }, words) => {
      switch (what) {
        case 'list':
          return words.t('error.access_refused.message.list', { extension: extension ?? '?' });
        case 'transcript':
          return leadsOnly
            ? words.t('error.access_refused.message.transcript_leads', { legId: legId ?? '?' })
            : words.t('error.access_refused.message.transcript', { legId: legId ?? '?' });
        default:
          return words.t('error.access_refused.message.summary', { legId: legId ?? '?' });
      }
    },
    hint: (_audience, _details, words) => words.t('error.access_refused.hint'),
  },
  not_allowed: {
    retryable: false,
    message: (_details, words) => words.t('error.not_allowed.message'),
    hint: (_audience, _details, words) => words.t('error.not_allowed.hint'),
  },
  slack_token_rejected: {
    retryable: false,
    message: ({ variable, slackError }, words) =>
      words.t('error.slack_token_rejected.message', { variable, slackError }),
    hint: (audience, { variable }, words) => {
      if (variable === 'SLACK_APP_TOKEN') {
        return audience === 'doctor'
          ? words.t('error.slack_token_rejected.hint.app_token_doctor')
          : words.t('error.slack_token_rejected.hint.app_token');
      }
      return audience === 'doctor'
        ? words.t('error.slack_token_rejected.hint.bot_token_doctor')
        : words.t('error.slack_token_rejected.hint.bot_token');
    },
  },
  watch_refused: {
    retryable: false,
    message: ({ reason, limit }, words) => {
      switch (reason) {
        case 'person_full':
          return limit === undefined
            ? words.t('error.watch_refused.message.person_full_unknown')
            : words.t('error.watch_refused.message.person_full', { limit: String(limit) });
        case 'all_full':
          return words.t('error.watch_refused.message.all_full');
        case 'unavailable':
          return words.t('error.watch_refused.message.unavailable');
        default:
          return assertNever(reason, 'watch refusal');
      }
    },
    hint: (_audience, { reason }, words) =>
      reason === 'unavailable'
        ? words.t('error.watch_refused.hint.unavailable')
        : words.t('error.watch_refused.hint'),
  },
  slack_refused: {
    retryable: ({ error }) => slackRefusal(error).transient,
    message: ({ error }, words) => slackRefusalWords(error, words).message,
    hint: (_audience, { error }, words) => slackRefusalWords(error, words).hint,
  },
};

/** "Try again", and to the admin's doctor when it keeps happening (not inside doctor: circular). */
function tryAgain(audience: Audience, words: Words): string {
  return audience === 'doctor'
    ? words.t('error.pbx.try_again.hint.doctor')
    : words.t('error.pbx.try_again.hint');
}
