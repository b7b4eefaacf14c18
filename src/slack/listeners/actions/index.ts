import type { App, BlockButtonAction } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { targetOf } from '../../send/answer-route.js';
import { ACTION_IDS } from '../../views/values.js';
import { handlerArgs } from '../handler-args.js';
import { dmMineButton } from './dm-mine.js';
import { type ClickArgs, lookupButton } from './lookup-action.js';
import { notifyButton } from './notify.js';
import { olderCalls } from './older-calls.js';
import { openCall } from './open-call.js';
import { summaryViewButton } from './summary-view-buttons.js';
import { openTranscript, transcriptPage } from './transcript-buttons.js';

export function register(app: App, deps: SlackDeps): void {
  const showSideInView = summaryViewButton(deps, 'show_side');
  const refreshInView = summaryViewButton(deps, 'refresh');
  const showSide = lookupButton(deps, 'show_side');
  const refresh = lookupButton(deps, 'refresh');
  const buttons: readonly (readonly [string, (args: ClickArgs) => Promise<void>])[] = [
    [ACTION_IDS.share, lookupButton(deps, 'share')],
    // The same buttons sit in a message (a private answer) and in the summary modal (from the Home tab).
    [ACTION_IDS.showSide, (args) => (args.view ? showSideInView(args) : showSide(args))],
    [ACTION_IDS.refresh, (args) => (args.view ? refreshInView(args) : refresh(args))],
    [ACTION_IDS.retry, lookupButton(deps, 'retry')],
    [ACTION_IDS.open, openCall(deps)],
    [ACTION_IDS.more, olderCalls(deps)],
    [ACTION_IDS.transcript, openTranscript(deps)],
    [ACTION_IDS.transcriptPrevious, transcriptPage(deps)],
    [ACTION_IDS.transcriptNext, transcriptPage(deps)],
    [ACTION_IDS.dmMine, dmMineButton(deps)],
  ];
  for (const [actionId, handle] of buttons) {
    app.action<BlockButtonAction>({ action_id: actionId, type: 'block_actions' }, ({ ack, body, action }) =>
      handle({
        ...handlerArgs(deps, ack, targetOf(body)),
        value: action.value,
        triggerId: body.trigger_id,
        view:
          body.view && (body.container as { type?: unknown } | undefined)?.type === 'view'
            ? {
                id: body.view.id,
                type: body.view.type,
                hash: body.view.hash,
                privateMetadata: body.view.private_metadata,
              }
            : undefined,
      }),
    );
  }
  const notify = notifyButton(deps);
  app.action<BlockButtonAction>(
    { action_id: ACTION_IDS.notify, type: 'block_actions' },
    ({ ack, body, action }) =>
      notify({
        ...handlerArgs(deps, ack, targetOf(body)),
        client: deps.client,
        value: action.value,
        responseUrl: body.response_url,
        view: body.view,
        blockId: action.block_id,
      }),
  );
}
