import { z } from 'zod';
import type { CallSummary } from '../call-summary.js';
import type { Side } from '../leg-id.js';
import { tryParseLegId } from '../leg-id.js';
import { partyNumber } from '../party-number.js';
import type { LegParties } from '../summary-service.js';

/**
 * The PBX event envelope `{type, sn, msg}` (reference §6.3). `msg` is a JSON-encoded string in the
 * docs' 30012 example and an object in the 30040 example, so both are accepted. Pure: no I/O.
 */
export const EVENT_NEW_CDR = 30012;
export const EVENT_AI_SUMMARY = 30040;
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

const partiesSchema = z.object({ call_from: partyText, call_to: partyText });

// 30012's `call_id` is the CDR's call id, not a leg id on the firmware we know; newer firmware adds
// `call_note_id`, which prior art uses as the leg id (reference §5.3, unverified). We take whichever
// of the two has the leg-id shape, and skip the event quietly when neither does.
const cdrSchema = partiesSchema.extend({
  call_id: z.union([z.string(), z.number()]).transform(String).optional(),
  call_note_id: z.union([z.string(), z.number()]).transform(String).optional(),
});

const summarySchema = partiesSchema.extend({
  call_id: z.string(),
  ext_num: numberText,
  summary: z.string().min(1),
});

export type PbxEvent =
  | { readonly kind: 'cdr'; readonly legId: string; readonly parties: LegParties }
  | {
      readonly kind: 'summary';
      readonly legId: string;
      readonly parties: LegParties;
      readonly summary: CallSummary;
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
      parties: { caller: cdr.data.call_from, callee: cdr.data.call_to },
    };
  }
  const parsed = summarySchema.safeParse(body);
  if (!parsed.success) return malformed(type, parsed.error);
  const data = parsed.data;
  const leg = tryParseLegId(data.call_id);
  if (!leg) return { kind: 'malformed', reason: `event ${type}: call_id is not a leg id` };
  const parties = { caller: data.call_from, callee: data.call_to };
  const side = sideOf(data.ext_num, parties);
  if (!side) {
    return { kind: 'malformed', reason: 'event 30040: ext_num is neither call_from nor call_to' };
  }
  return {
    kind: 'summary',
    legId: leg.value,
    parties,
    summary: {
      legId: leg.value,
      side,
      html: data.summary,
      // 30040 carries no display name, avatar or summary id (reference §5.3).
      name: '',
      extNum: data.ext_num,
      avatar: '',
      id: null,
      createdAt: null,
      updatedAt: null,
    },
  };
}

function malformed(type: number, error: z.ZodError): PbxEvent {
  const fields = [...new Set(error.issues.map((i) => i.path.join('.') || 'msg'))].join(', ');
  return { kind: 'malformed', reason: `event ${type}: missing or invalid ${fields}` };
}

/** ext_num == call_from → caller, == call_to → callee (reference §5.3, marked inference there). */
function sideOf(extNum: string, parties: LegParties): Side | undefined {
  if (extNum === parties.caller) return 'caller';
  if (extNum === parties.callee) return 'callee';
  return undefined;
}
