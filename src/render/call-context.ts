import type { Words } from '../shared/i18n/index.js';
import type { CallContext, ContextParty } from '../use-case/model/call-context.js';
import type { WallClock } from '../use-case/model/leg-id.js';
import { FALLBACK_DATE_TIME, slackDate } from './builders.js';
import { escapeMrkdwn, oneLine, shorten } from './text.js';

/**
 * The one drawing of which call a summary is about, for every surface that shows a summary (private
 * answer, share, thread reply, automatic post, notification, modal, Home) and for a channel's brief
 * line: the direction, the caller and the callee (name and number; this side's person among them),
 * when the call started (a Slack date token, in each reader's time zone, with its fallback), and the
 * talk time when known, in the reader's `words` (the date token's fallback too). Names come from the
 * PBX: escaped, and kept to one line. Pure.
 */

const NAME_MAX = 60;
const NUMBER_MAX = 32;

type Direction = NonNullable<CallContext['direction']> | 'unknown';

const EMOJI: Readonly<Record<Direction, string>> = {
  in: ':arrow_lower_left:',
  out: ':arrow_upper_right:',
  internal: ':left_right_arrow:',
  unknown: ':telephone_receiver:',
};

/** `Incoming call`, `Outgoing call`, `Internal call`, `Call`. */
function directionWord(call: Pick<CallContext, 'direction'>, words: Words): string {
  return words.t('context.direction', { direction: call.direction ?? 'unknown' });
}

export interface CallContextOptions {
  /** Say whose side's summary it is (`callee side`): only when the person asked for a side. */
  readonly showSide?: boolean;
  /** Leave the leg id out (a channel's brief line). */
  readonly withoutLeg?: boolean;
}

/** `Ann Lee +1 415 555 0123`, `Leo Ball (3202)`, `extension 3202`: plain, unescaped. */
export function partyLabel(party: ContextParty | undefined, words: Words): string {
  if (party === undefined) return words.t('context.party.unknown');
  const name = shorten(oneLine(party.name), NAME_MAX);
  const number = shorten(oneLine(party.display), NUMBER_MAX);
  if (party.isExtension) {
    return name === ''
      ? words.t('context.party.extension', { number })
      : words.t('context.party.namedExtension', { name, number });
  }
  return name === '' || name === number || name === party.number
    ? number
    : words.t('context.party.named', { name, number });
}

/** `Incoming call · Ann Lee +1 415 555 0123 → Leo Ball (3202)`: plain, unescaped (fallback text, logs). */
export function callHeadline(call: CallContext, words: Words): string {
  const direction = directionWord(call, words);
  if (call.caller === undefined && call.callee === undefined) return direction;
  return words.t('context.headline', {
    direction,
    caller: partyLabel(call.caller, words),
    callee: partyLabel(call.callee, words),
  });
}

/** When the call started: a date token in the reader's time zone, or the PBX's clock labelled so (mrkdwn). */
export function callWhen(call: Pick<CallContext, 'start'>, words: Words): string {
  return 'epoch' in call.start ? slackDate(call.start.epoch, words) : pbxClock(call.start.wall, words);
}

/** Parts of one line, joined by the locale's separator (` · `). */
function joined(parts: readonly string[], words: Words): string {
  return parts.join(words.t('context.separator'));
}

/**
 * The context's mrkdwn, two lines: direction and parties; then when, talk time, the leg (and the
 * side when asked for).
 */
export function callContextMrkdwn(call: CallContext, words: Words, options: CallContextOptions = {}): string {
  const first = `${EMOJI[call.direction ?? 'unknown']} ${escapeMrkdwn(callHeadline(call, words))}`;
  const second = [callWhen(call, words)];
  if (call.talkSeconds !== null) {
    second.push(words.t('context.talked', { duration: words.duration(call.talkSeconds) }));
  }
  if (options.showSide && call.side !== undefined) second.push(words.t('context.side', { side: call.side }));
  if (!options.withoutLeg) second.push(words.t('context.leg', { legId: call.legId }));
  return `${first}\n${joined(second, words)}`;
}

/**
 * One line for a channel that wants it brief: direction, parties, when, talk time, and the summary's
 * first point (`gist`, plain: escaped here).
 */
export function briefLine(call: CallContext, gist: string, words: Words): string {
  const parts = [
    `${EMOJI[call.direction ?? 'unknown']} ${escapeMrkdwn(callHeadline(call, words))}`,
    callWhen(call, words),
  ];
  if (call.talkSeconds !== null) parts.push(words.duration(call.talkSeconds));
  const point = oneLine(gist);
  const line = joined(parts, words);
  return point === '' ? line : words.t('context.brief', { line, point: escapeMrkdwn(point) });
}

/**
 * The PBX's own wall clock, when its time zone is unknown: `May 13, 2026, 22:32 PBX time`. The
 * wall clock is formatted as if it were UTC, so no time zone shifts it.
 */
export function pbxClock(t: WallClock, words: Words): string {
  const at = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
  const when = words.dateTime(at, FALLBACK_DATE_TIME);
  return words.t('context.pbxTime', { when });
}
