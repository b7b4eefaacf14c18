import type { ModalView } from '@slack/types';
import type { Words } from '../../shared/i18n/index.js';
import type { SlackDeps } from '../deps.js';
import { outgoingView } from '../send/outgoing.js';
import { slackRefusalCode } from '../send/slack-errors.js';
import { errorMessage } from './answers.js';
import { modalView } from './controls.js';
import { CALLBACK_IDS } from './values.js';

/**
 * Modals that must open at once (a trigger_id lives 3 s) and fill in after PBX work: a loading view
 * is opened (or pushed over the modal the click came from), then updated with what `build` makes,
 * or with the failure in words. Every word is the clicker's (`words`). Never throws: what cannot be
 * shown is logged.
 */

/** The button a click came from, when it sits in a view (a modal or the Home tab) rather than a message. */
export interface ClickedView {
  readonly id: string;
  readonly type: string;
  readonly hash?: string | undefined;
  readonly privateMetadata?: string | undefined;
}

/** A modal saying what is under way (`loading`: a whole sentence of the catalogue, mrkdwn). */
export function loadingModal(words: Words, title: string, loading: string): ModalView {
  return modalView({
    callbackId: CALLBACK_IDS.loadingModal,
    title,
    close: words.t('list.modal.close.button'),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: loading } }],
  });
}

function failureModal(words: Words, title: string, error: unknown): ModalView {
  return modalView({
    callbackId: CALLBACK_IDS.failureModal,
    title,
    close: words.t('list.modal.close.button'),
    blocks: errorMessage(error, words).blocks,
  });
}

export async function openThenFill(
  deps: Pick<SlackDeps, 'client' | 'logger' | 'answers'>,
  options: {
    readonly triggerId: string | undefined;
    /** Pushed over the modal the click came from; opened otherwise. */
    readonly push: boolean;
    readonly loading: ModalView;
    readonly title: string;
    /** The clicker's words, for the failure modal. */
    readonly words: Words;
    readonly log: Record<string, unknown>;
  },
  build: () => Promise<ModalView>,
): Promise<void> {
  let viewId: string | undefined;
  try {
    const args = { trigger_id: options.triggerId ?? '', view: outgoingView(options.loading, options.words) };
    const opened = options.push ? await deps.client.views.push(args) : await deps.client.views.open(args);
    viewId = opened.view?.id;
    if (!viewId) throw new Error('Slack returned no view id');
    const view = await build();
    await deps.client.views.update({ view_id: viewId, view: outgoingView(view, options.words) });
  } catch (error) {
    deps.answers?.failed(error);
    deps.logger.warn(
      'a modal could not be shown',
      { ...options.log, reason: slackRefusalCode(error) },
      error,
    );
    const openedId = viewId;
    if (openedId === undefined) return;
    await Promise.resolve()
      .then(() =>
        deps.client.views.update({
          view_id: openedId,
          view: outgoingView(failureModal(options.words, options.title, error), options.words),
        }),
      )
      .catch(() => undefined);
  }
}

/** Replaces the view a button sits in; on failure, the view shows why. Never throws. */
export async function updateClicked(
  deps: Pick<SlackDeps, 'client' | 'logger' | 'answers'>,
  view: ClickedView,
  title: string,
  build: () => Promise<ModalView>,
  log: Record<string, unknown>,
  words: Words,
): Promise<void> {
  try {
    const next = await build();
    await deps.client.views.update({
      view_id: view.id,
      ...(view.hash !== undefined ? { hash: view.hash } : {}),
      view: outgoingView(next, words),
    });
  } catch (error) {
    deps.answers?.failed(error);
    deps.logger.warn('a modal could not be updated', { ...log, reason: slackRefusalCode(error) }, error);
    // A stale hash means another click already changed the view: it stays as that click left it.
    if (slackRefusalCode(error) === 'hash_conflict') return;
    await Promise.resolve()
      .then(() =>
        deps.client.views.update({
          view_id: view.id,
          view: outgoingView(failureModal(words, title, error), words),
        }),
      )
      .catch(() => undefined);
  }
}
