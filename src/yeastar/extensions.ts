import { z } from 'zod';
import type { PbxHttp } from './http.js';
import type { TokenManager } from './tokens.js';

/**
 * Extension number → extension id (the `src_ext_id`/`dst_ext_id` of getaisummary). v1.0 on purpose:
 * on a live P570, v2.0 answered 10001 for every non-CDR path (reference §1.2). `search_value` matching
 * is undocumented (likely substring), so only an exact `number` match counts.
 */
const searchSchema = z.object({
  data: z
    .array(z.looseObject({ id: z.coerce.number().int(), number: z.coerce.string() }))
    .nullish()
    .transform((rows) => rows ?? []),
});

export async function searchExtensionId(
  http: PbxHttp,
  tokens: TokenManager,
  number: string,
): Promise<number | undefined> {
  const body = await tokens.withToken((token) =>
    http.call(
      {
        method: 'GET',
        path: '/openapi/v1.0/extension/search',
        query: { search_value: number, page: 1, page_size: 50 },
        token,
        what: 'the extension search',
      },
      searchSchema,
    ),
  );
  return body.data.find((row) => row.number === number)?.id;
}
