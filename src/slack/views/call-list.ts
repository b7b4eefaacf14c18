import type { KnownBlock, SectionBlock } from '@slack/types';
import { contextBlock, slackDate } from '../../render/builders.js';
import { escapeMrkdwn, oneLine, shorten } from '../../render/text.js';
import { CALLS_PAGE_SIZE, type CallListPage, type ListedCall } from '../../use-case/finding/call-lists.js';
import type { ListSubject } from '../../use-case/finding/find-calls.js';
import { MAX_PERIOD_DAYS } from '../../use-case/model/call-query.js';
import type { WallClock } from '../../use-case/model/leg-id.js';
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
function subjectLabel(subject: ListSubject): string {
  if (subject.party.kind === 'number') return shorten(oneLine(subject.party.number), NUMBER_MAX);
  const name = subject.name ? oneLine(subject.name) : '';
  return `extension ${subject.party.extension}${name === '' ? '' : ` (${shorten(name, NAME_MAX)})`}`;
}

/** The heading line over a list: whose calls, the period, which of how many (mrkdwn, escaped). */
export function listHeading(subject: ListSubject, page: CallListPage): string {
  const who = escapeMrkdwn(subjectLabel(subject));
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

/** The list as a message (the command's answer, **Older**'s replacement). */
export function renderCallList(subject: ListSubject, page: CallListPage): RenderedList {
  const heading = listHeading(subject, page);
  const blocks: KnownBlock[] = [sectionBlock(heading, { verbatim: true })];
  if (page.total === 0) {
    blocks.push(contextBlock([emptyHint(subject)]));
    return { text: heading.replace(/\*/g, ''), blocks };
  }
  blocks.push(...callBlocks(page.calls));
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
function emptyHint(subject: ListSubject): string {
  const query =
    subject.party.kind === 'number' ? subject.party.number : subject.me ? 'me' : subject.party.extension;
  return `Only calls the PBX has transcribed are listed. A longer period looks further back: \`/callsummary ${query} ${MAX_PERIOD_DAYS}d\`.`;
}

/** One section per call, with its Summary button. */
function callBlocks(calls: readonly ListedCall[]): SectionBlock[] {
  return calls.map((call) => {
    const section = sectionBlock(callLine(call), { verbatim: true });
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

/** One call as mrkdwn: `<time> · ↙ in · Ann Lee +1415… · 3m 12s` and the gist on a second line. */
export function callLine(call: ListedCall): string {
  const when = call.startEpoch === null ? pbxClock(call.start) : slackDate(call.startEpoch);
  const direction = call.direction === 'in' ? '↙ in' : '↗ out';
  const name = shorten(oneLine(call.otherName), NAME_MAX);
  const number = shorten(oneLine(call.otherNumber), NUMBER_MAX);
  const party =
    name !== '' && name !== number ? `${escapeMrkdwn(name)} ${escapeMrkdwn(number)}` : escapeMrkdwn(number);
  const parts = [when, call.internal ? `${direction} (internal)` : direction, party || 'unknown number'];
  if (call.durationSeconds !== null) parts.push(formatDuration(call.durationSeconds));
  const gist = call.gist === '' ? '_No summary yet._' : escapeMrkdwn(oneLine(call.gist));
  return `${parts.join(' · ')}\n${gist}`;
}

/** `45s`, `3m 12s`, `1h 02m`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** The PBX's own wall clock, when its time zone is unknown: `2026-05-13 22:32 PBX time`. */
function pbxClock(t: WallClock): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.year}-${p(t.month)}-${p(t.day)} ${p(t.hour)}:${p(t.minute)} PBX time`;
}
