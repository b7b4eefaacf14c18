import type { KnownBlock, SectionBlock } from '@slack/types';
import { contextBlock } from '../../render/builders.js';
import { callWhen, partyLabel } from '../../render/call-context.js';
import { escapeMrkdwn, oneLine, shorten } from '../../render/text.js';
import type { Words } from '../../shared/i18n/index.js';
import { CALLS_PAGE_SIZE, type CallListPage, type ListedCall } from '../../use-case/finding/call-lists.js';
import type { ListSubject } from '../../use-case/finding/find-calls.js';
import type { CallContext, ContextParty } from '../../use-case/model/call-context.js';
import { MAX_PERIOD_DAYS, type Period } from '../../use-case/model/call-query.js';
import { isExtensionNumber } from '../../use-case/model/party-number.js';
import { displayPhoneNumber } from '../../use-case/model/phone-number.js';
import { actionsBlock, buttonElement, sectionBlock } from './controls.js';
import { ACTION_IDS, BLOCK_IDS, ListRef, LookupRef } from './values.js';

/**
 * A page of calls as Block Kit: one section per call (time, in/out, the other party, duration, the
 * summary's gist) with a **Summary** button, then **Newer** / **Older** to page (both `callsummary_more`). The same lines serve
 * the command's answer and the App Home tab. Names, numbers and gists come from the PBX (its AI
 * included): they are escaped, so none becomes a mention, a broadcast or a disguised link. Every
 * word is the reader's (`words`); the gists stay as the PBX wrote them. Pure.
 */

/** Whose calls, as the person reads it. */
export interface RenderedList {
  readonly text: string;
  readonly blocks: KnownBlock[];
}

/** Characters of a name or number shown on a line (the PBX bounds neither). */
const NAME_MAX = 60;
const NUMBER_MAX = 32;

/** `+14155550123`, `extension 3202 (Leo Ball)`, `extension 3202 (Leo Ball)` for "me": plain, unescaped. */
export function subjectLabel(subject: ListSubject, words: Words, options: CallListOptions = {}): string {
  if (subject.party.kind === 'number') {
    return shorten(displayPhoneNumber(oneLine(subject.party.number), options.phoneRegion), NUMBER_MAX);
  }
  const name = subject.name ? oneLine(subject.name) : '';
  const { extension } = subject.party;
  return name === ''
    ? words.t('list.subject.extension', { extension })
    : words.t('list.subject.extensionNamed', { extension, name: shorten(name, NAME_MAX) });
}

/**
 * How far back a list looks, in words: `7 days`, `24 hours`, `7天`. A period is data (`7d` as typed,
 * or its hours); a label the grammar does not write is worded from its hours.
 */
export function periodWords(period: Period, words: Words): string {
  const typed = /^(\d+)([hd])$/i.exec(period.label.trim());
  const [amount, unit] = typed
    ? [Number(typed[1]), typed[2]!.toLowerCase()]
    : period.hours % 24 === 0
      ? [period.hours / 24, 'd']
      : [period.hours, 'h'];
  return words.t('list.period', { amount, unit });
}

/** The heading line over a list: whose calls, the period, which of how many (mrkdwn, escaped). */
export function listHeading(
  subject: ListSubject,
  page: CallListPage,
  words: Words,
  options: CallListOptions = {},
): string {
  const who = escapeMrkdwn(subjectLabel(subject, words, options));
  const period = escapeMrkdwn(periodWords(page.period, words));
  if (page.total === 0) {
    if (subject.party.kind === 'number') return words.t('list.empty.number', { who, period });
    return subject.me
      ? words.t('list.empty.mine', { who, period })
      : words.t('list.empty.extension', { who, period });
  }
  const first = page.page * CALLS_PAGE_SIZE + 1;
  const values = {
    who,
    period,
    first: String(first),
    last: String(first + page.calls.length - 1),
    total: String(page.total),
    // A list read back only as far as its pages need does not know its whole count yet.
    complete: page.complete ? 'yes' : 'no',
  };
  if (subject.party.kind === 'number') return words.t('list.heading.number', values);
  return subject.me ? words.t('list.heading.mine', values) : words.t('list.heading.extension', values);
}

export interface CallListOptions {
  /** PHONE_REGION: numbers are shown as every surface shows them (src/use-case/model/phone-number.ts). */
  readonly phoneRegion?: string | undefined;
}

