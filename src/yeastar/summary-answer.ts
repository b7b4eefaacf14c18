import * as z from 'zod/mini';
import type { CallSummary } from '../use-case/model/call-summary.js';
import type { Side } from '../use-case/model/leg-id.js';

/**
 * The answer of `GET /openapi/v2.0/cdr/getaisummary`, and the summary it holds. Pure, so both the PBX
 * client (src/yeastar/get-ai-summary.ts) and `callsummary render` of a pasted answer read it.
 *
 * Written with `zod/mini` (the same schemas as `zod`, as functions) because this module is bundled
 * into `callsummary render`, which must start in about the time Node does: mini's functions are
 * tree-shaken to ~20 KB, where `zod`'s methods bring all ~450 KB with them.
 *
 * The answer sits under `data.src` or `data.dst`, whichever is present (the documented example asks
 * with src_ext_id and answers under dst), and `created_at` is documented as a string but shown as a
 * number.
 */
const timestamp = z.pipe(
  z.nullish(z.union([z.number(), z.string()])),
  z.transform((v) => {
    if (v === null || v === undefined || v === '') return null;
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }),
);

const summarySchema = z.looseObject({
  id: z.nullish(z.coerce.number()),
  call_id: z.nullish(z.string()),
  // A present key with no text yet (null/"") is "no summary", not a malformed answer.
  summary: z.nullish(z.string()),
  created_at: timestamp,
  updated_at: timestamp,
  avatar: z.nullish(z.string()),
  name: z.nullish(z.string()),
  ext_num: z.nullish(z.coerce.string()),
});

export const summaryAnswerSchema = z.looseObject({
  // PHP-style backends send [] for an empty object; both mean "nothing".
  data: z.optional(
    z.union([
      z.looseObject({ src: z.nullish(summarySchema), dst: z.nullish(summarySchema) }),
      z.array(z.unknown()).check(z.maxLength(0)),
      z.null(),
    ]),
  ),
});

export type SummaryAnswer = z.output<typeof summaryAnswerSchema>;

/**
 * The summary a validated answer holds, or null for "no summary". Without `asked` (a pasted answer in
 * `callsummary render`) the leg id comes from `call_id` and the side from the key.
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
