import type { KnownBlock, ModalView } from '@slack/types';
import { contextBlock } from '../../render/index.js';
import { CallSummaryError } from '../../shared/errors.js';
import type { Words } from '../../shared/i18n/index.js';
import type { AccessAt, SeenLookup, Viewer } from '../../use-case/access.js';
import type { Side } from '../../use-case/model/leg-id.js';
import type { SummaryLookup } from '../../use-case/summaries.js';
import type { SlackDeps } from '../deps.js';
import type { SlackMessage } from '../views/types.js';

/**
 * The access rules (src/use-case/access.ts) as every listener applies them: to the person who acts,
 * as Slack names them in the request, never to anything a button or a view carries.
 */

/** The person who acts; a request that names no one is refused (Slack always names someone). */
export function viewerOf(deps: Pick<SlackDeps, 'guard'>, userId: string | undefined): Promise<Viewer> {
  if (userId === undefined || userId === '') {
    return Promise.reject(new CallSummaryError('not_allowed', { userId, channelId: undefined }));
  }
  return deps.guard.viewer(userId);
}

/**
 * A lookup as the person may see it (each side shown or refused is audited). Throws `access_refused`
 * when they may see none of the sides asked for.
 */
export async function seeLookup(
  deps: Pick<SlackDeps, 'guard'>,
  userId: string | undefined,
  lookup: SummaryLookup,
  at: AccessAt,
): Promise<SeenLookup> {
  const viewer = await viewerOf(deps, userId);
  const seen = await deps.guard.summaries(viewer, lookup, at);
  if (seen.shown.results.length === 0 && seen.refused.length > 0) {
    throw new CallSummaryError('access_refused', { what: 'summary', legId: lookup.legId });
  }
  return seen;
}

/** Which sides were left out, as the messages choose their sentence: `caller`, `callee` or `both`. */
function refusedSides(refused: readonly Side[]): 'caller' | 'callee' | 'both' {
  return refused.length === 1 ? refused[0]! : 'both';
}

/** The line said where a side was left out: the other side is shown, this one is not. */
export function refusedNote(refused: readonly Side[], words: Words): KnownBlock[] {
  if (refused.length === 0) return [];
  return [contextBlock([words.t('summary.refused.note', { sides: refusedSides(refused) })])];
}

/** A message with the refused sides said under it. */
export function withRefusedNote(message: SlackMessage, refused: readonly Side[], words: Words): SlackMessage {
  const note = refusedNote(refused, words);
  if (note.length === 0) return message;
  return {
    text: `${message.text}\n${words.t('summary.refused.text', { sides: refusedSides(refused) })}`,
    blocks: [...message.blocks, ...note],
  };
}

/** A modal with the refused sides said at its top. */
export function viewWithRefusedNote(view: ModalView, refused: readonly Side[], words: Words): ModalView {
  const note = refusedNote(refused, words);
  return note.length === 0 ? view : { ...view, blocks: [...note, ...view.blocks] };
}
