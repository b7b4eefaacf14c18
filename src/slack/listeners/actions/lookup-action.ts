import type { RichTextElement } from '@slack/types';
import { richTextBlock, richTextSection } from '../../../render/index.js';
import { CallSummaryError } from '../../../shared/errors.js';
import type { Words } from '../../../shared/i18n/index.js';
import type { AuditSurface } from '../../../use-case/audit.js';
import type { SlackDeps } from '../../deps.js';
import { outgoingMessage } from '../../send/outgoing.js';
import { describeForSlack, slackRefusalCode } from '../../send/slack-errors.js';
import { type Checked, errorMessage, lookupMessage, shownDigest } from '../../views/answers.js';
import { sectionBlock } from '../../views/controls.js';
import type { ClickedView } from '../../views/modal-flow.js';
import type { SlackMessage } from '../../views/types.js';
import { postedMetadata, type Respond } from '../../views/types.js';
import { LookupRef } from '../../views/values.js';
import { answerFailure } from '../answer-failure.js';
import { assertAdmitted, begin } from '../prelude.js';
import { seeLookup, withRefusedNote } from '../see.js';

export interface ButtonArgs {
  readonly ack: () => Promise<void>;
  readonly respond: Respond;
  readonly userId: string | undefined;
  readonly channelId: string | undefined;
  readonly value: string | undefined;
}

/** A click that may come from a view (a modal, the Home tab) as well as from a message. */
export interface ClickArgs extends ButtonArgs {
  readonly triggerId: string | undefined;
  /** The view the button sits in; undefined for a message's button. */
  readonly view: ClickedView | undefined;
}

type Mode = 'share' | 'show_side' | 'refresh' | 'retry' | 'open';

/** Each button as the audit trail names it. */
const SURFACE: Readonly<Record<Mode, AuditSurface>> = {
  share: 'share',
  show_side: 'show_side',
  refresh: 'refresh',
  retry: 'retry',
  open: 'summary_button',
};

/**
 * One handler body for every button on a summary answer; they differ only in how they answer:
 * Share posts a copy for everyone (response_url `in_channel`: works in DMs and channels the bot was
 * never invited to, needs no extra scope, and Slack shows it as sent by the app on the sharer's
 * behalf; we add "Shared by"), one message per side with the `call_summary_posted` metadata; Open (a
 * call of a list) answers beside the list, which stays; the others replace the private answer in place.
 */
