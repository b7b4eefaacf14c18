/**
 * Request bodies as Slack sends them to the app (reference: slack-platform.md), for tests that post
 * them signed (slack-signing.ts) or push them over Socket Mode.
 */

/** A `/callsummary` slash command form. */
export function commandForm(
  text: string,
  responseUrl: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    command: '/callsummary',
    text,
    user_id: 'U1',
    user_name: 'ann',
    channel_id: 'C1',
    team_id: 'T0',
    response_url: responseUrl,
    trigger_id: 'trig',
    token: 'legacy',
    api_app_id: 'A1',
    ...overrides,
  };
}

/** A click on one button of an ephemeral message in channel C1 (`block_actions`). */
export function buttonClickPayload(
  button: {
    readonly actionId: string;
    readonly blockId: string;
    readonly value: string;
    readonly text: string;
  },
  responseUrl: string,
): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { id: 'U1', username: 'ann', team_id: 'T0' },
    team: { id: 'T0', domain: 'fake' },
    channel: { id: 'C1', name: 'support' },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: 'trig',
    response_url: responseUrl,
    container: { type: 'message', message_ts: '1.1', channel_id: 'C1', is_ephemeral: true },
    actions: [
      {
        type: 'button',
        action_id: button.actionId,
        block_id: button.blockId,
        value: button.value,
        text: { type: 'plain_text', text: button.text },
        action_ts: '1.2',
      },
    ],
  };
}

let eventSeq = 0;

/** Events API: a person opened the app's Home tab (reference: slack-platform.md, app_home_opened). */
export function appHomeOpenedEvent(user: string, tab: 'home' | 'messages' = 'home'): Record<string, unknown> {
  const now = Date.now() / 1000;
  return {
    token: 'legacy',
    team_id: 'T0',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `Ev${String(++eventSeq).padStart(10, '0')}`,
    event_time: Math.floor(now),
    event: { type: 'app_home_opened', user, channel: `D${user.slice(1)}`, tab, event_ts: now.toFixed(6) },
  };
}

/** A click on a button inside a view (a modal or the Home tab), as Slack sends it: no channel, no response_url. */
export function viewButtonPayload(args: {
  readonly user: string;
  readonly triggerId: string;
  readonly view: Record<string, unknown>;
  readonly actionId: string;
  readonly value: string;
}): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { id: args.user, username: args.user.toLowerCase(), team_id: 'T0' },
    team: { id: 'T0', domain: 'fake' },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: args.triggerId,
    container: { type: 'view', view_id: args.view.id },
    view: args.view,
    actions: [
      {
        type: 'button',
        action_id: args.actionId,
        block_id: 'b',
        value: args.value,
        text: { type: 'plain_text', text: 'x' },
        action_ts: '1.2',
      },
    ],
  };
}
