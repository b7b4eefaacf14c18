import type { KnownBlock } from '@slack/types';
import { slackDate } from '../../render/builders.js';
import { contextBlock, escapeMrkdwn } from '../../render/index.js';
import { assertNever } from '../../shared/assert-never.js';
import type { Words } from '../../shared/i18n/index.js';
import type { Logger } from '../../shared/log.js';
import { isChannelId, isUserId } from '../../shared/slack-ids.js';
import { RESPONSE_URL_LIFETIME_MS } from '../../use-case/late/backoff.js';
import type { LateSlack, WatchEnd } from '../../use-case/late/service.js';
import type { CallContext } from '../../use-case/model/call-context.js';
import type { CallSummary } from '../../use-case/model/call-summary.js';
import type { PostedCopy, Watch } from '../../use-case/ports.js';
import type { RenderSummary } from '../deps.js';
import { errorMessage, lookupMessage } from '../views/answers.js';
import { sectionBlock } from '../views/controls.js';
import { briefMessage, postedSummaryMessage } from '../views/posted.js';
import { postedMetadata, type Respond, type SlackMessage } from '../views/types.js';
import { ACTION_IDS, LookupRef } from '../views/values.js';
import { outgoingMessage } from './outgoing.js';
import { slackRefusalCode } from './slack-errors.js';
import type { SlackWebClient } from './web-client.js';
import { rateLimitedFor } from './web-client.js';

/**
 * The Slack edge of late summaries (src/use-case/late/service.ts): the notification in the app's Messages tab
 * (`chat.postMessage` to the person's user id: needs only chat:write with the Messages tab on, no
 * im:write), the private answer replaced in place while its response_url lives, and posted copies
 * re-rendered in place (`chat.update`, metadata kept) with an "updated" line.
 */

/** Why a DM came: the person clicked Notify me, or asked on the Home tab for their own calls. */
export type NotificationKind = 'watched' | 'mine';

/** The line an updated copy carries: when the PBX re-wrote it, in each reader's time zone. */
function updatedLine(atMs: number, words: Words): string {
  return words.t('post.updated.note', { when: slackDate(atMs / 1000, words) });
}

/**
 * The notification, in its reader's words: a line saying why it came, the summary as every summary
 * is rendered, and Share (where the person asked; a summary of their own call was asked nowhere).
 */
export function notificationMessage(
  summary: CallSummary,
  call: CallContext,
  render: RenderSummary,
  shareIn: string | undefined,
  words: Words,
  kind: NotificationKind = 'watched',
): SlackMessage {
  const note = kind === 'mine' ? words.t('notify.mine.note') : words.t('notify.ready.note');
  const withShare = kind === 'watched';
  const value = LookupRef.encode({
    legId: summary.legId,
    side: summary.side,
    extension: undefined,
    ...(shareIn !== undefined && isChannelId(shareIn) ? { channel: shareIn } : {}),
  });
  const message = postedSummaryMessage(summary, call, render, words, {
    before: [contextBlock([note])],
    extra: withShare
      ? [{ text: words.t('notify.share.button'), actionId: ACTION_IDS.share, value, style: 'primary' }]
      : [],
  });
  return { text: `${note} ${message.text}`, blocks: message.blocks };
}

/**
 * A posted copy as it was first made (kind), with `summary` in it, in `words`: the channel's for
 * posts, brief lines and shares, the person's for their notifications.
 */
export function copyMessage(
  copy: Pick<PostedCopy, 'kind' | 'userId' | 'shareIn'>,
  summary: CallSummary,
  call: CallContext,
  render: RenderSummary,
  words: Words,
): SlackMessage {
  switch (copy.kind) {
    case 'post':
      return postedSummaryMessage(summary, call, render, words);
    case 'share': {
      const rendered = render(summary, { surface: 'message', of: 1, call, words });
      const by =
        copy.userId !== undefined && isUserId(copy.userId)
          ? [contextBlock([words.t('post.shared.by', { userId: copy.userId })])]
          : [];
      return { text: rendered.text, blocks: [...rendered.blocks, ...by] };
    }
    case 'notify':
      return notificationMessage(summary, call, render, copy.shareIn, words);
    case 'brief':
      return briefMessage(summary, call, words);
    case 'dm':
      return notificationMessage(summary, call, render, undefined, words, 'mine');
    default:
      return assertNever(copy.kind, 'copy kind');
  }
}

function withUpdated(message: SlackMessage, atMs: number, words: Words): SlackMessage {
  const line = updatedLine(atMs, words);
  const blocks: KnownBlock[] = [contextBlock([line]), ...message.blocks];
  return { text: `${line} ${message.text}`, blocks };
}

function endedMessage(watch: Watch, why: WatchEnd, words: Words): SlackMessage {
  switch (why.kind) {
    case 'outside_number': {
      const text = escapeMrkdwn(words.t('notify.ended.outside', { legId: watch.legId, side: why.side }));
      return { text, blocks: [sectionBlock(text)] };
    }
    case 'failing': {
      const described = errorMessage(why.error, words);
      const text = escapeMrkdwn(words.t('notify.ended.failing', { legId: watch.legId }));
      return { text: `${text} ${described.text}`, blocks: [sectionBlock(text), ...described.blocks] };
    }
    default:
      return assertNever(why, 'watch end');
  }
}

