import { randomBytes } from 'node:crypto';
import type { Logger } from '../shared/log.js';
import * as payload from './local-slack/payloads.js';
import { type DeliveredRequest, deliverToApp } from './local-slack/signing.js';
import type { LocalSlackApi } from './local-slack/web-api.js';
import type { LocalMessage, LocalUser, LocalView } from './local-slack/workspace.js';

/**
 * The Slack client the demo page drives: what a person does (type, click, use a shortcut, submit a
 * modal, open the Home tab) becomes the request Slack would send the app, signed with this run's
 * secret and POSTed to the app's real `/slack/events`. What the app answers is applied as Slack
 * applies it (an ack with a message, a view_submission's `response_action`).
 */

export interface DemoClientOptions {
  readonly api: LocalSlackApi;
  /** http://127.0.0.1:PORT — the app and the local Slack share it. */
  readonly base: string;
  readonly signingSecret: string;
  readonly me: LocalUser;
  readonly logger: Logger;
  /** The app's slash commands (manifest.yml); another `/word` is not sent, but answered as Slack does. */
  readonly commands?: readonly string[];
}

export class DemoInputError extends Error {}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

export function createDemoClient(options: DemoClientOptions) {
  const { api, me } = options;
  const { workspace } = api;
  const events = `${options.base}/slack/events`;
  let eventSeq = 0;
  /** What the person has chosen in open modals: view id → block id → action id → element state. */
  const viewState = new Map<string, Record<string, Record<string, Json>>>();

  const actor = () => ({ user: me, triggerId: api.interactions.mintTrigger(me.id) });
  const channelRef = (id: string) => ({ id, name: workspace.channels.get(id)?.name ?? id });
  const responseUrl = (context: Parameters<LocalSlackApi['mintResponseUrl']>[1]) => {
    const id = randomBytes(12).toString('hex');
    api.mintResponseUrl(id, context);
    return `${options.base}/response/${id}`;
  };
  const deliver = async (content: Parameters<typeof deliverToApp>[2]): Promise<DeliveredRequest> => {
    const answer = await deliverToApp(events, options.signingSecret, content);
    if (answer.status !== 200) options.logger.warn(`demo: the app answered ${answer.status}`);
    return answer;
  };
  /** An ack that carries a message: Slack shows it to the person at once, privately by default. */
  const showAckMessage = (answer: DeliveredRequest, channel: string) => {
    const body = parseJson(answer.body);
    if (!isObject(body) || (typeof body.text !== 'string' && !Array.isArray(body.blocks))) return;
    workspace.post({
      channel,
      text: typeof body.text === 'string' ? body.text : '',
      ...(Array.isArray(body.blocks) ? { blocks: body.blocks } : {}),
      ...(body.response_type === 'in_channel' ? {} : { ephemeralTo: me.id }),
    });
  };

  function findMessage(channel: unknown, ts: unknown): LocalMessage {
    const message =
      typeof channel === 'string' && typeof ts === 'string' ? workspace.find(channel, ts) : undefined;
    if (!message || (message.ephemeralTo !== undefined && message.ephemeralTo !== me.id)) {
      throw new DemoInputError('That message is gone.');
    }
    return message;
  }

  function myView(viewId: unknown): LocalView {
    const view = typeof viewId === 'string' ? workspace.views.get(viewId) : undefined;
    if (!view || view.user !== me.id) throw new DemoInputError('That view is closed.');
    return view;
  }

  /** The view as Slack sends it back to the app: with the person's input in `state.values`. */
  function viewWithState(view: LocalView): Json {
    return { ...workspace.describeView(view), state: { values: viewState.get(view.id) ?? {} } };
  }

  /** The element a click names, looked up in what the app sent: nothing the page says is trusted. */
  function elementIn(
    blocks: unknown,
    blockId: unknown,
    actionId: unknown,
  ): { blockId: string; element: Json } {
    for (const [index, block] of (Array.isArray(blocks) ? blocks : []).entries()) {
      if (!isObject(block)) continue;
      const id = typeof block.block_id === 'string' ? block.block_id : `b${index}`;
      if (id !== blockId) continue;
      const candidates = [
        ...(Array.isArray(block.elements) ? block.elements : []),
        block.accessory,
        block.element,
      ].filter(isObject);
      const element = candidates.find((e) => e.action_id === actionId);
      if (element) return { blockId: id, element };
    }
    throw new DemoInputError('That control is no longer there.');
  }

  function actionFrom(element: Json, choice: unknown): payload.ActionElement {
    const actionId = String(element.action_id);
    const type = String(element.type);
    if (type === 'button') {
      return {
        type,
        action_id: actionId,
        text: element.text,
        ...(element.value !== undefined ? { value: element.value } : {}),
        ...(element.style !== undefined ? { style: element.style } : {}),
      };
    }
    if (type === 'static_select') {
      const option = (Array.isArray(element.options) ? element.options : [])
        .concat(
          (Array.isArray(element.option_groups) ? element.option_groups : []).flatMap((g: unknown) =>
            isObject(g) && Array.isArray(g.options) ? g.options : [],
          ),
        )
        .find((o: unknown) => isObject(o) && o.value === choice);
      if (!isObject(option)) throw new DemoInputError('That option is not offered.');
      return { type, action_id: actionId, selected_option: option };
    }
    throw new DemoInputError(`The demo does not drive ${type.slice(0, 40)} elements.`);
  }

  return {
    /** The composer: `/command text` goes to the app as a slash command, anything else is a message. */
    async say(channel: unknown, text: unknown, threadTs?: unknown): Promise<void> {
      // The workspace's channels, or your DM with the app (its Messages tab).
      const known =
        typeof channel === 'string' &&
        (workspace.channels.has(channel) || channel === workspace.conversationOf(me.id));
      if (!known) throw new DemoInputError('Unknown channel.');
      // manifest.yml: messages_tab_read_only_enabled, so the app's Messages tab takes nothing typed.
      if (channel === workspace.conversationOf(me.id)) {
        throw new DemoInputError('Sending messages to this app has been turned off.');
      }
      if (typeof text !== 'string' || text.trim() === '') throw new DemoInputError('Type something first.');
      if (text.length > 40_000) throw new DemoInputError('That message is too long for Slack.');
      const command = /^(\/[a-z0-9_-]+)(?:\s+([\s\S]*))?$/i.exec(text.trim());
      if (!command) {
        // Slack's client sends what a person types with &, < and > escaped: typed text is never markup.
        const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
        workspace.personSays(channel, me.id, escaped, typeof threadTs === 'string' ? threadTs : undefined);
        return;
      }
      const name = command[1]!.toLowerCase();
      if (options.commands !== undefined && !options.commands.includes(name)) {
        // Slack's own answer to a command no app in the workspace has, only to the person who typed it.
        workspace.slackbotSays(
          channel,
          `${name} is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands.`,
          me.id,
        );
        return;
      }
      const url = responseUrl({ channel, user: me.id });
      const form = payload.slashCommand({
        actor: actor(),
        command: command[1]!.toLowerCase(),
        text: command[2] ?? '',
        channel: channelRef(channel),
        responseUrl: url,
      });
      showAckMessage(await deliver({ form }), channel);
    },

    async clickInMessage(input: Json): Promise<void> {
      const message = findMessage(input.channel, input.ts);
      const { blockId, element } = elementIn(message.blocks, input.blockId, input.actionId);
      const url = responseUrl({
        channel: message.channel,
        user: me.id,
        original: { channel: message.channel, ts: message.ts },
        ...(message.threadTs ? { threadTs: message.threadTs } : {}),
      });
      const body = payload.blockActionOnMessage({
        actor: actor(),
        message,
        channel: channelRef(message.channel),
        blockId,
        action: actionFrom(element, input.value),
        responseUrl: url,
      });
      await deliver({ form: { payload: JSON.stringify(body) } });
    },

    /** A click or a choice in a modal or the Home tab. Input-block choices stay in the view's state. */
    async actInView(input: Json): Promise<void> {
      const view = myView(input.viewId);
      const { blockId, element } = elementIn(view.view.blocks, input.blockId, input.actionId);
      const action = actionFrom(element, input.value);
      const block = (view.view.blocks as Json[]).find((b, i) => (b.block_id ?? `b${i}`) === blockId);
      if (action.type === 'static_select') {
        const state = viewState.get(view.id) ?? {};
        state[blockId] = {
          ...(state[blockId] ?? {}),
          [action.action_id]: { type: action.type, selected_option: action.selected_option },
        };
        viewState.set(view.id, state);
        // In an input block a choice is only sent on submit, unless the block asks (dispatch_action).
        if (block?.type === 'input' && block.dispatch_action !== true) return;
      }
      await deliver({
        form: {
          payload: JSON.stringify(
            payload.blockActionInView({ actor: actor(), view: viewWithState(view), blockId, action }),
          ),
        },
      });
    },

    async shortcut(input: Json): Promise<void> {
      const message = findMessage(input.channel, input.ts);
      const callbackId = typeof input.callbackId === 'string' ? input.callbackId : '';
      if (!/^[\w.-]{1,255}$/.test(callbackId)) throw new DemoInputError('Unknown shortcut.');
      const body = payload.messageShortcut({
        actor: actor(),
        callbackId,
        message,
        channel: channelRef(message.channel),
        responseUrl: responseUrl({ channel: message.channel, user: me.id }),
      });
      await deliver({ form: { payload: JSON.stringify(body) } });
    },

    /** Submit: the app's ack decides what happens to the modal (response_action), as in Slack. */
    async submit(input: Json): Promise<{ errors?: Record<string, string> }> {
      const view = myView(input.viewId);
      const answer = await deliver({
        form: { payload: JSON.stringify(payload.viewSubmission(actor(), viewWithState(view))) },
      });
      const ack = parseJson(answer.body);
      const action = isObject(ack) ? ack.response_action : undefined;
      switch (action) {
        case 'errors':
          return {
            errors: isObject(ack) && isObject(ack.errors) ? (ack.errors as Record<string, string>) : {},
          };
        case 'update':
          if (isObject(ack) && isObject(ack.view)) workspace.updateView({ viewId: view.id, view: ack.view });
          return {};
        case 'push':
          if (isObject(ack) && isObject(ack.view)) workspace.pushModal(me.id, ack.view);
          return {};
        case 'clear':
          workspace.closeModals(me.id, true);
          return {};
        default:
          // An empty ack closes the view that was submitted.
          workspace.closeModals(me.id, false);
          return {};
      }
    },

    async close(input: Json): Promise<void> {
      const view = myView(input.viewId);
      // Close pops the view it is on, unless the view asks to clear the whole stack (clear_on_close).
      workspace.closeModals(me.id, view.view.clear_on_close === true);
      // Slack tells the app only when the view asked for it.
      if (view.view.notify_on_close === true) {
        await deliver({ form: { payload: JSON.stringify(payload.viewClosed(me, viewWithState(view))) } });
      }
    },

    async openTab(tab: unknown): Promise<void> {
      if (tab !== 'home' && tab !== 'messages') throw new DemoInputError('Unknown tab.');
      const home = [...workspace.views.values()].find((v) => v.kind === 'home' && v.user === me.id);
      await deliver({ json: payload.appHomeOpened(me, tab, home, ++eventSeq) });
    },
  };
}

export type DemoClient = ReturnType<typeof createDemoClient>;

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
