import { CallSummaryError } from '../../shared/errors.js';
import type { SlackWebClient } from '../send/web-client.js';

/**
 * Who the bot is (`auth.test`), asked once and cached, in place of Bolt's single-token authorization:
 * Bolt's eager check rejects unhandled (and kills the process) when Slack is unreachable at start,
 * and its lazy mode calls `auth.test` before every acknowledgement. Here a failed lookup is retried
 * on the next request, and a rejected token fails the start with words an admin can act on.
 */
export interface BotIdentity {
  readonly botId: string;
  readonly botUserId: string;
}

/** Slack's answers to `auth.test` that mean the token itself is wrong, not that Slack is unreachable. */
const TOKEN_REJECTED: ReadonlySet<string> = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
]);

export function createBotAuthorization(client: Pick<SlackWebClient, 'auth'>, known?: Partial<BotIdentity>) {
  let identity: Promise<BotIdentity> | undefined =
    known?.botId !== undefined && known.botUserId !== undefined
      ? Promise.resolve({ botId: known.botId, botUserId: known.botUserId })
      : undefined;

  function lookup(): Promise<BotIdentity> {
    const pending = client.auth
      .test()
      .then((result) => ({ botId: result.bot_id ?? '', botUserId: result.user_id ?? '' }));
    // A failure is not cached: the next request asks again.
    pending.catch(() => {
      if (identity === pending) identity = undefined;
    });
    identity = pending;
    return pending;
  }

  return {
    identity: (): Promise<BotIdentity> => identity ?? lookup(),
    /**
     * Bolt's `authorize` for a single-workspace app. It carries no token on purpose: given one, Bolt
     * builds a Web API client of its own for the listeners, and every call to Slack goes through the
     * one client built in the composition root (./web-client.ts).
     */
    authorize: async () => ({ ...(await (identity ?? lookup())) }),
  };
}

/** Slack's error code from a Web API error, if it is a platform error. */
export function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

export function isTokenRejected(error: unknown): boolean {
  const code = slackErrorCode(error);
  return code !== undefined && TOKEN_REJECTED.has(code);
}

export function tokenRejectedError(
  error: unknown,
  variable: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN' = 'SLACK_BOT_TOKEN',
): CallSummaryError {
  return new CallSummaryError(
    'slack_token_rejected',
    { variable, slackError: slackErrorCode(error) ?? 'unknown error' },
    { cause: error },
  );
}
