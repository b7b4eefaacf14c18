import { CallSummaryError, describeError, type ErrorDescription } from '../errors.js';
import { slackErrorCode } from './identity.js';

/**
 * Slack's own refusals, in words a person in Slack can act on. `describeError` (src/errors.ts) speaks
 * for the PBX and the CLI; these are what Slack can answer the bot while it answers a person: posting
 * where the bot is not a member, a trigger_id that expired, an expired response_url.
 */
const BOT_NOT_IN_CONVERSATION: ErrorDescription = {
  message: 'I could not post in this conversation: the callsummary app is not a member of it.',
  hint: 'Add the app to the channel (type `/invite @callsummary` there), then try again. Private channels, direct messages and group DMs need the app as a member.',
};

const BY_SLACK_CODE: Readonly<Record<string, ErrorDescription>> = {
  // chat.postMessage: private channels and DMs the bot is not in look like they do not exist.
  channel_not_found: BOT_NOT_IN_CONVERSATION,
  // chat.postMessage: a public channel the bot has not joined and no chat:write.public.
  not_in_channel: BOT_NOT_IN_CONVERSATION,
  is_archived: {
    message: 'This channel is archived, so nothing can be posted in it.',
    hint: 'Unarchive the channel or use the shortcut on a message in another one.',
  },
  // views.open: the trigger_id lives 3 seconds and can be used once.
  expired_trigger_id: {
    message: 'Slack closed the window for opening the summary before the app could open it.',
    hint: 'Try the shortcut again. If it keeps happening, ask the admin to check that callsummary answers Slack quickly.',
  },
  exchanged_trigger_id: {
    message: 'Slack closed the window for opening the summary before the app could open it.',
    hint: 'Try the shortcut again.',
  },
  rate_limited: {
    message: 'Slack is limiting how fast the app may post right now.',
    hint: 'Try again in a minute.',
  },
  ratelimited: {
    message: 'Slack is limiting how fast the app may post right now.',
    hint: 'Try again in a minute.',
  },
  restricted_action: {
    message: 'A workspace setting does not let the app post here.',
    hint: 'Ask your Slack admin who may post in this channel.',
  },
  ekm_access_denied: {
    message: 'Your Slack administrators have suspended posting for apps here.',
    hint: 'Ask your Slack admin.',
  },
  invalid_auth: {
    message: "Slack rejected the app's token.",
    hint: 'Ask the admin to run `callsummary doctor`.',
  },
  token_revoked: {
    message: "Slack rejected the app's token (it was revoked).",
    hint: 'Ask the admin to reinstall the app and run `callsummary doctor`.',
  },
  missing_scope: {
    message: 'The app lacks a Slack permission it needs.',
    hint: 'Ask the admin to reinstall the app from manifest.yml and run `callsummary doctor`.',
  },
};

/** Bolt's `respond()` throws this code when the response_url answers non-2xx (expired, used up). */
const RESPOND_ERROR_CODE = 'slack_bolt_respond_error';

export function isResponseUrlError(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === RESPOND_ERROR_CODE;
}

/** The one place that words an error for a person in Slack. */
export function describeForSlack(error: unknown): ErrorDescription {
  if (error instanceof CallSummaryError && error.code === 'usage') {
    // describeError points at the CLI's help; in Slack the command's own help is what helps.
    return { message: error.message, hint: 'Type `/callsummary help` for usage.' };
  }
  const code = slackErrorCode(error);
  if (code !== undefined) {
    return (
      BY_SLACK_CODE[code] ?? {
        message: `Slack refused the request (${code}).`,
        hint: 'Try again in a moment; if it keeps happening, ask the admin to check the callsummary logs.',
      }
    );
  }
  if (isResponseUrlError(error)) {
    return {
      message: 'This answer has expired (Slack lets an app answer one for 30 minutes, 5 times).',
      hint: 'Run `/callsummary` again.',
    };
  }
  return describeError(error);
}
