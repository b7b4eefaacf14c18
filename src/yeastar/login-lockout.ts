import type { LoginLockout } from './token-store.js';

/**
 * When no login may be tried, from two records of consecutive rejected logins: one for these
 * credentials, one for the PBX whatever the credentials. The PBX blocks the IP at the 5th failed
 * login in a row, with any mix of secrets, so the PBX-wide count stops before it; the per-credentials
 * count stops a wrong secret long before that, with a cool-down between its tries. Pure.
 *
 * The PBX-wide record has no cool-down of its own: its limit alone keeps the IP from being blocked,
 * and a cool-down would also hold back a corrected secret, or a replica whose secret is right.
 */

/** Rejected logins allowed with one set of credentials. */
export const MAX_FAILED_LOGINS = 2;
/** Rejected logins allowed to one PBX, whatever the credentials: it blocks the IP at the 5th. */
export const MAX_PBX_FAILED_LOGINS = 4;
/** What the PBX tolerates, for messages. */
const PBX_BLOCKS_AT = 5;

export type LoginScope = 'credentials' | 'pbx';

export interface LoginRecords {
  /** The record of these credentials (`credentialsKey`). */
  readonly credentials: LoginLockout | undefined;
  /** The record of the PBX, whatever the credentials (`pbxLoginKey`). */
  readonly pbx: LoginLockout | undefined;
}

export const NO_LOGIN_RECORDS: LoginRecords = { credentials: undefined, pbx: undefined };

/** Why no login is tried now: which record stops it, and whether time alone will lift it. */
export interface LoginBar {
  readonly scope: LoginScope;
  readonly record: LoginLockout;
  /** No time brings a retry: only a success elsewhere, new credentials, or the record's end. */
  readonly final: boolean;
}

/**
 * The failures after which no login is tried: the limit, or 1 when only this host's count is known
 * (the shared store did not answer), since the other replicas may have failed meanwhile too.
 */
export function allowedFailures(record: LoginLockout, scope: LoginScope): number {
  if (record.partial) return 1;
  return scope === 'pbx' ? MAX_PBX_FAILED_LOGINS : MAX_FAILED_LOGINS;
}

/** The bar on logging in now, or undefined when a login may be tried. The PBX-wide one wins: it is final. */
export function loginBar(records: LoginRecords, now: number): LoginBar | undefined {
  const { pbx, credentials } = records;
  if (pbx && pbx.failures >= allowedFailures(pbx, 'pbx')) return { scope: 'pbx', record: pbx, final: true };
  if (!credentials) return undefined;
  const final = credentials.failures >= allowedFailures(credentials, 'credentials');
  return final || now < credentials.lockedUntil
    ? { scope: 'credentials', record: credentials, final }
    : undefined;
}

/**
 * The log line after a rejected login, with both counts. Given only the reason (an errcode or a code)
 * and the counts: never the credentials.
 */
export function loginFailedLine(
  why: string,
  records: { readonly credentials: LoginLockout; readonly pbx: LoginLockout },
  cooldownMs: number,
  now: number,
): string {
  const ours = `${records.credentials.failures}/${allowedFailures(records.credentials, 'credentials')}`;
  const pbxCount = `${records.pbx.failures}/${allowedFailures(records.pbx, 'pbx')}`;
  const bar = loginBar(records, now);
  if (bar?.scope === 'pbx') {
    return `PBX login failed (${why}; ${pbxCount} failed logins to this PBX in a row, whatever the credentials); no more login attempts with any credentials: the PBX blocks the IP after ${PBX_BLOCKS_AT}. Logins resume after the record expires or is deleted (docs/operating.md, Security)`;
  }
  const pbxPart = `${pbxCount} to this PBX whatever the credentials; the PBX blocks the IP after ${PBX_BLOCKS_AT}`;
  return bar?.final
    ? `PBX login failed (${why}; ${ours}); no more login attempts with these credentials (${pbxPart})`
    : `PBX login failed (${why}; ${ours}); no login attempts for ${Math.round(cooldownMs / 1000)} s (${pbxPart})`;
}
