import { z } from 'zod';
import type { PbxRequestName } from '../shared/errors.js';
import type { GroupRecord } from '../use-case/ports.js';
import { PbxApiError } from './errcodes.js';
import type { PbxHttp } from './http.js';
import { pagedRows } from './paged-list.js';
import type { TokenManager } from './tokens.js';

/**
 * The PBX's call queues (`queue/list`) and ring groups (`ringgroup/list`), v1.0 like the extension
 * list, read page by page. A queue call's callee in the CDR and the AI export is the queue's number,
 * not the agent's extension [I]: knowing these numbers lets an answer say "the callee is queue 6400"
 * instead of "an outside number". Field names are tolerant (`number`/`extension`, `name`); a PBX or
 * an API application that cannot list them (10001, 10005) has none, and nothing else fails.
 */
const PAGE_SIZE = 100;
const MAX_PAGES = 20;

const rowSchema = z.looseObject({
  id: z.coerce.number().int().nonnegative(),
  number: z.coerce.string().nullish(),
  extension: z.coerce.string().nullish(),
  name: z.coerce.string().nullish(),
});

const ENDPOINTS = [
  { kind: 'queue', path: '/openapi/v1.0/queue/list', what: 'queue_list' },
  { kind: 'ring_group', path: '/openapi/v1.0/ringgroup/list', what: 'ring_group_list' },
] as const;

/** Errcodes that mean "this PBX or this API application has no such list": none, not a failure. */
const UNAVAILABLE = new Set([10001, 10005]);

export async function listGroups(http: PbxHttp, tokens: TokenManager): Promise<GroupRecord[]> {
  const groups: GroupRecord[] = [];
  for (const { kind, path, what } of ENDPOINTS) {
    try {
      groups.push(...(await listKind(http, tokens, kind, path, what)));
    } catch (error) {
      if (error instanceof PbxApiError && UNAVAILABLE.has(error.errcode)) continue;
      throw error;
    }
  }
  return groups;
}

async function listKind(
  http: PbxHttp,
  tokens: TokenManager,
  kind: GroupRecord['kind'],
  path: string,
  what: PbxRequestName,
): Promise<GroupRecord[]> {
  const found: GroupRecord[] = [];
  for await (const candidate of pagedRows(http, tokens, {
    path,
    what,
    pageSize: PAGE_SIZE,
    maxPages: MAX_PAGES,
  })) {
    const row = rowSchema.safeParse(candidate);
    const number = (row.success ? (row.data.number ?? row.data.extension ?? '') : '').trim();
    if (!row.success || number === '') continue;
    found.push({ kind, id: row.data.id, number, name: (row.data.name ?? '').trim() });
  }
  return found;
}
