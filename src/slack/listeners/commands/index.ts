import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { answerRoute } from '../../send/answer-route.js';
import { callsummaryCommand } from './callsummary.js';

/** The slash command, as in manifest.yml. */
export const COMMAND = '/callsummary';

export function register(app: App, deps: SlackDeps): void {
  const handle = callsummaryCommand(deps);
  app.command(COMMAND, ({ command, ack }) =>
    handle({
      command,
      ack: () => ack(),
      respond: answerRoute(deps, {
        responseUrl: command.response_url,
        channelId: command.channel_id,
        userId: command.user_id,
      }),
    }),
  );
}
