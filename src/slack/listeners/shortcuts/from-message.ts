import { CallSummaryError } from '../../../shared/errors.js';
import type { SummaryLookup } from '../../../use-case/summaries.js';
import type { SlackDeps } from '../../deps.js';
import { outgoingView } from '../../send/outgoing.js';
import type { SlackWebClient } from '../../send/web-client.js';
import { noLegIdMessage } from '../../views/answers.js';
import { legIdsInMessage } from '../../views/legs-in-message.js';
import { failureView, type LegFailure, loadingView, summariesView } from '../../views/post-modal.js';
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
    const legs = legIdsInMessage(message).slice(0, MAX_LEGS_PER_MODAL);
    const threadTs = message.thread_ts ?? message.ts;
    if (legs.length === 0 || channelId === undefined || threadTs === undefined) {
      await respond({ response_type: 'ephemeral', ...noLegIdMessage() }).catch((error: unknown) =>
        deps.logger.error('could not answer the person by any route', error),
      );
      return;
    }
    let viewId: string | undefined;
    try {
      const opened = await client.views.open({ trigger_id: triggerId, view: outgoingView(loadingView()) });
      viewId = opened.view?.id;
      if (!viewId) throw new Error('views.open returned no view id');
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
      const view = summariesView(lookups, deps.render, { channelId, threadTs, responseUrl }, failures);
      await client.views.update({ view_id: viewId, view: outgoingView(view) });
    } catch (error) {
      const openedId = viewId;
      if (openedId) {
        await Promise.resolve()
          .then(() =>
            client.views.update({
              view_id: openedId,
              view: outgoingView(failureView(error, legs.length === 1 ? legs[0] : undefined)),
            }),
          )
          .catch(() => undefined);
      }
      await answerFailure(deps, respond, error, undefined, who);
    }
  };
}
