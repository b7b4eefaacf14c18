import { z } from 'zod';
import {
  createMemoryLoginLockouts,
  type LoginLockout,
  type LoginLockoutStore,
  type StoredToken,
  type TokenStore,
} from '../yeastar/token-store.js';
import { type CacheBackend, ownerToken } from './backend.js';

/**
 * The PBX token shared by every replica. Renewal runs under a lock with a timeout (SET NX PX, released
 * only by its owner), so replicas starting together cause one get_token; a replica that dies holding
 * the lock blocks the others at most `lockMs`. Waiters poll the store and return as soon as the lock
 * is gone; the token manager then re-reads the store and uses the token the lock holder got.
 *
 * The login lockout is shared too (`<prefix>:login:<digest>`, a hash bumped by one script, one per set
 * of credentials and one for the PBX whatever the credentials), so replicas behind one egress IP make
 * at most 2 failed logins together, not 2 each. It lasts `lockoutRetentionMs` after the last failure,
 * so a fix on the PBX side is picked up eventually. While the store does not answer, each replica
 * falls back to its own count, marked partial (the token manager then stops after one failure, since
 * other replicas may have failed too): the larger of the failures this host counted and the shared
 * record as last read plus the failures since. Failures counted then are added to the shared record
 * when it answers again. Both are kept in `fallbackLockouts` (the bot gives the host's lockout file),
 * so a restart during the outage neither forgets them nor fails to add them.
 */
const storedTokenSchema: z.ZodType<StoredToken> = z.object({
  accessToken: z.string().min(1),
  accessExpiresAt: z.number(),
  refreshToken: z.string().min(1),
  refreshExpiresAt: z.number(),
});

/** A lockout record outlives its last failure by a day: long enough to matter, short enough to heal. */
export const DEFAULT_LOCKOUT_RETENTION_MS = 24 * 60 * 60 * 1000;

export interface SharedTokenStoreOptions {
  readonly prefix: string;
  /** How long a renewal may hold the lock before others may take it (covers a login with retries). */
  readonly lockMs: number;
  readonly pollMs: number;
  /** How long a login-lockout record lasts after the last failure (default 24 h). */
  readonly lockoutRetentionMs?: number;
  /** This host's own count, for while the store does not answer (default: this process's memory). */
  readonly fallbackLockouts?: LoginLockoutStore;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export function createSharedTokenStore(backend: CacheBackend, options: SharedTokenStoreOptions): TokenStore {
  const key = `${options.prefix}:token`;
  const lockKey = `${options.prefix}:token:lock`;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  // Callers in this process queue locally first, so only one of them contends for the shared lock.
  let local: Promise<unknown> = Promise.resolve();
  const lockoutKey = (credentials: string) => `${options.prefix}:login:${credentials}`;
  const lockoutRetentionMs = options.lockoutRetentionMs ?? DEFAULT_LOCKOUT_RETENTION_MS;
  // This host's own count (every failure it saw since the record was last cleared): in force while
  // the store does not answer.
  const own = options.fallbackLockouts ?? createMemoryLoginLockouts();
  // Failures counted while the store did not answer, not yet in the shared record: a record of their
  // own beside it, so that they outlive a restart as the count does.
  const unsyncedKey = (key: string) => `unsynced-${key}`;
  const unsynced = async (key: string) => (await own.loginLockout(unsyncedKey(key)))?.failures ?? 0;
  // The shared record as last read: other replicas' failures are part of the guess while it is unknown.
  const lastShared = new Map<string, LoginLockout>();

  /**
   * The record while the store does not answer: the stricter of this host's count and the shared
   * record as last read plus the failures since.
   */
  function partial(key: string, mine: LoginLockout | undefined, pending: number): LoginLockout | undefined {
    const known = lastShared.get(key);
    const guess = known && { failures: known.failures + pending, lockedUntil: known.lockedUntil };
    const record =
      mine && guess
        ? {
            failures: Math.max(mine.failures, guess.failures),
            lockedUntil: Math.max(mine.lockedUntil, guess.lockedUntil),
          }
        : (mine ?? guess);
    return record && { ...record, partial: true };
  }

  async function acquire(): Promise<string> {
    const owner = ownerToken();
    // Bounded: a lock whose holder died expires after lockMs, so this loop ends by then at the latest.
    const deadline = now() + options.lockMs * 2;
    while (!(await backend.setIfAbsent(lockKey, owner, options.lockMs))) {
      if (now() >= deadline) break;
      await sleep(options.pollMs);
    }
    return owner;
  }

  const store: TokenStore = {
    get: async () => {
      const parsed = storedTokenSchema.safeParse(await backend.get(key));
      return parsed.success ? parsed.data : undefined;
    },
    set: async (token) => {
      // Kept until the refresh token expires; an access token past its time is renewed by the manager.
      await backend.set(key, token, Math.max(1000, token.refreshExpiresAt - now()));
    },
    clearIf: async (accessToken) => {
      // One checked delete, not get-then-delete: a token another replica stores in between survives.
      await backend.deleteIf(
        key,
        (value) => storedTokenSchema.safeParse(value).data?.accessToken === accessToken,
      );
    },
    loginLockout: async (key) => {
      const mine = await own.loginLockout(key);
      const pending = await unsynced(key);
      const shared = await backend.getTally(lockoutKey(key));
      if (shared === undefined) return partial(key, mine, pending);
      if (shared === null) lastShared.delete(key);
      else lastShared.set(key, { failures: shared.count, lockedUntil: shared.until });
      if (shared === null && pending === 0) {
        // Cleared by another replica's successful login, or expired: our own count is stale too.
        if (mine) await own.clearLoginLockout(key);
        return undefined;
      }
      const record: LoginLockout = {
        failures: (shared?.count ?? 0) + pending,
        lockedUntil: Math.max(shared?.until ?? 0, pending > 0 ? (mine?.lockedUntil ?? 0) : 0),
      };
      return record;
    },
    recordLoginFailure: async (key, lockedUntil) => {
      const mine = await own.recordLoginFailure(key, lockedUntil);
      const pending = await unsynced(key);
      const shared = await backend.bumpTally(
        lockoutKey(key),
        1 + pending,
        lockedUntil,
        Math.max(lockoutRetentionMs, lockedUntil - now()),
      );
      if (shared === undefined) {
        await own.recordLoginFailure(unsyncedKey(key), lockedUntil);
        return partial(key, mine, pending + 1)!;
      }
      if (pending > 0) await own.clearLoginLockout(unsyncedKey(key));
      lastShared.set(key, { failures: shared.count, lockedUntil: shared.until });
      return { failures: shared.count, lockedUntil: shared.until };
    },
    clearLoginLockout: async (key) => {
      lastShared.delete(key);
      await own.clearLoginLockout(unsyncedKey(key));
      await own.clearLoginLockout(key);
      await backend.delete(lockoutKey(key));
    },
    withRenewalLock: <T>(renew: () => Promise<T>): Promise<T> => {
      const run = local.then(async () => {
        const owner = await acquire();
        try {
          return await renew();
        } finally {
          await backend.deleteIfEquals(lockKey, owner);
        }
      });
      local = run.catch(() => undefined);
      return run;
    },
  };
  return store;
}
