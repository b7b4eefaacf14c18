import type { KnownBlock, ModalView } from '@slack/types';
import type { Words } from '../../shared/i18n/index.js';
import { otherSide } from '../../use-case/model/leg-id.js';
import type { SummaryLookup } from '../../use-case/summaries.js';
import type { RenderSummary } from '../deps.js';
import { type Checked, lookupMessage, shownDigest } from './answers.js';
import { actionsBlock, type ButtonSpec, modalView } from './controls.js';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS, LookupRef, SummaryViewRef, TranscriptRef } from './values.js';

/**
 * A call's summary in a modal: what **Summary** opens from the App Home tab, where there is no
 * conversation to answer in. The same summary as `/callsummary <leg-id> <side>` gives, with
 * **Show other side**, **Refresh** (both update this view) and **Transcript** (pushes the transcript).
 */
export function summaryView(
  lookup: SummaryLookup,
  render: RenderSummary,
  ref: SummaryViewRef,
  words: Words,
  /** Refresh: what the check found, said at the top. */
  checked?: Checked,
): ModalView {
  const found = lookup.results.filter((r) => r.status === 'found').length;
  const modalRender: RenderSummary = (summary, context) =>
    render(summary, { ...context, surface: 'modal', of: Math.max(1, found) });
  const asked = { legId: lookup.legId, side: ref.side, extension: undefined };
  const blocks: KnownBlock[] = [
    // "No summary yet" offers Notify me here too (src/late): the summary then comes as a DM.
    ...lookupMessage(lookup, modalRender, words, { asked, interactive: false, watchable: true, checked })
      .blocks,
  ];
  const buttons: ButtonSpec[] = [];
  if (ref.side !== undefined) {
    buttons.push({
      text: words.t('summary.showSide.button', { side: otherSide(ref.side) }),
      actionId: ACTION_IDS.showSide,
      value: LookupRef.encode({ legId: lookup.legId, side: otherSide(ref.side), extension: undefined }),
    });
  }
  const digest = shownDigest(lookup);
  buttons.push({
    text: words.t('summary.refresh.button'),
    actionId: ACTION_IDS.refresh,
    value: LookupRef.encode({ ...asked, ...(digest !== undefined ? { digest } : {}) }),
  });
  if (found > 0) {
    buttons.push({
      text: words.t('summary.transcript.button'),
      actionId: ACTION_IDS.transcript,
      value: TranscriptRef.encode({ legId: lookup.legId, page: 1, channelId: ref.channelId }),
    });
  }
  blocks.push(actionsBlock(buttons, BLOCK_IDS.summaryModalButtons));
  return modalView({
    callbackId: CALLBACK_IDS.summaryModal,
    title: words.t('summary.modal.title'),
    close: words.t('summary.close.button'),
    privateMetadata: SummaryViewRef.encode({ ...ref, legId: lookup.legId }),
    blocks,
  });
}
