import type { HomeView, KnownBlock } from '@slack/types';
import { contextBlock, headerBlock, slackDate } from '../../render/builders.js';
import { escapeMrkdwn, shorten } from '../../render/text.js';
import { ENGLISH } from '../../shared/i18n/index.js';
import type { CallListPage } from '../../use-case/finding/call-lists.js';
import type { ListSubject } from '../../use-case/finding/find-calls.js';
import type { MemberMatch } from '../../use-case/finding/members.js';
import { renderCallList } from './call-list.js';
import { buttonElement, sectionBlock } from './controls.js';
import { ACTION_IDS } from './values.js';

/**
 * The app's Home tab: the person's recent calls (with Summary buttons), whether their Slack account
 * is matched to an extension and how to fix it if not, and a short status for admins. Pure: the
 * caller gathers the facts and the words for failures (src/shared/errors.ts); names are escaped here.
 */

/** Words for a failure, as `describeError` gives them. */
export interface Described {
  readonly message: string;
  readonly hint: string;
}

/** A member matched as finding matches them; unmatched, with the reason already in words. */
export type HomeMatch =
  | Extract<MemberMatch, { readonly kind: 'matched' }>
  | { readonly kind: 'unmatched'; readonly why: Described };

export type HomeCalls =
  | { readonly kind: 'page'; readonly subject: ListSubject; readonly page: CallListPage }
  | { readonly kind: 'failed'; readonly why: Described }
  /** No extension to list (the person is not matched). */
  | { readonly kind: 'none' };

/** What an admin wants to see at a glance. */
export interface HomeStatus {
  /** The last PBX request: answered, failed, or none made yet. */
  readonly pbx: 'answering' | 'failing' | 'unknown';
  readonly posting: 'webhook' | 'websocket' | 'off';
  readonly cache: { readonly kind: 'memory' | 'redis'; readonly healthy: boolean };
  readonly directory: { readonly state: 'loading' | 'loaded' | 'failed'; readonly size: number };
  /** Matching members by Slack email: on, or off because the app lacks the scopes (older install). */
  readonly emails: 'on' | 'no_scope';
  /** Who sees which calls: everyone let in (no ACCESS_FILE), or the file's rules. */
  readonly access:
    | { readonly kind: 'open' }
    | {
        readonly kind: 'rules';
        readonly teams: number;
        readonly admins: number;
        /** What a member in no team sees. */
        readonly others: 'own' | 'none' | 'all';
        readonly transcripts: 'everyone' | 'leads';
      };
}

export interface HomeModel {
  readonly match: HomeMatch;
  readonly calls: HomeCalls;
  readonly status: HomeStatus;
  /** When this was drawn (Unix ms). */
  readonly at: number;
  /** PHONE_REGION (numbers shown as on every surface). */
  readonly phoneRegion?: string | undefined;
  /**
   * "Send me the summaries of my calls": on or off for this person; undefined when it cannot be
   * offered (not matched to an extension, or no place to keep the choice).
   */
  readonly dmMine?: boolean | undefined;
}

const NAME_MAX = 60;

export function homeView(model: HomeModel): HomeView {
  const blocks: KnownBlock[] = [headerBlock('Call summaries')];
  blocks.push(...matchBlocks(model.match));
  if (model.dmMine !== undefined) blocks.push(dmMineBlock(model.dmMine));
  switch (model.calls.kind) {
    case 'page':
      blocks.push(
        ...renderCallList(model.calls.subject, model.calls.page, { phoneRegion: model.phoneRegion }).blocks,
      );
      break;
    case 'failed':
      blocks.push(...failureBlocks(model.calls.why));
      break;
    case 'none':
      blocks.push(
        sectionBlock(
          'Meanwhile, any extension or number can be looked up: `/callsummary 3202`, `/callsummary +14155550123`.',
        ),
      );
      break;
  }
  blocks.push({ type: 'divider' }, ...statusBlocks(model.status));
  blocks.push(
    contextBlock([
      `Updated ${slackDate(model.at / 1000, ENGLISH)}; refreshed when you open this tab (at most once a minute). \`/callsummary help\` lists every way to ask.`,
    ]),
  );
  return { type: 'home', blocks };
}

