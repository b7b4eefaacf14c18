import type { App, BlockButtonAction, RespondArguments } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { ACTION_IDS } from '../../messages.js';
import { webApiFallback, withFallback } from '../../response-url.js';
import { lookupButton } from './lookup-action.js';

export function register(app: App, deps: SlackDeps): void {
  const buttons = [
    [ACTION_IDS.share, lookupButton(deps, 'share')],
    [ACTION_IDS.showSide, lookupButton(deps, 'show_side')],
    [ACTION_IDS.refresh, lookupButton(deps, 'refresh')],
    [ACTION_IDS.retry, lookupButton(deps, 'retry')],
  ] as const;
  for (const [actionId, handle] of buttons) {
    app.action<BlockButtonAction>(
      { action_id: actionId, type: 'block_actions' },
      ({ ack, respond, body, action, client }) =>
        handle({
          ack: () => ack(),
          // A response_url that fails (expired, used up, unreachable): answer through the Web API instead.
          respond: withFallback(
            (message) => respond(message as RespondArguments),
            webApiFallback(client, body.channel?.id, body.user.id),
            deps.logger,
          ),
          userId: body.user.id,
          channelId: body.channel?.id,
          value: action.value,
        }),
    );
  }
}
