import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { POST_VIEW_CALLBACK_ID } from '../../views/post-modal.js';
import { postSummarySubmission } from './post-summary.js';

export function register(app: App, deps: SlackDeps): void {
  const handle = postSummarySubmission(deps);
  app.view(POST_VIEW_CALLBACK_ID, ({ ack, body, view }) =>
    handle({
      ack: () => ack(),
      client: deps.client,
      userId: body.user.id,
      privateMetadata: view.private_metadata,
      stateValues: view.state.values,
    }),
  );
}
