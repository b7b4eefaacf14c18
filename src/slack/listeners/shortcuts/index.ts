import type { App, MessageShortcut } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { targetOf } from '../../send/answer-route.js';
import { CALLBACK_IDS } from '../../views/values.js';
import { handlerArgs } from '../handler-args.js';
import { fromMessageShortcut } from './from-message.js';

export function register(app: App, deps: SlackDeps): void {
  const handle = fromMessageShortcut(deps);
  app.shortcut<MessageShortcut>(
    { callback_id: CALLBACK_IDS.fromMessage, type: 'message_action' },
    ({ ack, body }) =>
      handle({
        ...handlerArgs(deps, ack, targetOf(body)),
        client: deps.client,
        triggerId: body.trigger_id,
        responseUrl: body.response_url,
        message: body.message as ShortcutMessage,
      }),
  );
}

type ShortcutMessage = { ts?: string; thread_ts?: string } & Record<string, unknown>;
