import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { CALLBACK_IDS } from '../../views/values.js';
import { postSummarySubmission } from './post-summary.js';

export function register(app: App, deps: SlackDeps): void {
  const handle = postSummarySubmission(deps);
  app.view(CALLBACK_IDS.postModal, ({ ack, body, view }) =>
    handle({
      ack: (answer) => (answer ? ack(answer) : ack()),
      client: deps.client,
      userId: body.user.id,
      privateMetadata: view.private_metadata,
      stateValues: view.state.values,
    }),
  );
}
