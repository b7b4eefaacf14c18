import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { CallSummaryError } from '../shared/errors.js';
import { isChannelId } from '../shared/slack-ids.js';
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
 *
 * Validated once at start; every problem names its line. Matching is pure.
 */
export interface ExtensionRange {
  readonly from: number;
  readonly to: number;
  /** Digit counts of the bounds as written: an extension with a leading zero must be written alike. */
  readonly fromDigits: number;
  readonly toDigits: number;
}

export interface Route {
  readonly extensions: readonly ExtensionRange[];
  readonly side: Side | undefined;
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

const extensionSpec = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform((v) => String(v).trim())
  .pipe(
    z
      .string()
      .regex(/^\d+(\s*-\s*\d+)?$/, 'must be an extension number ("3201") or a range ("3200-3299")')
      .transform((s): ExtensionRange => {
        const [fromText, toText = fromText] = s.split('-').map((part) => part.trim()) as [string, string?];
        return {
          from: Number(fromText),
          to: Number(toText),
          fromDigits: fromText.length,
          toDigits: toText.length,
        };
      })
      .refine((r) => r.from <= r.to, 'range must go from low to high'),
  );

const routingSchema = z
  .object({
    default: channelId.nullable().optional(),
    ignore: z.array(extensionSpec).optional(),
    routes: z
      .array(
        z
          .object({
            extensions: z.array(extensionSpec).min(1, 'needs at least one extension or range').optional(),
            side: z.enum(['caller', 'callee']).optional(),
            channel: channelId,
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
    })),
  };
}

/** Without a routing file, everything goes to the default channel if any — here, none. */
export const NO_ROUTING: Routing = { defaultChannel: undefined, ignore: [], routes: [] };

/** The channel for one side's summary, or undefined (ignored, or no route and no default). */
export function routeFor(routing: Routing, extNum: string, side: Side): string | undefined {
  if (inAny(routing.ignore, extNum)) return undefined;
  for (const route of routing.routes) {
    if (route.side !== undefined && route.side !== side) continue;
    if (route.extensions.length > 0 && !inAny(route.extensions, extNum)) continue;
    return route.channel;
  }
  return routing.defaultChannel;
}

/**
 * Numbers compare as numbers, except that an extension with a leading zero ("0100", a different
 * extension from "100" on the PBX) matches only bounds written with as many digits.
 */
function inAny(ranges: readonly ExtensionRange[], extNum: string): boolean {
  if (!/^\d+$/.test(extNum)) return false;
  const n = Number(extNum);
  const leadingZero = extNum.length > 1 && extNum.startsWith('0');
  return ranges.some(
    (r) =>
      n >= r.from &&
      n <= r.to &&
      (!leadingZero || (extNum.length >= r.fromDigits && extNum.length <= r.toDigits)),
  );
}

export function tooLarge(bytes: number): string {
  return `it is ${bytes} bytes; the limit is ${MAX_ROUTING_FILE_BYTES} (1 MB): a routing file lists ranges, not every extension`;
}

function routingError(source: string, problems: string[]): CallSummaryError {
  return new CallSummaryError('config_invalid', { source, problems });
}
