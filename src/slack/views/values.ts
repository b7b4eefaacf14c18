import { z } from 'zod';
import { SLACK_LIMITS } from '../../render/limits.js';
import { isChannelId } from '../../shared/slack-ids.js';
import type { ListParty } from '../../use-case/finding/call-lists.js';
import type { Period } from '../../use-case/model/call-query.js';
import { isLegIdShape, LEG_ID_PATTERN, type Side } from '../../use-case/model/leg-id.js';

/**
 * The Slack side of every button, select and modal: the ids Slack routes by (action, callback and
 * block ids, as in design.md and manifest.yml) and the values they carry. Slack gives a button's
 * `value`, a select's option and a view's `private_metadata` back untouched, but they arrive in a
 * request like any other: every decoder validates and returns undefined for anything that is not ours.
 * Buttons already posted in Slack carry values written by earlier releases, so an encoding changes
 * only with a way to read the old one (test/slack/views/values.test.ts holds them). Pure.
 */

/** Action ids of our buttons and inputs; each listener in listeners/ matches one. */
export const ACTION_IDS = {
  share: 'callsummary_share',
  showSide: 'callsummary_show_side',
  refresh: 'callsummary_refresh',
  retry: 'callsummary_retry',
  notify: 'callsummary_notify',
  /** A call of a list: its summary, for the extension's side. */
  open: 'callsummary_open',
  /** The next (older) page of a list. */
  more: 'callsummary_more',
  /** A summary's transcript, in a modal. */
  transcript: 'callsummary_transcript',
  /** The transcript modal's Previous / Next (two ids: action ids are unique within a block). */
  transcriptPrevious: 'callsummary_transcript_previous',
  transcriptNext: 'callsummary_transcript_next',
  /** The Home tab's "Send me the summaries of my calls" (value `on` or `off`: what a click does). */
  dmMine: 'callsummary_dm_mine',
  /** The shortcut modal's select: which summary to post (read from the submission's state). */
  choice: 'choice',
} as const;

/** Callback ids: the message shortcut (manifest.yml) and every modal. */
export const CALLBACK_IDS = {
  /** "Get call summary" on a message. */
  fromMessage: 'callsummary_from_message',
  /** The shortcut's modal; its submission posts the chosen summary in the thread. */
  postModal: 'callsummary_post',
  transcriptModal: 'callsummary_transcript',
  summaryModal: 'callsummary_summary',
  loadingModal: 'callsummary_loading',
  failureModal: 'callsummary_failure',
} as const;

/** Block ids Slack gives back with a click or a submission. */
export const BLOCK_IDS = {
  /** An answer's buttons (and a notification's Share). */
  answerButtons: 'callsummary_buttons',
  summaryModalButtons: 'callsummary_summary_buttons',
  transcriptPages: 'callsummary_transcript_pages',
  /** Newer and Older of a list, each in a block of its own: both carry `callsummary_more`. */
  listNewer: 'callsummary_list_newer',
  listOlder: 'callsummary_list_more',
  /** The shortcut modal's select. */
  choice: 'callsummary_choice',
} as const;

/** A value as Slack carries it (a button's `value`, a view's `private_metadata`), both ways. */
export interface JsonValue<T> {
  /** JSON with short keys; a RangeError past the codec's limit (a bug here: every field is bounded). */
  encode(value: T): string;
  /** What Slack gave back, validated; undefined for anything that is not ours. */
  decode(text: string | undefined): T | undefined;
}

/**
 * The one codec of Slack values: `schema` is the JSON as carried (short keys, every field bounded),
 * `write` and `read` map it from and to the type the code uses. `write` decides the key order, and so
 * the bytes: keep it as it is.
 */
