import { z } from 'zod';
import type { PbxRequestName } from '../shared/errors.js';
import type { PbxHttp } from './http.js';
import type { TokenManager } from './tokens.js';

/** A v1.0 list answer: `total_number` and one page of `data` (either may be missing or null). */
export const pagedListSchema = z.object({
  total_number: z.coerce.number().int().nonnegative().nullish(),
  data: z
    .array(z.unknown())
    .nullish()
    .transform((rows) => rows ?? []),
});

export interface PagedList {
  readonly path: string;
  readonly what: PbxRequestName;
  readonly pageSize: number;
  /** A bound on pages read, whatever `total_number` claims. */
  readonly maxPages: number;
}

/**
 * Every row of a v1.0 list (`extension/list`, `queue/list`, `ringgroup/list`), page by page, as the
 * PBX wrote it: each reader validates its own rows. The last page is an empty one, the one that
 * reaches `total_number`, or, without a total, a short one.
 */
export async function* pagedRows(
  http: PbxHttp,
  tokens: TokenManager,
  list: PagedList,
): AsyncGenerator<unknown> {
  let seen = 0;
  for (let page = 1; page <= list.maxPages; page++) {
    const body = await tokens.withToken((token) =>
      http.call(
        {
          method: 'GET',
          path: list.path,
          query: { page, page_size: list.pageSize },
          token,
          what: list.what,
        },
        pagedListSchema,
      ),
    );
    yield* body.data;
    seen += body.data.length;
    const total = body.total_number;
    if (body.data.length === 0 || (total == null ? body.data.length < list.pageSize : seen >= total)) return;
  }
}
