import { renderSummary, surfaceBudget } from '../../render/index.js';
import type { RenderSummary } from '../deps.js';

/**
 * Room kept for our own blocks around the summaries: the button row, the "Shared by" line, a
 * "no summary yet" section with its Try again button for the other side, a leg that failed.
 * Whatever still does not fit is cut at the end, visibly, before sending (./outgoing.ts).
 */
const RESERVED = { blocks: 6, characters: 1000, json: 3000 } as const;

/** The renderer with Slack's budget split evenly between the summaries of one message or view. */
export function createSlackRenderer(): RenderSummary {
  return (summary, { surface, of, call, showSide, words }) => {
    const full = surfaceBudget(surface);
    const share = Math.max(1, of);
    const rendered = renderSummary(summary, {
      words,
      surface,
      call,
      showSide: showSide ?? false,
      budget: {
        blocks: Math.floor((full.blocks - RESERVED.blocks) / share),
        characters: Math.floor((full.characters - RESERVED.characters) / share),
        json: Math.floor((full.json - RESERVED.json) / share),
      },
    });
    return { text: rendered.text, blocks: rendered.blocks };
  };
}
