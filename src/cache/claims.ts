import type { Logger } from '../shared/log.js';
import { ownerToken } from './backend.js';
import type { ResilientBackend } from './resilient.js';

/**
 * Exactly-once claims (an automatic post per leg and side, a modal's post per thread): true for one
 * caller across replicas until `ttlMs` passes or `release(key)`, through SET NX PX on Redis (atomic in
 * memory).
 *
 * While the store does not answer, claims fall back to this process's own claim map, so one replica
 * behaves exactly like a single replica: a claim it holds, made before or during the outage, is refused
 * to every later caller in the process. Claims granted during the outage are written to the store when
 * it answers again, so a re-delivery that reaches another replica afterwards is refused there too. What
 * the fallback cannot know is a claim another replica made: during an outage, one event delivered to two
 * replicas can be posted once by each (at most one post per replica).
 */
export interface Claims {
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Gives up a claim this process holds; a claim another holder took since is left alone. */
  release(key: string): Promise<void>;
}

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
