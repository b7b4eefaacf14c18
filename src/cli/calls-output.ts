import { terminalSafe } from '../compose/core.js';
import type { CallListPage, ListedCall, ListParty } from '../use-case/finding/call-lists.js';
import { formatCallOffset } from '../use-case/finding/transcripts.js';
import type { Period } from '../use-case/model/call-query.js';
import type { WallClock } from '../use-case/model/leg-id.js';

/** `callsummary calls` output as text and JSON (pure; `blocks` is the Slack list's own renderer). */

/** Whose calls, as the output names them. */
export interface Subject {
  readonly party: ListParty;
  /** The extension's name, when known. */
  readonly name: string;
  /** The Slack member asked about (`--user`). */
  readonly member: string | undefined;
  /** For an extension: whether the PBX's extension list holds it (absent when it could not be read). */
  readonly exists?: boolean;
}

/** `+14155550123`, `extension 3202 (Leo Ball)`, `U0123ABCD's extension 3202 (Leo Ball)`. */
function subjectText(subject: Subject): string {
  if (subject.party.kind === 'number') return terminalSafe(subject.party.number);
  const name = terminalSafe(subject.name);
  const extension = `extension ${subject.party.extension}${name === '' ? '' : ` (${name})`}`;
  return subject.member === undefined ? extension : `${subject.member}'s ${extension}`;
}

/** Pure: the list for a terminal, one call per line and its gist under it. */
export function callsAsText(
  subject: Subject,
  period: Period,
  calls: readonly ListedCall[],
  timeZone: string | undefined,
): string {
  const whose =
    subject.party.kind === 'number' ? `with ${subjectText(subject)}` : `of ${subjectText(subject)}`;
  if (calls.length === 0) {
    // A mistyped extension reads as "no calls" too: say which it is.
    const missing =
      subject.party.kind === 'extension' && subject.exists === false
        ? ` The PBX has no extension ${subject.party.extension}.`
        : '';
    return `No calls ${whose} in the last ${period.label}.${missing}\n`;
  }
  const clock =
    timeZone === undefined ? "the PBX's clock (YEASTAR_TIMEZONE names its time zone)" : `${timeZone} time`;
  const lines = [
    `Calls ${whose}, last ${period.label}: ${calls.length}, newest first`,
    `Times: ${clock}.`,
    '',
  ];
  for (const call of calls) {
    const other = terminalSafe(call.otherName);
    const party =
      other === '' ? terminalSafe(call.otherNumber) : `${other} (${terminalSafe(call.otherNumber)})`;
    const duration = call.durationSeconds === null ? '-' : formatCallOffset(call.durationSeconds);
    const direction = call.internal ? 'internal' : call.direction;
    const open = call.summarySide === null ? '' : `  ${call.summarySide}`;
    lines.push(
      `${wallClockText(call.start)}  ${direction.padEnd(8)}  ${party}  ${duration}  ${call.legId}${open}`,
    );
    const gist = terminalSafe(call.gist);
    lines.push(`    ${gist === '' ? '(no summary yet)' : gist}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Pure: the list as JSON (times as the PBX's wall clock, and as Unix seconds when the zone is known). */
export function callsAsJson(
  subject: Subject,
  first: CallListPage,
  calls: readonly ListedCall[],
  timeZone: string | undefined,
) {
  return {
    party: subject.party,
    ...(subject.member === undefined ? {} : { member: subject.member }),
    ...(subject.name === '' ? {} : { name: subject.name }),
    period: first.period.label,
    window: { start: isoWallClock(first.window.start), end: isoWallClock(first.window.end) },
    timeZone: timeZone ?? null,
    total: calls.length,
    calls: calls.map((call) => ({
      legId: call.legId,
      start: isoWallClock(call.start),
      startEpoch: call.startEpoch,
      direction: call.direction,
      internal: call.internal,
      otherNumber: call.otherNumber,
      otherName: call.otherName,
      durationSeconds: call.durationSeconds,
      gist: call.gist,
      summarySide: call.summarySide,
    })),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

function wallClockText(t: WallClock): string {
  return `${t.year}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}`;
}

/** ISO 8601 without an offset: the PBX's local wall clock. */
function isoWallClock(t: WallClock): string {
  return `${t.year}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
}