/** The switch for the summaries of the person's own calls, as DMs (`callsummary_dm_mine`). */
export function dmMineBlock(on: boolean): KnownBlock {
  const text = on
    ? "*Summaries of your calls:* on. Each summary of your side of a call comes to you here, in the app's Messages, when the PBX has written it."
    : "*Summaries of your calls:* off. Switch it on to get each summary of your side of a call in the app's Messages, when the PBX has written it.";
  return {
    ...sectionBlock(text),
    block_id: 'callsummary_dm_mine',
    accessory: buttonElement({
      text: on ? 'Stop sending them' : 'Send me the summaries of my calls',
      actionId: ACTION_IDS.dmMine,
      value: on ? 'off' : 'on',
      ...(on ? {} : { style: 'primary' as const }),
    }),
  };
}

/** What a person not allowed to see call summaries finds on the tab. */
export function homeRefusalView(why: Described): HomeView {
  return { type: 'home', blocks: [headerBlock('Call summaries'), ...failureBlocks(why)] };
}

function matchBlocks(match: HomeMatch): KnownBlock[] {
  if (match.kind === 'unmatched') return failureBlocks(match.why);
  const name = match.name.trim() === '' ? '' : ` (${escapeMrkdwn(shorten(match.name.trim(), NAME_MAX))})`;
  const how =
    match.via === 'email' ? 'by your Slack email address' : "by the bot's member list (USER_MAP_FILE)";
  return [
    contextBlock([`Your Slack account is matched to extension *${match.extension}*${name}, ${how}.`], {
      verbatim: true,
    }),
  ];
}

function failureBlocks(why: Described): KnownBlock[] {
  const blocks: KnownBlock[] = [sectionBlock(`:warning: ${escapeMrkdwn(why.message)}`, { verbatim: true })];
  if (why.hint !== '') blocks.push(contextBlock([escapeMrkdwn(why.hint)], { verbatim: true }));
  return blocks;
}

function statusBlocks(status: HomeStatus): KnownBlock[] {
  const pbx =
    status.pbx === 'answering'
      ? 'answering'
      : status.pbx === 'failing'
        ? '*its last request failed* (`callsummary doctor` says why)'
        : 'not asked yet';
  const posting =
    status.posting === 'webhook'
      ? 'on, by webhook'
      : status.posting === 'websocket'
        ? 'on, by WebSocket'
        : 'off (no YEASTAR_WEBHOOK_SECRET or YEASTAR_WEBSOCKET)';
  const cache = `${status.cache.kind === 'redis' ? 'Redis' : 'memory'}${status.cache.healthy ? '' : ' (not answering: answers come straight from the PBX)'}`;
  const directory =
    status.directory.state === 'loaded'
      ? `${status.directory.size} extensions`
      : status.directory.state === 'loading'
        ? 'loading'
        : 'could not be read (names and "my calls" by email are off until it is)';
  const emails =
    status.emails === 'on'
      ? 'on'
      : 'off: the app lacks the scopes users:read and users:read.email (reinstall it from manifest.yml)';
  return [
    sectionBlock('*Status* (for admins)'),
    contextBlock([
      `PBX: ${pbx}`,
      `Automatic posting: ${posting}`,
      `Cache: ${cache}`,
      `Extension directory: ${directory}`,
      `Matching members by Slack email: ${emails}`,
      `Who sees which calls: ${accessLine(status.access)}`,
    ]),
  ];
}

function accessLine(access: HomeStatus['access']): string {
  if (access.kind === 'open') return '*everyone let in sees every call* (no ACCESS_FILE)';
  const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  const others = { own: 'their own calls', none: 'no calls', all: 'every call' }[access.others];
  const transcripts =
    access.transcripts === 'leads' ? 'transcripts for leads and admins' : 'transcripts with the call';
  return `by ACCESS_FILE: ${plural(access.teams, 'team')}, ${plural(access.admins, 'admin')}; members in no team see ${others}; ${transcripts}`;
}
