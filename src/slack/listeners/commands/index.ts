import type { App, RespondArguments } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { callsummaryCommand } from './callsummary.js';

export function register(app: App, deps: SlackDeps): void {
  const handle = callsummaryCommand(deps);
  app.command('/callsummary', ({ command, ack, respond }) =>
    // Our ResponseBody is a plain subset of RespondArguments; the cast only bridges its union typing.
    handle({ command, ack: () => ack(), respond: (body) => respond(body as RespondArguments) }),
  );
}
