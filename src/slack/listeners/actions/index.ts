import type { App, BlockButtonAction } from '@slack/bolt';
import { answerRoute } from '../../answer-route.js';
import type { SlackDeps } from '../../deps.js';
import { ACTION_IDS } from '../../messages.js';
import { lookupButton } from './lookup-action.js';
import { notifyButton } from './notify.js';

export function register(app: App, deps: SlackDeps): void {
  const buttons = [
    [ACTION_IDS.share, lookupButton(deps, 'share')],
    [ACTION_IDS.showSide, lookupButton(deps, 'show_side')],
    [ACTION_IDS.refresh, lookupButton(deps, 'refresh')],
    [ACTION_IDS.retry, lookupButton(deps, 'retry')],
  ] as const;
  for (const [actionId, handle] of buttons) {
    app.action<BlockButtonAction>({ action_id: actionId, type: 'block_actions' }, ({ ack, body, action }) =>
      handle({
        ack: () => ack(),
        respond: answerRoute(deps, {
          responseUrl: body.response_url,
          channelId: body.channel?.id,
          userId: body.user.id,
        }),
        userId: body.user.id,
        channelId: body.channel?.id,
        value: action.value,
      }),
    );
  }
  const notify = notifyButton(deps);
  app.action<BlockButtonAction>(
    { action_id: ACTION_IDS.notify, type: 'block_actions' },
    ({ ack, body, action }) =>
      notify({
        ack: () => ack(),
        respond: answerRoute(deps, {
          responseUrl: body.response_url,
          channelId: body.channel?.id,
          userId: body.user.id,
        }),
        client: deps.client,
        userId: body.user.id,
        channelId: body.channel?.id,
        value: action.value,
        responseUrl: body.response_url,
        view: body.view,
        blockId: action.block_id,
      }),
  );
}
