import { CallSummaryError } from '../../../shared/errors.js';
import type { Words } from '../../../shared/i18n/index.js';
import type { AuditSurface } from '../../../use-case/audit.js';
import type { SlackDeps } from '../../deps.js';
import { loadingModal, openThenFill, updateClicked } from '../../views/modal-flow.js';
import { transcriptView } from '../../views/transcript.js';
import { SummaryViewRef, TranscriptRef } from '../../views/values.js';
import { acknowledge, admit, assertAdmitted } from '../prelude.js';
import { viewerOf } from '../see.js';
import type { ClickArgs } from './lookup-action.js';

/**
 * **Transcript** (`callsummary_transcript`) on a summary: the call's transcript in a modal, opened
 * with the click's trigger (pushed over the summary modal when the click came from one). The
 * conversation it was asked from goes into the modal, so every later page is checked against it too.
 */
export function openTranscript(deps: SlackDeps) {
  return async (args: ClickArgs): Promise<void> => {
    await acknowledge(deps, args.ack);
    const words = await deps.wordsOf(args.userId);
    const title = words.t('transcript.title');
    // The conversation: the message's, or the one the summary modal was opened from (none from Home).
    const channelId = args.view
      ? SummaryViewRef.decode(args.view.privateMetadata)?.channelId
      : args.channelId;
    const who = { userId: args.userId, channelId };
    // In a conversation, a refusal is a private answer there, as for every other button.
    if (
      args.view === undefined &&
      !(await admit(deps, {
        respond: args.respond,
        who,
        refusal: { replace_original: false },
        surface: 'transcript',
        what: 'transcript',
      }))
    ) {
      return;
    }
    await openThenFill(
      deps,
      {
        triggerId: args.triggerId,
        push: args.view?.type === 'modal',
        loading: loadingModal(words, title, words.t('transcript.loading')),
        title,
        words,
        log: { user: args.userId, action: 'transcript' },
      },
      async () => {
        assertAdmitted(deps, who, { surface: 'transcript', what: 'transcript' });
        const ref = TranscriptRef.decode(args.value);
        if (!ref) throw outOfDate(words);
        await mayRead(deps, args.userId, ref.legId, 1, 'transcript');
        const page = await deps.finding.transcripts.page(ref.legId, 1);
        return transcriptView(page, words, { channelId });
      },
    );
  };
}

/** Previous / Next in the transcript modal: the same modal, updated with that page. */
export function transcriptPage(deps: SlackDeps) {
  return async (args: ClickArgs): Promise<void> => {
    await acknowledge(deps, args.ack);
    const view = args.view;
    if (view === undefined) return;
    // Where the transcript was asked from, as the modal carries it (the button's copy is the same).
    const shown = TranscriptRef.decode(view.privateMetadata);
    const words = await deps.wordsOf(args.userId);
    await updateClicked(
      deps,
      view,
      words.t('transcript.title'),
      async () => {
        assertAdmitted(
          deps,
          { userId: args.userId, channelId: shown?.channelId },
          { surface: 'transcript_page', what: 'transcript' },
        );
        const ref = TranscriptRef.decode(args.value);
        if (!ref || !shown || ref.legId !== shown.legId) throw outOfDate(words);
        await mayRead(deps, args.userId, ref.legId, ref.page, 'transcript_page');
        const page = await deps.finding.transcripts.page(ref.legId, ref.page);
        return transcriptView(page, words, { channelId: shown.channelId });
      },
      { user: args.userId, action: 'transcript_page' },
      words,
    );
  };
}

/** The clicker may read this page of the leg's transcript (audited), or `access_refused`. */
async function mayRead(
  deps: SlackDeps,
  userId: string | undefined,
  legId: string,
  page: number,
  surface: AuditSurface,
): Promise<void> {
  const viewer = await viewerOf(deps, userId);
  if (await deps.guard.transcript(viewer, legId, page, { surface, what: 'transcript' })) return;
  throw new CallSummaryError('access_refused', {
    what: 'transcript',
    legId,
    leadsOnly: deps.guard.rules?.transcripts === 'leads',
  });
}

function outOfDate(words: Words): CallSummaryError {
  return new CallSummaryError('usage', { problem: words.t('transcript.outOfDate') });
}
