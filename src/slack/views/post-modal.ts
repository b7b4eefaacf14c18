import type { KnownBlock, ModalView } from '@slack/types';
import { FALLBACK_DATE_TIME } from '../../render/builders.js';
import { contextBlock, escapeMrkdwn, whoOf } from '../../render/index.js';
import type { Words } from '../../shared/i18n/index.js';
import type { CallContext } from '../../use-case/model/call-context.js';
import type { CallSummary } from '../../use-case/model/call-summary.js';
import type { Side } from '../../use-case/model/leg-id.js';
import { formatWallClockShort } from '../../use-case/model/pbx-time.js';
import type { SummaryLookup } from '../../use-case/summaries.js';
import type { RenderSummary } from '../deps.js';
import { errorMessage, lookupMessage } from './answers.js';
import { modalView, sectionBlock, staticSelectInput } from './controls.js';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS, choiceValue, PostTarget } from './values.js';

function frame(blocks: KnownBlock[], words: Words, post?: { readonly privateMetadata: string }): ModalView {
  return modalView({
    callbackId: CALLBACK_IDS.postModal,
    title: words.t('summary.modal.title'),
    close: words.t('summary.close.button'),
    blocks,
    ...(post ? { submit: words.t('summary.post.button'), privateMetadata: post.privateMetadata } : {}),
  });
}

export function loadingView(words: Words): ModalView {
  return frame([{ type: 'section', text: { type: 'mrkdwn', text: words.t('summary.loading') } }], words);
}

/** The modal showing why nothing could be looked up. */
export function failureView(error: unknown, words: Words, legId?: string): ModalView {
  const watch = legId === undefined ? undefined : { legId, side: undefined, extension: undefined };
  return frame(errorMessage(error, words, undefined, watch).blocks, words);
}

/**
 * A call alert with no leg id whose party (or CDR uid) had no call near the message's time: what was
 * looked for, and where to look instead.
 */
export function noCallNearView(
  clue: { readonly kind: 'uid' | 'party'; readonly value: string },
  minutes: number,
  words: Words,
): ModalView {
  const value = escapeMrkdwn(clue.value);
  const text =
    clue.kind === 'uid'
      ? words.t('summary.noCall.uid', { uid: value })
      : words.t('summary.noCall.party', { party: value, minutes });
  return frame([sectionBlock(text)], words);
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
  words: Words,
  failures: readonly LegFailure[] = [],
): ModalView {
  const found = lookups.flatMap((l) => l.results.flatMap((r) => (r.status === 'found' ? [r] : [])));
  const blocks: KnownBlock[] = [];
  const modalRender: RenderSummary = (summary, context) =>
    render(summary, { ...context, surface: 'modal', of: Math.max(1, found.length) });
  for (const lookup of lookups) {
    const part = lookupMessage(lookup, modalRender, words, {
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
    blocks.push(contextBlock([words.t('summary.context.leg', { legId: failure.legId })]));
    blocks.push(
      ...errorMessage(failure.error, words, undefined, {
        legId: failure.legId,
        side: undefined,
        extension: undefined,
      }).blocks,
    );
  }
  if (found.length === 0) return frame(blocks, words);
  const offered = found.map((r) => choiceValue(r.summary.legId, r.side));
  if (found.length > 1) {
    blocks.push(
      staticSelectInput({
        blockId: BLOCK_IDS.choice,
        actionId: ACTION_IDS.choice,
        label: words.t('summary.choice.label'),
        choices: found.map((r) => ({
          text: choiceLabel(r.summary, r.side, r.call, words),
          value: choiceValue(r.summary.legId, r.side),
        })),
      }),
    );
  }
  return frame(blocks, words, { privateMetadata: PostTarget.encode({ ...target, offered }) });
}

/**
 * A choice as people tell summaries apart: whose side (the person, their extension) and which call
 * (its start), not the leg id: `Leo Ball (3202), callee · 2026-05-13 22:32`.
 */
export function choiceLabel(summary: CallSummary, side: Side, call: CallContext, words: Words): string {
  const when =
    'wall' in call.start
      ? formatWallClockShort(call.start.wall)
      : words.t('context.date.fallback', {
          when: words.dateTime(call.start.epoch * 1000, FALLBACK_DATE_TIME),
        });
  return words.t('summary.choice.option', { who: whoOf(summary, words), side, when });
}
