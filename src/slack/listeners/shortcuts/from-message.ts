import type { webApi } from '@slack/bolt';
import { LEG_ID_SHAPE } from '../../../legs.js';
import type { SummaryLookup } from '../../../summaries.js';
import { assertAllowed } from '../../access.js';
import { afterPendingAcks } from '../../after-acks.js';
import type { Respond, SlackDeps } from '../../deps.js';
import { legIdsInMessage } from '../../legs-in-message.js';
import { errorMessage } from '../../messages.js';
import { loadingView, MAX_LEGS_PER_MODAL, summariesView } from '../../modal.js';
import { answerFailure } from '../commands/callsummary.js';

export const SHORTCUT_CALLBACK_ID = 'callsummary_from_message';

export interface ShortcutArgs {
  readonly ack: () => Promise<void>;
  readonly respond: Respond;
  readonly client: Pick<webApi.WebClient, 'views'>;
  readonly userId: string;
  readonly channelId: string | undefined;
  readonly triggerId: string;
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
    message,
  }: ShortcutArgs): Promise<void> => {
    await ack();
    await afterPendingAcks();
    const who = { userId, channelId };
    try {
      assertAllowed(deps.access, who);
    } catch (error) {
      await answerFailure(deps, respond, error, undefined, who);
      return;
    }
    const legs = legIdsInMessage(message).slice(0, MAX_LEGS_PER_MODAL);
    const threadTs = message.thread_ts ?? message.ts;
    if (legs.length === 0 || channelId === undefined || threadTs === undefined) {
      const text = `I found no call leg id in that message. A leg id looks like ${LEG_ID_SHAPE}; you can also run \`/callsummary <leg-id>\`.`;
      await respond({
        response_type: 'ephemeral',
        text,
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
      });
      return;
    }
    let viewId: string | undefined;
    try {
      const opened = await client.views.open({ trigger_id: triggerId, view: loadingView() as never });
      viewId = opened.view?.id;
      if (!viewId) throw new Error('views.open returned no view id');
      const lookups: SummaryLookup[] = [];
      for (const legId of legs) lookups.push(await deps.summaries.lookup({ legId }));
      const view = summariesView(lookups, deps.render, { channelId, threadTs });
      await client.views.update({ view_id: viewId, view: view as never });
    } catch (error) {
      if (viewId) {
        const failure = errorMessage(error);
        await client.views
          .update({ view_id: viewId, view: { ...loadingView(), blocks: failure.blocks } as never })
          .catch(() => undefined);
      }
      await answerFailure(deps, respond, error, undefined, who);
    }
  };
}
