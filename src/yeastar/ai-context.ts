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
  type: z.coerce.string().nullish(),
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
          what: 'transcript_request',
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
    // Spoken lines only: an item whose type is given and is not "speak" (a system note, say) is skipped.
    const type = item.data.type?.trim().toLowerCase();
    if (type !== undefined && type !== '' && type !== 'speak') return [];
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

/**
 * The context items of the answer's `data`. "Get AI Call Transcript" documents it grouped by call leg,
 * `{ leg_1: { context: [...] }, leg_2: {...} }`: one leg id is asked for, so every group's context is
 * read, in leg order. Also accepted: groups keyed by the leg id (then only that leg's), one bare
 * `{ context }`, or a bare array.
 */
function contextOf(data: unknown, legId: string): unknown[] {
  if (Array.isArray(data)) return data;
  if (!isRecord(data)) return [];
  if (Array.isArray(data.context)) return data.context;
  const groups = Object.entries(data);
  const own = groups.filter(([key]) => key.toUpperCase() === legId.toUpperCase());
  return (own.length > 0 ? own : groups)
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .flatMap(([, group]) => {
      if (Array.isArray(group)) return group;
      return isRecord(group) && Array.isArray(group.context) ? group.context : [];
    });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
