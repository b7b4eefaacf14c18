import { z } from 'zod';
import type { StoredToken, TokenStore } from '../yeastar/token-store.js';
import { type CacheBackend, ownerToken } from './backend.js';

/**
 * The PBX token shared by every replica. Renewal runs under a lock with a timeout (SET NX PX, released
 * only by its owner), so replicas starting together cause one get_token; a replica that dies holding
 * the lock blocks the others at most `lockMs`. Waiters poll the store and return as soon as the lock
 * is gone; the token manager then re-reads the store and uses the token the lock holder got.
 */
const storedTokenSchema: z.ZodType<StoredToken> = z.object({
  accessToken: z.string().min(1),
  accessExpiresAt: z.number(),
  refreshToken: z.string().min(1),
  refreshExpiresAt: z.number(),
});

export interface SharedTokenStoreOptions {
  readonly prefix: string;
  /** How long a renewal may hold the lock before others may take it (covers a login with retries). */
  readonly lockMs: number;
  readonly pollMs: number;
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
