import type { KnownBlock, ModalView } from '@slack/types';
import { z } from 'zod';
import { contextBlock } from '../../render/index.js';
import { LEG_ID_PATTERN, type Side } from '../../use-case/model/leg-id.js';
import type { SummaryLookup } from '../../use-case/summaries.js';
import type { RenderSummary } from '../deps.js';
import { errorMessage, lookupMessage } from './answers.js';
import { modalView, staticSelectInput } from './controls.js';

export const POST_VIEW_CALLBACK_ID = 'callsummary_post';
export const CHOICE_BLOCK_ID = 'callsummary_choice';
export const CHOICE_ACTION_ID = 'choice';
/** A message rarely names more legs than this; more would not fit one modal anyway. */
export const MAX_LEGS_PER_MODAL = 5;

/**
 * Where the chosen summary goes and what may be chosen, carried through the modal in
 * private_metadata (Slack gives it back untouched with the submission).
 */
export interface PostTarget {
  readonly channelId: string;
  readonly threadTs: string;
  /** The `leg|side` choices the modal offered: the submission may post only one of these. */
  readonly offered: readonly string[];
  /**
   * The shortcut's response_url: the submission's private answers go there (a view submission
   * carries none of its own). It reaches the person even where the bot is not a member, and shows
   * outside the thread, where chat.postEphemeral with thread_ts shows nothing until a thread exists.
   */
  readonly responseUrl?: string | undefined;
}

const CHOICE = new RegExp(`^(${LEG_ID_PATTERN.source})\\|(caller|callee)$`);

/** Response URLs Slack issues are about 100 characters; a longer one is not carried (nor trusted). */
const MAX_RESPONSE_URL = 1000;

const targetSchema = z.object({
  c: z.string().min(1).max(32),
  t: z.string().min(1).max(32),
  o: z
    .array(z.string().regex(CHOICE))
    .min(1)
    .max(MAX_LEGS_PER_MODAL * 2),
  r: z.string().max(MAX_RESPONSE_URL).optional(),
});

export function encodeTarget(target: PostTarget): string {
  return JSON.stringify({
    c: target.channelId,
    t: target.threadTs,
    o: target.offered,
    ...(target.responseUrl !== undefined && target.responseUrl.length <= MAX_RESPONSE_URL
      ? { r: target.responseUrl }
      : {}),
  });
}

/** The submission's private_metadata: foreign input, validated; undefined when not ours. */
export function decodeTarget(text: string | undefined): PostTarget | undefined {
  try {
    const parsed = targetSchema.safeParse(JSON.parse(text ?? ''));
    return parsed.success
      ? {
          channelId: parsed.data.c,
          threadTs: parsed.data.t,
          offered: parsed.data.o,
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
  const match = CHOICE.exec(value ?? '');
  return match ? { legId: match[1]!.toUpperCase(), side: match[2] as Side } : undefined;
}

function frame(blocks: KnownBlock[], post?: { readonly privateMetadata: string }): ModalView {
  return modalView({
    callbackId: POST_VIEW_CALLBACK_ID,
    title: 'Call summary',
    close: 'Close',
    blocks,
    ...(post ? { submit: 'Post in thread', privateMetadata: post.privateMetadata } : {}),
  });
}

export function loadingView(): ModalView {
  return frame([
    {
      type: 'section',
      text: { type: 'mrkdwn', text: ':hourglass_flowing_sand: Looking up the call summary…' },
    },
  ]);
}

/** The modal showing why nothing could be looked up. */
export function failureView(error: unknown, legId?: string): ModalView {
  const watch = legId === undefined ? undefined : { legId, side: undefined, extension: undefined };
  return frame(errorMessage(error, undefined, watch).blocks);
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
  target: Omit<PostTarget, 'offered'>,
  failures: readonly LegFailure[] = [],
): ModalView {
  const found = lookups.flatMap((l) => l.results.flatMap((r) => (r.status === 'found' ? [r] : [])));
  const blocks: KnownBlock[] = [];
  const modalRender: RenderSummary = (summary) =>
    render(summary, { surface: 'modal', of: Math.max(1, found.length) });
  for (const lookup of lookups) {
    const part = lookupMessage(lookup, modalRender, {
      asked: { legId: lookup.legId, side: undefined, extension: undefined },
      interactive: false,
      watchable: true,
    });
    if (blocks.length > 0) blocks.push({ type: 'divider' });
    blocks.push(...part.blocks);
  }
  for (const failure of failures) {
    if (blocks.length > 0) blocks.push({ type: 'divider' });
    // Leg ids come from findLegIds (digits, a dash, hex), so they are safe in mrkdwn as they are.
    blocks.push(contextBlock([`Leg \`${failure.legId}\``]));
    blocks.push(
      ...errorMessage(failure.error, undefined, {
        legId: failure.legId,
        side: undefined,
        extension: undefined,
      }).blocks,
    );
  }
  if (found.length === 0) return frame(blocks);
  const offered = found.map((r) => choiceValue(r.summary.legId, r.side));
  if (found.length > 1) {
    blocks.push(
      staticSelectInput({
        blockId: CHOICE_BLOCK_ID,
        actionId: CHOICE_ACTION_ID,
        label: 'Which summary to post in the thread',
        choices: found.map((r) => ({
          text: `${r.summary.legId} · ${r.side}`,
          value: choiceValue(r.summary.legId, r.side),
        })),
      }),
    );
  }
  return frame(blocks, { privateMetadata: encodeTarget({ ...target, offered }) });
}
