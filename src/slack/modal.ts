import { z } from 'zod';
import type { Side } from '../leg-id.js';
import type { SummaryLookup } from '../summary-service.js';
import type { RenderSummary, SlackBlock } from './deps.js';
import { errorMessage, lookupMessage } from './messages.js';

export const POST_VIEW_CALLBACK_ID = 'callsummary_post';
export const CHOICE_BLOCK_ID = 'callsummary_choice';
export const CHOICE_ACTION_ID = 'choice';
/** A message rarely names more legs than this; more would not fit one modal anyway. */
export const MAX_LEGS_PER_MODAL = 5;

/** Where the chosen summary goes, carried through the modal in private_metadata (3,000 characters). */
export interface PostTarget {
  readonly channelId: string;
  readonly threadTs: string;
  /** The only choice, when there is exactly one summary (no select shown). */
  readonly only?: string | undefined;
  /**
   * The shortcut's response_url: the submission's private answers go there (a view submission
   * carries none of its own). It reaches the person even where the bot is not a member, and shows
   * outside the thread, where chat.postEphemeral with thread_ts shows nothing until a thread exists.
   */
  readonly responseUrl?: string | undefined;
}

/** A response_url as Slack issues them (https://hooks.slack.com/…); http only for loopback tests. */
const RESPONSE_URL = /^https?:\/\/[^\s]{1,1000}$/;

const targetSchema = z.object({
  c: z.string().min(1).max(32),
  t: z.string().min(1).max(32),
  o: z.string().max(64).optional(),
  r: z.string().regex(RESPONSE_URL).optional(),
});

export function encodeTarget(target: PostTarget): string {
  return JSON.stringify({
    c: target.channelId,
    t: target.threadTs,
    ...(target.only ? { o: target.only } : {}),
    ...(target.responseUrl && RESPONSE_URL.test(target.responseUrl) ? { r: target.responseUrl } : {}),
  });
}

export function decodeTarget(text: string | undefined): PostTarget | undefined {
  try {
    const parsed = targetSchema.safeParse(JSON.parse(text ?? ''));
    return parsed.success
      ? {
          channelId: parsed.data.c,
          threadTs: parsed.data.t,
          only: parsed.data.o,
          responseUrl: parsed.data.r,
        }
      : undefined;
  } catch {
    return undefined;
  }
}

/** `leg|side`: what the select offers and the submission names. */
export function choiceValue(legId: string, side: Side): string {
  return `${legId}|${side}`;
}

export function parseChoice(value: string | undefined): { legId: string; side: Side } | undefined {
  const match = /^(\d{14}-[0-9A-F]{5})\|(caller|callee)$/.exec(value ?? '');
  return match ? { legId: match[1]!, side: match[2] as Side } : undefined;
}

const title = { type: 'plain_text' as const, text: 'Call summary' };

export function loadingView(): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: POST_VIEW_CALLBACK_ID,
    title,
    close: { type: 'plain_text', text: 'Close' },
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: ':hourglass_flowing_sand: Looking up the call summary…' },
      },
    ],
  };
}

/** A leg of the message that could not be looked up, shown beside the ones that could. */
export interface LegFailure {
  readonly legId: string;
  readonly error: unknown;
}

/** The summaries found, and (when several) a choice of which to post; submit posts it in the thread. */
export function summariesView(
  lookups: readonly SummaryLookup[],
  render: RenderSummary,
  target: Omit<PostTarget, 'only'>,
  failures: readonly LegFailure[] = [],
): Record<string, unknown> {
  const found = lookups.flatMap((l) => l.results.flatMap((r) => (r.status === 'found' ? [r] : [])));
  const blocks: SlackBlock[] = [];
  const modalRender: RenderSummary = (summary) =>
    render(summary, { surface: 'modal', of: Math.max(1, found.length) });
  for (const lookup of lookups) {
    const part = lookupMessage(lookup, modalRender, {
      asked: { legId: lookup.legId, side: undefined, extension: undefined },
      interactive: false,
    });
    if (blocks.length > 0) blocks.push({ type: 'divider' });
    blocks.push(...part.blocks);
  }
  for (const failure of failures) {
    if (blocks.length > 0) blocks.push({ type: 'divider' });
    // Leg ids come from findLegIds (digits, a dash, hex), so they are safe in mrkdwn as they are.
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Leg \`${failure.legId}\`` }] });
    blocks.push(...errorMessage(failure.error).blocks);
  }
  const base = {
    type: 'modal',
    callback_id: POST_VIEW_CALLBACK_ID,
    title,
    close: { type: 'plain_text', text: 'Close' },
  };
  if (found.length === 0) return { ...base, blocks };
  if (found.length > 1) {
    blocks.push({
      type: 'input',
      block_id: CHOICE_BLOCK_ID,
      label: { type: 'plain_text', text: 'Which summary to post in the thread' },
      element: {
        type: 'static_select',
        action_id: CHOICE_ACTION_ID,
        options: found.slice(0, 100).map((r) => ({
          text: { type: 'plain_text', text: `${r.summary.legId} · ${r.side}`.slice(0, 75) },
          value: choiceValue(r.summary.legId, r.side),
        })),
      },
    });
  }
  const only = found.length === 1 ? choiceValue(found[0]!.summary.legId, found[0]!.side) : undefined;
  return {
    ...base,
    submit: { type: 'plain_text', text: 'Post in thread' },
    private_metadata: encodeTarget({ ...target, only }),
    blocks,
  };
}
