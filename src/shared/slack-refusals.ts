import type { MessageKey, Words } from './i18n/index.js';

/**
 * Slack's own refusal codes in words, kept apart from the error table in error-words.ts (which words this
 * project's codes and points `slack_refused` here) because it is a second vocabulary: Slack's, with
 * a `fix` line for the admin's log beside the words for a person.
 */

/**
 * Slack's refusals, one table for every sender (listeners answering a person, automatic posting
 * logging for the admin): `message` and `hint` for the person in Slack (catalogue keys: worded in the
 * reader's language by `slackRefusalWords`), `fix` for the admin's log (English, as logs are),
 * `transient` when the same call may succeed later unchanged.
 */
export interface SlackRefusal {
  readonly message: MessageKey;
  readonly hint: MessageKey;
  readonly fix: string;
  readonly transient: boolean;
}

const NOT_A_MEMBER = {
  message: 'error.slack.not_a_member.message',
  hint: 'error.slack.not_a_member.hint',
  transient: false,
} as const;

const RATE_LIMITED: SlackRefusal = {
  message: 'error.slack.rate_limited.message',
  hint: 'error.slack.rate_limited.hint',
  fix: 'Slack rate-limited the app; it waits and retries',
  transient: true,
};

const TOKEN_REVOKED: SlackRefusal = {
  message: 'error.slack.token_revoked.message',
  hint: 'error.slack.token_revoked.hint',
  fix: 'the app was uninstalled or its token revoked; reinstall it and update SLACK_BOT_TOKEN',
  transient: false,
};

const TRIGGER_EXPIRED: SlackRefusal = {
  message: 'error.slack.trigger_expired.message',
  hint: 'error.slack.trigger_expired.hint',
  fix: 'a trigger_id expired (3 s) before views.open; the bot answered Slack too slowly',
  transient: true,
};

const TOO_BIG = {
  message: 'error.slack.too_big.message',
  hint: 'error.slack.report.hint',
  transient: false,
} as const;

const TRANSIENT_FAILURE: SlackRefusal = {
  message: 'error.slack.transient.message',
  hint: 'error.slack.transient.hint',
  fix: 'Slack failed on its side; retried',
  transient: true,
};

const ARCHIVED: SlackRefusal = {
  message: 'error.slack.archived.message',
  hint: 'error.slack.archived.hint',
  fix: 'unarchive the channel or route the extension elsewhere in ROUTING_FILE',
  transient: false,
};

const SLACK_REFUSALS: Readonly<Record<string, SlackRefusal>> = {
  // Private channels and DMs the bot is not in look to it as if they did not exist.
  channel_not_found: {
    ...NOT_A_MEMBER,
    fix: 'check the channel id (ROUTING_FILE) and invite the bot to private channels',
  },
  // A public channel the bot has not joined (chat.postMessage without chat:write.public, or any
  // chat.postEphemeral: node-slack-sdk#977).
  not_in_channel: { ...NOT_A_MEMBER, fix: 'invite the bot to the channel (/invite @callsummary)' },
  is_archived: ARCHIVED,
  channel_is_archived: ARCHIVED,
  expired_trigger_id: TRIGGER_EXPIRED,
  exchanged_trigger_id: { ...TRIGGER_EXPIRED, hint: 'error.slack.trigger_exchanged.hint' },
  rate_limited: RATE_LIMITED,
  ratelimited: RATE_LIMITED,
  restricted_action: {
    message: 'error.slack.restricted_action.message',
    hint: 'error.slack.restricted_action.hint',
    fix: 'a workspace admin restricts posting in that channel',
    transient: false,
  },
  ekm_access_denied: {
    message: 'error.slack.ekm_access_denied.message',
    hint: 'error.slack.ask_slack_admin.hint',
    fix: 'an EKM policy blocks the app; ask a workspace admin',
    transient: false,
  },
  invalid_auth: {
    message: 'error.slack.invalid_auth.message',
    hint: 'error.slack.run_doctor.hint',
    fix: 'SLACK_BOT_TOKEN is wrong; reinstall the app and copy the xoxb- token',
    transient: false,
  },
  not_authed: {
    message: 'error.slack.invalid_auth.message',
    hint: 'error.slack.run_doctor.hint',
    fix: 'SLACK_BOT_TOKEN is missing',
    transient: false,
  },
  account_inactive: TOKEN_REVOKED,
  token_revoked: TOKEN_REVOKED,
  missing_scope: {
    message: 'error.slack.missing_scope.message',
    hint: 'error.slack.missing_scope.hint',
    fix: 'add the missing scope (manifest.yml) and reinstall the app',
    transient: false,
  },
  team_access_not_granted: {
    message: 'error.slack.team_access_not_granted.message',
    hint: 'error.slack.team_access_not_granted.hint',
    fix: 'grant the app access to that workspace',
    transient: false,
  },
  invalid_blocks: {
    ...TOO_BIG,
    message: 'error.slack.refused_message.message',
    fix: 'the rendered message was refused; report it with the leg id',
  },
  msg_too_long: { ...TOO_BIG, fix: 'the rendered message was too long; report it with the leg id' },
  msg_blocks_too_long: { ...TOO_BIG, fix: 'the rendered blocks were too long; report it with the leg id' },
  invalid_metadata_format: {
    message: 'error.slack.refused_message.message',
    hint: 'error.slack.report.hint',
    fix: 'the message metadata was refused; report it with the leg id',
    transient: false,
  },
  // A response_url that is past its 30 minutes or 5 uses (answered 404 by Slack).
  expired_url: {
    message: 'error.slack.expired_url.message',
    hint: 'error.slack.run_again.hint',
    fix: 'a response_url expired (30 minutes, 5 uses)',
    transient: false,
  },
  internal_error: TRANSIENT_FAILURE,
  fatal_error: TRANSIENT_FAILURE,
  service_unavailable: TRANSIENT_FAILURE,
  request_timeout: TRANSIENT_FAILURE,
  // Not Slack's own codes: what our senders report when Slack did not answer at all.
  slack_unreachable: { ...TRANSIENT_FAILURE, fix: 'Slack could not be reached; retried' },
  // A response_url that is not Slack's (https://hooks.slack.com/): nothing is sent to it.
  untrusted_response_url: {
    message: 'error.slack.untrusted_response_url.message',
    hint: 'error.slack.run_again.hint',
    fix: 'a request carried a response_url outside https://hooks.slack.com/; nothing was sent to it',
    transient: false,
  },
};

/** An unknown code: a generic answer naming it (see `slackRefusalWords`). */
const UNKNOWN: SlackRefusal = {
  message: 'error.slack.unknown.message',
  hint: 'error.slack.unknown.hint',
  fix: 'see the Web API method documentation for this error',
  transient: false,
};

/** Slack's refusal `error`: which words, the admin's fix, and whether to retry. */
export function slackRefusal(error: string): SlackRefusal {
  return SLACK_REFUSALS[error] ?? UNKNOWN;
}

/** Slack's refusal `error` in the reader's words; an unknown code is named, bounded. */
export function slackRefusalWords(error: string, words: Words): { message: string; hint: string } {
  const refusal = slackRefusal(error);
  return {
    message: words.t(refusal.message, { error: error.slice(0, 60) }),
    hint: words.t(refusal.hint),
  };
}
