/**
 * Where the PBX access token lives. One token is shared by every caller (the PBX allows at most 8
 * valid tokens per app, and 5 failed logins block the bot's IP), so the token manager keeps it behind
 * this small interface: memory for one process, a shared store (Redis, see src/cache/) for replicas.
 */
export interface StoredToken {
  readonly accessToken: string;
  /** Unix ms when the PBX will stop accepting the access token. */
  readonly accessExpiresAt: number;
  readonly refreshToken: string;
  /** Unix ms when the refresh token stops working. */
  readonly refreshExpiresAt: number;
}

export interface TokenStore {
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

export function createMemoryTokenStore(): TokenStore {
  let current: StoredToken | undefined;
  let lock: Promise<unknown> = Promise.resolve();
  return {
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
