/**
 * The renderer: a Yeastar AI summary (model-written HTML) → Block Kit and text, injection-proof and
 * always within Slack's limits. Pure: no I/O. Callers composing several summaries in one message
 * use `renderSummaryBlocks` with a `budget`; every message and view sent goes through `fitMessage` /
 * `fitView` (reduced, visibly, to what Slack accepts) and passes `validateMessage` / `validateView`.
 */
import type { KnownBlock } from '@slack/types';
import type { CallSummary } from '../use-case/model/call-summary.js';
import { type RenderOptions, renderSummaryBlocks } from './blocks.js';
import type { Surface } from './limits.js';
import { fallbackText } from './text.js';

export type { KnownBlock } from '@slack/types';
export { type RenderedBlocks, type RenderOptions, renderSummaryBlocks } from './blocks.js';
export {
  contextBlock,
  countVisibleCharacters,
  headerBlock,
  richTextBlock,
  richTextList,
  richTextPreformatted,
  richTextQuote,
  richTextSection,
  slackDate,
  slackTime,
} from './builders.js';
export {
  briefLine,
  type CallContextOptions,
  callContextMrkdwn,
  callHeadline,
  callWhen,
  partyLabel,
  pbxClock,
} from './call-context.js';
export { fitMessage, fitView, type OutgoingMessage, type OutgoingView } from './fit.js';
export { summaryGist } from './gist.js';
export { type Budget, SLACK_LIMITS, type Surface, surfaceBudget } from './limits.js';
export { parseSummaryHtml, type SummaryModel } from './model.js';
export { escapeMrkdwn, fallbackText, shorten, shortenMrkdwn, whoOf } from './text.js';
export { type ValidateOptions, validateMessage, validateView } from './validate.js';

export interface RenderedSummary {
  /** Short top-level `text` (notifications, screen readers): who and the first point; mrkdwn-escaped. */
  readonly text: string;
  readonly blocks: KnownBlock[];
  /** True when the summary was shortened to fit (the blocks say so visibly too). */
  readonly truncated: boolean;
}

/** One summary as a whole message (or modal body): fallback text plus blocks, within the surface's limits. */
export function renderSummary(
  summary: CallSummary,
  options: RenderOptions & { surface?: Surface },
): RenderedSummary {
  const { blocks, truncated } = renderSummaryBlocks(summary, options);
  return {
    text: fallbackText(summary, options.words, {
      unattributed: options.unattributed ?? false,
      call: options.call,
    }),
    blocks,
    truncated,
  };
}