export function jsonValue<Wire, T>(
  schema: z.ZodType<Wire>,
  codec: {
    /** Slack's limit for where the value travels (SLACK_LIMITS). */
    readonly max: number;
    readonly write: (value: T) => Wire;
    readonly read: (wire: Wire) => T;
  },
): JsonValue<T> {
  return {
    encode(value) {
      const text = JSON.stringify(codec.write(value));
      if (text.length > codec.max)
        throw new RangeError(`value of ${text.length} characters (max ${codec.max})`);
      return text;
    },
    decode(text) {
      if (text === undefined || text.length > codec.max) return undefined;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return undefined;
      }
      const parsed = schema.safeParse(json);
      return parsed.success ? codec.read(parsed.data) : undefined;
    },
  };
}

const LEG = z.string().refine(isLegIdShape);
const SIDE = z.enum(['caller', 'callee']);
/** Where a button or modal was asked from; the access check reads it. */
const CHANNEL = z.string().refine(isChannelId);
/** The channel, when it is one: what is not a channel id is left out, never carried. */
const channelIfAny = (channelId: string | undefined) =>
  channelId !== undefined && isChannelId(channelId) ? { c: channelId } : {};

/**
 * What a button needs to redo a lookup (Share, Show side, Refresh, Try again, Notify me, and a listed
 * call's Summary, which is exactly `/callsummary <leg> <side>`).
 */
export interface LookupRef {
  readonly legId: string;
  readonly side: Side | undefined;
  readonly extension: string | undefined;
  /** Share from a notification: the conversation the person asked in (a DM's own would be the DM). */
  readonly channel?: string | undefined;
  /** Digest of the summaries the answer showed, so Refresh can say they changed (src/use-case/late/digest.ts). */
  readonly digest?: string | undefined;
  /**
   * The button sits on a message others see (an automatic post, a thread reply, a notification): its
   * answer comes beside it, privately, never in its place.
   */
  readonly posted?: boolean | undefined;
}

export const LookupRef: JsonValue<LookupRef> = jsonValue(
  z.object({
    l: z.string().min(1).max(64),
    s: SIDE.nullable(),
    e: z.string().max(32).nullable(),
    c: CHANNEL.optional(),
    d: z
      .string()
      .regex(/^[0-9a-f]{1,64}$/)
      .optional(),
    p: z.literal(1).optional(),
  }),
  {
    max: SLACK_LIMITS.buttonValue,
    write: (ref) => ({
      l: ref.legId,
      s: ref.side ?? null,
      e: ref.extension ?? null,
      ...(ref.channel !== undefined ? { c: ref.channel } : {}),
      ...(ref.digest !== undefined ? { d: ref.digest } : {}),
      ...(ref.posted ? { p: 1 as const } : {}),
    }),
    read: (v) => ({
      legId: v.l,
      side: v.s ?? undefined,
      extension: v.e ?? undefined,
      ...(v.c !== undefined ? { channel: v.c } : {}),
      ...(v.d !== undefined ? { digest: v.d } : {}),
      ...(v.p === 1 ? { posted: true } : {}),
    }),
  },
);

/** Which list and page an **Older** / **Newer** button (or a Home tab) shows. */
export interface ListRef {
  readonly party: ListParty;
  /** The person's own calls ("me"): worded as theirs. */
  readonly me: boolean;
  readonly period: Period;
  readonly page: number;
  /** When the list was made (Unix ms): later pages page through the same list. */
  readonly at: number;
}

export const ListRef: JsonValue<ListRef> = jsonValue(
  z.object({
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
  }),
  {
    max: SLACK_LIMITS.buttonValue,
    write: (ref) => ({
      k: ref.party.kind === 'number' ? ('n' as const) : ('e' as const),
      v: ref.party.kind === 'number' ? ref.party.number : ref.party.extension,
      ...(ref.me ? { m: 1 as const } : {}),
      h: ref.period.hours,
      l: ref.period.label,
      p: ref.page,
      a: ref.at,
    }),
    read: (v) => ({
      party: v.k === 'n' ? { kind: 'number', number: v.v } : { kind: 'extension', extension: v.v },
      me: v.m === 1,
      period: { hours: v.h, label: v.l },
      page: v.p,
      at: v.a,
    }),
  },
);

