import { type ErrorCode, isCallSummaryError } from '../shared/errors.js';
import type { PbxHttp } from './http.js';

/**
 * How the last PBX request (after its retries) ended, for readiness: a replica whose PBX stopped
 * answering says so, even while it still holds a valid token.
 */
export interface PbxExchange {
  /** The PBX answered usably: data, or an errcode about the request itself (not found, token expired). */
  readonly ok: boolean;
  /** Unix ms when it ended. */
  readonly at: number;
  /** Why it failed. */
  readonly code?: ErrorCode | undefined;
}

/**
 * Failures that say the PBX cannot serve this app right now: no answer, an unusable answer, or a
 * refusal of the app itself. An errcode about one request (`pbx_api`: no such record, bad parameter,
 * an expired token the client renews) means the PBX is working.
 */
const PBX_FAILING: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'pbx_unreachable',
  'pbx_timeout',
  'pbx_bad_response',
  'pbx_credentials_rejected',
  'pbx_ip_blocked',
  'pbx_permission',
  'pbx_token_limit',
]);

/** `http` with the outcome of each call and download remembered; `last()` reads it. */
export function recordLastExchange(
  http: PbxHttp,
  now: () => number = Date.now,
): { readonly http: PbxHttp; last(): PbxExchange | undefined } {
  let last: PbxExchange | undefined;
  async function recorded<T>(work: Promise<T>): Promise<T> {
    try {
      const value = await work;
      last = { ok: true, at: now() };
      return value;
    } catch (error) {
      const code = isCallSummaryError(error) ? error.code : undefined;
      last = { ok: code !== undefined && !PBX_FAILING.has(code), at: now(), code };
      throw error;
    }
  }
  return {
    http: {
      ...http,
      call: (request, schema) => recorded(http.call(request, schema)),
      download: (resourceUrl, token, maxBytes, read) =>
        recorded(http.download(resourceUrl, token, maxBytes, read)),
    },
    last: () => last,
  };
}

/**
 * For readiness: false while the last exchange failed, however long ago (a PBX that is still down
 * stays failing; the readiness probe, src/compose/pbx-probe.ts, asks it again meanwhile).
 */
export function pbxAnswering(last: PbxExchange | undefined): boolean {
  return last === undefined || last.ok;
}
