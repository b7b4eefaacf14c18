import { CallSummaryError, describeError, type ErrorDescription } from '../errors.js';
import { slackErrorCode } from './identity.js';

/** Bolt's `respond()` throws this code when the response_url answers non-2xx (expired, used up). */
const RESPOND_ERROR_CODE = 'slack_bolt_respond_error';
/** @slack/web-api's error for a 429 when the client is told not to retry it. */
const RATE_LIMITED_CODE = 'slack_webapi_rate_limited_error';

export function isResponseUrlError(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === RESPOND_ERROR_CODE;
}

/**
 * Slack's own refusals (a Web API platform error, a rate limit, a dead response_url) as our error,
 * so they are worded by the one table in src/errors.ts; anything else is returned unchanged.
 */
export function asSlackRefusal(error: unknown): unknown {
  const code = slackErrorCode(error);
  if (code !== undefined) return new CallSummaryError('slack_refused', { error: code }, { cause: error });
  if ((error as { code?: unknown } | undefined)?.code === RATE_LIMITED_CODE) {
    return new CallSummaryError('slack_refused', { error: 'ratelimited' }, { cause: error });
  }
  if (isResponseUrlError(error)) {
    return new CallSummaryError('slack_refused', { error: 'expired_url' }, { cause: error });
  }
  return error;
}

/** An error worded for a person in Slack. */
export function describeForSlack(error: unknown): ErrorDescription {
  return describeError(asSlackRefusal(error), 'slack');
}
