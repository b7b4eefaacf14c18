import type { KnownBlock } from '@slack/types';
import type { Side } from '../../use-case/model/leg-id.js';

/**
 * What the bot sends to Slack, named once for every sender (listeners, automatic posting).
 */

/** A message: Block Kit plus the fallback text for notifications and screen readers. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: KnownBlock[];
}

/** The design's metadata on every summary the app posts for others to see. */
export interface PostedMetadata {
  readonly event_type: 'call_summary_posted';
  readonly event_payload: { readonly leg_id: string; readonly side: Side };
}

export function postedMetadata(legId: string, side: Side): PostedMetadata {
  return { event_type: 'call_summary_posted', event_payload: { leg_id: legId, side } };
}

/** What we send through a response_url (a subset of Slack's fields, simple to build and check). */
export interface ResponseBody extends SlackMessage {
  readonly response_type?: 'ephemeral' | 'in_channel';
  readonly replace_original?: boolean;
  readonly delete_original?: boolean;
  /** Message metadata; Slack accepts it on response_url posts too (slackapi/bolt-js#1819). */
  readonly metadata?: PostedMetadata;
}

export type Respond = (message: ResponseBody) => Promise<unknown>;
