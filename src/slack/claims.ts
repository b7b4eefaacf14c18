import type { Claims } from './deps.js';

/** One process's claims (tests, and a reference for the contract the shared cache implements). */
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
