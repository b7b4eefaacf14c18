import { RespondError, type webApi } from '@slack/bolt';
import type { Logger } from '../log.js';
import type { Respond, ResponseBody } from './deps.js';

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

/**
 * A `respond` over a response_url we carried ourselves (the shortcut's, through the modal's
 * private_metadata: view submissions bring none). Fails like Bolt's `respond()`: a `RespondError`
 * with the status when Slack answers non-2xx (expired after 30 minutes or 5 uses).
 */
export function respondVia(
  url: string,
  fetchFn: FetchFunction = fetch as unknown as FetchFunction,
  timeoutMs = 10_000,
): Respond {
  return async (message) => {
    const response = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
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

/**
 * The answer goes through the response_url; when that fails (expired, used up, unreachable) it goes
 * through the Web API instead, so the person still hears back. Throws the fallback's error when both fail.
 */
export function withFallback(
  primary: Respond,
  fallback: ((message: ResponseBody) => Promise<unknown>) | undefined,
  logger: Pick<Logger, 'warn'>,
): Respond {
  if (!fallback) return primary;
  return async (message) => {
    try {
      return await primary(message);
    } catch (error) {
      logger.warn('response_url failed; answering through the Web API instead', {
        status: (error as { statusCode?: unknown }).statusCode,
      });
      return fallback(message);
    }
  };
}

/**
 * The Web API's version of a response_url answer, for when the response_url is dead: an ephemeral
 * answer becomes `chat.postEphemeral` to the same person in the same conversation, an in-channel one
 * `chat.postMessage` with the same metadata. Both need the bot in the conversation (or, for public
 * channels, chat:write.public), which a response_url did not; when they fail too, the caller logs it.
 */
export function webApiFallback(
  client: Pick<webApi.WebClient, 'chat'>,
  channel: string | undefined,
  user: string | undefined,
): ((message: ResponseBody) => Promise<unknown>) | undefined {
  if (channel === undefined || user === undefined) return undefined;
  return async (message) => {
    const blocks = message.blocks ? { blocks: [...message.blocks] } : {};
    if (message.response_type === 'in_channel') {
      return client.chat.postMessage({
        channel,
        text: message.text,
        ...blocks,
        ...(message.metadata ? { metadata: message.metadata } : {}),
      });
    }
    return client.chat.postEphemeral({ channel, user, text: message.text, ...blocks });
  };
}
