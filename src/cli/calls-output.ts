import { terminalSafe } from '../compose/core.js';
import type { Words } from '../shared/i18n/index.js';
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
function subjectText(subject: Subject, words: Words): string {
  if (subject.party.kind === 'number') return terminalSafe(subject.party.number);
  const name = terminalSafe(subject.name);
  const extension =
    name === ''
      ? words.t('cli.calls.subject.extension', { extension: subject.party.extension })
      : words.t('cli.calls.subject.extension_named', { extension: subject.party.extension, name });
  return subject.member === undefined
    ? extension
    : words.t('cli.calls.subject.member', { member: subject.member, extension });
}

/** `7d` (`7 天`): the list's period, in days as the command takes it; the period's own label otherwise. */
function periodText(period: Period, words: Words): string {
  return period.hours % 24 === 0
    ? words.t('cli.calls.period', { days: String(period.hours / 24) })
    : period.label;
}

/** Pure: the list for a terminal, one call per line and its gist under it. */
export function callsAsText(
  subject: Subject,
  period: Period,
  calls: readonly ListedCall[],
  timeZone: string | undefined,
  words: Words,
): string {
  const withNumber = subject.party.kind === 'number';
  const values = { subject: subjectText(subject, words), period: periodText(period, words) };
  if (calls.length === 0) {
    const none = withNumber
      ? words.t('cli.calls.none.number', values)
      : words.t('cli.calls.none.other', values);
    // A mistyped extension reads as "no calls" too: say which it is (the error table's sentence).
    if (subject.party.kind === 'extension' && subject.exists === false) {
      const missing = words.t('error.no_such_extension.message', { extension: subject.party.extension });
      return `${words.t('cli.calls.none_missing', { none, missing })}\n`;
    }
    return `${none}\n`;
  }
  const counted = { ...values, count: String(calls.length) };
  const lines = [
    withNumber ? words.t('cli.calls.heading.number', counted) : words.t('cli.calls.heading.other', counted),
    timeZone === undefined
      ? words.t('cli.calls.times.pbx')
      : words.t('cli.calls.times.zone', { zone: timeZone }),
    '',
  ];
  for (const call of calls) {
    const other = terminalSafe(call.otherName);
    const party =
      other === ''
        ? terminalSafe(call.otherNumber)
        : words.t('cli.calls.party_named', { name: other, number: terminalSafe(call.otherNumber) });
    // Columns: the talk time as a clock reading, the direction and side as short words.
    const duration = call.durationSeconds === null ? '-' : formatCallOffset(call.durationSeconds);
    const direction = words.t('cli.calls.direction', {
      direction: call.internal ? 'internal' : call.direction,
    });
    const open =
      call.summarySide === null ? '' : `  ${words.t('cli.calls.side', { side: call.summarySide })}`;
    lines.push(
      `${wallClockText(call.start)}  ${direction.padEnd(8)}  ${party}  ${duration}  ${call.legId}${open}`,
    );
    const gist = terminalSafe(call.gist);
    lines.push(`    ${gist === '' ? words.t('cli.calls.no_summary') : gist}`);
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
