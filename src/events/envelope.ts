import { z } from 'zod';
import type { CallSummary } from '../use-case/model/call-summary.js';
import type { LegId, Side, WallClock } from '../use-case/model/leg-id.js';
import { tryParseLegId } from '../use-case/model/leg-id.js';
import { partyNumber } from '../use-case/model/party-number.js';
import { parseYearFirstWallClock } from '../use-case/model/pbx-time.js';
import type { LegParties } from '../use-case/ports.js';

/**
 * The PBX event envelope `{type, sn, msg}` (reference §6.3). `msg` is a JSON-encoded string in the
 * docs' 30012 example and an object in the 30040 example, so both are accepted. Pure: no I/O.
 */
const EVENT_NEW_CDR = 30012;
const EVENT_AI_SUMMARY = 30040;
export const SUBSCRIBED_TOPICS: readonly number[] = [EVENT_NEW_CDR, EVENT_AI_SUMMARY];

const envelopeSchema = z.object({
  type: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]),
  // Documented as a String; a numeric serial must not make the whole event unreadable.
  sn: z.union([z.string(), z.number()]).optional(),
  msg: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
});

// Numbers arrive as strings or numbers depending on firmware; we only ever compare them as text.
const numberText = z.union([z.string(), z.number()]).transform((v) => String(v).trim());
// CDR-style parties may read "Name<1001>" (reference §5.1): keep the number only.
const partyText = numberText.transform(partyNumber);

const partiesSchema = z.object({
  call_from: partyText,
  call_to: partyText,
  // What else the event says of the call, for the context every post shows; each optional and read
  // leniently (a field of another shape is left out, never a reason to drop the event).
  call_from_name: z.string().optional().catch(undefined),
  call_to_name: z.string().optional().catch(undefined),
  time_start: z.string().optional().catch(undefined),
  talk_duration: z.union([z.number(), z.string()]).optional().catch(undefined),
});

// What the call index keeps of an event (reference §5.3: 30012 and 30040 fields); every field optional.
const optionalText = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .optional()
  .catch(undefined);
const optionalSeconds = z.coerce.number().finite().nonnegative().optional().catch(undefined);
const callFacts = {
  uid: optionalText,
  time_start: optionalText,
  talk_duration: optionalSeconds,
  // 30040 says `call_type`, 30012 `type` (both Internal | Inbound | Outbound in the docs' examples).
  call_type: optionalText,
  type: optionalText,
};

// 30012's `call_id` is the CDR's call id, not a leg id on the firmware we know; newer firmware adds
// `call_note_id`, which prior art uses as the leg id (reference §5.3, unverified). We take whichever
// of the two has the leg-id shape, and skip the event quietly when neither does.
const cdrSchema = partiesSchema.extend({
  ...callFacts,
  call_id: z.union([z.string(), z.number()]).transform(String).optional(),
  call_note_id: z.union([z.string(), z.number()]).transform(String).optional(),
});

const summarySchema = partiesSchema.extend({
  ...callFacts,
  call_id: z.string(),
  ext_num: numberText,
  summary: z.string().min(1),
});

/** The event's facts of the call beyond its parties: names, type, talk time, start (PBX wall clock). */
function factsOf(data: z.output<typeof partiesSchema> & { readonly call_type?: string | undefined }) {
  const talk =
    typeof data.talk_duration === 'number'
      ? data.talk_duration
      : /^\d+$/.test(data.talk_duration?.trim() ?? '')
        ? Number(data.talk_duration)
        : undefined;
  const start = data.time_start === undefined ? undefined : parseYearFirstWallClock(data.time_start);
  const name = (text: string | undefined) => (text?.trim() ? text.trim().slice(0, 200) : undefined);
  return {
    ...(name(data.call_from_name) ? { callerName: name(data.call_from_name) } : {}),
    ...(name(data.call_to_name) ? { calleeName: name(data.call_to_name) } : {}),
    ...(data.call_type?.trim() ? { callType: data.call_type.trim().slice(0, 32) } : {}),
    ...(talk !== undefined && Number.isFinite(talk) && talk >= 0 ? { talkSeconds: Math.round(talk) } : {}),
    ...(start ? { start } : {}),
  };
}

/**
 * How the side of a 30040 summary was found: `ext_num` equal to `call_from` or `call_to` (the
 * documented case), or, when it is neither (a queue, ring group or IVR: `call_to` is then the queue
 * or a DID), from `call_type`: an Inbound call's extension answered it (callee), an Outbound call's
 * extension made it (caller). Both readings are inferences from the docs' examples.
 */
export type SidePlacement = 'ext_num' | 'call_type';

/** What an event says of its call, for the call index (the summary's gist is added by the receiver). */
export interface EventCall {
  readonly uid: string;
  readonly start: WallClock;
  readonly callType: string;
  readonly talkSeconds: number | null;
}

