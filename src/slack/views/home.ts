import type { HomeView, KnownBlock } from '@slack/types';
import { contextBlock, headerBlock, slackDate } from '../../render/builders.js';
import { escapeMrkdwn, shorten } from '../../render/text.js';
import type { Words } from '../../shared/i18n/index.js';
import type { CallListPage } from '../../use-case/finding/call-lists.js';
import type { ListSubject } from '../../use-case/finding/find-calls.js';
import type { MemberMatch } from '../../use-case/finding/members.js';
import { renderCallList } from './call-list.js';
import { buttonElement, sectionBlock } from './controls.js';
import { ACTION_IDS } from './values.js';

/**
 * The app's Home tab: the person's recent calls (with Summary buttons), whether their Slack account
 * is matched to an extension and how to fix it if not, and a short status for admins. Pure: the
 * caller gathers the facts and the words for failures (src/shared/errors.ts), in the member's own
 * language (the tab is private to them), as `words` is; names are escaped here.
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

export function homeView(model: HomeModel, words: Words): HomeView {
  const blocks: KnownBlock[] = [headerBlock(words.t('home.header'))];
  blocks.push(...matchBlocks(model.match, words));
  if (model.dmMine !== undefined) blocks.push(dmMineBlock(model.dmMine, words));
  switch (model.calls.kind) {
    case 'page':
      blocks.push(
        ...renderCallList(model.calls.subject, model.calls.page, words, { phoneRegion: model.phoneRegion })
          .blocks,
      );
      break;
    case 'failed':
      blocks.push(...failureBlocks(model.calls.why, words));
      break;
    case 'none':
      blocks.push(sectionBlock(words.t('home.none')));
      break;
  }
  blocks.push({ type: 'divider' }, ...statusBlocks(model.status, words));
  const epoch = Math.floor(model.at / 1000);
  blocks.push(contextBlock([words.t('home.updated', { when: slackDate(epoch, words) })]));
  return { type: 'home', blocks };
}

/** The switch for the summaries of the person's own calls, as DMs (`callsummary_dm_mine`). */
export function dmMineBlock(on: boolean, words: Words): KnownBlock {
  const text = on ? words.t('home.dmMine.on') : words.t('home.dmMine.off');
  return {
    ...sectionBlock(text),
    block_id: 'callsummary_dm_mine',
    accessory: buttonElement({
      text: on ? words.t('home.dmMine.stop.button') : words.t('home.dmMine.start.button'),
      actionId: ACTION_IDS.dmMine,
      value: on ? 'off' : 'on',
      ...(on ? {} : { style: 'primary' as const }),
    }),
  };
}

/** What a person not allowed to see call summaries finds on the tab. */
export function homeRefusalView(why: Described, words: Words): HomeView {
  return { type: 'home', blocks: [headerBlock(words.t('home.header')), ...failureBlocks(why, words)] };
}

function matchBlocks(match: HomeMatch, words: Words): KnownBlock[] {
  if (match.kind === 'unmatched') return failureBlocks(match.why, words);
  const name = match.name.trim();
  const line = words.t('home.match', {
    extension: match.extension,
    named: name === '' ? 'no' : 'yes',
    name: name === '' ? '' : escapeMrkdwn(shorten(name, NAME_MAX)),
    via: match.via,
  });
  return [contextBlock([line], { verbatim: true })];
}

function failureBlocks(why: Described, words: Words): KnownBlock[] {
  const blocks: KnownBlock[] = [
    sectionBlock(words.t('home.failure', { message: escapeMrkdwn(why.message) }), { verbatim: true }),
  ];
  if (why.hint !== '') blocks.push(contextBlock([escapeMrkdwn(why.hint)], { verbatim: true }));
  return blocks;
}

function statusBlocks(status: HomeStatus, words: Words): KnownBlock[] {
  return [
    sectionBlock(words.t('home.status.heading')),
    contextBlock([
      words.t('home.status.pbx', { state: status.pbx }),
      words.t('home.status.posting', { state: status.posting }),
      words.t('home.status.cache', {
        kind: status.cache.kind,
        healthy: status.cache.healthy ? 'yes' : 'no',
      }),
      words.t('home.status.directory', { state: status.directory.state, size: status.directory.size }),
      words.t('home.status.emails', { state: status.emails }),
      accessLine(status.access, words),
    ]),
  ];
}

function accessLine(access: HomeStatus['access'], words: Words): string {
  if (access.kind === 'open') return words.t('home.status.accessOpen');
  return words.t('home.status.accessRules', {
    teams: access.teams,
    admins: access.admins,
    others: access.others,
    transcripts: access.transcripts,
  });
}
