import type { types } from '@slack/bolt';
import type { CallSummary } from '../call-summary.js';
import type { Side } from '../leg-id.js';
import type { Logger } from '../log.js';
import type { SummaryService } from '../summary-service.js';
import type { AccessPolicy } from './access.js';

export type SlackBlock = types.KnownBlock;

/** A rendered summary: Block Kit plus the fallback text for notifications and screen readers. */
export interface RenderedSummary {
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

/** Where a summary goes, so the renderer can split Slack's budget between the summaries of one message. */
export interface RenderContext {
  readonly surface: 'message' | 'modal';
  /** How many summaries share the message or view. */
  readonly of: number;
}

/** The renderer's entry point (src/render via ./render.ts), injected so listeners stay testable. */
export type RenderSummary = (summary: CallSummary, context: RenderContext) => RenderedSummary;

/** Everything the Slack listeners need, built once in the composition root. */
export interface SlackDeps {
  readonly summaries: SummaryService;
  readonly render: RenderSummary;
  readonly access: AccessPolicy;
  readonly logger: Logger;
  /** True for exactly one caller across replicas (src/cache `claim`): one post per leg, side and thread. */
  readonly claims: Claims;
}

export interface Claims {
  claim(key: string, ttlMs: number): Promise<boolean>;
  release(key: string): Promise<void>;
}

/** What we send through a response_url (a subset of Bolt's RespondArguments, simple to build and check). */
export interface ResponseBody {
  readonly response_type?: 'ephemeral' | 'in_channel';
  readonly replace_original?: boolean;
  readonly delete_original?: boolean;
  readonly text: string;
  readonly blocks?: SlackBlock[];
  /** Message metadata; Slack accepts it on response_url posts too (slackapi/bolt-js#1819). */
  readonly metadata?: PostedMetadata;
}

/** The design's metadata on every summary the app posts for others to see. */
export interface PostedMetadata {
  readonly event_type: 'call_summary_posted';
  readonly event_payload: { readonly leg_id: string; readonly side: Side };
}

export type Respond = (message: ResponseBody) => Promise<unknown>;