export interface LateSlackDeps {
  readonly client: Pick<SlackWebClient, 'chat'>;
  readonly respondTo: (responseUrl: string | undefined) => Respond;
  readonly render: RenderSummary;
  /** Which call a summary is about (the summary use case's `callContext`). */
  readonly callContext: (summary: CallSummary) => Promise<CallContext>;
  readonly logger: Logger;
  readonly now?: () => number;
  /** Channel copies (posts, shares) go through it when re-rendered; a notification is private. */
  readonly forChannel?: (message: SlackMessage) => SlackMessage;
  /** A DM is in its reader's Slack language (src/slack/reader-words.ts). */
  readonly wordsOf: (userId: string | undefined) => Promise<Words>;
  /** A copy in a channel, which many read: CHANNEL_LOCALE's words. */
  readonly channelWords: Words;
}

export function createLateSlack(deps: LateSlackDeps): LateSlack {
  const now = deps.now ?? Date.now;

  /** The private answer the person clicked on, replaced while Slack still takes its response_url. */
  async function replaceAnswer(watch: Watch, message: SlackMessage, words: Words): Promise<void> {
    if (watch.responseUrl === undefined || now() - watch.createdAt >= RESPONSE_URL_LIFETIME_MS) return;
    try {
      await deps.respondTo(watch.responseUrl)({
        response_type: 'ephemeral',
        replace_original: true,
        ...outgoingMessage(message, { words }),
      });
    } catch (error) {
      // Expired or used up: the DM is the notification that counts.
      deps.logger.debug(`late: the private answer was not replaced (${slackRefusalCode(error) ?? 'failed'})`);
    }
  }

  return {
    async notify(watch, summary) {
      const [call, words] = await Promise.all([deps.callContext(summary), deps.wordsOf(watch.userId)]);
      const message = outgoingMessage(
        notificationMessage(summary, call, deps.render, watch.channelId, words),
        { words },
      );
      const posted = await deps.client.chat.postMessage({
        channel: watch.userId,
        text: message.text,
        blocks: message.blocks,
        metadata: postedMetadata(summary.legId, summary.side),
      });
      const answer = lookupMessage(
        {
          legId: summary.legId,
          results: [{ side: summary.side, status: 'found', summary, cached: true, call }],
        },
        deps.render,
        words,
        {
          asked: { legId: summary.legId, side: summary.side, extension: undefined },
          interactive: true,
        },
      );
      await replaceAnswer(watch, answer, words);
      // Slack answers with the DM's own id (D…): chat.update needs that, not the user id.
      return { channel: posted.channel ?? watch.userId, ts: posted.ts ?? '' };
    },
    async sendMine(userId, summary) {
      const [call, words] = await Promise.all([deps.callContext(summary), deps.wordsOf(userId)]);
      const message = outgoingMessage(
        notificationMessage(summary, call, deps.render, undefined, words, 'mine'),
        { words },
      );
      const posted = await deps.client.chat.postMessage({
        channel: userId,
        text: message.text,
        blocks: message.blocks,
        metadata: postedMetadata(summary.legId, summary.side),
      });
      return { channel: posted.channel ?? userId, ts: posted.ts ?? '' };
    },
    async ended(watch, why) {
      const words = await deps.wordsOf(watch.userId);
      const message = outgoingMessage(endedMessage(watch, why, words), { words });
      await deps.client.chat.postMessage({
        channel: watch.userId,
        text: message.text,
        blocks: message.blocks,
      });
      await replaceAnswer(watch, message, words);
    },
    async update(copy, summary, at) {
      const call = await deps.callContext(summary);
      // A notification or a DM of one's own call is read by one person; every other copy by a channel.
      const personal = copy.kind === 'notify' || copy.kind === 'dm';
      const words = personal ? await deps.wordsOf(copy.userId) : deps.channelWords;
      const made = withUpdated(copyMessage(copy, summary, call, deps.render, words), at, words);
      const seenByChannel = copy.kind !== 'notify' && deps.forChannel !== undefined;
      const message = outgoingMessage(seenByChannel ? deps.forChannel!(made) : made, {
        allowMentions: copy.kind === 'share',
        words,
      });
      try {
        await deps.client.chat.update({
          channel: copy.channel,
          ts: copy.ts,
          text: message.text,
          blocks: message.blocks,
          metadata: postedMetadata(summary.legId, summary.side),
        });
        return 'updated';
      } catch (error) {
        const retryAfterMs = rateLimitedFor(error);
        if (retryAfterMs !== undefined) return { retryAfterMs };
        const code = slackRefusalCode(error);
        if (code === 'message_not_found' || code === 'channel_not_found' || code === 'is_archived')
          return 'gone';
        throw error;
      }
    },
  };
}
