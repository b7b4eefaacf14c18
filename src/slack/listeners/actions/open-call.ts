import { CallSummaryError } from '../../../shared/errors.js';
import type { SlackDeps } from '../../deps.js';
import { loadingModal, openThenFill } from '../../views/modal-flow.js';
import { summaryView } from '../../views/summary-modal.js';
import { LookupRef } from '../../views/values.js';
import { acknowledge, assertAdmitted } from '../prelude.js';
import { seeLookup, viewWithRefusedNote } from '../see.js';
import { type ClickArgs, lookupButton } from './lookup-action.js';

/**
 * **Summary** on a listed call (`callsummary_open`): that leg's summary for the extension's side,
 * exactly as `/callsummary <leg-id> <side>` answers. From a list in a conversation, a private answer
 * beside the list (Share, Show other side, Refresh, Transcript); from the App Home tab, where there is
 * no conversation, a modal with the same summary.
 */
export function openCall(deps: SlackDeps) {
  const inMessage = lookupButton(deps, 'open');
  return async (args: ClickArgs): Promise<void> => {
    if (args.view === undefined) return inMessage(args);
    await acknowledge(deps, args.ack);
    const who = { userId: args.userId, channelId: args.channelId };
    const words = await deps.wordsOf(args.userId);
    const title = words.t('list.summary.title');
    await openThenFill(
      deps,
      {
        triggerId: args.triggerId,
        push: args.view.type === 'modal',
        loading: loadingModal(words, title, words.t('list.summary.loading')),
        title,
        words,
        log: { user: args.userId, action: 'open' },
      },
      async () => {
        const at = { surface: 'home_summary' } as const;
        assertAdmitted(deps, who, at);
        const ref = LookupRef.decode(args.value);
        if (!ref) throw new CallSummaryError('usage', { problem: words.t('list.outOfDateTab') });
        const lookup = await deps.summaries.lookup({
          legId: ref.legId,
          side: ref.side,
          extension: ref.extension,
        });
        const seen = await seeLookup(deps, args.userId, lookup, at);
        return viewWithRefusedNote(
          summaryView(
            seen.shown,
            deps.render,
            { legId: ref.legId, side: ref.side, channelId: args.channelId },
            words,
          ),
          seen.refused,
          words,
        );
      },
    );
  };
}