export type PbxEvent =
  | {
      readonly kind: 'cdr';
      readonly legId: string;
      readonly parties: LegParties;
      readonly call: EventCall;
    }
  | {
      readonly kind: 'summary';
      readonly legId: string;
      /** The leg's parties, with `ext_num` standing in for the queue or DID when placed by call_type. */
      readonly parties: LegParties;
      readonly summary: CallSummary;
      readonly placedBy: SidePlacement;
      /** The event's own `call_from` / `call_to`, as it sent them (for the admin's log, redacted). */
      readonly eventParties: LegParties;
      readonly call: EventCall;
    }
  /**
   * A 30040 whose `ext_num` is neither party and whose `call_type` does not say the side (Internal,
   * or absent): the side is for the receiver to look up.
   */
  | {
      readonly kind: 'summary_unplaced';
      readonly legId: string;
      readonly extNum: string;
      readonly html: string;
      readonly eventParties: LegParties;
      readonly call: EventCall;
      /** What else the event said of the call (names, type, talk time, start). */
      readonly facts: Omit<LegParties, 'caller' | 'callee'>;
    }
  /** An event we did not subscribe to for posting (30011, 30008, …): ignored quietly. */
  | { readonly kind: 'other'; readonly type: number }
  /** Not a usable event; `reason` never contains the event's content. */
  | { readonly kind: 'malformed'; readonly reason: string };

/** Parses raw JSON text (webhook body or WebSocket frame) into an event. Never throws. */
export function parseEventText(text: string): PbxEvent {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'malformed', reason: 'body is not JSON' };
  }
  return parseEvent(json);
}

export function parseEvent(input: unknown): PbxEvent {
  const envelope = envelopeSchema.safeParse(input);
  if (!envelope.success) return { kind: 'malformed', reason: 'not a {type, sn, msg} envelope' };
  const { type, msg } = envelope.data;
  if (type !== EVENT_NEW_CDR && type !== EVENT_AI_SUMMARY) return { kind: 'other', type };

  let body: unknown = msg;
  if (typeof msg === 'string') {
    try {
      body = JSON.parse(msg);
    } catch {
      return { kind: 'malformed', reason: `event ${type}: msg is a string but not JSON` };
    }
  }
  if (type === EVENT_NEW_CDR) {
    const cdr = cdrSchema.safeParse(body);
    if (!cdr.success) return malformed(type, cdr.error);
    const leg = tryParseLegId(cdr.data.call_note_id ?? '') ?? tryParseLegId(cdr.data.call_id ?? '');
    if (!leg) return { kind: 'other', type };
    return {
      kind: 'cdr',
      legId: leg.value,
      parties: { caller: cdr.data.call_from, callee: cdr.data.call_to, ...factsOf(cdr.data) },
      call: eventCall(leg, cdr.data),
    };
  }
  const parsed = summarySchema.safeParse(body);
  if (!parsed.success) return malformed(type, parsed.error);
  const data = parsed.data;
  const leg = tryParseLegId(data.call_id);
  if (!leg) return { kind: 'malformed', reason: `event ${type}: call_id is not a leg id` };
  const eventParties = { caller: data.call_from, callee: data.call_to };
  const call = eventCall(leg, data);
  const facts = factsOf(data);
  const placed = placeSide(data.ext_num, eventParties, call.callType);
  if (!placed) {
    return {
      kind: 'summary_unplaced',
      legId: leg.value,
      extNum: data.ext_num,
      html: data.summary,
      eventParties,
      call,
      facts,
    };
  }
  const { side, placedBy } = placed;
  const parties =
    placedBy === 'ext_num'
      ? { ...eventParties, ...facts }
      : side === 'callee'
        ? { ...facts, caller: data.call_from, callee: data.ext_num }
        : { ...facts, caller: data.ext_num, callee: data.call_to };
  return {
    kind: 'summary',
    legId: leg.value,
    parties,
    placedBy,
    eventParties,
    call,
    summary: summaryOf(leg.value, side, data.ext_num, data.summary),
  };
}

function eventCall(
  leg: LegId,
  data: {
    readonly uid?: string | undefined;
    readonly time_start?: string | undefined;
    readonly talk_duration?: number | undefined;
    readonly call_type?: string | undefined;
    readonly type?: string | undefined;
  },
): EventCall {
  return {
    uid: data.uid ?? '',
    start: eventStart(data.time_start) ?? leg.start,
    callType: data.call_type || data.type || '',
    talkSeconds: data.talk_duration ?? null,
  };
}

/**
 * `time_start` as the docs' examples write it, `2026/10/16 15:25:38` (year first, `/` or `-`); another
 * display format is not guessed at: the leg id's own time is then the call's start.
 */
export function eventStart(text: string | undefined): WallClock | undefined {
  const m = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})[ T](\d{1,2}):(\d{2}):(\d{2})$/.exec(text?.trim() ?? '');
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
    return undefined;
  return { year, month, day, hour, minute, second };
}

/** A 30040's summary as the model holds it; 30040 carries no display name, avatar or summary id. */
export function summaryOf(legId: string, side: Side, extNum: string, html: string): CallSummary {
  return { legId, side, html, name: '', extNum, avatar: '', id: null, createdAt: null, updatedAt: null };
}

function malformed(type: number, error: z.ZodError): PbxEvent {
  const fields = [...new Set(error.issues.map((i) => i.path.join('.') || 'msg'))].join(', ');
  return { kind: 'malformed', reason: `event ${type}: missing or invalid ${fields}` };
}

/** ext_num == call_from → caller, == call_to → callee (reference §5.3, marked inference there). */
function placeSide(
  extNum: string,
  parties: LegParties,
  callType: string | undefined,
): { side: Side; placedBy: SidePlacement } | undefined {
  if (extNum === parties.caller) return { side: 'caller', placedBy: 'ext_num' };
  if (extNum === parties.callee) return { side: 'callee', placedBy: 'ext_num' };
  switch (callType?.trim().toLowerCase()) {
    case 'inbound':
      return { side: 'callee', placedBy: 'call_type' };
    case 'outbound':
      return { side: 'caller', placedBy: 'call_type' };
    default:
      return undefined;
  }
}
