import { z } from 'zod';
import { SLACK_LIMITS } from '../../render/limits.js';
import { isChannelId } from '../../shared/slack-ids.js';
import type { ListParty } from '../../use-case/finding/call-lists.js';
import type { Period } from '../../use-case/model/call-query.js';
import { isLegIdShape, type Side } from '../../use-case/model/leg-id.js';

/**
 * The action ids and the values carried by the buttons and views of finding calls (call lists, the
 * App Home tab, the transcript modal). Slack gives a button's `value` and a view's
 * `private_metadata` back untouched, but they arrive in a request like any other: every decoder
 * validates and returns undefined for anything that is not ours. Pure.
 */
export const FIND_ACTION_IDS = {
  /** A call of a list: its summary, for the extension's side. */
  open: 'callsummary_open',
  /** The next (older) page of a list. */
  more: 'callsummary_more',
  /** A summary's transcript, in a modal. */
  transcript: 'callsummary_transcript',
  /** The transcript modal's Previous / Next (two ids: action ids are unique within a block). */
  transcriptPrevious: 'callsummary_transcript_previous',
  transcriptNext: 'callsummary_transcript_next',
} as const;

export const TRANSCRIPT_VIEW_CALLBACK_ID = 'callsummary_transcript';
export const SUMMARY_VIEW_CALLBACK_ID = 'callsummary_summary';

const LEG = z.string().refine(isLegIdShape);
const SIDE = z.enum(['caller', 'callee']);
/** Where a modal was asked from; the access check reads it. */
const CHANNEL = z.string().refine(isChannelId);

/**
 * `callsummary_open`: the same JSON shape as the summary buttons' lookup reference
 * (src/slack/views/answers.ts `encodeRef`), so opening a listed call is exactly `/callsummary <leg> <side>`.
 */
export function openValue(legId: string, side: Side | null): string {
  return JSON.stringify({ l: legId, s: side, e: null });
}

/** Which list and page a **Older** button (or a Home tab) shows. */
export interface ListRef {
  readonly party: ListParty;
  /** The person's own calls ("me"): worded as theirs. */
  readonly me: boolean;
  readonly period: Period;
  readonly page: number;
  /** When the list was made (Unix ms): later pages page through the same list. */
  readonly at: number;
}

const listRefSchema = z.object({
  k: z.enum(['n', 'e']),
  v: z.string().regex(/^\+?\d{1,20}$/),
  m: z.literal(1).optional(),
  h: z
    .number()
    .int()
    .min(1)
    .max(31 * 24),
  l: z.string().regex(/^\d{1,4}[hd]$/),
  p: z.number().int().min(0).max(10_000),
  a: z.number().int().min(0),
});

export function encodeListRef(ref: ListRef): string {
  const value = JSON.stringify({
    k: ref.party.kind === 'number' ? 'n' : 'e',
    v: ref.party.kind === 'number' ? ref.party.number : ref.party.extension,
    ...(ref.me ? { m: 1 } : {}),
    h: ref.period.hours,
    l: ref.period.label,
    p: ref.page,
    a: ref.at,
  });
  return checked(value, SLACK_LIMITS.buttonValue);
}

export function decodeListRef(value: string | undefined): ListRef | undefined {
  const parsed = listRefSchema.safeParse(parseJson(value));
  if (!parsed.success) return undefined;
  const d = parsed.data;
  return {
    party: d.k === 'n' ? { kind: 'number', number: d.v } : { kind: 'extension', extension: d.v },
    me: d.m === 1,
    period: { hours: d.h, label: d.l },
    page: d.p,
    at: d.a,
  };
}

/** A transcript page to show: on a **Transcript** button, and in the modal's private_metadata. */
export interface TranscriptRef {
  readonly legId: string;
  /** From 1. */
  readonly page: number;
  /** Where it was asked from (the access check applies to it on every page); undefined: no channel. */
  readonly channelId: string | undefined;
}

const transcriptRefSchema = z.object({
  l: LEG,
  p: z.number().int().min(1).max(10_000),
  c: CHANNEL.optional(),
});

export function encodeTranscriptRef(ref: TranscriptRef): string {
  const value = JSON.stringify({
    l: ref.legId,
    p: ref.page,
    ...(ref.channelId !== undefined && CHANNEL.safeParse(ref.channelId).success ? { c: ref.channelId } : {}),
  });
  return checked(value, Math.min(SLACK_LIMITS.buttonValue, SLACK_LIMITS.privateMetadata));
}

export function decodeTranscriptRef(value: string | undefined): TranscriptRef | undefined {
  const parsed = transcriptRefSchema.safeParse(parseJson(value));
  if (!parsed.success) return undefined;
  return { legId: parsed.data.l.toUpperCase(), page: parsed.data.p, channelId: parsed.data.c };
}

/** The summary modal (a call opened from the Home tab): which leg and side, for its buttons. */
export interface SummaryViewRef {
  readonly legId: string;
  readonly side: Side | undefined;
  readonly channelId: string | undefined;
}

const summaryViewSchema = z.object({ l: LEG, s: SIDE.nullable(), c: CHANNEL.optional() });

export function encodeSummaryViewRef(ref: SummaryViewRef): string {
  return checked(
    JSON.stringify({
      l: ref.legId,
      s: ref.side ?? null,
      ...(ref.channelId !== undefined && CHANNEL.safeParse(ref.channelId).success
        ? { c: ref.channelId }
        : {}),
    }),
    SLACK_LIMITS.privateMetadata,
  );
}

export function decodeSummaryViewRef(value: string | undefined): SummaryViewRef | undefined {
  const parsed = summaryViewSchema.safeParse(parseJson(value));
  if (!parsed.success) return undefined;
  return { legId: parsed.data.l.toUpperCase(), side: parsed.data.s ?? undefined, channelId: parsed.data.c };
}

function parseJson(value: string | undefined): unknown {
  if (value === undefined || value.length > SLACK_LIMITS.privateMetadata) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function checked(value: string, max: number): string {
  // Every field above is bounded far below this; a longer value is a bug here, said loudly.
  if (value.length > max) throw new RangeError(`value of ${value.length} characters (max ${max})`);
  return value;
}
