import type { KnownBlock, ModalView } from '@slack/types';
import { contextBlock } from '../../../render/index.js';
import { CallSummaryError } from '../../../shared/errors.js';
import type { Words } from '../../../shared/i18n/index.js';
import type { SlackDeps } from '../../deps.js';
import { outgoingView } from '../../send/outgoing.js';
import type { SlackWebClient } from '../../send/web-client.js';
import { errorMessage } from '../../views/answers.js';
import { sectionBlock } from '../../views/controls.js';
import type { Respond, SlackMessage } from '../../views/types.js';
import { LookupRef } from '../../views/values.js';
import { answerFailure } from '../answer-failure.js';
import { begin } from '../prelude.js';
import { viewerOf } from '../see.js';

/** The modal the button sits in, as the click carries it (foreign input: only what we re-send is read). */
export interface ClickedView {
  readonly id: string;
  readonly hash?: string | undefined;
  readonly callback_id?: string | undefined;
  readonly title?: unknown;
  readonly close?: unknown;
  readonly submit?: unknown;
  readonly private_metadata?: string | undefined;
  readonly blocks?: unknown;
}

export interface NotifyArgs {
  readonly ack: () => Promise<void>;
  readonly respond: Respond;
  readonly client: Pick<SlackWebClient, 'views'>;
  readonly userId: string | undefined;
  readonly channelId: string | undefined;
  readonly value: string | undefined;
  /** The click's own response_url: it points at the answer the button sits on (30 minutes, 5 uses). */
  readonly responseUrl: string | undefined;
  /** Set when the button is in a modal (the shortcut's): the answer goes into the modal instead. */
  readonly view?: ClickedView | undefined;
  readonly blockId: string | undefined;
}

/**
 * "Notify me" on a "no summary yet" / "not transcribed yet" answer: records a watch (src/late) and
 * says so beside the answer, which stays as it is until the summary replaces it.
 */
export function notifyButton(deps: SlackDeps) {
  return async (args: NotifyArgs): Promise<void> => {
    const { ack, respond, userId, channelId, value } = args;
    const who = { userId, channelId };
    // The answer the button sat on becomes the confirmation (the summary replaces it when it comes).
    const tell = (message: SlackMessage) =>
      args.view
        ? deps
            .wordsOf(userId)
            .then((words) => intoModal(args.client, args.view!, args.blockId, message, words))
        : respond({ response_type: 'ephemeral', replace_original: true, ...message });
    const surface = 'notify_me';
    if (
      !(await begin(deps, {
        ack,
        respond,
        who,
        refusal: { replace_original: false },
        surface,
        what: 'notify',
      }))
    )
      return;
    let ref: LookupRef | undefined;
    // The clicker reads the confirmation, and the "Your summary is ready" DM after it.
    const words = await deps.wordsOf(userId);
    try {
      ref = LookupRef.decode(value);
      if (!ref || userId === undefined) {
        throw new CallSummaryError('usage', { problem: words.t('notify.stale') });
      }
      // Watching is for a side the clicker may see (the summary is checked again when it is sent).
      const viewer = await viewerOf(deps, userId);
      if (!(await deps.guard.watch(viewer, ref.legId, ref.side, { surface, what: 'notify' }))) {
        throw new CallSummaryError('access_refused', { what: 'summary', legId: ref.legId });
      }
      const added = await deps.late.watch({
        legId: ref.legId,
        side: ref.side,
        extension: ref.extension,
        userId,
        channelId,
        // A modal's click has no response_url: the DM is then the one notification.
        responseUrl: args.view ? undefined : args.responseUrl,
      });
      switch (added) {
        case 'added':
          await tell(confirmation(words.t('notify.watching'), ref, Boolean(args.view), words));
          return;
        case 'already':
          await tell(confirmation(words.t('notify.already'), ref, Boolean(args.view), words));
          return;
        case 'person_full':
          throw new CallSummaryError('watch_refused', {
            reason: 'person_full',
            limit: deps.late.limits.perPerson,
          });
        case 'all_full':
        case 'unavailable':
          throw new CallSummaryError('watch_refused', { reason: added });
        default:
          return added satisfies never;
      }
    } catch (error) {
      if (args.view) {
        deps.logger.warn('notify me refused', { user: userId }, error);
        deps.answers?.failed(error);
        const words = await deps.wordsOf(userId);
        await intoModal(args.client, args.view, args.blockId, errorMessage(error, words), words).catch(
          (e: unknown) => deps.logger.warn('could not answer in the modal', e),
        );
        return;
      }
      await answerFailure(deps, respond, error, undefined, who, { replace_original: false });
    }
  };
}

/** What Notify me says in place: which call is watched (a message), then the promise. */
function confirmation(text: string, ref: LookupRef, inModal: boolean, words: Words): SlackMessage {
  if (inModal) return { text, blocks: [sectionBlock(`:bell: ${text}`)] };
  const which = words.t('notify.which', { legId: ref.legId, side: ref.side ?? 'none' });
  return {
    text: words.t('notify.confirmation.text', { text, which: which.replace(/`/g, '') }),
    blocks: [sectionBlock(`:bell: ${text}`), contextBlock([which])],
  };
}

/** The modal again, its Notify me row replaced by `message` (the rest as the person sees it). */
async function intoModal(
  client: Pick<SlackWebClient, 'views'>,
  view: ClickedView,
  blockId: string | undefined,
  message: SlackMessage,
  words: Words,
): Promise<void> {
  const blocks = Array.isArray(view.blocks) ? (view.blocks as KnownBlock[]) : [];
  const at = blocks.findIndex((b) => (b as { block_id?: string }).block_id === blockId);
  const next =
    at < 0
      ? [...blocks, ...message.blocks]
      : [...blocks.slice(0, at), ...message.blocks, ...blocks.slice(at + 1)];
  const updated = {
    type: 'modal',
    ...(view.callback_id !== undefined ? { callback_id: view.callback_id } : {}),
    title: view.title,
    ...(view.close !== undefined && view.close !== null ? { close: view.close } : {}),
    ...(view.submit !== undefined && view.submit !== null ? { submit: view.submit } : {}),
    ...(view.private_metadata ? { private_metadata: view.private_metadata } : {}),
    blocks: next,
  } as ModalView;
  await client.views.update({
    view_id: view.id,
    ...(view.hash !== undefined ? { hash: view.hash } : {}),
    view: outgoingView(updated, words),
  });
}
