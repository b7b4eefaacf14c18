import { sameNumber } from '../model/call-query.js';
import type { Side, WallClock } from '../model/leg-id.js';
import { looksLikeOutsideNumber } from '../model/party-number.js';
import { compareWallClocks, epochSecondsOf } from '../model/pbx-time.js';
import type { ExportedCall, IndexedCall } from '../ports.js';
import type { ListedCall, ListParty, SummaryGist } from './call-lists.js';
import type { Directory } from './directory.js';

/**
 * Pure: a call as a list line shows it, from an export row or from the call index: its direction
 * from the listed party's side, the other party and its name, and the side whose summary Summary
 * opens (the extension's).
 */

/** Pure: the party's calls among export rows, newest first, one per leg. */
export function listedCalls(
  rows: readonly ExportedCall[],
  party: ListParty,
  directory: Directory | undefined,
  timeZone: string | undefined,
  gist: SummaryGist,
): ListedCall[] {
  const isParty = (number: string) =>
    party.kind === 'extension' ? number === party.extension : sameNumber(number, party.number);
  const byLeg = new Map<string, ExportedCall>();
  for (const row of rows) {
    if (!isParty(row.callFrom) && !isParty(row.callTo)) continue;
    const seen = byLeg.get(row.leg.value);
    // The same leg twice (a row per side, on some firmware): keep the one with a summary.
    if (!seen || (seen.summaryHtml.trim() === '' && row.summaryHtml.trim() !== ''))
      byLeg.set(row.leg.value, row);
  }
  return [...byLeg.values()]
    .sort((a, b) => compareWallClocks(b.leg.start, a.leg.start) || b.leg.value.localeCompare(a.leg.value))
    .map((row) =>
      listedCall(
        {
          legId: row.leg.value,
          start: row.leg.start,
          callFrom: row.callFrom,
          callTo: row.callTo,
          callFromName: row.callFromName,
          callToName: row.callToName,
          callType: row.callType,
          durationSeconds: row.durationSeconds,
          gist: gist(row.summaryHtml),
        },
        party.kind,
        isParty(row.callFrom),
        directory,
        timeZone,
      ),
    );
}

/** A call from the index as a list shows it. */
export function indexedListedCall(
  call: IndexedCall,
  party: ListParty,
  directory: Directory | undefined,
  timeZone: string | undefined,
): ListedCall {
  const partyCalled =
    party.kind === 'extension' ? call.caller === party.extension : sameNumber(call.caller, party.number);
  return listedCall(
    {
      legId: call.legId,
      start: call.start,
      callFrom: call.caller,
      callTo: call.callee,
      callFromName: '',
      callToName: '',
      callType: call.callType,
      durationSeconds: call.talkSeconds,
      gist: call.gist,
    },
    party.kind,
    partyCalled,
    directory,
    timeZone,
  );
}

/** What a list needs of a call, from an export row or the call index. */
interface CallFacts {
  readonly legId: string;
  readonly start: WallClock;
  readonly callFrom: string;
  readonly callTo: string;
  readonly callFromName: string;
  readonly callToName: string;
  readonly callType: string;
  readonly durationSeconds: number | null;
  readonly gist: string;
}

function listedCall(
  row: CallFacts,
  partyKind: ListParty['kind'],
  partyCalled: boolean,
  directory: Directory | undefined,
  timeZone: string | undefined,
): ListedCall {
  const otherNumber = partyCalled ? row.callTo : row.callFrom;
  const otherSide: Side = partyCalled ? 'callee' : 'caller';
  const ownSide: Side = partyCalled ? 'caller' : 'callee';
  const ownNumber = partyCalled ? row.callFrom : row.callTo;
  const rowName = partyCalled ? row.callToName : row.callFromName;
  const isExtension = (n: string) => !looksLikeOutsideNumber(n);
  // The extension's summary: the listed party's own when it is an extension, else the other end's.
  const summarySide = isExtension(ownNumber) ? ownSide : isExtension(otherNumber) ? otherSide : null;
  return {
    legId: row.legId,
    start: row.start,
    startEpoch: timeZone === undefined ? null : epochSecondsOf(row.start, timeZone),
    direction: partyCalled === (partyKind === 'extension') ? 'out' : 'in',
    internal:
      row.callType.toLowerCase() === 'internal' || (isExtension(row.callFrom) && isExtension(row.callTo)),
    otherNumber,
    otherName: directory?.byNumber(otherNumber)?.name || rowName,
    durationSeconds: row.durationSeconds,
    gist: row.gist,
    summarySide,
  };
}
