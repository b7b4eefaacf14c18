import type { CallSummary } from './call-summary.js';
import { otherSide, parseLegId, type Side, type WallClock } from './leg-id.js';
import { isExtensionNumber } from './party-number.js';
import { epochSecondsOf } from './pbx-time.js';
import { displayPhoneNumber } from './phone-number.js';

/**
 * Which call a summary is about, as every surface shows it above the summary (render/call-context.ts
 * draws it): the direction, the other party, this side's person, when the call started and how long
 * it was talked. Built from what is known of the leg (the PBX event, the AI export row, the leg id)
 * and never from the summary's own `created_at` (when it was written, not when the call was). Pure.
 */

/** From the company's side: `in` an outside number called an extension, `out` the other way. */
export type CallDirection = 'in' | 'out' | 'internal';

export interface ContextParty {
  /** As the PBX wrote it (an extension number, or an outside number in any form). */
  readonly number: string;
  /** The number as people read it: an extension as it is, an outside number internationally. */
  readonly display: string;
  /** The person's or the caller id's name; '' when none is known. */
  readonly name: string;
  readonly isExtension: boolean;
}

/** When the call started: an instant when the PBX's time zone is known, else the PBX's own clock. */
export type CallStart = { readonly epoch: number } | { readonly wall: WallClock };

export interface CallContext {
  readonly legId: string;
  /** Whose summary it is; undefined for a call as a whole (a list's line). */
  readonly side: Side | undefined;
  readonly direction: CallDirection | undefined;
  /** The caller and the callee, when known. */
  readonly caller: ContextParty | undefined;
  readonly callee: ContextParty | undefined;
  readonly start: CallStart;
  /** Talk time in seconds, when a source said. */
  readonly talkSeconds: number | null;
}

/**
 * What is known of a leg besides its id, from the PBX event (30012, 30040) or the AI export row: the
 * parties always; names, call type, talk time and start when the source gave them.
 */
export interface LegFacts {
  readonly caller: string;
  readonly callee: string;
  readonly callerName?: string | undefined;
  readonly calleeName?: string | undefined;
  /** `Inbound`, `Outbound`, `Internal` as the PBX writes it (any case). */
  readonly callType?: string | undefined;
  readonly talkSeconds?: number | undefined;
  /** The call's start, PBX wall clock (an event's `time_start`); the leg id's time when absent. */
  readonly start?: WallClock | undefined;
}

export interface CallContextInput {
  readonly legId: string;
  readonly side?: Side | undefined;
  /** The summary shown (its side's extension and name, as the PBX gave them). */
  readonly summary?: Pick<CallSummary, 'extNum' | 'name'> | undefined;
  readonly facts?: LegFacts | undefined;
  /** YEASTAR_TIMEZONE: the start becomes an instant, shown in each reader's time zone. */
  readonly timeZone?: string | undefined;
  /** PHONE_REGION. */
  readonly phoneRegion?: string | undefined;
  /** An extension's name from the directory; undefined when unknown. */
  readonly nameOf?: ((number: string) => string | undefined) | undefined;
}

export function callContextOf(input: CallContextInput): CallContext {
  const { facts, side, summary } = input;
  const leg = parseLegId(input.legId);
  const wall = facts?.start ?? leg.start;
  const start: CallStart =
    input.timeZone === undefined ? { wall } : { epoch: epochSecondsOf(wall, input.timeZone) };
  const party = (which: Side): ContextParty | undefined => {
    const own = side === which && summary !== undefined && summary.extNum.trim() !== '';
    const number = (own ? summary.extNum : facts?.[which])?.trim() ?? '';
    if (number === '') return undefined;
    const isExtension = isExtensionNumber(number);
    const summaryName = own ? summary.name.trim() : '';
    const factName = (which === 'caller' ? facts?.callerName : facts?.calleeName)?.trim() ?? '';
    const directoryName = isExtension ? (input.nameOf?.(number)?.trim() ?? '') : '';
    return {
      number,
      display: displayPhoneNumber(number, input.phoneRegion),
      name: summaryName || directoryName || factName,
      isExtension,
    };
  };
  const caller = party('caller');
  const callee = party('callee');
  return {
    legId: leg.value,
    side,
    direction: directionOf(facts?.callType, caller, callee),
    caller,
    callee,
    start,
    talkSeconds: facts?.talkSeconds ?? null,
  };
}

/** The call type as the PBX wrote it; else from which parties are extensions. */
export function directionOf(
  callType: string | undefined,
  caller: Pick<ContextParty, 'isExtension'> | undefined,
  callee: Pick<ContextParty, 'isExtension'> | undefined,
): CallDirection | undefined {
  switch (callType?.trim().toLowerCase()) {
    case 'inbound':
      return 'in';
    case 'outbound':
      return 'out';
    case 'internal':
      return 'internal';
  }
  if (caller === undefined || callee === undefined) return undefined;
  if (caller.isExtension && callee.isExtension) return 'internal';
  if (caller.isExtension) return 'out';
  if (callee.isExtension) return 'in';
  return undefined;
}

/** This side's person (whose summary it is) and the other party; undefined parts are unknown. */
export function sidesOf(call: CallContext): { agent?: ContextParty; other?: ContextParty } {
  if (call.side === undefined) return {};
  const agent = call[call.side];
  const other = call[otherSide(call.side)];
  return { ...(agent ? { agent } : {}), ...(other ? { other } : {}) };
}

/** The outside number of a call with one (a customer's), for grouping a channel's posts by customer. */
export function outsideParty(call: CallContext): ContextParty | undefined {
  if (call.caller && !call.caller.isExtension) return call.caller;
  if (call.callee && !call.callee.isExtension) return call.callee;
  return undefined;
}
