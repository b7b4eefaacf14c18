import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { CallSummary } from '../use-case/model/call-summary.js';
import type { LegParties, LegSide } from '../use-case/ports.js';
import type { CacheBackend } from './backend.js';

/** Keys are `callsummary:v1:<digest of YEASTAR_BASE_URL>:<kind>:<id>`: two PBXs sharing a Redis never mix. */
export function keyPrefix(pbxBaseUrl: string): string {
  const digest = createHash('sha256').update(pbxBaseUrl.replace(/\/+$/, '').toLowerCase()).digest('hex');
  return `callsummary:v1:${digest.slice(0, 16)}`;
}

/** One kind of cached value: validated on the way back; a corrupt or foreign entry is a miss. */
export interface TypedCache<K, V> {
  get(key: K): Promise<V | undefined>;
  set(key: K, value: V): Promise<void>;
}

export function createTypedCache<K, V>(
  backend: CacheBackend,
  options: {
    readonly prefix: string;
    readonly kind: string;
    /** How long a value is kept: one TTL for the kind, or one per value ("no summary yet" lives briefly). */
    readonly ttlMs: number | ((value: V) => number);
    readonly schema: z.ZodType<V>;
    readonly id: (key: K) => string;
  },
): TypedCache<K, V> {
  const full = (key: K) => `${options.prefix}:${options.kind}:${options.id(key)}`;
  return {
    get: async (key) => {
      const parsed = options.schema.safeParse(await backend.get(full(key)));
      // A failed parse is simply a miss: the next set overwrites the entry.
      return parsed.success ? parsed.data : undefined;
    },
    set: (key, value) => {
      const { ttlMs } = options;
      return backend.set(full(key), value, typeof ttlMs === 'number' ? ttlMs : ttlMs(value));
    },
  };
}

const sideSchema = z.enum(['caller', 'callee']);

export const callSummarySchema: z.ZodType<CallSummary> = z.object({
  legId: z.string().min(1),
  side: sideSchema,
  html: z.string(),
  name: z.string(),
  extNum: z.string(),
  avatar: z.string(),
  id: z.number().nullable(),
  createdAt: z.number().nullable(),
  updatedAt: z.number().nullable(),
});

const wallClockSchema = z.object({
  year: z.number().int(),
  month: z.number().int(),
  day: z.number().int(),
  hour: z.number().int(),
  minute: z.number().int(),
  second: z.number().int(),
});

/** The parties, and what else the source said of the call; entries written before those were kept still read. */
export const legPartiesSchema: z.ZodType<LegParties> = z.object({
  caller: z.string(),
  callee: z.string(),
  callerName: z.string().max(200).optional(),
  calleeName: z.string().max(200).optional(),
  callType: z.string().max(32).optional(),
  talkSeconds: z.number().nonnegative().optional(),
  start: wallClockSchema.optional(),
}) as z.ZodType<LegParties>;

/** A marker ("the export lacks this leg"); a literal so that any other stored value is not mistaken for it. */
export const markerSchema = z.literal(true);

export const legSideId = (key: LegSide): string => `${key.legId}:${key.side}`;
