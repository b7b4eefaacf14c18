import { webApi } from '@slack/bolt';
import { CallSummaryError, describeError, type ErrorDescription } from '../../shared/errors.js';
import type { Words } from '../../shared/i18n/index.js';
import { slackErrorCode } from '../server/identity.js';

/** Bolt's `respond()` and ours throw this code when the response_url answers non-2xx (expired, used up). */
const RESPOND_ERROR_CODE = 'slack_bolt_respond_error';

/**
 * Slack's own refusal code for an error from the Web API client or a response_url, as the one table
 * in src/shared/slack-refusals.ts knows them (`slackRefusal`); undefined for anything that is not Slack's.
 */
export function slackRefusalCode(error: unknown): string | undefined {
  const platform = slackErrorCode(error);
  if (platform !== undefined) return platform;
  const code = (error as { code?: unknown } | undefined)?.code;
  switch (code) {
    case webApi.ErrorCode.RateLimitedError:
      return 'ratelimited';
    case webApi.ErrorCode.RequestError:
      return 'slack_unreachable';
    case webApi.ErrorCode.HTTPError: {
      const status = (error as { statusCode?: unknown }).statusCode;
      return typeof status === 'number' && status >= 500 ? 'service_unavailable' : `http_${String(status)}`;
    }
    case RESPOND_ERROR_CODE:
      return 'expired_url';
    default:
      return undefined;
  }
}

/**
 * Slack's own refusals (a Web API platform error, a rate limit, Slack unreachable, a dead
 * response_url) as our error, so they are worded by the one table in src/shared/error-words.ts; anything else is
 * returned unchanged.
 */
export function asSlackRefusal(error: unknown): unknown {
  if (error instanceof CallSummaryError) return error;
  const code = slackRefusalCode(error);
  return code === undefined
    ? error
    : new CallSummaryError('slack_refused', { error: code }, { cause: error });
}

/** An error worded for a person in Slack, in their words. */
export function describeForSlack(error: unknown, words: Words): ErrorDescription {
  return describeError(asSlackRefusal(error), 'slack', words);
}