/** A transcript page to show: on a **Transcript** button, and in the modal's private_metadata. */
export interface TranscriptRef {
  readonly legId: string;
  /** From 1. */
  readonly page: number;
  /** Where it was asked from (the access check applies to it on every page); undefined: no channel. */
  readonly channelId: string | undefined;
}

export const TranscriptRef: JsonValue<TranscriptRef> = jsonValue(
  z.object({ l: LEG, p: z.number().int().min(1).max(10_000), c: CHANNEL.optional() }),
  {
    max: Math.min(SLACK_LIMITS.buttonValue, SLACK_LIMITS.privateMetadata),
    write: (ref) => ({ l: ref.legId, p: ref.page, ...channelIfAny(ref.channelId) }),
    read: (v) => ({ legId: v.l.toUpperCase(), page: v.p, channelId: v.c }),
  },
);

/** The summary modal (a call opened from the Home tab): which leg and side, for its buttons. */
export interface SummaryViewRef {
  readonly legId: string;
  readonly side: Side | undefined;
  readonly channelId: string | undefined;
}

export const SummaryViewRef: JsonValue<SummaryViewRef> = jsonValue(
  z.object({ l: LEG, s: SIDE.nullable(), c: CHANNEL.optional() }),
  {
    max: SLACK_LIMITS.privateMetadata,
    write: (ref) => ({ l: ref.legId, s: ref.side ?? null, ...channelIfAny(ref.channelId) }),
    read: (v) => ({ legId: v.l.toUpperCase(), side: v.s ?? undefined, channelId: v.c }),
  },
);

/** A message rarely names more legs than this; more would not fit one modal anyway. */
export const MAX_LEGS_PER_MODAL = 5;

/** The shortcut modal's choice, `leg|side`: what its select offers and its submission names. */
export function choiceValue(legId: string, side: Side): string {
  return `${legId}|${side}`;
}

const CHOICE = new RegExp(`^(${LEG_ID_PATTERN.source})\\|(caller|callee)$`);

export function parseChoice(value: string | undefined): { legId: string; side: Side } | undefined {
  const match = CHOICE.exec(value ?? '');
  return match ? { legId: match[1]!.toUpperCase(), side: match[2] as Side } : undefined;
}

/**
 * Where the shortcut modal's chosen summary goes and what may be chosen, carried through the modal
 * in private_metadata.
 */
export interface PostTarget {
  readonly channelId: string;
  readonly threadTs: string;
  /** The `leg|side` choices the modal offered: the submission may post only one of these. */
  readonly offered: readonly string[];
  /**
   * The shortcut's response_url: the submission's private answers go there (a view submission
   * carries none of its own). It reaches the person even where the bot is not a member, and shows
   * outside the thread, where chat.postEphemeral with thread_ts shows nothing until a thread exists.
   */
  readonly responseUrl?: string | undefined;
}

/** Response URLs Slack issues are about 100 characters; a longer one is not carried (nor trusted). */
const MAX_RESPONSE_URL = 1000;

export const PostTarget: JsonValue<PostTarget> = jsonValue(
  z.object({
    c: z.string().min(1).max(32),
    t: z.string().min(1).max(32),
    o: z
      .array(z.string().regex(CHOICE))
      .min(1)
      .max(MAX_LEGS_PER_MODAL * 2),
    r: z.string().max(MAX_RESPONSE_URL).optional(),
  }),
  {
    max: SLACK_LIMITS.privateMetadata,
    write: (target) => ({
      c: target.channelId,
      t: target.threadTs,
      o: [...target.offered],
      ...(target.responseUrl !== undefined && target.responseUrl.length <= MAX_RESPONSE_URL
        ? { r: target.responseUrl }
        : {}),
    }),
    read: (v) => ({ channelId: v.c, threadTs: v.t, offered: v.o, responseUrl: v.r }),
  },
);