/** The list as a message (the command's answer, **Older**'s replacement). */
export function renderCallList(
  subject: ListSubject,
  page: CallListPage,
  words: Words,
  options: CallListOptions = {},
): RenderedList {
  const heading = listHeading(subject, page, words, options);
  const blocks: KnownBlock[] = [sectionBlock(heading, { verbatim: true })];
  if (page.total === 0) {
    blocks.push(contextBlock([emptyHint(subject, words, page.period)]));
    return { text: heading.replace(/\*/g, ''), blocks };
  }
  blocks.push(...callBlocks(page.calls, words, options));
  if (page.calls.some((c) => c.startEpoch === null)) {
    blocks.push(contextBlock([words.t('list.pbxClockNote')]));
  }
  // Each button in a block of its own: both carry `callsummary_more`, and action ids are unique per block.
  const pageButton = (text: string, to: number, blockId: string) =>
    actionsBlock(
      [
        {
          text,
          actionId: ACTION_IDS.more,
          value: ListRef.encode({
            party: subject.party,
            me: subject.me,
            period: page.period,
            page: to,
            at: page.at,
          }),
        },
      ],
      blockId,
    );
  if (page.page > 0)
    blocks.push(pageButton(words.t('list.newer.button'), page.page - 1, BLOCK_IDS.listNewer));
  if (page.hasOlder)
    blocks.push(pageButton(words.t('list.older.button'), page.page + 1, BLOCK_IDS.listOlder));
  return { text: heading.replace(/\*/g, ''), blocks };
}

/** What to try when a list is empty (mrkdwn; the query is digits only, safe in a code span). */
export function emptyHint(subject: ListSubject, words: Words, period?: Period): string {
  const query =
    subject.party.kind === 'number' ? subject.party.number : subject.me ? 'me' : subject.party.extension;
  // Never the search just run: past the longest period there is nothing further back to suggest.
  if (period !== undefined && period.hours >= MAX_PERIOD_DAYS * 24) {
    return words.t('list.empty.hintLongest', { days: String(MAX_PERIOD_DAYS) });
  }
  return words.t('list.empty.hint', { query, days: String(MAX_PERIOD_DAYS) });
}

/** One section per call, with its Summary button. */
export function callBlocks(
  calls: readonly ListedCall[],
  words: Words,
  options: CallListOptions = {},
): SectionBlock[] {
  return calls.map((call) => {
    const section = sectionBlock(callLine(call, words, options), { verbatim: true });
    return call.summarySide === null
      ? section
      : {
          ...section,
          accessory: buttonElement({
            text: words.t('list.summary.button'),
            actionId: ACTION_IDS.open,
            value: LookupRef.encode({ legId: call.legId, side: call.summarySide, extension: undefined }),
          }),
        };
  });
}

/**
 * One call as mrkdwn: `<time> · ↙ in · Ann Lee +1 415 555 0123 · 3m 12s` and the gist (as the PBX
 * wrote it) on a second line. The time is a Slack date token (each reader's time zone) whose fallback
 * is in the reader's language, or the PBX's clock said so; the talk time is the reader's.
 */
export function callLine(call: ListedCall, words: Words, options: CallListOptions = {}): string {
  const context = listedCallContext(call, options);
  const direction = call.internal
    ? words.t('list.call.directionInternal', { direction: call.direction })
    : words.t('list.call.direction', { direction: call.direction });
  const other = call.direction === 'in' ? context.caller : context.callee;
  // Drawn as every summary's call context draws them (src/render/call-context.ts), in the reader's words.
  const party =
    other === undefined ? words.t('list.call.unknownParty') : escapeMrkdwn(partyLabel(other, words));
  const when = callWhen(context, words);
  const line =
    call.durationSeconds === null
      ? words.t('list.call.line', { when, direction, party })
      : words.t('list.call.lineTalked', {
          when,
          direction,
          party,
          duration: words.duration(call.durationSeconds),
        });
  const gist = call.gist === '' ? words.t('list.call.noSummary') : escapeMrkdwn(oneLine(call.gist));
  return `${line}\n${gist}`;
}

/** A listed call as a call context: the other party on its end, the start as the list knows it. */
export function listedCallContext(call: ListedCall, options: CallListOptions = {}): CallContext {
  const number = oneLine(call.otherNumber);
  const other: ContextParty | undefined =
    number === ''
      ? undefined
      : {
          number,
          display: displayPhoneNumber(number, options.phoneRegion),
          name: call.otherName,
          isExtension: isExtensionNumber(number),
        };
  return {
    legId: call.legId,
    side: undefined,
    direction: call.internal ? 'internal' : call.direction,
    caller: call.direction === 'in' ? other : undefined,
    callee: call.direction === 'in' ? undefined : other,
    start: call.startEpoch === null ? { wall: call.start } : { epoch: call.startEpoch },
    talkSeconds: call.durationSeconds,
  };
}
