import type { KnownBlock, SectionBlock } from '@slack/types';
import { contextBlock } from '../../render/builders.js';
import { callWhen, partyLabel, pbxClock } from '../../render/call-context.js';
import { escapeMrkdwn, oneLine, shorten } from '../../render/text.js';
import { ENGLISH } from '../../shared/i18n/index.js';
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
 * included): they are escaped, so none becomes a mention, a broadcast or a disguised link. Pure.
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
export function subjectLabel(subject: ListSubject, options: CallListOptions = {}): string {
  if (subject.party.kind === 'number') {
    return shorten(displayPhoneNumber(oneLine(subject.party.number), options.phoneRegion), NUMBER_MAX);
  }
  const name = subject.name ? oneLine(subject.name) : '';
  return `extension ${subject.party.extension}${name === '' ? '' : ` (${shorten(name, NAME_MAX)})`}`;
}

/** The heading line over a list: whose calls, the period, which of how many (mrkdwn, escaped). */
export function listHeading(subject: ListSubject, page: CallListPage, options: CallListOptions = {}): string {
  const who = escapeMrkdwn(subjectLabel(subject, options));
  const period = escapeMrkdwn(page.period.label);
  if (page.total === 0) {
    if (subject.party.kind === 'number') return `No calls with ${who} in the last ${period}.`;
    return subject.me
      ? `No calls of yours, ${who}, in the last ${period}.`
      : `No calls of ${who} in the last ${period}.`;
  }
  const first = page.page * CALLS_PAGE_SIZE + 1;
  const last = first + page.calls.length - 1;
  const whose =
    subject.party.kind === 'number'
      ? `Calls with ${who}`
      : subject.me
        ? `Your calls, ${who}`
        : `Calls of ${who}`;
  // A list read back only as far as its pages need does not know its whole count yet.
  const of = page.complete ? `of ${page.total}` : 'of more';
  return `*${whose}*, last ${period}: ${first}–${last} ${of}, newest first`;
}

export interface CallListOptions {
  /** PHONE_REGION: numbers are shown as every surface shows them (src/use-case/model/phone-number.ts). */
  readonly phoneRegion?: string | undefined;
}

/** The list as a message (the command's answer, **Older**'s replacement). */
export function renderCallList(
  subject: ListSubject,
  page: CallListPage,
  options: CallListOptions = {},
): RenderedList {
  const heading = listHeading(subject, page, options);
  const blocks: KnownBlock[] = [sectionBlock(heading, { verbatim: true })];
  if (page.total === 0) {
    blocks.push(contextBlock([emptyHint(subject, page.period)]));
    return { text: heading.replace(/\*/g, ''), blocks };
  }
  blocks.push(...callBlocks(page.calls, options));
  if (page.calls.some((c) => c.startEpoch === null)) {
    blocks.push(
      contextBlock(['Times are the PBX clock (set YEASTAR_TIMEZONE to show them in your time zone).']),
    );
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
  if (page.page > 0) blocks.push(pageButton('Newer', page.page - 1, BLOCK_IDS.listNewer));
  if (page.hasOlder) blocks.push(pageButton('Older', page.page + 1, BLOCK_IDS.listOlder));
  return { text: heading.replace(/\*/g, ''), blocks };
}

/** What to try when a list is empty (mrkdwn; the query is digits only, safe in a code span). */
export function emptyHint(subject: ListSubject, period?: Period): string {
  const query =
    subject.party.kind === 'number' ? subject.party.number : subject.me ? 'me' : subject.party.extension;
  // Never the search just run: past the longest period there is nothing further back to suggest.
  if (period !== undefined && period.hours >= MAX_PERIOD_DAYS * 24) {
    return `Only calls the PBX has transcribed are listed, and ${MAX_PERIOD_DAYS} days is as far back as a list looks.`;
  }
  return `Only calls the PBX has transcribed are listed. A longer period looks further back: \`/callsummary ${query} ${MAX_PERIOD_DAYS}d\`.`;
}

/** One section per call, with its Summary button. */
export function callBlocks(calls: readonly ListedCall[], options: CallListOptions = {}): SectionBlock[] {
  return calls.map((call) => {
    const section = sectionBlock(callLine(call, options), { verbatim: true });
    return call.summarySide === null
      ? section
      : {
          ...section,
          accessory: buttonElement({
            text: 'Summary',
            actionId: ACTION_IDS.open,
            value: LookupRef.encode({ legId: call.legId, side: call.summarySide, extension: undefined }),
          }),
        };
  });
}

/**
 * One call as mrkdwn: `<time> · ↙ in · Ann Lee +1 415 555 0123 · 3m 12s` and the gist on a second
 * line. The time, the party and the talk time are drawn as every summary's call context draws them
 * (src/render/call-context.ts).
 */
export function callLine(call: ListedCall, options: CallListOptions = {}): string {
  const context = listedCallContext(call, options);
  const direction = call.direction === 'in' ? '↙ in' : '↗ out';
  const other = call.direction === 'in' ? context.caller : context.callee;
  const party = other === undefined ? 'unknown number' : escapeMrkdwn(partyLabel(other, ENGLISH));
  const parts = [callWhen(context, ENGLISH), call.internal ? `${direction} (internal)` : direction, party];
  if (call.durationSeconds !== null) parts.push(ENGLISH.duration(call.durationSeconds));
  const gist = call.gist === '' ? '_No summary yet._' : escapeMrkdwn(oneLine(call.gist));
  return `${parts.join(' · ')}\n${gist}`;
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

export { pbxClock };
