import { contextBlock } from '../../render/index.js';
import { CallSummaryError } from '../../shared/errors.js';
import type { Words } from '../../shared/i18n/index.js';
import type { Logger } from '../../shared/log.js';
import { errorMessage } from '../views/answers.js';
import type { Respond, ResponseBody, SlackMessage } from '../views/types.js';
import { outgoingMessage, UnsendableError } from './outgoing.js';
import { slackRefusalCode } from './slack-errors.js';
import type { SlackWebClient } from './web-client.js';

/** Where an answer is due: the request's response_url, conversation and person. */
export interface AnswerTarget {
  readonly responseUrl: string | undefined;
  readonly channelId: string | undefined;
  readonly userId: string | undefined;
}

/** The fields every interaction payload (shortcut, button) carries about where it came from. */
export interface InteractionOrigin {
  readonly response_url?: string | undefined;
  readonly channel?: { readonly id: string } | null | undefined;
  readonly user: { readonly id: string };
}

/** Where an interaction's answer is due (an interaction always names who made it). */
export function targetOf(body: InteractionOrigin): AnswerTarget & { readonly userId: string } {
  return { responseUrl: body.response_url, channelId: body.channel?.id, userId: body.user.id };
}

export interface AnswerRouteDeps {
  readonly client: Pick<SlackWebClient, 'chat'>;
  readonly respondTo: (responseUrl: string | undefined) => Respond;
  readonly logger: Pick<Logger, 'warn'>;
  /** The person's words, for what this route says itself (why a share could not be made). */
  readonly wordsOf: (userId: string | undefined) => Promise<Words>;
}

/**
 * A `respond` that reaches the person by the first route that works:
 *
 * 1. the response_url: reaches them in any conversation, the bot a member or not (30 minutes, 5 uses);
 * 2. the Web API in the same conversation: `chat.postEphemeral` for a private answer,
 *    `chat.postMessage` (same metadata) for a shared one. Both need the bot in the conversation (a
 *    shared post in a public channel only chat:write.public); `chat.postEphemeral` into a public
 *    channel the bot is not in fails even with that scope (node-slack-sdk#977);
 * 3. the app's direct messages with the person (`chat.postMessage` to their user id): a private
 *    answer itself, or for a share that could not be posted, why and what to do (invite the app).
 *
 * Throws the last route's error when none works; the caller logs it.
 */
export function answerRoute(deps: AnswerRouteDeps, target: AnswerTarget): Respond {
  return async (unfitted) => {
    // Fitted once, in its reader's words; every route below then carries the same message.
    const words = await deps.wordsOf(target.userId);
    const message = outgoingMessage(unfitted, {
      words,
      allowMentions: unfitted.response_type === 'in_channel',
    });
    try {
      return await deps.respondTo(target.responseUrl)(message);
    } catch (error) {
      // No route can carry a message that cannot be sent.
      if (error instanceof UnsendableError) throw error;
      deps.logger.warn('response_url failed; answering through the Web API instead', {
        reason: slackRefusalCode(error) ?? (error as { code?: unknown }).code,
      });
    }
    const { channelId, userId } = target;
    if (channelId === undefined || userId === undefined) {
      throw new Error('no response_url, conversation or person to answer');
    }
    let inConversation: unknown;
    try {
      return await postInConversation(deps.client, channelId, userId, message);
    } catch (error) {
      inConversation = error;
      deps.logger.warn('could not answer in the conversation; answering in a direct message', {
        reason: slackRefusalCode(error) ?? 'unexpected',
      });
    }
    const direct =
      message.response_type === 'in_channel'
        ? // The share itself must not land in a DM as if it were shared: say why it was not.
          errorMessage(inConversation, words)
        : withNote(message, words.t('summary.directNote'));
    const sendable = outgoingMessage(direct, { words });
    return deps.client.chat.postMessage({ channel: userId, text: sendable.text, blocks: sendable.blocks });
  };
}

function withNote(message: SlackMessage, note: string): SlackMessage {
  return { text: `${note} ${message.text}`, blocks: [contextBlock([note]), ...message.blocks] };
}

/** `message` is fitted already (answerRoute fits it once for every route). */
function postInConversation(
  client: Pick<SlackWebClient, 'chat'>,
  channel: string,
  user: string,
  message: ResponseBody,
): Promise<unknown> {
  if (message.response_type === 'in_channel') {
    return client.chat.postMessage({
      channel,
      text: message.text,
      blocks: message.blocks,
      ...(message.metadata ? { metadata: message.metadata } : {}),
    });
  }
  return client.chat.postEphemeral({ channel, user, text: message.text, blocks: message.blocks });
}

/** Tells the person the bot is restarting and to try again: what shutdown sends for work it cannot finish. */
export async function answerRestarting(deps: AnswerRouteDeps, target: AnswerTarget): Promise<void> {
  try {
    await answerRoute(
      deps,
      target,
    )({
      response_type: 'ephemeral',
      ...errorMessage(new CallSummaryError('restarting', {}), await deps.wordsOf(target.userId)),
    });
  } catch (error) {
    deps.logger.warn('shutdown: could not tell a person the bot is restarting', {
      reason: slackRefusalCode(error) ?? 'unexpected',
    });
  }
}
