import { type AnswerRouteDeps, type AnswerTarget, answerRoute } from '../send/answer-route.js';
import type { Respond } from '../views/types.js';

/** What every handler that answers a person is given, whatever the surface (command, button, shortcut). */
export interface HandlerArgs {
  readonly ack: () => Promise<void>;
  readonly respond: Respond;
  readonly userId: string;
  readonly channelId: string | undefined;
}

/**
 * Bolt's arguments → a handler's: handlers take plain arguments, so tests call them with fakes. The
 * acknowledgement is always empty (every answer goes through `respond`), and `respond` reaches the
 * person by the first route that works (src/slack/send/answer-route.ts).
 */
export function handlerArgs(
  deps: AnswerRouteDeps,
  ack: () => Promise<void>,
  origin: AnswerTarget & { readonly userId: string },
): HandlerArgs {
  return {
    ack: () => ack(),
    respond: answerRoute(deps, origin),
    userId: origin.userId,
    channelId: origin.channelId,
  };
}
