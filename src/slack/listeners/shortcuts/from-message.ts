import { CallSummaryError } from '../../../shared/errors.js';
import { type ListParty, NEAR_MINUTES } from '../../../use-case/finding/call-lists.js';
import { isExtensionNumber } from '../../../use-case/model/party-number.js';
import type { SummaryLookup } from '../../../use-case/summaries.js';
import type { SlackDeps } from '../../deps.js';
import { outgoingView } from '../../send/outgoing.js';
import type { SlackWebClient } from '../../send/web-client.js';
import { noLegIdMessage } from '../../views/answers.js';
import { type CallClues, callCluesInMessage, legIdsInMessage } from '../../views/legs-in-message.js';
import {
  failureView,
  type LegFailure,
  loadingView,
  noCallNearView,
  summariesView,
} from '../../views/post-modal.js';
import type { Respond } from '../../views/types.js';
import { MAX_LEGS_PER_MODAL } from '../../views/values.js';
import { answerFailure } from '../answer-failure.js';
import { begin } from '../prelude.js';
import { viewerOf } from '../see.js';

export interface ShortcutArgs {
  readonly ack: () => Promise<void>;
  readonly respond: Respond;
  readonly client: Pick<SlackWebClient, 'views'>;
  readonly userId: string;
  readonly channelId: string | undefined;
  readonly triggerId: string;
  /** The shortcut's response_url, carried into the modal so its submission can answer privately. */
  readonly responseUrl?: string | undefined;
  readonly message: { readonly ts?: string; readonly thread_ts?: string } & Record<string, unknown>;
}

/**
 * "Get call summary" on a message: finds leg ids anywhere in it, opens a loading modal at once (the
 * trigger_id lives 3 s), looks every leg up, then fills the modal in.
 */
export function fromMessageShortcut(deps: SlackDeps) {
  return async ({
    ack,
    respond,
    client,
    userId,
    channelId,
    triggerId,
    responseUrl,
    message,
  }: ShortcutArgs): Promise<void> => {
    const who = { userId, channelId };
    if (!(await begin(deps, { ack, respond, who, surface: 'shortcut' }))) return;
    const words = await deps.wordsOf(userId);
    const named = legIdsInMessage(message).slice(0, MAX_LEGS_PER_MODAL);
    // Alerts other integrations post rarely carry a leg id: their CDR uid, or who called and when.
    const clue = named.length === 0 ? clueOf(callCluesInMessage(message)) : undefined;
    let legs: string[] = named;
    const threadTs = message.thread_ts ?? message.ts;
    if ((named.length === 0 && clue === undefined) || channelId === undefined || threadTs === undefined) {
      await respond({ response_type: 'ephemeral', ...noLegIdMessage(words) }).catch((error: unknown) =>
        deps.logger.error('could not answer the person by any route', error),
      );
      return;
    }
    let viewId: string | undefined;
    try {
      const opened = await client.views.open({
        trigger_id: triggerId,
        view: outgoingView(loadingView(words), words),
      });
      viewId = opened.view?.id;
      if (!viewId) throw new Error('views.open returned no view id');
      if (clue) {
        legs = (await legsOfClue(deps, clue, message.ts)).slice(0, MAX_LEGS_PER_MODAL);
        if (legs.length === 0) {
          await client.views.update({
            view_id: viewId,
            view: outgoingView(noCallNearView(clue, NEAR_MINUTES, words), words),
          });
          return;
        }
      }
      // Each leg on its own: one that cannot be looked up must not hide the others' summaries. The
      // modal shows, and offers to post, only the sides the person may see.
      const viewer = await viewerOf(deps, userId);
      const settled = await Promise.allSettled(
        legs.map(async (legId) => {
          const seen = await deps.guard.summaries(viewer, await deps.summaries.lookup({ legId }), {
            surface: 'shortcut',
          });
          if (seen.shown.results.length === 0 && seen.refused.length > 0) {
            throw new CallSummaryError('access_refused', { what: 'summary', legId: seen.shown.legId });
          }
          return seen.shown;
        }),
      );
      const lookups: SummaryLookup[] = [];
      const failures: LegFailure[] = [];
      settled.forEach((outcome, i) => {
        if (outcome.status === 'fulfilled') lookups.push(outcome.value);
        else failures.push({ legId: legs[i]!, error: outcome.reason });
      });
      if (lookups.length === 0) throw failures[0]!.error;
      for (const { legId, error } of failures) {
        deps.logger.warn('lookup failed', { leg: legId, user: userId, channel: channelId }, error);
      }
      const view = summariesView(lookups, deps.render, { channelId, threadTs, responseUrl }, words, failures);
      await client.views.update({ view_id: viewId, view: outgoingView(view, words) });
    } catch (error) {
      const openedId = viewId;
      if (openedId) {
        await Promise.resolve()
          .then(() =>
            client.views.update({
              view_id: openedId,
              view: outgoingView(failureView(error, words, legs.length === 1 ? legs[0] : undefined), words),
            }),
          )
          .catch(() => undefined);
      }
      await answerFailure(deps, respond, error, undefined, who);
    }
  };
}

type Clue =
  | { readonly kind: 'uid'; readonly value: string }
  | { readonly kind: 'party'; readonly value: string };

/** The one clue followed: a CDR uid names the call; else an outside number, else an extension. */
function clueOf(clues: CallClues): Clue | undefined {
  if (clues.uids[0]) return { kind: 'uid', value: clues.uids[0] };
  const party = clues.numbers[0] ?? clues.extensions[0];
  return party === undefined ? undefined : { kind: 'party', value: party };
}

/** The legs a clue leads to: the uid's call, or the party's calls nearest the message's time. */
async function legsOfClue(deps: SlackDeps, clue: Clue, ts: string | undefined): Promise<string[]> {
  const lists = deps.finding.callLists;
  if (clue.kind === 'uid') return lists.legsOfCall(clue.value);
  const at = Number(ts) * 1000;
  const party: ListParty = isExtensionNumber(clue.value)
    ? { kind: 'extension', extension: clue.value }
    : { kind: 'number', number: clue.value };
  const calls = await lists.near(party, Number.isFinite(at) && at > 0 ? at : Date.now());
  return calls.map((call) => call.legId);
}
