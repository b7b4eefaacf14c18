import { z } from 'zod';
import type { WallClock } from '../use-case/model/leg-id.js';
import type {
  CachedCallList,
  CachedTranscriptPage,
  FindingCaches,
  FindingTtls,
  TranscriptItem,
} from '../use-case/ports.js';
import type { CacheBackend } from './backend.js';
import type { Coalescer } from './coalescer.js';
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

export const cachedCallListSchema: z.ZodType<CachedCallList> = z.object({
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

export const cachedTranscriptPageSchema: z.ZodType<CachedTranscriptPage> = z.object({
  items: z.array(transcriptItemSchema),
  nextPage: z.number().int().nullable(),
});

const memberEmailSchema = z.object({ email: z.string().nullable() });

interface TranscriptKey {
  readonly legId: string;
  readonly page: number;
}

export function createFindingCaches(
  store: CacheBackend,
  prefix: string,
  ttl: FindingTtls,
  coalescer: Coalescer,
): FindingCaches {
  const lists = createTypedCache(store, {
    prefix,
    kind: 'calls',
    ttlMs: ttl.listSeconds * 1000,
    schema: cachedCallListSchema,
    id: (key: string) => key,
  });
  const pages = createTypedCache(store, {
    prefix,
    kind: 'transcript',
    ttlMs: ttl.transcriptSeconds * 1000,
    schema: cachedTranscriptPageSchema,
    id: (key: TranscriptKey) => `${key.legId}:${key.page}`,
  });
  const emails = createTypedCache(store, {
    prefix,
    kind: 'member-email',
    ttlMs: ttl.memberEmailSeconds * 1000,
    schema: memberEmailSchema,
    id: (userId: string) => userId,
  });
  return {
    callLists: {
      get: (key) => lists.get(key),
      set: (key, list) => lists.set(key, list),
      coalesce: (key, build) =>
        coalescer.run(
          `${prefix}:fetch-calls:${key}`,
          () => lists.get(key),
          async () => {
            const list = await build();
            // Written before the in-flight claim is released, so waiting replicas find it.
            await lists.set(key, list);
            return list;
          },
        ),
    },
    transcripts: {
      get: (legId, page) => pages.get({ legId, page }),
      set: (legId, page, value) => pages.set({ legId, page }, value),
    },
    memberEmails: emails,
    coalesceTranscriptPage: (legId, page, fetch) =>
      coalescer.run(
        `${prefix}:fetch-transcript:${legId}:${page}`,
        () => pages.get({ legId, page }),
        async () => {
          const value = await fetch();
          // Written before the in-flight claim is released, so waiting replicas find it.
          await pages.set({ legId, page }, value);
          return value;
        },
      ),
  };
}
