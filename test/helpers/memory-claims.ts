import type { Claims } from '../../src/use-case/ports.js';

/** One process's claims, for tests of the Slack surface that do not need the shared cache's. */
export function createMemoryClaims(now: () => number = Date.now): Claims {
  const held = new Map<string, number>();
  return {
    async claim(key, ttlMs) {
      const until = held.get(key);
      if (until !== undefined && until > now()) return false;
      held.set(key, now() + ttlMs);
      return true;
    },
    async release(key) {
      held.delete(key);
    },
  };
}
