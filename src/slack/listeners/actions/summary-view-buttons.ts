import { CallSummaryError } from '../../../shared/errors.js';
import type { SlackDeps } from '../../deps.js';
import { shownDigest } from '../../views/answers.js';
import { updateClicked } from '../../views/modal-flow.js';
import { summaryView } from '../../views/summary-modal.js';
import { LookupRef, SummaryViewRef } from '../../views/values.js';
import { acknowledge, assertAdmitted } from '../prelude.js';
import { seeLookup, viewWithRefusedNote } from '../see.js';
import type { ClickArgs } from './lookup-action.js';

/**
 * **Show other side** and **Refresh** in the summary modal (a call opened from the Home tab): the
 * modal is updated in place, as the same buttons replace a private answer in a conversation.
 */
export function summaryViewButton(deps: SlackDeps, mode: 'show_side' | 'refresh') {
  return async (args: ClickArgs): Promise<void> => {
    await acknowledge(deps, args.ack);
    const view = args.view;
    if (view === undefined) return;
    const shown = SummaryViewRef.decode(view.privateMetadata);
    const words = await deps.wordsOf(args.userId);
    await updateClicked(
      deps,
      view,
      words.t('summary.modal.title'),
      async () => {
        const at = { surface: mode } as const;
        assertAdmitted(deps, { userId: args.userId, channelId: shown?.channelId }, at);
        const ref = LookupRef.decode(args.value);
        if (!ref || !shown || ref.legId !== shown.legId) {
          throw new CallSummaryError('usage', {
            problem: words.t('summary.outOfDate.open'),
          });
        }
        const lookup = await deps.summaries.lookup({
          legId: ref.legId,
          side: ref.side,
          extension: ref.extension,
          refresh: mode === 'refresh',
        });
        const digest = shownDigest(lookup);
        const checked =
          mode === 'refresh'
            ? {
                at: Date.now(),
                outcome:
                  ref.digest !== undefined && digest !== undefined && digest !== ref.digest
                    ? ('updated' as const)
                    : ('unchanged' as const),
              }
            : undefined;
        const seen = await seeLookup(deps, args.userId, lookup, at);
        return viewWithRefusedNote(
          summaryView(
            seen.shown,
            deps.render,
            { legId: ref.legId, side: ref.side, channelId: shown.channelId },
            words,
            checked,
          ),
          seen.refused,
          words,
        );
      },
      { user: args.userId, action: mode },
      words,
    );
  };
}