export function lookupButton(deps: SlackDeps, mode: Mode) {
  return async ({ ack, respond, userId, channelId, value }: ButtonArgs): Promise<void> => {
    const who = { userId, channelId };
    const surface = SURFACE[mode];
    const what = mode === 'share' ? 'share' : 'summary';
    if (!(await begin(deps, { ack, respond, who, refusal: { replace_original: false }, surface, what })))
      return;
    let ref: LookupRef | undefined;
    // The clicker's language for what they alone read; a Share's copy is in the channel's.
    const words = await deps.wordsOf(userId);
    try {
      ref = LookupRef.decode(value);
      if (!ref)
        throw new CallSummaryError('usage', {
          problem: words.t('summary.outOfDate.command'),
        });
      // From a notification (the app's DM), Share goes to the conversation the person asked in, by
      // the Web API: a response_url would post into the DM itself. That copy is remembered, so a
      // re-written summary updates it (src/late); a response_url does not say where it posted. The
      // conversation a button names is let in like the one clicked in, before anything is looked up.
      const elsewhere =
        mode === 'share' && ref.channel !== undefined && ref.channel !== channelId ? ref.channel : undefined;
      if (elsewhere !== undefined) assertAdmitted(deps, { userId, channelId: elsewhere }, { surface, what });
      const looked = await deps.summaries.lookup({
        legId: ref.legId,
        side: ref.side,
        extension: ref.extension,
        refresh: mode === 'refresh' || mode === 'retry',
      });
      // Whoever clicks, whatever the button carries: only the sides this person may see.
      const seen = await seeLookup(deps, userId, looked, {
        surface,
        what,
        ...(mode === 'share' ? { channel: elsewhere ?? channelId } : {}),
      });
      const lookup = seen.shown;
      if (mode === 'share') {
        const found = lookup.results.filter((r) => r.status === 'found');
        // Where the copies went, to say so when they went elsewhere (the person cannot see them here).
        const links: (string | undefined)[] = [];
        // One message per side, so each carries the design's metadata `{leg_id, side}` for its summary.
        for (const result of found) {
          const shared = lookupMessage(
            { legId: lookup.legId, results: [result] },
            deps.render,
            deps.channelWords,
            {
              asked: { ...ref, side: result.side },
              interactive: false,
              ...(userId !== undefined ? { sharedBy: userId } : {}),
            },
          );
          const message = deps.forChannel ? deps.forChannel(shared) : shared;
          const metadata = postedMetadata(lookup.legId, result.side);
          const post = async (channel: string) => {
            const sendable = outgoingMessage(message, { allowMentions: true, words: deps.channelWords });
            return deps.client.chat.postMessage({
              channel,
              text: sendable.text,
              blocks: sendable.blocks,
              metadata,
            });
          };
          let posted: Awaited<ReturnType<typeof post>> | undefined;
          if (elsewhere !== undefined) {
            posted = await post(elsewhere);
            if (posted.ts) links.push(await linkTo(deps, posted.channel ?? elsewhere, posted.ts));
          } else {
            // Where the app may post, by the Web API: Slack then says where the copy is, so a re-written
            // summary updates it (src/late). Where it may not (a DM, a private channel it is not in),
            // through the response_url, which reaches any conversation but says nothing of where.
            posted =
              channelId === undefined
                ? undefined
                : await post(channelId).catch((error: unknown) => {
                    deps.logger.debug(
                      `share: posting in ${channelId} refused (${slackRefusalCode(error) ?? 'unexpected'}); through the response_url`,
                    );
                    return undefined;
                  });
            if (posted === undefined) {
              await respond({ response_type: 'in_channel', replace_original: false, ...message, metadata });
              continue;
            }
          }
          if (posted.ts && result.status === 'found') {
            await deps.late
              .rememberCopy(result.summary, {
                channel: posted.channel ?? elsewhere ?? channelId ?? '',
                ts: posted.ts,
                kind: 'share',
                userId,
              })
              .catch((error: unknown) => deps.logger.warn('could not remember the shared copy', error));
          }
        }
        if (found.length > 0) {
          deps.logger.info('summary shared', { leg: lookup.legId, user: userId, channel: channelId });
          if (elsewhere !== undefined) {
            await respond({
              response_type: 'ephemeral',
              replace_original: false,
              ...sharedMessage(links, words),
            });
          }
          return;
        }
        // Nothing left to share (the summary went away): say so privately, as the answer stands now.
      }
      // Refresh and Try again say what the check found, in place of the answer they replace: other
      // content than the answer showed (the PBX re-wrote it), or a summary where there was none.
      const shown = shownDigest(lookup);
      const checked: Checked | undefined =
        mode === 'refresh' || mode === 'retry'
          ? {
              at: Date.now(),
              outcome:
                mode === 'refresh'
                  ? ref.digest !== undefined && shown !== undefined && shown !== ref.digest
                    ? 'updated'
                    : 'unchanged'
                  : shown !== undefined
                    ? 'updated'
                    : 'unchanged',
            }
          : undefined;
      await respond({
        response_type: 'ephemeral',
        // A button on a message others see (a post, a notification) answers beside it.
        replace_original: mode !== 'open' && !ref.posted,
        ...withRefusedNote(
          lookupMessage(lookup, deps.render, words, { asked: ref, interactive: true, checked }),
          seen.refused,
          words,
        ),
      });
    } catch (error) {
      // Try again and Refresh that fail say so in place of what they were clicked on.
      if ((mode === 'retry' || mode === 'refresh') && ref !== undefined && !ref.posted) {
        const placed = await respond({
          response_type: 'ephemeral',
          replace_original: true,
          ...errorMessage(
            error,
            words,
            describeForSlack(error, words).retryable ? ref : undefined,
            undefined,
            { at: Date.now(), outcome: 'unchanged' },
          ),
        }).then(
          () => true,
          () => false,
        );
        if (placed) {
          deps.logger.warn('lookup failed', { user: userId, channel: channelId }, error);
          return;
        }
      }
      await answerFailure(deps, respond, error, ref, who, { replace_original: false });
    }
  };
}

/** A link to a message the app posted (`chat.getPermalink`); undefined when Slack gives none. */
async function linkTo(
  deps: Pick<SlackDeps, 'client' | 'logger'>,
  channel: string,
  ts: string,
): Promise<string | undefined> {
  try {
    const answer = await deps.client.chat.getPermalink({ channel, message_ts: ts });
    if (answer.permalink?.startsWith('https://')) return answer.permalink;
  } catch (error) {
    deps.logger.debug(`share: no permalink (${slackRefusalCode(error) ?? 'unexpected'})`);
  }
  return undefined;
}

/**
 * What Share from the app's Messages says: where the copy went, as a link to the post (rich text: a
 * link the project's validator takes, where a mrkdwn `<url|…>` is refused as a possible disguise).
 */
export function sharedMessage(links: readonly (string | undefined)[], words: Words): SlackMessage {
  const urls = links.filter((l): l is string => l !== undefined);
  if (urls.length === 0) {
    const text = words.t('summary.shared.here');
    return { text, blocks: [sectionBlock(`:white_check_mark: ${text}`)] };
  }
  const elements: RichTextElement[] = [
    { type: 'emoji', name: 'white_check_mark' },
    { type: 'text', text: ` ${words.t('summary.shared.prefix')} ` },
  ];
  urls.forEach((url, i) => {
    if (i > 0) elements.push({ type: 'text', text: words.t('summary.shared.separator') });
    const text =
      urls.length === 1
        ? words.t('summary.shared.link')
        : words.t('summary.shared.linkNumbered', { n: i + 1 });
    elements.push({ type: 'link', url, text });
  });
  return {
    text: words.t('summary.shared.text', { links: urls.join(' ') }),
    blocks: [richTextBlock([richTextSection(elements)])],
  };
}
