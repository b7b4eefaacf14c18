import type { KnownBlock } from '@slack/types';
import { callWhen } from '../../render/call-context.js';
import { briefLine, escapeMrkdwn, partyLabel, summaryGist } from '../../render/index.js';
import type { Words } from '../../shared/i18n/index.js';
import type { CallContext, ContextParty } from '../../use-case/model/call-context.js';
import type { CallSummary } from '../../use-case/model/call-summary.js';
import { otherSide } from '../../use-case/model/leg-id.js';
import type { ThreadCalls } from '../../use-case/ports.js';
import type { RenderSummary } from '../deps.js';
import { actionsBlock, type ButtonSpec, sectionBlock } from './controls.js';
import type { SlackMessage } from './types.js';
import { ACTION_IDS, BLOCK_IDS, LookupRef, TranscriptRef } from './values.js';

/**
 * A summary posted for others to read (an automatic post, a thread reply, a notification): its call
 * context and summary as every surface draws them, then the buttons that make sense there:
 * **Transcript**, and **Show other side** when the other party is an extension (it may have a
 * summary of its own; the click looks again, like every button, and says so when it has none). Their
 * answers come privately beside the post, never in its place. Pure.
 */
export function postedButtons(
  summary: CallSummary,
  call: CallContext,
  words: Words,
  extra: readonly ButtonSpec[] = [],
) {
  const other = call[otherSide(summary.side)];
  const buttons: ButtonSpec[] = [...extra];
  if (other?.isExtension) {
    buttons.push({
      text: words.t('summary.showSide.button', { side: 'other' }),
      actionId: ACTION_IDS.showSide,
      value: LookupRef.encode({
        legId: summary.legId,
        side: otherSide(summary.side),
        extension: undefined,
        posted: true,
      }),
    });
  }
  buttons.push({
    text: words.t('summary.transcript.button'),
    actionId: ACTION_IDS.transcript,
    value: TranscriptRef.encode({ legId: summary.legId, page: 1, channelId: undefined }),
  });
  return actionsBlock(buttons, BLOCK_IDS.answerButtons);
}

export function postedSummaryMessage(
  summary: CallSummary,
  call: CallContext,
  render: RenderSummary,
  words: Words,
  options: { readonly before?: readonly KnownBlock[]; readonly extra?: readonly ButtonSpec[] } = {},
): SlackMessage {
  const rendered = render(summary, { surface: 'message', of: 1, call, words });
  return {
    text: rendered.text,
    blocks: [
      ...(options.before ?? []),
      ...rendered.blocks,
      postedButtons(summary, call, words, options.extra),
    ],
  };
}

/**
 * A quiet channel's one line: direction, parties, when, talk time and the summary's first point
 * (src/render/call-context.ts `briefLine`); the whole summary is the first reply in its thread.
 */
export function briefMessage(summary: CallSummary, call: CallContext, words: Words): SlackMessage {
  const line = briefLine(call, summaryGist(summary.html), words);
  return { text: line, blocks: [sectionBlock(line)] };
}

/** A customer thread's head: whose calls, how many, and when the last one started. */
export function threadHeadMessage(party: ContextParty, calls: ThreadCalls, words: Words): SlackMessage {
  const who = escapeMrkdwn(partyLabel(party, words));
  const count = calls.count;
  const text =
    calls.lastStart === undefined
      ? words.t('summary.threadHead', { who, count })
      : words.t('summary.threadHead.last', {
          who,
          count,
          when: callWhen({ start: { epoch: calls.lastStart } }, words),
        });
  return { text: words.t('summary.threadHead.text', { who, count }), blocks: [sectionBlock(text)] };
}
