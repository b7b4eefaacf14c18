import { CallSummaryError } from '../../../shared/errors.js';
import { findCalls } from '../../../use-case/finding/find-calls.js';
import { MAX_PERIOD_DAYS } from '../../../use-case/model/call-query.js';
import type { SlackDeps } from '../../deps.js';
import { publishHome } from '../../home.js';
import { slackRefusalCode } from '../../send/slack-errors.js';
import { renderCallList } from '../../views/call-list.js';
import { ListRef } from '../../views/values.js';
import { answerFailure } from '../answer-failure.js';
import { acknowledge, begin } from '../prelude.js';
import { viewerOf } from '../see.js';
import type { ClickArgs } from './lookup-action.js';

/**
 * When a list was made, as its buttons carry it: no longer ago than any period reaches, and not
 * ahead of the clock (beyond a little skew between replicas). Anything else is no list of ours.
 */
export function listTimeInRange(at: number, now: number): boolean {
  return at >= now - MAX_PERIOD_DAYS * 24 * 3_600_000 && at <= now + 5 * 60_000;
}

/**
 * **Older** (`callsummary_more`): the next page of the same list (made at the same instant, so pages
 * neither skip nor repeat calls), replacing the page shown: the private answer in a conversation, or
 * the Home tab.
 */
export function olderCalls(deps: SlackDeps) {
  return async (args: ClickArgs): Promise<void> => {
    const { ack, respond, userId, channelId, value } = args;
    if (args.view?.type === 'home') {
      await acknowledge(deps, ack);
      if (userId === undefined) return;
      // The Home tab checks access itself and shows the refusal in place.
      // A list too old or ahead of the clock is no list of ours: the tab is drawn afresh.
      const listRef = ListRef.decode(value);
      const list = listRef && listTimeInRange(listRef.at, Date.now()) ? listRef : undefined;
      await publishHome(deps, userId, list).catch((error: unknown) => {
        deps.answers?.failed(error);
        deps.logger.warn(
          'home: could not publish the Home tab',
          { user: userId, reason: slackRefusalCode(error) },
          error,
        );
      });
      return;
    }
    const who = { userId, channelId };
    const at = { surface: 'older', what: 'list' } as const;
    if (!(await begin(deps, { ack, respond, who, refusal: { replace_original: false }, ...at }))) return;
    try {
      const words = await deps.wordsOf(userId);
      const ref = ListRef.decode(value);
      if (!ref || userId === undefined || !listTimeInRange(ref.at, Date.now())) {
        throw new CallSummaryError('usage', { problem: words.t('list.outOfDate') });
      }
      // The list the button names, as the clicker may see it (whoever the list was first made for).
      const viewer = await viewerOf(deps, userId);
      const found = await findCalls(
        deps,
        userId,
        { party: ref.party, period: ref.period, page: ref.page, at: ref.at, me: ref.me },
        deps.guard.lists(viewer, at),
      );
      await respond({
        response_type: 'ephemeral',
        replace_original: true,
        ...renderCallList(found.subject, found.page, words, { phoneRegion: deps.phoneRegion }),
      });
    } catch (error) {
      await answerFailure(deps, respond, error, undefined, who, { replace_original: false });
    }
  };
}
