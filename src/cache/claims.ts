import type { Logger } from '../shared/log.js';
import type { Claims } from '../use-case/ports.js';
import { ownerToken } from './backend.js';
import type { ResilientBackend } from './resilient.js';

export interface CacheClaims extends Claims {
  /** Claims this process remembers holding (diagnostics, tests): expired ones are forgotten. */
  held(): number;
  /** Claims granted while the store was down and not yet written to it. */
  unsynced(): number;
}

/** How often expired claims are forgotten (at most once per this, when a claim is made). */
export const CLAIM_SWEEP_INTERVAL_MS = 60_000;

interface HeldClaim {
  readonly owner: string;
  readonly until: number;
  /** False while only this process knows of it (granted during an outage). */
  synced: boolean;
}

export function createClaims(
  store: ResilientBackend,
  options: { readonly prefix: string; readonly logger: Logger; readonly now?: () => number },
): CacheClaims {
  const now = options.now ?? Date.now;
  const keyOf = (key: string) => `${options.prefix}:claim:${key}`;
  // Most claims are never released (a posted summary keeps its claim until the TTL ends), so entries
  // past their TTL are swept out, or the map would grow by one entry per posted summary.
  const held = new Map<string, HeldClaim>();
  let nextSweep = now() + CLAIM_SWEEP_INTERVAL_MS;
  const forgetExpired = () => {
    const at = now();
    if (at < nextSweep) return;
    nextSweep = at + CLAIM_SWEEP_INTERVAL_MS;
    for (const [key, claim] of held) if (claim.until <= at) held.delete(key);
  };
  const live = (key: string) => {
    const claim = held.get(key);
    return claim !== undefined && claim.until > now() ? claim : undefined;
  };

  let syncing = false;
  async function writeBack(): Promise<void> {
    if (syncing) return;
    syncing = true;
    try {
      let conflicts = 0;
      for (const [key, claim] of held) {
        const remaining = claim.until - now();
        if (claim.synced || remaining <= 0) continue;
        const written = await store.attempt((s) => s.setIfAbsent(keyOf(key), claim.owner, remaining));
        if (!written.answered) return; // down again: the next recovery tries the rest
        claim.synced = true;
        if (!written.value) conflicts += 1;
      }
      if (conflicts > 0) {
        options.logger.warn(
          `cache: ${conflicts} claim(s) granted during the outage were also taken by another replica (each posted once there too)`,
        );
      }
    } finally {
      syncing = false;
    }
  }
  store.onRecovered(() => void writeBack().catch(() => undefined));

  return {
    async claim(key, ttlMs) {
      forgetExpired();
      // A claim this process holds is refused here first: it may exist only in this process (outage).
      if (live(key)) return false;
      const owner = ownerToken();
      const answer = await store.attempt((s) => s.setIfAbsent(keyOf(key), owner, ttlMs));
      // Checked again after the await: another caller in this process may have won meanwhile.
      if (live(key)) {
        if (answer.answered && answer.value) await store.attempt((s) => s.deleteIfEquals(keyOf(key), owner));
        return false;
      }
      if (answer.answered && !answer.value) return false;
      held.set(key, { owner, until: now() + ttlMs, synced: answer.answered });
      return true;
    },
    async release(key) {
      const claim = held.get(key);
      if (claim === undefined) return;
      held.delete(key);
      if (claim.synced) await store.attempt((s) => s.deleteIfEquals(keyOf(key), claim.owner));
    },
    held: () => held.size,
    unsynced: () => [...held.values()].filter((claim) => !claim.synced).length,
  };
}
