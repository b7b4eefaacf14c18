import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { type Answer, parameterError, pbxAnswer, safeJson } from './answer.js';

/** Default credentials of the simulator (never a real PBX's). */
export const SIM_CLIENT_ID = 'callsummary-sim';
export const SIM_CLIENT_SECRET = 'sim-secret-not-for-production';

/** Consecutive failed logins after which an IP is blocked (reference §2). */
const MAX_FAILED_LOGINS = 5;

export interface TokenOptions {
  clientId: string;
  clientSecret: string;
  accessTtlMs: number;
  refreshTtlMs: number;
  maxValidTokens: number;
  now: () => number;
}

/** The PBX's login side: token pairs, refresh, revocation, and the failed-login IP block. */
export interface TokenAuthority {
  getToken(ip: string, rawBody: string): Answer;
  refresh(rawBody: string): Answer;
  revoke(accessToken: string): void;
  isValidAccessToken(accessToken: string): boolean;
  readonly validCount: number;
  /** Every access token issued so far answers 10004 from now on. */
  expireAll(): void;
  isBlocked(ip: string): boolean;
  unblockAll(): void;
}

interface TokenRecord {
  expiresAt: number;
  revoked: boolean;
}

const tokenBody = z.object({ username: z.string(), password: z.string() });
const refreshBody = z.object({ refresh_token: z.string() });

export function createTokenAuthority(options: TokenOptions): TokenAuthority {
  const { now } = options;
  const accessTokens = new Map<string, TokenRecord>();
  const refreshTokens = new Map<string, TokenRecord>();
  const failedLogins = new Map<string, number>();
  const blocked = new Set<string>();

  const isValid = (record: TokenRecord | undefined): record is TokenRecord =>
    record !== undefined && !record.revoked && record.expiresAt > now();
  const validCount = () => [...accessTokens.values()].filter(isValid).length;
  const newToken = () => randomBytes(16).toString('hex');

  const issuePair = (): Answer => {
    const access = newToken();
    const refresh = newToken();
    accessTokens.set(access, { expiresAt: now() + options.accessTtlMs, revoked: false });
    refreshTokens.set(refresh, { expiresAt: now() + options.refreshTtlMs, revoked: false });
    return pbxAnswer(0, 'SUCCESS', {
      access_token_expire_time: Math.round(options.accessTtlMs / 1000),
      access_token: access,
      refresh_token_expire_time: Math.round(options.refreshTtlMs / 1000),
      refresh_token: refresh,
    });
  };

  // Code inferred: the Cloud docs state the 8-token limit but not its errcode; 60002 is the error
  // table's "MAX LIMITATION EXCEEDED" (the existing quantity has reached the limit).
  const atTokenLimit = () => validCount() >= options.maxValidTokens;

  return {
    getToken(ip, rawBody) {
      const parsed = tokenBody.safeParse(safeJson(rawBody));
      if (!parsed.success) return parameterError([{ field: 'username' }]);
      if (parsed.data.username !== options.clientId || parsed.data.password !== options.clientSecret) {
        const failures = (failedLogins.get(ip) ?? 0) + 1;
        failedLogins.set(ip, failures);
        if (failures >= MAX_FAILED_LOGINS) blocked.add(ip);
        return pbxAnswer(-1, 'FAILURE', {
          invalid_param_list: [{ field: 'username or password', value: 'error' }],
        });
      }
      failedLogins.delete(ip);
      if (atTokenLimit()) return pbxAnswer(60002, 'MAX LIMITATION EXCEEDED');
      return issuePair();
    },
    refresh(rawBody) {
      const parsed = refreshBody.safeParse(safeJson(rawBody));
      if (!parsed.success) return parameterError([{ field: 'refresh_token' }]);
      const record = refreshTokens.get(parsed.data.refresh_token);
      if (!isValid(record)) return pbxAnswer(10004, 'TOKEN EXPIRED');
      record.revoked = true; // single use
      if (atTokenLimit()) return pbxAnswer(60002, 'MAX LIMITATION EXCEEDED');
      return issuePair();
    },
    revoke(accessToken) {
      const record = accessTokens.get(accessToken);
      if (record) record.revoked = true;
    },
    isValidAccessToken: (accessToken) => isValid(accessTokens.get(accessToken)),
    get validCount() {
      return validCount();
    },
    expireAll() {
      for (const record of accessTokens.values()) record.revoked = true;
    },
    isBlocked: (ip) => blocked.has(ip),
    unblockAll() {
      blocked.clear();
      failedLogins.clear();
    },
  };
}
