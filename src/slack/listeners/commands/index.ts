import type { App, RespondArguments } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { callsummaryCommand } from './callsummary.js';

/** The slash command, as in manifest.yml. */
export const COMMAND = '/callsummary';

export function register(app: App, deps: SlackDeps): void {
  const handle = callsummaryCommand(deps);
  app.command(COMMAND, ({ command, ack, respond }) =>
    // Our ResponseBody is a plain subset of RespondArguments; the cast only bridges its union typing.
    handle({ command, ack: () => ack(), respond: (body) => respond(body as RespondArguments) }),
  );
}
