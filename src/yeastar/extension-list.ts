import { z } from 'zod';
import type { ExtensionRecord } from '../use-case/ports.js';
import type { PbxHttp } from './http.js';
import type { TokenManager } from './tokens.js';

export const EXTENSION_LIST_PAGE_SIZE = 100;
/** A bound on pages read (20,000 extensions), whatever `total_number` claims. */
const EXTENSION_LIST_MAX_PAGES = 200;

const listSchema = z.object({
  total_number: z.coerce.number().int().nonnegative().nullish(),
  data: z
    .array(z.unknown())
    .nullish()
    .transform((rows) => rows ?? []),
});

const rowSchema = z.looseObject({
  id: z.coerce.number().int().nonnegative(),
  number: z.coerce.string().transform((s) => s.trim()),
  caller_id_name: z.string().nullish(),
  email_addr: z.string().nullish(),
});

export async function listExtensions(http: PbxHttp, tokens: TokenManager): Promise<ExtensionRecord[]> {
  const byId = new Map<number, ExtensionRecord>();
  let seen = 0;
  for (let page = 1; page <= EXTENSION_LIST_MAX_PAGES; page++) {
    const body = await tokens.withToken((token) =>
      http.call(
        {
          method: 'GET',
          path: '/openapi/v1.0/extension/list',
          query: { page, page_size: EXTENSION_LIST_PAGE_SIZE },
          token,
          what: 'extension_list',
        },
        listSchema,
      ),
    );
    for (const candidate of body.data) {
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
    seen += body.data.length;
    const lastPage =
      body.data.length === 0 ||
      (body.total_number === null || body.total_number === undefined
        ? body.data.length < EXTENSION_LIST_PAGE_SIZE
        : seen >= body.total_number);
    if (lastPage) break;
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
        path: '/openapi/v1.0/extension/list',
        query: { page: 1, page_size: 1 },
        token,
        what: 'extension_list',
      },
      listSchema,
    ),
  );
}
