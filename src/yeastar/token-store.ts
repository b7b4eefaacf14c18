import { createHash } from 'node:crypto';

/**
 * Where the PBX access token lives. One token is shared by every caller (the PBX allows at most 8
 * valid tokens per app, and 5 failed logins block the bot's IP), so the token manager keeps it behind
 * this small interface: memory for one process, a shared store (Redis, see src/cache/) for replicas.
 * The login lockout lives beside the token and is shared the same way: every replica (or CLI run)
 * logging in from one IP counts toward the PBX's one limit.
 */
export interface StoredToken {
  readonly accessToken: string;
  /** Unix ms when the PBX will stop accepting the access token. */
  readonly accessExpiresAt: number;
  readonly refreshToken: string;
  /** Unix ms when the refresh token stops working. */
  readonly refreshExpiresAt: number;
}

/**
 * Consecutive rejected logins, and when the next one may be tried: for one set of credentials
 * (`credentialsKey`) or for the PBX whatever the credentials (`pbxLoginKey`).
 */
export interface LoginLockout {
  readonly failures: number;
  /** Unix ms; no login before then. */
  readonly lockedUntil: number;
  /** Only this process's own count: the shared record did not answer (a Redis outage). */
  readonly partial?: boolean;
}

/**
 * The login-lockout half of a token store. `credentials` is `credentialsKey(...)` or `pbxLoginKey(...)`:
 * a digest, so changed credentials start with no record of their own and the secret itself is never
 * stored.
 */
export interface LoginLockoutStore {
  /** The record for `credentials`, or undefined when there is none (never failed, or cleared). */
  loginLockout(credentials: string): Promise<LoginLockout | undefined>;
  /** A rejected login, atomically: failures + 1 and `lockedUntil`. Returns the record now in force. */
  recordLoginFailure(credentials: string, lockedUntil: number): Promise<LoginLockout>;
  /** A successful login: forget the record. */
  clearLoginLockout(credentials: string): Promise<void>;
}

export interface TokenStore extends LoginLockoutStore {
  get(): Promise<StoredToken | undefined>;
  set(token: StoredToken): Promise<void>;
  /** Forget the token only if it is still `accessToken` (a late 10004 must not discard a fresh token). */
  clearIf(accessToken: string): Promise<void>;
  /**
   * Run `renew` while holding the renewal lock. Shared stores hold a lock with a timeout across
   * replicas, and re-read the store first so that a replica that waited uses the token another one got.
   */
  withRenewalLock<T>(renew: () => Promise<T>): Promise<T>;
}

/** Identifies a set of PBX credentials by digest: the secret never leaves this function. */
export function credentialsKey(baseUrl: string, clientId: string, clientSecret: string): string {
  return digest([normalisedBaseUrl(baseUrl), clientId, clientSecret]);
}

/**
 * Identifies the PBX alone, for the count of failed logins whatever the credentials (the PBX blocks
 * the IP after 5, with any mix of secrets). Prefixed, so it never equals a credentials key, and the
 * record reads as the PBX's in a file name or a Redis key.
 */
export function pbxLoginKey(baseUrl: string): string {
  return `pbx-${digest(['pbx', normalisedBaseUrl(baseUrl)])}`;
}

const normalisedBaseUrl = (baseUrl: string): string => baseUrl.replace(/\/+$/, '').toLowerCase();

const digest = (parts: readonly string[]): string =>
  createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);

/** Per-process lockout records: they last until the process ends (credentials change with a restart). */
export function createMemoryLoginLockouts(): LoginLockoutStore {
  const records = new Map<string, LoginLockout>();
  return {
    loginLockout: async (credentials) => records.get(credentials),
    recordLoginFailure: async (credentials, lockedUntil) => {
      const record = { failures: (records.get(credentials)?.failures ?? 0) + 1, lockedUntil };
      records.set(credentials, record);
      return record;
    },
    clearLoginLockout: async (credentials) => {
      records.delete(credentials);
    },
  };
}

/** `tokens` with its login lockout kept in `lockouts` instead (the CLI: token in memory, lockout on disk). */
export function withLoginLockouts(tokens: TokenStore, lockouts: LoginLockoutStore): TokenStore {
  return {
    get: () => tokens.get(),
    set: (token) => tokens.set(token),
    clearIf: (accessToken) => tokens.clearIf(accessToken),
    withRenewalLock: (renew) => tokens.withRenewalLock(renew),
    loginLockout: (credentials) => lockouts.loginLockout(credentials),
    recordLoginFailure: (credentials, lockedUntil) => lockouts.recordLoginFailure(credentials, lockedUntil),
    clearLoginLockout: (credentials) => lockouts.clearLoginLockout(credentials),
  };
}

export function createMemoryTokenStore(): TokenStore {
  let current: StoredToken | undefined;
  let lock: Promise<unknown> = Promise.resolve();
  return {
    ...createMemoryLoginLockouts(),
    get: async () => current,
    set: async (token) => {
      current = token;
    },
    clearIf: async (accessToken) => {
      if (current?.accessToken === accessToken) current = undefined;
    },
    withRenewalLock: <T>(renew: () => Promise<T>): Promise<T> => {
      const run = lock.then(renew, renew);
      lock = run.catch(() => undefined);
      return run;
    },
  };
}
