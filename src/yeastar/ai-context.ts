import { z } from 'zod';
import type { TranscriptAnswer } from '../use-case/ports.js';
import { NOT_FOUND_ERRCODES, PbxApiError } from './errcodes.js';
import type { PbxHttp } from './http.js';
import type { TokenManager } from './tokens.js';

const answerSchema = z.looseObject({
  offset: z.coerce.number().int().nullish(),
  data: z.unknown().optional(),
});

const itemSchema = z.looseObject({
  content: z.coerce.string().nullish(),
  name: z.coerce.string().nullish(),
  source_number: z.coerce.string().nullish(),
  timestamp: z.coerce.number().finite().nullish(),
});

export async function fetchTranscriptPage(
  http: PbxHttp,
  tokens: TokenManager,
  legId: string,
  page: number,
  limit: number,
): Promise<TranscriptAnswer> {
  let answer: z.output<typeof answerSchema>;
  try {
    answer = await tokens.withToken((token) =>
      http.call(
        {
          method: 'GET',
          path: '/openapi/v2.0/cdr/getaicontext',
          query: { cdr_ids: legId, limit, offset: page },
          token,
          what: 'the transcript request',
        },
        answerSchema,
      ),
    );
  } catch (error) {
    // As for summaries, "nothing (yet)" may come as a not-found errcode.
    if (error instanceof PbxApiError && NOT_FOUND_ERRCODES.has(error.errcode)) {
      return { items: [], nextPage: null };
    }
    throw error;
  }
  const items = contextOf(answer.data, legId).flatMap((candidate) => {
    const item = itemSchema.safeParse(candidate);
    if (!item.success) return [];
    const text = (item.data.content ?? '').trim();
    if (text === '') return [];
    return [
      {
        name: (item.data.name ?? '').trim(),
        number: (item.data.source_number ?? '').trim(),
        timestamp: item.data.timestamp ?? null,
        text,
      },
    ];
  });
  const next = answer.offset;
  // A next page that is not past this one would loop forever on a misbehaving PBX.
  const nextPage = next !== null && next !== undefined && next > page && items.length > 0 ? next : null;
  return { items, nextPage };
}

/** The list of context items for `legId` in whichever of the shapes the answer has. */
function contextOf(data: unknown, legId: string): unknown[] {
  if (Array.isArray(data)) return data;
  if (data === null || typeof data !== 'object') return [];
  const record = data as Record<string, unknown>;
  const entry =
    record[legId] ??
    Object.entries(record).find(([key]) => key.toUpperCase() === legId.toUpperCase())?.[1] ??
    record;
  if (Array.isArray(entry)) return entry;
  if (entry !== null && typeof entry === 'object') {
    const context = (entry as { context?: unknown }).context;
    if (Array.isArray(context)) return context;
  }
  return [];
}
