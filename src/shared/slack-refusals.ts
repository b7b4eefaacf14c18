/**
 * Slack's own refusal codes in words, kept apart from the error table in error-words.ts (which words this
 * project's codes and points `slack_refused` here) because it is a second vocabulary: Slack's, with
 * a `fix` line for the admin's log beside the words for a person.
 */

/**
 * Slack's refusals, one table for every sender (listeners answering a person, automatic posting
 * logging for the admin): `message` and `hint` for the person in Slack, `fix` for the admin's log,
 * `transient` when the same call may succeed later unchanged.
 */
export interface SlackRefusal {
  readonly message: string;
  readonly hint: string;
  readonly fix: string;
  readonly transient: boolean;
}

const NOT_A_MEMBER = {
  message: 'I could not post in this conversation: the callsummary app is not a member of it.',
  hint: 'Add the app to the channel (type `/invite @callsummary` there), then try again. Private channels, direct messages and group DMs need the app as a member.',
  transient: false,
} as const;

const RATE_LIMITED: SlackRefusal = {
  message: 'Slack is limiting how fast the app may post right now.',
  hint: 'Try again in a minute.',
  fix: 'Slack rate-limited the app; it waits and retries',
  transient: true,
};

const TOKEN_REVOKED = {
  message: "Slack rejected the app's token (it was revoked or the app uninstalled).",
  hint: 'Ask the admin to reinstall the app and run `callsummary doctor`.',
  fix: 'the app was uninstalled or its token revoked; reinstall it and update SLACK_BOT_TOKEN',
  transient: false,
} as const;

const TRIGGER_EXPIRED = {
  message: 'Slack closed the window for opening the summary before the app could open it.',
  hint: 'Try the shortcut again. If it keeps happening, ask the admin to check that callsummary answers Slack quickly.',
  fix: 'a trigger_id expired (3 s) before views.open; the bot answered Slack too slowly',
  transient: true,
} as const;

const TOO_BIG = {
  message: 'Slack refused the message as too large.',
  hint: 'Ask the admin to report it with the leg id.',
  transient: false,
} as const;

const TRANSIENT_FAILURE: SlackRefusal = {
  message: 'Slack could not take the request right now.',
  hint: 'Try again in a moment.',
  fix: 'Slack failed on its side; retried',
  transient: true,
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
  is_archived: {
    message: 'This channel is archived, so nothing can be posted in it.',
    hint: 'Unarchive the channel or use the shortcut on a message in another one.',
    fix: 'unarchive the channel or route the extension elsewhere in ROUTING_FILE',
    transient: false,
  },
  channel_is_archived: {
    message: 'This channel is archived, so nothing can be posted in it.',
    hint: 'Unarchive the channel or use the shortcut on a message in another one.',
    fix: 'unarchive the channel or route the extension elsewhere in ROUTING_FILE',
    transient: false,
  },
  expired_trigger_id: TRIGGER_EXPIRED,
  exchanged_trigger_id: { ...TRIGGER_EXPIRED, hint: 'Try the shortcut again.' },
  rate_limited: RATE_LIMITED,
  ratelimited: RATE_LIMITED,
  restricted_action: {
    message: 'A workspace setting does not let the app post here.',
    hint: 'Ask your Slack admin who may post in this channel.',
    fix: 'a workspace admin restricts posting in that channel',
    transient: false,
  },
  ekm_access_denied: {
    message: 'Your Slack administrators have suspended posting for apps here.',
    hint: 'Ask your Slack admin.',
    fix: 'an EKM policy blocks the app; ask a workspace admin',
    transient: false,
  },
  invalid_auth: {
    message: "Slack rejected the app's token.",
    hint: 'Ask the admin to run `callsummary doctor`.',
    fix: 'SLACK_BOT_TOKEN is wrong; reinstall the app and copy the xoxb- token',
    transient: false,
  },
  not_authed: {
    message: "Slack rejected the app's token.",
    hint: 'Ask the admin to run `callsummary doctor`.',
    fix: 'SLACK_BOT_TOKEN is missing',
    transient: false,
  },
  account_inactive: TOKEN_REVOKED,
  token_revoked: TOKEN_REVOKED,
  missing_scope: {
    message: 'The app lacks a Slack permission it needs.',
    hint: 'Ask the admin to reinstall the app from manifest.yml and run `callsummary doctor`.',
    fix: 'add the missing scope (manifest.yml) and reinstall the app',
    transient: false,
  },
  team_access_not_granted: {
    message: 'The app has no access to this workspace.',
    hint: 'Ask your Slack admin to grant the app access.',
    fix: 'grant the app access to that workspace',
    transient: false,
  },
  invalid_blocks: {
    ...TOO_BIG,
    message: 'Slack refused the message.',
    fix: 'the rendered message was refused; report it with the leg id',
  },
  msg_too_long: { ...TOO_BIG, fix: 'the rendered message was too long; report it with the leg id' },
  msg_blocks_too_long: { ...TOO_BIG, fix: 'the rendered blocks were too long; report it with the leg id' },
  invalid_metadata_format: {
    message: 'Slack refused the message.',
    hint: 'Ask the admin to report it with the leg id.',
    fix: 'the message metadata was refused; report it with the leg id',
    transient: false,
  },
  // A response_url that is past its 30 minutes or 5 uses (answered 404 by Slack).
  expired_url: {
    message: 'This answer has expired (Slack lets an app answer one for 30 minutes, 5 times).',
    hint: 'Run `/callsummary` again.',
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
    message: 'The app could not answer where Slack asked it to.',
    hint: 'Run `/callsummary` again.',
    fix: 'a request carried a response_url outside https://hooks.slack.com/; nothing was sent to it',
    transient: false,
  },
};

/** Slack's refusal `error` in words; an unknown code gets a generic answer naming it. */
export function slackRefusal(error: string): SlackRefusal {
  return (
    SLACK_REFUSALS[error] ?? {
      message: `Slack refused the request (${error.slice(0, 60)}).`,
      hint: 'Try again in a moment; if it keeps happening, ask the admin to check the callsummary logs.',
      fix: 'see the Web API method documentation for this error',
      transient: false,
    }
  );
}
