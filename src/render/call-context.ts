import type { CallContext, ContextParty } from '../use-case/model/call-context.js';
import type { WallClock } from '../use-case/model/leg-id.js';
import { slackDate } from './builders.js';
import { escapeMrkdwn, oneLine, shorten } from './text.js';

/**
 * The one drawing of which call a summary is about, for every surface that shows a summary (private
 * answer, share, thread reply, automatic post, notification, modal, Home) and for a channel's brief
 * line: the direction, the caller and the callee (name and number; this side's person among them),
 * when the call started (a Slack date token, in each reader's time zone, with its fallback), and the
 * talk time when known. Names come from the PBX: escaped, and kept to one line. Pure.
 */

const NAME_MAX = 60;
const NUMBER_MAX = 32;

const DIRECTION: Readonly<
  Record<NonNullable<CallContext['direction']> | 'unknown', { emoji: string; word: string }>
> = {
  in: { emoji: ':arrow_lower_left:', word: 'Incoming call' },
  out: { emoji: ':arrow_upper_right:', word: 'Outgoing call' },
  internal: { emoji: ':left_right_arrow:', word: 'Internal call' },
  unknown: { emoji: ':telephone_receiver:', word: 'Call' },
};

export interface CallContextOptions {
  /** Say whose side's summary it is (`callee side`): only when the person asked for a side. */
  readonly showSide?: boolean;
  /** Leave the leg id out (a channel's brief line). */
  readonly withoutLeg?: boolean;
}

/** `Ann Lee +1 415 555 0123`, `Leo Ball (3202)`, `extension 3202`: plain, unescaped. */
export function partyLabel(party: ContextParty | undefined): string {
  if (party === undefined) return 'unknown';
  const name = shorten(oneLine(party.name), NAME_MAX);
  const number = shorten(oneLine(party.display), NUMBER_MAX);
  if (party.isExtension) return name === '' ? `extension ${number}` : `${name} (${number})`;
  return name === '' || name === number || name === party.number ? number : `${name} ${number}`;
}

/** `Incoming call · Ann Lee +1 415 555 0123 → Leo Ball (3202)`: plain, unescaped (fallback text, logs). */
export function callHeadline(call: CallContext): string {
  const { word } = DIRECTION[call.direction ?? 'unknown'];
  if (call.caller === undefined && call.callee === undefined) return word;
  return `${word} · ${partyLabel(call.caller)} → ${partyLabel(call.callee)}`;
}

/** When the call started: a date token in the reader's time zone, or the PBX's clock labelled so (mrkdwn). */
export function callWhen(call: Pick<CallContext, 'start'>): string {
  return 'epoch' in call.start ? slackDate(call.start.epoch) : pbxClock(call.start.wall);
}

/**
 * The context's mrkdwn, two lines: direction and parties; then when, talk time, the leg (and the
 * side when asked for).
 */
export function callContextMrkdwn(call: CallContext, options: CallContextOptions = {}): string {
  const { emoji } = DIRECTION[call.direction ?? 'unknown'];
  const first = `${emoji} ${escapeMrkdwn(callHeadline(call))}`;
  const second = [callWhen(call)];
  if (call.talkSeconds !== null) second.push(`talked ${formatDuration(call.talkSeconds)}`);
  if (options.showSide && call.side !== undefined) second.push(`${call.side} side`);
  if (!options.withoutLeg) second.push(`leg \`${call.legId}\``);
  return `${first}\n${second.join(' · ')}`;
}

/**
 * One line for a channel that wants it brief: direction, parties, when, talk time, and the summary's
 * first point (`gist`, plain: escaped here).
 */
export function briefLine(call: CallContext, gist: string): string {
  const { emoji } = DIRECTION[call.direction ?? 'unknown'];
  const parts = [`${emoji} ${escapeMrkdwn(callHeadline(call))}`, callWhen(call)];
  if (call.talkSeconds !== null) parts.push(formatDuration(call.talkSeconds));
  const point = oneLine(gist);
  return point === '' ? parts.join(' · ') : `${parts.join(' · ')} — ${escapeMrkdwn(point)}`;
}

/** `45s`, `3m 12s`, `1h 02m`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** The PBX's own wall clock, when its time zone is unknown: `2026-05-13 22:32 PBX time`. */
export function pbxClock(t: WallClock): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.year}-${p(t.month)}-${p(t.day)} ${p(t.hour)}:${p(t.minute)} PBX time`;
}
