import type { KnownBlock, ModalView } from '@slack/types';
import { contextBlock, escapeMrkdwn, whoOf } from '../../render/index.js';
import type { CallContext } from '../../use-case/model/call-context.js';
import type { CallSummary } from '../../use-case/model/call-summary.js';
import type { Side } from '../../use-case/model/leg-id.js';
import { formatWallClockShort } from '../../use-case/model/pbx-time.js';
import type { SummaryLookup } from '../../use-case/summaries.js';
import type { RenderSummary } from '../deps.js';
import { errorMessage, lookupMessage } from './answers.js';
import { modalView, sectionBlock, staticSelectInput } from './controls.js';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS, choiceValue, PostTarget } from './values.js';

function frame(blocks: KnownBlock[], post?: { readonly privateMetadata: string }): ModalView {
  return modalView({
    callbackId: CALLBACK_IDS.postModal,
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

/**
 * A call alert with no leg id whose party (or CDR uid) had no call near the message's time: what was
 * looked for, and where to look instead.
 */
export function noCallNearView(
  clue: { readonly kind: 'uid' | 'party'; readonly value: string },
  minutes: number,
): ModalView {
  const value = escapeMrkdwn(clue.value);
  const text =
    clue.kind === 'uid'
      ? `The PBX has no call with the CDR uid ${value} (yet): its summary may still be being written.`
      : `I found no call of ${value} within ${minutes} minutes of this message. Its calls: \`/callsummary ${value}\`.`;
  return frame([sectionBlock(text)]);
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
  const modalRender: RenderSummary = (summary, context) =>
    render(summary, { ...context, surface: 'modal', of: Math.max(1, found.length) });
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
        blockId: BLOCK_IDS.choice,
        actionId: ACTION_IDS.choice,
        label: 'Which summary to post in the thread',
        choices: found.map((r) => ({
          text: choiceLabel(r.summary, r.side, r.call),
          value: choiceValue(r.summary.legId, r.side),
        })),
      }),
    );
  }
  return frame(blocks, { privateMetadata: PostTarget.encode({ ...target, offered }) });
}

/**
 * A choice as people tell summaries apart: whose side (the person, their extension) and which call
 * (its start), not the leg id: `Leo Ball (3202), callee · 2026-05-13 22:32`.
 */
export function choiceLabel(summary: CallSummary, side: Side, call: CallContext): string {
  const when = 'wall' in call.start ? formatWallClockShort(call.start.wall) : utcShort(call.start.epoch);
  return `${whoOf(summary)}, ${side} · ${when}`;
}

function utcShort(epoch: number): string {
  const iso = new Date(epoch * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
