import { CallSummaryError, type PbxRequestName } from '../shared/errors.js';

/**
 * Where the PBX API lives. A path in YEASTAR_BASE_URL (a reverse proxy's prefix such as
 * `https://gw.example.com/pbx`) is kept in front of every API path; an API path pasted by mistake
 * (`…/openapi` or `…/openapi/v1.0`) is dropped, since the client adds the version per endpoint.
 */
export interface PbxApiBase {
  readonly origin: string;
  readonly basePath: string;
}

export function pbxApiBase(baseUrl: string): PbxApiBase {
  const url = new URL(baseUrl);
  const basePath = url.pathname.replace(/\/+$/, '').replace(/\/openapi(\/v\d+(\.\d+)?)?$/i, '');
  return { origin: url.origin, basePath };
}

/** `{base}{path}`: the base URL's own path is kept (new URL('/x', base) would drop it). */
function pbxApiUrl(baseUrl: string, path: string): URL {
  const { origin, basePath } = pbxApiBase(baseUrl);
  return new URL(`${origin}${basePath}${path.startsWith('/') ? path : `/${path}`}`);
}

/** An API request's URL: its query, then the token as `?access_token=` (the PBX ignores headers). */
export function pbxRequestUrl(
  baseUrl: string,
  path: string,
  query: Readonly<Record<string, string | number>>,
  token?: string,
): URL {
  const url = pbxApiUrl(baseUrl, path);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, String(value));
  if (token !== undefined) url.searchParams.set('access_token', token);
  return url;
}

const SUBSCRIBE_PATH = '/openapi/v1.0/subscribe';

/** The event WebSocket's URL: the API's own base, in ws(s) (reference §6.1). */
export function subscribeUrl(baseUrl: string, token: string): string {
  const url = pbxRequestUrl(baseUrl, SUBSCRIBE_PATH, {}, token);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

const DOWNLOAD: PbxRequestName = 'export_download';

/**
 * The URL of a file the PBX offers (`download_resource_url`), which the token will be sent to: only
 * the PBX itself, and only its `/api/download/` area. The PBX names a root-relative `/api/download/…`;
 * behind a base path (a proxy prefix) it lives under that path too.
 */
export function pbxDownloadUrl(baseUrl: string, resourceUrl: string, token: string): URL {
  const { origin, basePath } = pbxApiBase(baseUrl);
  let url: URL;
  try {
    const rootRelative = resourceUrl.startsWith('/') && !resourceUrl.startsWith('//');
    const underBase = basePath !== '' && resourceUrl.startsWith(`${basePath}/api/download/`);
    url =
      rootRelative && !underBase
        ? new URL(`${origin}${basePath}${resourceUrl}`)
        : new URL(resourceUrl, `${origin}${basePath}/`);
  } catch {
    throw new CallSummaryError('pbx_bad_response', { what: DOWNLOAD, problem: 'link_not_url' });
  }
  if (url.origin !== origin || !url.pathname.startsWith(`${basePath}/api/download/`)) {
    throw new CallSummaryError('pbx_bad_response', { what: DOWNLOAD, problem: 'link_elsewhere' });
  }
  url.searchParams.set('access_token', token);
  return url;
}
