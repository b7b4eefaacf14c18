import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { CallSummaryError } from '../shared/errors.js';
import { isChannelId } from '../shared/slack-ids.js';
import { type ExtensionRange, extensionRangeSchema, inRanges } from '../use-case/model/extension-ranges.js';
import type { Side } from '../use-case/model/leg-id.js';

/**
 * Which Slack channel gets an extension's summary. The file is YAML (JSON is valid YAML too):
 *
 *   default: C0DEFAULT        # channel for anything no route matches; omit or null for none
 *   ignore: ["3299", "4000-4099"]
 *   routes:                    # first match wins
 *     - extensions: ["3200-3298", "1001"]
 *       side: callee           # optional: only when the extension is on that side of the call
 *       channel: C0SUPPORT
 *       format: brief          # optional: one line in the channel, the summary in its thread
 *       min_talk_seconds: 30   # optional: shorter calls are not posted
 *       call_types: [inbound]  # optional: only these kinds of call are posted
 *       thread_by: customer    # optional: one thread per outside number (THREAD_DAYS)
 *
 * Validated once at start; every problem names its line. Matching is pure.
 */
/** The kinds of call a route may post (`call_types`), from the company's side. */
export type CallType = 'inbound' | 'outbound' | 'internal';
export const CALL_TYPES: readonly CallType[] = ['inbound', 'outbound', 'internal'];

/** How a route posts into its channel (a quiet channel's options). */
export interface PostOptions {
  /** `full`: the whole summary; `brief`: one line in the channel and the summary in its thread. */
  readonly format: 'full' | 'brief';
  /** Calls talked for less are not posted (the index and lists still have them). */
  readonly minTalkSeconds: number;
  /** Only these kinds of call are posted; undefined: all. */
  readonly callTypes: readonly CallType[] | undefined;
  /** `customer`: every call with the same outside number goes into one thread (THREAD_DAYS). */
  readonly threadBy: 'customer' | undefined;
}

export const DEFAULT_POST_OPTIONS: PostOptions = {
  format: 'full',
  minTalkSeconds: 0,
  callTypes: undefined,
  threadBy: undefined,
};

export interface Route extends PostOptions {
  readonly extensions: readonly ExtensionRange[];
  readonly side: Side | undefined;
  readonly channel: string;
}

/** Where and how one side's summary is posted. */
export interface PostTarget extends PostOptions {
  readonly channel: string;
}

export interface Routing {
  readonly defaultChannel: string | undefined;
  readonly ignore: readonly ExtensionRange[];
  readonly routes: readonly Route[];
}

const channelId = z
  .string()
  .refine(isChannelId, 'must be a Slack channel id such as C0123ABCD (not a #name)');

const routingSchema = z
  .object({
    default: channelId.nullable().optional(),
    ignore: z.array(extensionRangeSchema).optional(),
    routes: z
      .array(
        z
          .object({
            extensions: z
              .array(extensionRangeSchema)
              .min(1, 'needs at least one extension or range')
              .optional(),
            side: z.enum(['caller', 'callee']).optional(),
            channel: channelId,
            format: z.enum(['full', 'brief'], { message: 'must be full or brief' }).optional(),
            min_talk_seconds: z
              .number({ message: 'must be a whole number of seconds' })
              .int('must be a whole number of seconds')
              .min(0, 'must be 0 or more')
              .max(86_400, 'must be at most 86400 (a day)')
              .optional(),
            call_types: z
              .array(
                z.enum(['inbound', 'outbound', 'internal'], {
                  message: 'must be inbound, outbound or internal',
                }),
              )
              .min(1, 'needs at least one of inbound, outbound, internal (leave it out to post every call)')
              .optional(),
            thread_by: z.enum(['customer'], { message: 'must be customer' }).optional(),
          })
          .strict()
          .refine((r) => r.extensions !== undefined || r.side !== undefined, {
            message: 'a route needs extensions, side, or both',
          }),
      )
      .optional(),
  })
  .strict();

/** A routing file is a few KB; past this it is not one, and YAML parsing of it would hold up the start. */
export const MAX_ROUTING_FILE_BYTES = 1024 * 1024;

/** More alias expansions than this is an alias bomb (YAML's "billion laughs"), not routing. */
const MAX_ALIAS_COUNT = 100;

