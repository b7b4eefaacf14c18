import { z } from 'zod';
import { CallSummaryError, isCallSummaryError } from '../shared/errors.js';
import type { Logger } from '../shared/log.js';
import { type Metrics, NO_METRICS } from '../shared/metrics.js';
import { createSingleFlight } from '../shared/single-flight.js';
import { PbxApiError, TOKEN_EXPIRED } from './errcodes.js';
import type { PbxHttp } from './http.js';
import {
  type LoginBar,
  type LoginRecords,
  loginBar,
  loginFailedLine,
  NO_LOGIN_RECORDS,
} from './login-lockout.js';
import { isTransientFailure } from './retry.js';
import { credentialsKey, pbxLoginKey, type StoredToken, type TokenStore } from './token-store.js';

/**
 * The one PBX access token every caller shares (the PBX allows at most 8 per app). Single-flight
 * acquisition, renewal ahead of expiry (refresh_token first, get_token once as fallback), one retry on
 * 10004 with compare-and-swap invalidation, and a login lockout: the PBX blocks an IP after 5
 * consecutive failed logins, whatever the credentials, so after a rejected login we stop logging in
 * with those credentials for the cool-down and never allow more than 2 consecutive failures with them,
 * nor more than 4 with any credentials (src/yeastar/login-lockout.ts). Both records are kept in the
 * token store, keyed by a digest of the credentials and of the PBX's address, so they are shared as the
 * token is (replicas through Redis, processes on one host through a file): new credentials start
 * afresh, but only within what the PBX still tolerates.
 *
 * The token this process holds (value and expiry) is kept in its own memory and used while it is
 * fresh, whatever the shared store says and whether it answers: the store is where replicas meet, not
 * the only copy. So a Redis outage costs each replica at most one get_token per token lifetime (plus
 * refreshes), never one per request, and a renewal that fails falls back to the held token while the
 * PBX still accepts it.
 */

const tokenSchema = z.object({
  access_token: z.string().min(1),
  access_token_expire_time: z.coerce.number().positive(),
  refresh_token: z.string().min(1),
  refresh_token_expire_time: z.coerce.number().positive(),
});

const MAX_RENEW_MARGIN_MS = 60_000;
const TOKEN_LIMIT_BACKOFF_MS = 5 * 60_000;

export interface TokenManagerOptions {
  readonly http: PbxHttp;
  readonly store: TokenStore;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly loginCooldownMs: number;
  readonly logger: Logger;
  readonly now?: () => number;
  /** Logins by outcome, refreshes. */
  readonly metrics?: Metrics;
}

/** What readiness reads: the token manager never logs in to answer it. */
export interface TokenState {
  /** A token is held and the PBX should still accept it. */
  readonly valid: boolean;
  /**
   * Why no login would be tried now, when that is so: the credentials were rejected (the cool-down,
   * or for good after the last allowed failure, or as many logins to this PBX failed as it
   * tolerates, whatever the credentials), or the PBX holds as many tokens as it allows.
   */
  readonly refusal?: 'pbx_credentials_rejected' | 'pbx_token_limit' | undefined;
}

export interface TokenManager {
  /** A valid access token, renewing it when missing or near expiry. */
  token(): Promise<string>;
  /** The token state as last seen, without asking the PBX or the store. */
  state(): TokenState;
  /** The token held, while the PBX should still accept it; never renews (the readiness probe). */
  heldToken(): string | undefined;
  /** Runs `request` with the token; on 10004 for that token, renews once and runs it once more. */
  withToken<T>(request: (token: string) => Promise<T>): Promise<T>;
  /**
   * Best-effort `del_token` of the current token (shutdown: frees one of the PBX's 8 slots). With a
   * shared store, revoking on one replica's shutdown takes the token from the others (they renew on
   * the resulting 10004), so a multi-replica deployment may prefer not to revoke.
   */
  revoke(): Promise<void>;
}

/** Renew at 90 % of the lifetime, but no earlier than 60 s before expiry. */
function renewAt(token: StoredToken, obtainedAt: number): number {
  const lifetime = token.accessExpiresAt - obtainedAt;
  return token.accessExpiresAt - Math.min(MAX_RENEW_MARGIN_MS, Math.max(0, lifetime * 0.1));
}

