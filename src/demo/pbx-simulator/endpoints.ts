import { getAiContext } from './ai-context.js';
import type { AiExport } from './ai-export.js';
import { type Answer, parameterError, pbxAnswer } from './answer.js';
import type { PbxSimulator, SimExtension, SimGroup, SimSide, SimSummary } from './index.js';
import type { PbxData } from './pbx-data.js';
import type { TokenAuthority } from './tokens.js';

export type SummarySettings = Pick<PbxSimulator, 'summaryKey' | 'noSummaryStyle'>;

/** `system/information` (v1.0, Query PBX Information): the PBX's clock and how it shows times. */
export type SystemInformation = () => Record<string, unknown>;

/** Answers one OpenAPI request that got past the transport checks (User-Agent, IP block, body size). */
export type Router = (method: string, url: URL, rawBody: string, ip: string) => Answer;

type Handler = (url: URL) => Answer;

export function createRouter(deps: {
  data: PbxData;
  tokens: TokenAuthority;
  aiExport: AiExport;
  settings: SummarySettings;
  groups: readonly SimGroup[];
  systemInformation: SystemInformation;
}): Router {
  const { data, tokens, aiExport, settings, groups } = deps;
  const tokenOk = (url: URL) => tokens.isValidAccessToken(url.searchParams.get('access_token') ?? '');

  // Live PBXs serve extensions on v1.0 only and CDR/AI on v2.0 only (reference §1.2).
  const authorised: Record<string, Handler> = {
    'GET /openapi/v1.0/del_token': (url) => {
      tokens.revoke(url.searchParams.get('access_token') ?? '');
      return pbxAnswer(0, 'SUCCESS');
    },
    'GET /openapi/v1.0/system/information': () => pbxAnswer(0, 'SUCCESS', { data: deps.systemInformation() }),
    'GET /openapi/v1.0/extension/search': (url) => extensionSearch(data, url),
    'GET /openapi/v1.0/extension/list': (url) => extensionList(data, url),
    'GET /openapi/v1.0/queue/list': (url) => groupPage(groups, 'queue', url),
    'GET /openapi/v1.0/ringgroup/list': (url) => groupPage(groups, 'ring_group', url),
    'GET /openapi/v2.0/cdr/getaicontext': (url) => getAiContext(data, url),
    'GET /openapi/v2.0/cdr/getaisummary': (url) => getAiSummary(data, settings, url),
    'GET /openapi/v2.0/cdr/aidownload': (url) => aiExport.aiDownload(url),
  };

  return (method, url, rawBody, ip) => {
    const { pathname } = url;
    if (pathname === '/openapi/v1.0/get_token' && method === 'POST') return tokens.getToken(ip, rawBody);
    if (pathname === '/openapi/v1.0/refresh_token' && method === 'POST') return tokens.refresh(rawBody);
    if (pathname.startsWith('/api/download/') && method === 'GET') {
      if (!tokenOk(url)) return pbxAnswer(10004, 'TOKEN EXPIRED');
      return aiExport.download(pathname);
    }
    const handler = authorised[`${method} ${pathname}`];
    if (!handler) return pbxAnswer(10001, 'INTERFACE NOT EXISTED');
    if (!tokenOk(url)) return pbxAnswer(10004, 'TOKEN EXPIRED');
    return handler(url);
  };
}

function extensionSearch(data: PbxData, url: URL): Answer {
  const value = (url.searchParams.get('search_value') ?? '').toLowerCase();
  const matches = data.extensions.filter(
    (e) => e.number.toLowerCase().includes(value) || e.name.toLowerCase().includes(value),
  );
  return extensionPage(matches, url);
}

/** `extension/list`: every extension, page by page, in the order they were created (by id). */
function extensionList(data: PbxData, url: URL): Answer {
  return extensionPage(
    [...data.extensions].sort((a, b) => a.id - b.id),
    url,
  );
}

/** `queue/list`, `ringgroup/list` (v1.0): id, number and name of each, page by page. */
function groupPage(groups: readonly SimGroup[], kind: SimGroup['kind'], url: URL): Answer {
  const page = Math.max(1, Number(url.searchParams.get('page') ?? '1') || 1);
  const pageSize = Math.max(1, Number(url.searchParams.get('page_size') ?? '20') || 20);
  const matches = groups.filter((g) => g.kind === kind);
  const rows = matches
    .slice((page - 1) * pageSize, page * pageSize)
    .map((g) => ({ id: g.id, number: g.number, name: g.name }));
  return pbxAnswer(0, 'SUCCESS', { total_number: matches.length, data: rows });
}

function extensionPage(matches: readonly SimExtension[], url: URL): Answer {
  const page = Math.max(1, Number(url.searchParams.get('page') ?? '1') || 1);
  const pageSize = Math.max(1, Number(url.searchParams.get('page_size') ?? '20') || 20);
  const rows = matches.slice((page - 1) * pageSize, page * pageSize).map((e) => ({
    id: e.id,
    number: e.number,
    caller_id_name: e.name,
    email_addr: e.email ?? '',
    online_status: {
      sip_phone: { status: 1 },
      linkus_desktop: { status: 0 },
      linkus_mobile: { status: 0 },
    },
    presence_status: 'available',
    type: 'SIP',
  }));
  return pbxAnswer(0, 'SUCCESS', { total_number: matches.length, data: rows });
}

function getAiSummary(data: PbxData, settings: SummarySettings, url: URL): Answer {
  const cdrId = url.searchParams.get('cdr_id') ?? '';
  const src = url.searchParams.get('src_ext_id');
  const dst = url.searchParams.get('dst_ext_id');
  const invalid: { field: string; value?: string }[] = [];
  if (!cdrId) invalid.push({ field: 'cdr_id' });
  if ((src === null) === (dst === null)) invalid.push({ field: 'src_ext_id or dst_ext_id' });
  const idText = src ?? dst ?? '';
  if (!/^\d+$/.test(idText) && idText !== '')
    invalid.push({ field: src !== null ? 'src_ext_id' : 'dst_ext_id', value: idText });
  if (invalid.length > 0) return parameterError(invalid);
  const side: SimSide = src !== null ? 'caller' : 'callee';
  const leg = data.leg(cdrId);
  const ext = data.extensionById(Number(idText));
  const party = leg && (side === 'caller' ? leg.callFrom : leg.callTo);
  const summary = leg && ext && ext.number === party ? leg.summaries[side] : undefined;
  if (!leg || !summary) {
    return settings.noSummaryStyle === 'empty-data'
      ? pbxAnswer(0, 'SUCCESS', { data: {} })
      : pbxAnswer(60001, 'DATA NOT FOUND');
  }
  const shape = (one: SimSummary) => ({
    id: one.id,
    call_id: leg.legId,
    summary: one.html,
    created_at: one.createdAt,
    updated_at: one.updatedAt,
    avatar: one.avatar ?? '',
    name: one.name,
    ext_num: one.extNum,
  });
  if (settings.summaryKey === 'both') {
    const both: Record<string, unknown> = {};
    if (leg.summaries.caller) both.src = shape(leg.summaries.caller);
    if (leg.summaries.callee) both.dst = shape(leg.summaries.callee);
    return pbxAnswer(0, 'SUCCESS', { data: both });
  }
  const key = settings.summaryKey === 'match' ? (side === 'caller' ? 'src' : 'dst') : settings.summaryKey;
  return pbxAnswer(0, 'SUCCESS', { data: { [key]: shape(summary) } });
}
