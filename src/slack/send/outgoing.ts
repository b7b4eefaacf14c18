import type { HomeView, ModalView } from '@slack/types';
import { fitMessage, fitView, type Surface, validateMessage, validateView } from '../../render/index.js';
import type { Words } from '../../shared/i18n/index.js';
import type { SlackMessage } from '../views/types.js';

/**
 * The last step before anything reaches Slack, for every sender: a message or view too large for
 * Slack is reduced, visibly ("N more not shown"), then checked by the project's validator (the same
 * one the tests use). Slack refuses a whole payload over one limit, so the person would get nothing.
 * What still fails the validator is not sent: `UnsendableError`, which senders handle like any
 * failure (a person is told something went wrong; an automatic post is logged and given up).
 */

export interface OutgoingOptions {
  readonly surface?: Surface;
  /** Only a copy shared for everyone may mention someone: the person who shared it. */
  readonly allowMentions?: boolean;
  /** The reader's words, for the note saying what was left out. */
  readonly words: Words;
}

export class UnsendableError extends Error {
  override name = 'UnsendableError';
  readonly problems: readonly string[];

  constructor(what: 'message' | 'view', problems: readonly string[]) {
    super(`the ${what} failed the validator: ${problems.slice(0, 5).join('; ')}`);
    this.problems = problems;
  }
}

export function outgoingMessage<T extends SlackMessage>(message: T, options: OutgoingOptions): T {
  const surface = options.surface ?? 'message';
  return checkedMessage(fitMessage(message, surface, options.words), options);
}

/**
 * Checked only, not reduced: for a sender whose callers have already fitted the message in its
 * reader's words (the response_url: answerRoute and the late service fit first).
 */
export function checkedMessage<T extends SlackMessage>(
  message: T,
  options: { readonly surface?: Surface; readonly allowMentions?: boolean } = {},
): T {
  const problems = validateMessage(message, options.surface ?? 'message', {
    allowMentions: options.allowMentions ?? false,
  });
  if (problems.length > 0) throw new UnsendableError('message', problems);
  return message;
}

/** `words`: the reader's, as for `outgoingMessage`. */
export function outgoingView<T extends ModalView | HomeView>(view: T, words: Words): T {
  const fitted = fitView(view, words);
  const problems = validateView(fitted);
  if (problems.length > 0) throw new UnsendableError('view', problems);
  return fitted;
}
