import { type Answer, parameterError, pbxAnswer } from './answer.js';
import type { SimLeg } from './index.js';
import type { PbxData } from './pbx-data.js';
import { placeholderTranscript } from './sample-data.js';

/**
 * `GET /openapi/v2.0/cdr/getaicontext?cdr_ids=<leg,…>&limit=&offset=` (reference §4, Get AI Call
 * Transcript): `data` grouped by call leg as documented, `leg_1`, `leg_2`… in the order asked, each
 * `{context: [...]}`; `limit` and `offset` work only
 * together, `offset` is a page number from 1, and the answer's top-level `offset` is the next page or
 * −1 when there is none. Without them, the whole transcript.
 */
export function getAiContext(data: PbxData, url: URL): Answer {
  const ids = (url.searchParams.get('cdr_ids') ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (ids.length === 0) return parameterError([{ field: 'cdr_ids' }]);
  const limitText = url.searchParams.get('limit');
  const offsetText = url.searchParams.get('offset');
  if ((limitText === null) !== (offsetText === null)) {
    return parameterError([{ field: limitText === null ? 'limit' : 'offset' }]);
  }
  const limit = limitText === null ? undefined : Number(limitText);
  const offset = offsetText === null ? undefined : Number(offsetText);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    return parameterError([{ field: 'limit', value: limitText }]);
  }
  if (offset !== undefined && (!Number.isInteger(offset) || offset < 1)) {
    return parameterError([{ field: 'offset', value: offsetText }]);
  }
  const answer: Record<string, { context: unknown[] }> = {};
  let more = false;
  for (const [index, id] of ids.entries()) {
    const leg = data.leg(id);
    if (!leg) continue;
    const items = contextItems(data, leg);
    const from = limit === undefined || offset === undefined ? 0 : (offset - 1) * limit;
    const to = limit === undefined ? items.length : from + limit;
    answer[`leg_${index + 1}`] = { context: items.slice(from, to) };
    if (to < items.length) more = true;
  }
  return pbxAnswer(0, 'SUCCESS', { offset: more && offset !== undefined ? offset + 1 : -1, data: answer });
}

function contextItems(data: PbxData, leg: SimLeg): Record<string, unknown>[] {
  const lines = leg.transcript ?? placeholderTranscript(leg);
  const callStart = Number(leg.uid.split('.')[0]) || 0;
  return lines.map((line, i) => {
    const next = lines[i + 1];
    const extension = data.extensions.find((e) => e.number === line.speaker);
    return {
      id: i + 1,
      content: line.content,
      created_at: callStart + Math.floor(line.atMs / 1000),
      timestamp: line.atMs,
      duration: next ? Math.max(1, Math.round((next.atMs - line.atMs) / 1000)) : 2,
      source_number: line.speaker,
      type: 'speak',
      avatar: '',
      name: extension?.name ?? '',
    };
  });
}
