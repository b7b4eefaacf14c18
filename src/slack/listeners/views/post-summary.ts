import { escapeMrkdwn } from '../../../render/index.js';
import { CallSummaryError } from '../../../shared/errors.js';
import type { SlackDeps } from '../../deps.js';
import { answerRoute } from '../../send/answer-route.js';
import { outgoingMessage } from '../../send/outgoing.js';
import type { SlackWebClient } from '../../send/web-client.js';
import { errorMessage } from '../../views/answers.js';
import { sectionBlock } from '../../views/controls.js';
import { postedSummaryMessage } from '../../views/posted.js';
import { postedMetadata, type SlackMessage } from '../../views/types.js';
import { ACTION_IDS, BLOCK_IDS, PostTarget, parseChoice } from '../../views/values.js';
import { acknowledge, admit } from '../prelude.js';
import { seeLookup } from '../see.js';

/** How long "already posted in this thread" is remembered: long enough to stop double clicks and retries. */
const POST_CLAIM_TTL_MS = 24 * 60 * 60 * 1000;

/** A view submission's answer: nothing (the modal closes), or errors shown under their fields. */
export interface SubmissionAnswer {
  readonly response_action: 'errors';
  readonly errors: Readonly<Record<string, string>>;
}

export interface PostSummaryArgs {
  readonly ack: (answer?: SubmissionAnswer) => Promise<void>;
  readonly client: Pick<SlackWebClient, 'chat'>;
  readonly userId: string;
  readonly privateMetadata: string | undefined;
  /** `view.state.values`, foreign input. */
  readonly stateValues: unknown;
}

function chosenValue(stateValues: unknown): string | undefined {
  const block = (
    stateValues as Record<string, Record<string, { selected_option?: { value?: unknown } }>> | undefined
  )?.[BLOCK_IDS.choice];
  const value = block?.[ACTION_IDS.choice]?.selected_option?.value;
  return typeof value === 'string' ? value : undefined;
}

/**
 * The modal's submit: posts the chosen summary as a thread reply with the design's metadata, once per
 * leg, side and thread (a claim in the shared cache), and tells the person privately when it fails.
 * Only a summary the modal offered may be posted (the offer travels in private_metadata).
 */
export function postSummarySubmission(deps: SlackDeps) {
  return async ({ ack, client, userId, privateMetadata, stateValues }: PostSummaryArgs): Promise<void> => {
    const target = PostTarget.decode(privateMetadata);
    if (!target) {
      await acknowledge(deps, () => ack());
      deps.logger.warn('view submission without a valid target; ignored');
      return;
    }
    const chosen = chosenValue(stateValues) ?? (target.offered.length === 1 ? target.offered[0] : undefined);
    const choice = chosen !== undefined && target.offered.includes(chosen) ? parseChoice(chosen) : undefined;
    if (!choice) {
      // The modal stays open, the error under its select (Slack's response_action: errors). Slack
      // waits 3 s for this answer: the language is the cached one, or the fallback's when Slack is slow.
      const words = await deps.wordsOf(userId);
      await ack({ response_action: 'errors', errors: { [BLOCK_IDS.choice]: words.t('summary.chooseOne') } });
      return;
    }
    await acknowledge(deps, () => ack());
    const who = { userId, channelId: target.channelId };
    // Privately, through the shortcut's response_url first: it reaches the person where the bot is not
    // a member (the very case a failed post is often about). chat.postEphemeral comes next, and
    // without thread_ts: "Ephemeral messages in threads are only shown if there is already an active
    // thread" (chat.postEphemeral docs), and an alert often has no thread yet.
    const route = answerRoute(
      { ...deps, client },
      { responseUrl: target.responseUrl, channelId: target.channelId, userId },
    );
    // The submitter's language for what they alone read; the reply in the thread is in the channel's.
    const words = await deps.wordsOf(userId);
    const tell = (message: SlackMessage) =>
      route({ response_type: 'ephemeral', ...message }).catch((error: unknown) =>
        deps.logger.warn('could not tell the person privately', error),
      );
    const at = { surface: 'thread_post', what: 'post', channel: target.channelId } as const;
    if (!(await admit(deps, { respond: route, who, ...at }))) return;
    let claimKey: string | undefined;
    try {
      claimKey = `posted:${target.channelId}:${target.threadTs}:${choice.legId}:${choice.side}`;
      if (!(await deps.claims.claim(claimKey, POST_CLAIM_TTL_MS))) {
        claimKey = undefined;
        const text = escapeMrkdwn(
          words.t('summary.alreadyPosted', { side: choice.side, legId: choice.legId }),
        );
        await tell({ text, blocks: [sectionBlock(text)] });
        return;
      }
      // The submitter's own right to this side, whoever the modal was made for (a replayed submission).
      const { shown: lookup } = await seeLookup(
        deps,
        userId,
        await deps.summaries.lookup({ legId: choice.legId, side: choice.side }),
        at,
      );
      const found = lookup.results.find((r) => r.status === 'found');
      if (found?.status !== 'found') {
        throw new CallSummaryError('no_summary', {
          legId: choice.legId,
          sides: [{ side: choice.side, outsideNumber: false }],
        });
      }
      const reply = postedSummaryMessage(found.summary, found.call, deps.render, deps.channelWords);
      const rendered = outgoingMessage(deps.forChannel ? deps.forChannel(reply) : reply, {
        words: deps.channelWords,
      });
      const posted = await client.chat.postMessage({
        channel: target.channelId,
        thread_ts: target.threadTs,
        text: rendered.text,
        blocks: rendered.blocks,
        metadata: postedMetadata(choice.legId, choice.side),
      });
      // Remembered so a re-written summary updates this reply too (src/late); never fails the post.
      if (posted.ts) {
        await deps.late
          .rememberCopy(found.summary, {
            channel: posted.channel ?? target.channelId,
            ts: posted.ts,
            kind: 'post',
          })
          .catch((error: unknown) => deps.logger.warn('could not remember the thread reply', error));
      }
      deps.logger.info('summary posted in thread', {
        leg: choice.legId,
        side: choice.side,
        channel: target.channelId,
      });
    } catch (error) {
      // Free the claim so a later attempt can post what this one could not.
      if (claimKey) await deps.claims.release(claimKey).catch(() => undefined);
      const code = error instanceof CallSummaryError ? error.code : 'unexpected';
      deps.answers?.failed(error);
      deps.logger.warn(
        'posting from the modal failed',
        { code, user: userId, channel: target.channelId },
        error,
      );
      await tell(errorMessage(error, words));
    }
  };
}
