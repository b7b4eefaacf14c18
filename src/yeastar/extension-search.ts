import { z } from 'zod';
import type { PbxHttp } from './http.js';
import type { TokenManager } from './tokens.js';

/**
 * Extension number → extension id (the `src_ext_id`/`dst_ext_id` of getaisummary). v1.0 on purpose:
 * on a live P570, v2.0 answered 10001 for every non-CDR path (reference §1.2). `search_value` is a
 * "search keyword" (matching undocumented, likely substring), so only an exact `number` match counts,
 * and the exact match may sit beyond the first page (searching "100" also finds 1000–1009, 2100, …):
 * pages are read until it is found or `total_number` rows have been seen.
 */
const EXTENSION_PAGE_SIZE = 100;
/** A bound on pages read for one number (10,000 rows), whatever `total_number` claims. */
const EXTENSION_MAX_PAGES = 100;

const searchSchema = z.object({
  total_number: z.coerce.number().int().nonnegative().nullish(),
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
  const wanted = number.trim();
  let seen = 0;
  for (let page = 1; page <= EXTENSION_MAX_PAGES; page++) {
    const body = await tokens.withToken((token) =>
      http.call(
        {
          method: 'GET',
          path: '/openapi/v1.0/extension/search',
          query: { search_value: wanted, page, page_size: EXTENSION_PAGE_SIZE },
          token,
          what: 'extension_search',
        },
        searchSchema,
      ),
    );
    // Exact text: "0123" and "123" are different extensions.
    const found = body.data.find((row) => row.number.trim() === wanted);
    if (found) return found.id;
    if (body.data.length === 0) return undefined;
    seen += body.data.length;
    const lastPage =
      body.total_number === null || body.total_number === undefined
        ? body.data.length < EXTENSION_PAGE_SIZE
        : seen >= body.total_number;
    if (lastPage) return undefined;
  }
  return undefined;
}

/**
 * One `page_size=1` extension search: proves the endpoint answers and the API application may use it
 * (`callsummary doctor`), without paging through a large PBX's extensions.
 */
export async function probeExtensionSearch(http: PbxHttp, tokens: TokenManager): Promise<void> {
  await tokens.withToken((token) =>
    http.call(
      {
        method: 'GET',
        path: '/openapi/v1.0/extension/search',
        query: { search_value: '0', page: 1, page_size: 1 },
        token,
        what: 'extension_search',
      },
      searchSchema,
    ),
  );
}
