import type { LocalMessage, LocalUser, LocalView } from './workspace.js';
import { BOT } from './workspace.js';

/**
 * What Slack sends an app when a person does something, in the documented shapes (Bolt's types:
 * `SlashCommand`, `BlockAction`, `MessageShortcut`, `ViewSubmitAction`, `ViewClosedAction`; the
 * Events API envelope). Pure: ids and URLs are passed in.
 */

export interface Actor {
  readonly user: LocalUser;
  readonly triggerId: string;
}

const team = () => ({ id: BOT.teamId, domain: 'local' });
const userOf = (user: LocalUser) => ({
  id: user.id,
  username: user.name,
  name: user.name,
  team_id: BOT.teamId,
});

export function slashCommand(args: {
  actor: Actor;
  command: string;
  text: string;
  channel: { id: string; name: string };
  responseUrl: string;
}): Record<string, string> {
  return {
    token: 'local-verification-token',
    team_id: BOT.teamId,
    team_domain: 'local',
    channel_id: args.channel.id,
    channel_name: args.channel.name,
    user_id: args.actor.user.id,
    user_name: args.actor.user.name,
    command: args.command,
    text: args.text,
    api_app_id: BOT.appId,
    is_enterprise_install: 'false',
    response_url: args.responseUrl,
    trigger_id: args.actor.triggerId,
  };
}

function messageOf(message: LocalMessage): Record<string, unknown> {
  return {
    type: 'message',
    ts: message.ts,
    text: message.text,
    ...(message.user ? { user: message.user } : { bot_id: message.botId, app_id: BOT.appId }),
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    ...(message.metadata !== undefined ? { metadata: message.metadata } : {}),
  };
}

/** One clicked or chosen element, as in `actions[]`. */
export type ActionElement = Record<string, unknown> & { readonly action_id: string; readonly type: string };

export function blockActionOnMessage(args: {
  actor: Actor;
  message: LocalMessage;
  channel: { id: string; name: string };
  blockId: string;
  action: ActionElement;
  responseUrl: string;
}): Record<string, unknown> {
  const ephemeral = args.message.ephemeralTo !== undefined;
  return {
    type: 'block_actions',
    user: userOf(args.actor.user),
    api_app_id: BOT.appId,
    token: 'local-verification-token',
    container: {
      type: 'message',
      message_ts: args.message.ts,
      channel_id: args.channel.id,
      is_ephemeral: ephemeral,
    },
    trigger_id: args.actor.triggerId,
    team: team(),
    enterprise: null,
    is_enterprise_install: false,
    channel: args.channel,
    // Slack leaves the message out for ephemeral ones (it keeps no copy of them).
    ...(ephemeral ? {} : { message: messageOf(args.message) }),
    state: { values: {} },
    response_url: args.responseUrl,
    actions: [{ ...args.action, block_id: args.blockId, action_ts: actionTs() }],
  };
}

export function blockActionInView(args: {
  actor: Actor;
  view: Record<string, unknown>;
  blockId: string;
  action: ActionElement;
}): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: userOf(args.actor.user),
    api_app_id: BOT.appId,
    token: 'local-verification-token',
    container: { type: 'view', view_id: args.view.id },
    trigger_id: args.actor.triggerId,
    team: team(),
    enterprise: null,
    is_enterprise_install: false,
    view: args.view,
    actions: [{ ...args.action, block_id: args.blockId, action_ts: actionTs() }],
  };
}

export function messageShortcut(args: {
  actor: Actor;
  callbackId: string;
  message: LocalMessage;
  channel: { id: string; name: string };
  responseUrl: string;
}): Record<string, unknown> {
  return {
    type: 'message_action',
    callback_id: args.callbackId,
    trigger_id: args.actor.triggerId,
    response_url: args.responseUrl,
    user: userOf(args.actor.user),
    channel: args.channel,
    team: team(),
    message_ts: args.message.ts,
    message: messageOf(args.message),
    token: 'local-verification-token',
    action_ts: actionTs(),
    is_enterprise_install: false,
    enterprise: null,
  };
}

export function viewSubmission(actor: Actor, view: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: team(),
    user: userOf(actor.user),
    api_app_id: BOT.appId,
    token: 'local-verification-token',
    trigger_id: actor.triggerId,
    view,
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

export function viewClosed(user: LocalUser, view: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'view_closed',
    team: team(),
    user: userOf(user),
    api_app_id: BOT.appId,
    token: 'local-verification-token',
    view,
    is_cleared: false,
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** Events API: the person opened the app's Home (or Messages) tab. */
export function appHomeOpened(
  user: LocalUser,
  tab: 'home' | 'messages',
  home: LocalView | undefined,
  eventSeq: number,
) {
  const now = Date.now() / 1000;
  return {
    token: 'local-verification-token',
    team_id: BOT.teamId,
    api_app_id: BOT.appId,
    type: 'event_callback',
    event_id: `Ev${String(eventSeq).padStart(10, '0')}`,
    event_time: Math.floor(now),
    event: {
      type: 'app_home_opened',
      user: user.id,
      channel: `D${user.id.slice(1)}`,
      tab,
      event_ts: now.toFixed(6),
      ...(home ? { view: { ...home.view, id: home.id, hash: home.hash } } : {}),
    },
  };
}

function actionTs(): string {
  return (Date.now() / 1000).toFixed(6);
}
