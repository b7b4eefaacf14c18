import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { handlerArgs } from '../handler-args.js';
import { callsummaryCommand } from './callsummary.js';

/** The slash command, as in manifest.yml. */
export const COMMAND = '/callsummary';

export function register(app: App, deps: SlackDeps): void {
  const handle = callsummaryCommand(deps);
  app.command(COMMAND, ({ command, ack }) =>
    handle({
      command,
      ...handlerArgs(deps, ack, {
        responseUrl: command.response_url,
        channelId: command.channel_id,
        userId: command.user_id,
      }),
    }),
  );
}