/** Parses routing text; `source` names the file in errors. Throws `config_invalid` listing every problem. */
export function parseRouting(text: string, source = 'routing file'): Routing {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_ROUTING_FILE_BYTES) throw routingError(source, [tooLarge(bytes)]);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineOf = (offset: number | undefined) =>
    offset === undefined ? '' : `line ${lineCounter.linePos(offset).line}: `;

  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => `${lineOf(e.pos[0])}${e.message.split('\n')[0]}`);
    throw routingError(source, problems);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // The yaml library refuses aliases that expand too far (a ReferenceError); nothing else is expected.
    throw routingError(source, [
      `its YAML aliases expand too far (${(error as Error).message}); write the lists out instead of repeating them with aliases`,
    ]);
  }
  const parsed = routingSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      // Walk back up the path until a node with a position is found (a missing key has none).
      for (let depth = issue.path.length; depth >= 0; depth--) {
        const node = doc.getIn(issue.path.slice(0, depth) as (string | number)[], true) as
          | { range?: [number, number, number] }
          | undefined;
        if (node && typeof node === 'object' && node.range) {
          return `${lineOf(node.range[0])}${issue.path.join('.') || '(top level)'}: ${issue.message}`;
        }
      }
      return `${issue.path.join('.') || '(top level)'}: ${issue.message}`;
    });
    throw routingError(source, problems);
  }
  const routing = parsed.data;
  return {
    defaultChannel: routing.default ?? undefined,
    ignore: routing.ignore ?? [],
    routes: (routing.routes ?? []).map((r) => ({
      extensions: r.extensions ?? [],
      side: r.side,
      channel: r.channel,
      format: r.format ?? DEFAULT_POST_OPTIONS.format,
      minTalkSeconds: r.min_talk_seconds ?? DEFAULT_POST_OPTIONS.minTalkSeconds,
      callTypes: r.call_types === undefined ? undefined : [...new Set(r.call_types)],
      threadBy: r.thread_by,
    })),
  };
}

/** Without a routing file, everything goes to the default channel if any — here, none. */
export const NO_ROUTING: Routing = { defaultChannel: undefined, ignore: [], routes: [] };

/** The channel for one side's summary, or undefined (ignored, or no route and no default). */
export function routeFor(routing: Routing, extNum: string, side: Side): string | undefined {
  return targetFor(routing, extNum, side)?.channel;
}

/**
 * Where and how one side's summary goes: the first route matching its extension and side (the
 * default channel, posting every call whole, when none does); undefined when ignored or nowhere.
 */
export function targetFor(routing: Routing, extNum: string, side: Side): PostTarget | undefined {
  if (inRanges(routing.ignore, extNum)) return undefined;
  for (const route of routing.routes) {
    if (route.side !== undefined && route.side !== side) continue;
    if (route.extensions.length > 0 && !inRanges(route.extensions, extNum)) continue;
    return {
      channel: route.channel,
      format: route.format,
      minTalkSeconds: route.minTalkSeconds,
      callTypes: route.callTypes,
      threadBy: route.threadBy,
    };
  }
  return routing.defaultChannel === undefined
    ? undefined
    : { ...DEFAULT_POST_OPTIONS, channel: routing.defaultChannel };
}

/**
 * Whether a route posts this call: its kind among `call_types`, and talked at least
 * `min_talk_seconds`. What the PBX did not say (the direction, the talk time) does not hold a post
 * back: the call is posted.
 */
export function postsCall(
  options: PostOptions,
  call: { readonly direction: 'in' | 'out' | 'internal' | undefined; readonly talkSeconds: number | null },
): boolean {
  if (call.talkSeconds !== null && call.talkSeconds < options.minTalkSeconds) return false;
  if (options.callTypes === undefined || call.direction === undefined) return true;
  const type: CallType =
    call.direction === 'in' ? 'inbound' : call.direction === 'out' ? 'outbound' : 'internal';
  return options.callTypes.includes(type);
}

export function tooLarge(bytes: number): string {
  return `it is ${bytes} bytes; the limit is ${MAX_ROUTING_FILE_BYTES} (1 MB): a routing file lists ranges, not every extension`;
}

function routingError(source: string, problems: string[]): CallSummaryError {
  return new CallSummaryError('config_invalid', { source, problems });
}
