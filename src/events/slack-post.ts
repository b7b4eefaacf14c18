import type { Words } from '../shared/i18n/index.js';
import { slackRefusal } from '../shared/slack-refusals.js';
import { outgoingMessage } from '../slack/send/outgoing.js';
import { slackRefusalCode } from '../slack/send/slack-errors.js';
import { rateLimitedFor, type SlackWebClient } from '../slack/send/web-client.js';
import type { PostedMetadata, SlackMessage } from '../slack/views/types.js';

/**
 * One `chat.postMessage` through the bot's Web API client, classified so the queue knows what to do.
 * The client throws a 429 at once with Retry-After (`rejectRateLimitedCalls`), so the queue holds
 * that channel for it and keeps order.
 */
export interface OutgoingMessage extends SlackMessage {
  readonly channel: string;
  /** Posted summaries carry it; a customer thread's head does not (it is no summary). */
  readonly metadata?: PostedMetadata;
  /** A reply in this thread. */
  readonly threadTs?: string;
}

export type PostResult =
  | { readonly kind: 'ok'; readonly ts: string }
  | { readonly kind: 'rate_limited'; readonly retryAfterMs: number }
  /** Worth retrying: network failure, 5xx, Slack's transient errors. */
  | { readonly kind: 'transient'; readonly reason: string }
  /** Will fail again until a person fixes something; `fix` says what. */
  | { readonly kind: 'permanent'; readonly error: string; readonly fix: string };

export type PostMessage = (message: OutgoingMessage) => Promise<PostResult>;

/** `words`: CHANNEL_LOCALE's, for the note saying what had to be left out (everyone there reads it). */
export function createSlackPoster(client: Pick<SlackWebClient, 'chat'>, words: Words): PostMessage {
  return async (message) => {
    try {
      const sendable = outgoingMessage(message, { words });
      const result = await client.chat.postMessage({
        channel: message.channel,
        text: sendable.text,
        blocks: sendable.blocks,
        ...(message.metadata ? { metadata: message.metadata } : {}),
        ...(message.threadTs !== undefined ? { thread_ts: message.threadTs } : {}),
      });
      return { kind: 'ok', ts: result.ts ?? '' };
    } catch (error) {
      const retryAfterMs = rateLimitedFor(error);
      if (retryAfterMs !== undefined) return { kind: 'rate_limited', retryAfterMs };
      const code = slackRefusalCode(error);
      // Not Slack's answer at all (a bug on our side): worth no retry, and the admin must see it.
      if (code === undefined)
        return { kind: 'permanent', error: 'unexpected', fix: (error as Error).message };
      const refusal = slackRefusal(code);
      return refusal.transient
        ? { kind: 'transient', reason: code }
        : { kind: 'permanent', error: code, fix: refusal.fix };
    }
  };
}

/** `chat.update` of a message the bot posted (a customer thread's head), fitted like every message. */
export function createSlackUpdater(client: Pick<SlackWebClient, 'chat'>, words: Words) {
  return async (message: { channel: string; ts: string } & SlackMessage): Promise<void> => {
    const sendable = outgoingMessage(message, { words });
    await client.chat.update({
      channel: message.channel,
      ts: message.ts,
      text: sendable.text,
      blocks: sendable.blocks,
    });
  };
}
