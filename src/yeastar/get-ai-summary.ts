import { z } from 'zod';
import type { CallSummary } from '../call-summary.js';
import type { Side } from '../leg-id.js';
import { NOT_FOUND_ERRCODES, PbxApiError } from './errcodes.js';
import type { PbxHttp } from './http.js';
import type { TokenManager } from './tokens.js';

/**
 * `GET /openapi/v2.0/cdr/getaisummary` (v2.0 only). The answer sits under `data.src` or `data.dst`
 * whichever is present (the documented example asks with src_ext_id and answers under dst), and
 * `created_at` is documented as a string but shown as a number. "No summary" (empty data, or a
 * not-found errcode; the real answer is undocumented) is `null`, not an error.
 */
const timestamp = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((v) => {
    if (v === null || v === undefined || v === '') return null;
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  });

const summarySchema = z.looseObject({
  id: z.coerce.number().nullish(),
  call_id: z.string().nullish(),
  // A present key with no text yet (null/"") is "no summary", not a malformed answer.
  summary: z.string().nullish(),
  created_at: timestamp,
  updated_at: timestamp,
  avatar: z.string().nullish(),
  name: z.string().nullish(),
  ext_num: z.coerce.string().nullish(),
});

export const summaryAnswerSchema = z.looseObject({
  // PHP-style backends send [] for an empty object; both mean "nothing".
  data: z
    .union([
      z.looseObject({ src: summarySchema.nullish(), dst: summarySchema.nullish() }),
      z.array(z.unknown()).max(0),
      z.null(),
    ])
    .optional(),
});

export async function fetchSummary(
  http: PbxHttp,
  tokens: TokenManager,
  legId: string,
  side: Side,
  extensionId: number,
): Promise<CallSummary | null> {
  let answer: SummaryAnswer;
  try {
    answer = await tokens.withToken((token) =>
      http.call(
        {
          method: 'GET',
          path: '/openapi/v2.0/cdr/getaisummary',
          query: { cdr_id: legId, [side === 'caller' ? 'src_ext_id' : 'dst_ext_id']: extensionId },
          token,
          what: 'the summary request',
        },
        summaryAnswerSchema,
      ),
    );
  } catch (error) {
    if (error instanceof PbxApiError && NOT_FOUND_ERRCODES.has(error.errcode)) return null;
    throw error;
  }
  return summaryFromAnswer(answer, { legId, side });
}

export type SummaryAnswer = z.output<typeof summaryAnswerSchema>;

/**
 * Pure: the summary a validated answer holds, or null for "no summary". Without `asked` (a pasted
 * answer in `callsummary render`) the leg id comes from `call_id` and the side from the key.
 */
export function summaryFromAnswer(
  answer: SummaryAnswer,
  asked?: { readonly legId: string; readonly side: Side },
): CallSummary | null {
  const data = answer.data;
  if (!data || Array.isArray(data)) return null;
  // The key of the side asked for first: an answer holding both must not give the caller's summary
  // for the callee. The other key only as a fallback (the doc's example answers a src_ext_id request
  // under dst).
  const order = asked?.side === 'callee' ? (['dst', 'src'] as const) : (['src', 'dst'] as const);
  const key = order.find((k) => (data[k]?.summary ?? '').trim() !== '');
  const raw = key ? data[key] : undefined;
  if (!key || !raw?.summary) return null;
  return {
    legId: asked?.legId ?? raw.call_id ?? '',
    side: asked?.side ?? (key === 'src' ? 'caller' : 'callee'),
    html: raw.summary,
    name: raw.name ?? '',
    extNum: raw.ext_num ?? '',
    avatar: raw.avatar ?? '',
    id: raw.id ?? null,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
  };
}
