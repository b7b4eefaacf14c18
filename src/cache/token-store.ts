import { z } from 'zod';
import {
  createMemoryLoginLockouts,
  type LoginLockout,
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
 * The login lockout is shared too (`<prefix>:login:<credentials digest>`, a hash bumped by one script),
 * so replicas behind one egress IP make at most 2 failed logins together, not 2 each. It lasts
 * `lockoutRetentionMs` after the last failure, so a fix on the PBX side is picked up eventually. While
 * the store does not answer, each replica falls back to its own count, marked partial (the token
 * manager then stops after one failure, since other replicas may have failed too); failures counted
 * then are added to the shared record when it answers again.
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
  // This process's own count: in force while the store does not answer.
  const ownLockouts = createMemoryLoginLockouts();
  // Failures counted while the store did not answer, not yet in the shared record.
  const unsynced = new Map<string, number>();

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
    loginLockout: async (credentials) => {
      const own = await ownLockouts.loginLockout(credentials);
      const shared = await backend.getTally(lockoutKey(credentials));
      if (shared === undefined) return own && { ...own, partial: true };
      const pending = unsynced.get(credentials) ?? 0;
      if (shared === null && pending === 0) {
        // Cleared by another replica's successful login, or expired: our own count is stale too.
        await ownLockouts.clearLoginLockout(credentials);
        return undefined;
      }
      const record: LoginLockout = {
        failures: (shared?.count ?? 0) + pending,
        lockedUntil: Math.max(shared?.until ?? 0, pending > 0 ? (own?.lockedUntil ?? 0) : 0),
      };
      return record;
    },
    recordLoginFailure: async (credentials, lockedUntil) => {
      const own = await ownLockouts.recordLoginFailure(credentials, lockedUntil);
      const pending = unsynced.get(credentials) ?? 0;
      const shared = await backend.bumpTally(
        lockoutKey(credentials),
        1 + pending,
        lockedUntil,
        Math.max(lockoutRetentionMs, lockedUntil - now()),
      );
      if (shared === undefined) {
        unsynced.set(credentials, pending + 1);
        return { ...own, partial: true };
      }
      unsynced.delete(credentials);
      return { failures: shared.count, lockedUntil: shared.until };
    },
    clearLoginLockout: async (credentials) => {
      unsynced.delete(credentials);
      await ownLockouts.clearLoginLockout(credentials);
      await backend.delete(lockoutKey(credentials));
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
