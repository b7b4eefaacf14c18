import type { App, RespondArguments } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { webApiFallback, withFallback } from '../../response-url.js';
import { callsummaryCommand } from './callsummary.js';

/** The slash command, as in manifest.yml. */
export const COMMAND = '/callsummary';

export function register(app: App, deps: SlackDeps): void {
  const handle = callsummaryCommand(deps);
  app.command(COMMAND, ({ command, ack, respond, client }) =>
    handle({
      command,
      ack: () => ack(),
      // Our ResponseBody is a plain subset of RespondArguments; the cast only bridges its union typing.
      respond: withFallback(
        (body) => respond(body as RespondArguments),
        webApiFallback(client, command.channel_id, command.user_id),
        deps.logger,
      ),
    }),
  );
}