export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const { http, store, logger: log } = options;
  const now = options.now ?? Date.now;
  const metrics = options.metrics ?? NO_METRICS;
  const flight = createSingleFlight();
  const credentials = credentialsKey(http.baseUrl, options.clientId, options.clientSecret);
  const pbxWide = pbxLoginKey(http.baseUrl);
  /** After 60002 / MAX LIMITATION: tokens free up within 30 minutes; asking again sooner cannot help. */
  let tokenLimit: { until: number; error: CallSummaryError } | undefined;
  /** When each token we stored was obtained (for the 10 % margin); other replicas' tokens use 60 s. */
  const obtained = new Map<string, number>();
  /** The token this process uses while it is fresh (see above). */
  let held: StoredToken | undefined;
  /** The last token the PBX called expired (10004): never taken from the store again. */
  let rejected: string | undefined;
  /** The lockout records as last read or written (for `state`). */
  let lastRecords: LoginRecords = NO_LOGIN_RECORDS;

  const fresh = (token: StoredToken): boolean => {
    const obtainedAt = obtained.get(token.accessToken) ?? token.accessExpiresAt - 10 * MAX_RENEW_MARGIN_MS;
    return now() < renewAt(token, obtainedAt);
  };

  const toStored = (body: z.output<typeof tokenSchema>): StoredToken => {
    const at = now();
    obtained.clear();
    obtained.set(body.access_token, at);
    return {
      accessToken: body.access_token,
      accessExpiresAt: at + body.access_token_expire_time * 1000,
      refreshToken: body.refresh_token,
      refreshExpiresAt: at + body.refresh_token_expire_time * 1000,
    };
  };

  /** A token from the store this process may use: fresh, and not one the PBX already refused. */
  const usable = (token: StoredToken | undefined): token is StoredToken =>
    token !== undefined && token.accessToken !== rejected && fresh(token);

  const adopt = (token: StoredToken): string => {
    held = token;
    return token.accessToken;
  };

  function loginRefused(bar: LoginBar): CallSummaryError {
    return new CallSummaryError('pbx_credentials_rejected', {
      lockedOut: true,
      failedLogins: bar.record.failures,
      ...(bar.scope === 'pbx' ? { anyCredentials: true } : {}),
      // After the last allowed failure no time brings a retry: only new credentials (or the record's end).
      ...(bar.final ? {} : { retryAfter: new Date(bar.record.lockedUntil).toISOString() }),
    });
  }

  async function login(): Promise<StoredToken> {
    const [ours, pbx] = await Promise.all([store.loginLockout(credentials), store.loginLockout(pbxWide)]);
    lastRecords = { credentials: ours, pbx };
    const bar = loginBar(lastRecords, now());
    if (bar) {
      metrics.pbxLogin('locked_out');
      throw loginRefused(bar);
    }
    if (tokenLimit && now() < tokenLimit.until) {
      metrics.pbxLogin('token_limit');
      throw tokenLimit.error;
    }
    try {
      const body = await http.call(
        {
          method: 'POST',
          path: '/openapi/v1.0/get_token',
          body: { username: options.clientId, password: options.clientSecret },
          what: 'login',
          login: true,
        },
        tokenSchema,
      );
      metrics.pbxLogin('ok');
      // The PBX's count of failures in a row ends with a success too.
      await Promise.all([store.clearLoginLockout(credentials), store.clearLoginLockout(pbxWide)]);
      lastRecords = NO_LOGIN_RECORDS;
      tokenLimit = undefined;
      return toStored(body);
    } catch (error) {
      metrics.pbxLogin(loginOutcome(error));
      // The PBX counts failed authentications whatever errcode its firmware answers them with, so
      // every answer to a login that asking again would not change counts, except the token limit.
      if (isCallSummaryError(error) && !isTransientFailure(error) && error.code !== 'pbx_token_limit') {
        const lockedUntil = now() + options.loginCooldownMs;
        const recorded = {
          credentials: await store.recordLoginFailure(credentials, lockedUntil),
          pbx: await store.recordLoginFailure(pbxWide, lockedUntil),
        };
        lastRecords = recorded;
        const why = error instanceof PbxApiError ? `errcode ${error.errcode}` : error.code;
        log.error(loginFailedLine(why, recorded, options.loginCooldownMs, now()));
      }
      if (isCallSummaryError(error, 'pbx_token_limit')) {
        tokenLimit = { until: now() + TOKEN_LIMIT_BACKOFF_MS, error };
      }
      throw error;
    }
  }

  async function refresh(current: StoredToken): Promise<StoredToken | undefined> {
    try {
      const body = await http.call(
        {
          method: 'POST',
          path: '/openapi/v1.0/refresh_token',
          body: { refresh_token: current.refreshToken },
          what: 'token_refresh',
        },
        tokenSchema,
      );
      metrics.pbxRefresh('ok');
      return toStored(body);
    } catch (error) {
      metrics.pbxRefresh('failed');
      log.warn(
        `PBX token refresh failed (${isCallSummaryError(error) ? error.code : 'error'}); logging in again`,
      );
      return undefined;
    }
  }

  async function renew(): Promise<string> {
    return store.withRenewalLock(async () => {
      // Another caller (or replica) may have renewed while we waited for the lock.
      const current = await store.get();
      if (usable(current)) return adopt(current);
      // The newest refresh token known: ours when the store does not answer (or lost the token).
      const base = [current, held]
        .filter((token): token is StoredToken => token !== undefined)
        .sort((a, b) => b.refreshExpiresAt - a.refreshExpiresAt)[0];
      const refreshed =
        base && now() < base.refreshExpiresAt - MAX_RENEW_MARGIN_MS ? await refresh(base) : undefined;
      const next = refreshed ?? (await login());
      held = next;
      await store.set(next);
      return next.accessToken;
    });
  }

  async function acquire(): Promise<string> {
    try {
      const shared = await store.get();
      if (usable(shared)) return adopt(shared);
      return await renew();
    } catch (error) {
      // A held token the PBX still accepts serves until a renewal succeeds.
      if (held && held.accessToken !== rejected && now() < held.accessExpiresAt) {
        log.warn(
          `PBX token renewal failed (${isCallSummaryError(error) ? error.code : 'error'}); using the current token until it expires`,
        );
        return held.accessToken;
      }
      throw error;
    }
  }

  async function token(): Promise<string> {
    if (held && held.accessToken !== rejected && fresh(held)) return held.accessToken;
    // Single flight: every concurrent caller waits on the same renewal.
    return flight.run('renew', acquire);
  }

  function state(): TokenState {
    const valid = heldToken() !== undefined;
    const refusal = loginBar(lastRecords, now())
      ? 'pbx_credentials_rejected'
      : tokenLimit && now() < tokenLimit.until
        ? 'pbx_token_limit'
        : undefined;
    return { valid, refusal };
  }

  async function withToken<T>(request: (token: string) => Promise<T>): Promise<T> {
    const first = await token();
    try {
      return await request(first);
    } catch (error) {
      if (!(error instanceof PbxApiError && error.errcode === TOKEN_EXPIRED)) throw error;
      rejected = first;
      if (held?.accessToken === first) held = undefined;
      // Compare-and-swap: a late 10004 for an older token leaves a fresher one in place.
      await store.clearIf(first);
      log.info('PBX said the access token expired; renewing once and retrying');
      return request(await token());
    }
  }

  async function revoke(): Promise<void> {
    const current = held ?? (await store.get());
    held = undefined;
    if (!current) return;
    try {
      await http.call(
        {
          method: 'GET',
          path: '/openapi/v1.0/del_token',
          token: current.accessToken,
          what: 'token_revocation',
        },
        z.unknown(),
      );
    } catch (error) {
      log.warn(
        `PBX token revocation failed (${isCallSummaryError(error) ? error.code : 'error'}); it expires by itself`,
      );
    } finally {
      await store.clearIf(current.accessToken);
    }
  }

  function heldToken(): string | undefined {
    return held && held.accessToken !== rejected && now() < held.accessExpiresAt
      ? held.accessToken
      : undefined;
  }

  return { token, state, heldToken, withToken, revoke };
}

/** A failed login, as the login counter names it: refused for the credentials (or the IP), the token limit, or no answer. */
function loginOutcome(error: unknown): 'rejected' | 'token_limit' | 'failed' {
  if (isCallSummaryError(error, 'pbx_token_limit')) return 'token_limit';
  return isCallSummaryError(error) && !isTransientFailure(error) ? 'rejected' : 'failed';
}
