import { z } from 'zod';
import type { ExtensionRecord } from '../use-case/ports.js';
import type { PbxHttp } from './http.js';
import { type PagedList, pagedListSchema, pagedRows } from './paged-list.js';
import type { TokenManager } from './tokens.js';

export const EXTENSION_LIST_PAGE_SIZE = 100;
const EXTENSION_LIST: PagedList = {
  path: '/openapi/v1.0/extension/list',
  what: 'extension_list',
  pageSize: EXTENSION_LIST_PAGE_SIZE,
  // 20,000 extensions.
  maxPages: 200,
};

const rowSchema = z.looseObject({
  id: z.coerce.number().int().nonnegative(),
  number: z.coerce.string().transform((s) => s.trim()),
  caller_id_name: z.string().nullish(),
  email_addr: z.string().nullish(),
});

/** Every extension (number, name, email), read page by page. */
export async function listExtensions(http: PbxHttp, tokens: TokenManager): Promise<ExtensionRecord[]> {
  const byId = new Map<number, ExtensionRecord>();
  for await (const candidate of pagedRows(http, tokens, EXTENSION_LIST)) {
    // One odd row (no id, no number) must not cost the whole directory.
    const row = rowSchema.safeParse(candidate);
    if (!row.success || row.data.number === '') continue;
    // Keyed by id: an extension added while pages are read can shift one onto the next page twice.
    byId.set(row.data.id, {
      id: row.data.id,
      number: row.data.number,
      name: (row.data.caller_id_name ?? '').trim(),
      email: (row.data.email_addr ?? '').trim(),
    });
  }
  return [...byId.values()];
}

/**
 * One `page_size=1` page of the extension list: proves the API application may read the directory
 * (`callsummary doctor`) without reading a large PBX's every extension.
 */
export async function probeExtensionList(http: PbxHttp, tokens: TokenManager): Promise<void> {
  await tokens.withToken((token) =>
    http.call(
      {
        method: 'GET',
        path: EXTENSION_LIST.path,
        query: { page: 1, page_size: 1 },
        token,
        what: EXTENSION_LIST.what,
      },
      pagedListSchema,
    ),
  );
}
