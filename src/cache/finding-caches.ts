import { z } from 'zod';
import type { Metrics } from '../shared/metrics.js';
import type { WallClock } from '../use-case/model/leg-id.js';
import type {
  CachedCallList,
  FindingCaches,
  FindingTtls,
  TranscriptAnswer,
  TranscriptItem,
  TranscriptPageKey,
} from '../use-case/ports.js';
import type { CacheBackend } from './backend.js';
import type { Coalescer } from './coalescer.js';
import { createReadThrough } from './read-through.js';
import { createTypedCache } from './typed.js';

const wallClockSchema: z.ZodType<WallClock> = z.object({
  year: z.number().int(),
  month: z.number().int(),
  day: z.number().int(),
  hour: z.number().int(),
  minute: z.number().int(),
  second: z.number().int(),
});

const sideSchema = z.enum(['caller', 'callee']);

const cachedCallListSchema: z.ZodType<CachedCallList> = z.object({
  at: z.number(),
  window: z.object({ start: wallClockSchema, end: wallClockSchema, exact: z.boolean() }),
  searchedFrom: wallClockSchema,
  complete: z.boolean(),
  calls: z.array(
    z.object({
      legId: z.string().min(1),
      start: wallClockSchema,
      startEpoch: z.number().nullable(),
      direction: z.enum(['in', 'out']),
      internal: z.boolean(),
      otherNumber: z.string(),
      otherName: z.string(),
      durationSeconds: z.number().nullable(),
      gist: z.string(),
      summarySide: sideSchema.nullable(),
    }),
  ),
});

const transcriptItemSchema: z.ZodType<TranscriptItem> = z.object({
  name: z.string(),
  number: z.string(),
  timestamp: z.number().nullable(),
  text: z.string(),
});

const transcriptPageSchema: z.ZodType<TranscriptAnswer> = z.object({
  items: z.array(transcriptItemSchema),
  nextPage: z.number().int().nullable(),
});

const memberEmailSchema = z.object({
  email: z.string().nullable(),
  locale: z.string().nullable().optional(),
});

/**
 * Finding calls' caches: lists (`calls:<query>`) and transcript pages (`transcript:<leg>:<page>`), each
 * read through and loaded once across replicas, and members' emails (`member-email:<user>`).
 */
export function createFindingCaches(
  store: CacheBackend,
  prefix: string,
  ttl: FindingTtls,
  coalescer: Coalescer,
  metrics?: Metrics,
): FindingCaches {
  return {
    callLists: createReadThrough(store, {
      metrics,
      prefix,
      kind: 'calls',
      ttlMs: ttl.listSeconds * 1000,
      schema: cachedCallListSchema,
      id: (key: string) => key,
      coalescer,
    }),
    transcripts: createReadThrough(store, {
      metrics,
      prefix,
      kind: 'transcript',
      ttlMs: ttl.transcriptSeconds * 1000,
      schema: transcriptPageSchema,
      id: (key: TranscriptPageKey) => `${key.legId}:${key.page}`,
      coalescer,
    }),
    memberEmails: createTypedCache(store, {
      prefix,
      kind: 'member-email',
      ttlMs: ttl.memberEmailSeconds * 1000,
      schema: memberEmailSchema,
      id: (userId: string) => userId,
    }),
  };
}
