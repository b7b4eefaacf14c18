import { RespondError } from '@slack/bolt';
import { CallSummaryError } from '../../shared/errors.js';
import type { Respond } from '../views/types.js';
import { checkedMessage } from './outgoing.js';

/** What `fetch` must offer here: a structural subset, so global fetch and test fakes both fit. */
export type FetchFunction = (
  url: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body: string;
    signal: AbortSignal;
    redirect: 'error';
  },
) => Promise<{ ok: boolean; status: number; statusText: string }>;

/** Where Slack issues response_urls. */
const SLACK_RESPONSE_URL_ORIGIN = 'https://hooks.slack.com';

/**
 * Whether a response_url is one Slack issued: `https://hooks.slack.com/…`, or on the Slack stand-in's
 * own origin when SLACK_API_URL points at one. A request's response_url is foreign input, signed or
 * not: the bot POSTs the person's summary there, so it goes nowhere else.
 */
function responseUrlPolicy(apiUrl: string | undefined): (url: string) => boolean {
  const origins = new Set([SLACK_RESPONSE_URL_ORIGIN]);
  if (apiUrl !== undefined) origins.add(new URL(apiUrl).origin);
  return (url) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    return origins.has(parsed.origin) && parsed.username === '' && parsed.password === '';
  };
}

export interface ResponderOptions {
  /** SLACK_API_URL: its origin is trusted for response_urls too (the stand-in's). */
  readonly apiUrl: string | undefined;
  readonly fetch?: FetchFunction;
  readonly timeoutMs?: number;
}

/**
 * `respondTo(url)`: a `respond` over a response_url, for every surface (commands, buttons, the
 * shortcut, the modal's submission through the shortcut's url). Fails like Bolt's `respond()`: a
 * `RespondError` with the status when Slack answers non-2xx (expired after 30 minutes or 5 uses),
 * and `slack_refused` `untrusted_response_url` for a URL Slack did not issue (nothing is sent).
 */
export function createResponder(options: ResponderOptions): (url: string | undefined) => Respond {
  const trusted = responseUrlPolicy(options.apiUrl);
  const fetchFn = options.fetch ?? (fetch as unknown as FetchFunction);
  const timeoutMs = options.timeoutMs ?? 10_000;
  return (url) => async (message) => {
    if (url === undefined || !trusted(url)) {
      throw new CallSummaryError('slack_refused', { error: 'untrusted_response_url' });
    }
    // Fitted in its reader's words by the caller (answerRoute, the late service): checked here.
    const sendable = checkedMessage(message, { allowMentions: message.response_type === 'in_channel' });
    const response = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(sendable),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    if (!response.ok) {
      throw new RespondError(
        `Failed to respond to the response_url: ${response.status} ${response.statusText}`,
        response.status,
      );
    }
    return response;
  };
}
