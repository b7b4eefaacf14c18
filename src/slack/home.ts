import type { HomeView } from '@slack/types';
import { CallSummaryError } from '../shared/errors.js';
import { viewerOf } from '../use-case/access.js';
import type { FoundCalls } from '../use-case/finding/find-calls.js';
import type { AccessRules } from '../use-case/model/access-rules.js';
import { defaultPeriod } from '../use-case/model/call-query.js';
import { isAllowed } from './access.js';
import type { SlackDeps } from './deps.js';
import { outgoingView } from './send/outgoing.js';
import { describeForSlack } from './send/slack-errors.js';
import { type HomeCalls, type HomeMatch, type HomeStatus, homeRefusalView, homeView } from './views/home.js';
import type { ListRef } from './views/values.js';

/**
 * The App Home tab of one person, gathered and published: their match to an extension, their recent
 * calls (or the page **Older** asked for), and the bot's status. Every part that fails says why in
 * its place; the tab is published whatever fails. A person not allowed sees only the refusal: the Home
 * tab is no conversation, so with ALLOWED_CHANNEL_IDS set it is refused to everyone. The tab is the
 * member's alone: it is in their Slack language.
 */

/** The status facts the composition root knows (the Home tab adds whether emails can be read). */
export type BotStatus = Omit<HomeStatus, 'emails' | 'access'>;

const UNKNOWN_STATUS: BotStatus = {
  pbx: 'unknown',
  posting: 'off',
  cache: { kind: 'memory', healthy: true },
  directory: { state: 'loading', size: 0 },
};

export async function homeFor(
  deps: Pick<
    SlackDeps,
    'access' | 'guard' | 'finding' | 'status' | 'logger' | 'phoneRegion' | 'dmChoices' | 'wordsOf'
  >,
  userId: string,
  list?: ListRef,
  now: () => number = Date.now,
): Promise<HomeView> {
  const words = await deps.wordsOf(userId);
  if (!isAllowed(deps.access, { userId, channelId: undefined })) {
    deps.guard.refused({ member: userId, what: 'list', surface: 'home', reason: 'allowed_ids' });
    return homeRefusalView(
      describeForSlack(new CallSummaryError('not_allowed', { userId, channelId: undefined }), words),
      words,
    );
  }
  let match: HomeMatch;
  let emails: HomeStatus['emails'] = 'on';
  try {
    const found = await deps.finding.members.match(userId);
    if (found.kind === 'matched') {
      match = found;
    } else {
      if (found.reason === 'no_scope') emails = 'no_scope';
      match = {
        kind: 'unmatched',
        why: describeForSlack(
          new CallSummaryError('member_unmatched', { userId, reason: found.reason }),
          words,
        ),
      };
    }
  } catch (error) {
    deps.logger.warn('home: matching the member failed', { user: userId }, error);
    match = { kind: 'unmatched', why: describeForSlack(error, words) };
  }
  let calls: HomeCalls = { kind: 'none' };
  if (match.kind === 'matched') {
    const party = { kind: 'extension', extension: match.extension } as const;
    try {
      // The person's own calls, as the access rules let them see their own (`default: none` does not).
      const guard = deps.guard.lists(viewerOf(deps.guard.rules, userId, match.extension), {
        surface: 'home',
        what: 'list',
      });
      const subject = { party, me: true, name: match.name };
      const visible = guard.admit(subject);
      const page = await deps.finding.callLists.list({
        party,
        period: list?.period ?? defaultPeriod(deps.finding.recentDays),
        ...(list ? { page: list.page, at: list.at } : {}),
        ...(visible ? { visible } : {}),
      });
      const found: FoundCalls = guard.shown({ subject, page });
      calls = { kind: 'page', ...found };
    } catch (error) {
      deps.logger.warn('home: listing calls failed', { user: userId }, error);
      calls = { kind: 'failed', why: describeForSlack(error, words) };
    }
  }
  const status = deps.status ? await deps.status().catch(() => UNKNOWN_STATUS) : UNKNOWN_STATUS;
  let dmMine: boolean | undefined;
  if (match.kind === 'matched' && deps.dmChoices) {
    dmMine = await deps.dmChoices
      .extensionOf(userId)
      .then((extension) => extension !== undefined)
      .catch(() => undefined);
  }
  return homeView(
    {
      match,
      calls,
      status: { ...status, emails, access: accessStatus(deps.guard.rules) },
      at: now(),
      phoneRegion: deps.phoneRegion,
      dmMine,
    },
    words,
  );
}

/** What the Home tab's status says of the access rules. */
export function accessStatus(rules: AccessRules | undefined): HomeStatus['access'] {
  if (rules === undefined) return { kind: 'open' };
  return {
    kind: 'rules',
    teams: rules.teams.length,
    admins: rules.admins.length,
    others: rules.defaultSight,
    transcripts: rules.transcripts,
  };
}

/** Publishes the person's Home tab through the one send path. */
export async function publishHome(
  deps: Pick<
    SlackDeps,
    'access' | 'guard' | 'finding' | 'status' | 'logger' | 'client' | 'phoneRegion' | 'dmChoices' | 'wordsOf'
  >,
  userId: string,
  list?: ListRef,
): Promise<void> {
  const [view, words] = await Promise.all([homeFor(deps, userId, list), deps.wordsOf(userId)]);
  await deps.client.views.publish({ user_id: userId, view: outgoingView(view, words) });
}
