import { Keyv } from 'keyv';
import { type CacheBackend, checkedDelete, keyvDecoder, type ScoredMember, type Tally } from './backend.js';

/** How often the memory backend drops expired entries nobody read again (at most once per this, on a write). */
/** The in-memory store's ceiling unless CACHE_MAX_ENTRIES / CACHE_MAX_MB say otherwise. */
export const CACHE_LIMIT_DEFAULTS = { maxEntries: 50_000, maxMb: 64 } as const;

export const MEMORY_SWEEP_INTERVAL_MS = 60_000;

/**
 * What one entry costs beyond its characters: the Map's own slots, the expiry beside it, the key's
 * pieces and string headers. Measured with bench/cache.bench.ts: a cached leg (~140 characters of key
 * and value) takes about 490 bytes of heap.
 */
const ENTRY_OVERHEAD_BYTES = 350;

export interface MemoryLimits {
  /** Most values held at once (CACHE_MAX_ENTRIES). */
  readonly maxEntries: number;
  /** Most bytes of values held at once, as estimated by `entryBytes` (CACHE_MAX_MB). */
  readonly maxBytes: number;
}

/** The memory backend, with what it holds (tests: expired entries must not pile up, the ceiling holds). */
export interface MemoryBackend extends CacheBackend {
  /** Keys held: values, claims and tallies, including expired ones not yet swept. */
  size(): number;
  /** Estimated bytes of the values held (claims and tallies are not counted: they are never evicted). */
  bytes(): number;
}

/** An estimate: V8 keeps these strings one byte per character, plus headers and the Map's slot. */
function entryBytes(key: string, value: unknown): number {
  return key.length + (typeof value === 'string' ? value.length : 64) + ENTRY_OVERHEAD_BYTES;
}

/**
 * Keyv's store for the memory backend: a Map that forgets its least recently used values beyond the
 * ceiling (the pattern Keyv documents with an LRU map as its store). Reading a key makes it the most
 * recently used; `peek` reads without that (sweeps and checked deletes).
 */
class LruMap extends Map<string, unknown> {
  #bytes = 0;
  readonly #limits: MemoryLimits;
  readonly #onEvict: (key: string) => void;

  constructor(limits: MemoryLimits, onEvict: (key: string) => void) {
    super();
    this.#limits = limits;
    this.#onEvict = onEvict;
  }

  get bytes(): number {
    return this.#bytes;
  }

  peek(key: string): unknown {
    return super.get(key);
  }

  override get(key: string): unknown {
    if (!super.has(key)) return undefined;
    const value = super.get(key);
    super.delete(key);
    super.set(key, value);
    return value;
  }

  override set(key: string, value: unknown): this {
    this.#forget(key);
    // A value larger than the whole ceiling is not kept, rather than emptying the cache for it.
    if (entryBytes(key, value) > this.#limits.maxBytes) {
      this.#onEvict(key);
      return this;
    }
    super.set(key, value);
    this.#bytes += entryBytes(key, value);
    // Oldest first: a Map iterates in insertion order, and every read re-inserts its key.
    for (const oldest of super.keys()) {
      if (super.size <= this.#limits.maxEntries && this.#bytes <= this.#limits.maxBytes) break;
      if (oldest === key) break;
      this.#forget(oldest);
      this.#onEvict(oldest);
    }
    return this;
  }

  override delete(key: string): boolean {
    return this.#forget(key);
  }

  override clear(): void {
    super.clear();
    this.#bytes = 0;
  }

  #forget(key: string): boolean {
    if (!super.has(key)) return false;
    this.#bytes -= entryBytes(key, super.get(key));
    return super.delete(key);
  }
}

export interface MemoryBackendOptions {
  readonly now?: () => number;
  readonly limits?: Partial<MemoryLimits>;
}

export function createMemoryBackend(options: MemoryBackendOptions = {}): MemoryBackend {
  const now = options.now ?? Date.now;
  const limits: MemoryLimits = {
    maxEntries: options.limits?.maxEntries ?? CACHE_LIMIT_DEFAULTS.maxEntries,
    maxBytes: options.limits?.maxBytes ?? CACHE_LIMIT_DEFAULTS.maxMb * 1024 * 1024,
  };
  // When each value expires. Keyv's Map store drops an expired entry only when that key is read again,
  // and most keys never are (a leg asked about once, a transcript page opened once): without a sweep,
  // expired values would sit in the LRU pushing live ones out.
  const expiries = new Map<string, number>();
  // Keyv's serialized entries, held here so a checked delete can compare and delete in one synchronous step.
  const entries = new LruMap(limits, (key) => expiries.delete(key));
  let nextSweep = now() + MEMORY_SWEEP_INTERVAL_MS;
  const sweep = () => {
    const at = now();
    if (at < nextSweep) return;
    nextSweep = at + MEMORY_SWEEP_INTERVAL_MS;
    for (const [key, expiresAt] of expiries) {
      if (expiresAt > at) continue;
      expiries.delete(key);
      entries.delete(key);
    }
    for (const [key, claim] of claims) if (claim.expiresAt <= at) claims.delete(key);
    for (const [key, tally] of tallies) if (tally.expiresAt <= at) tallies.delete(key);
    for (const [key, set] of scored) if (set.expiresAt <= at) scored.delete(key);
  };
  // Plain JSON: Keyv's default serializer builds its string piece by piece, and V8 keeps such a string
  // as a tree of pieces, which made a cached leg cost about three times its characters in memory.
  const keyv = new Keyv({
    store: entries,
    useKeyPrefix: false,
    serialize: JSON.stringify,
    deserialize: (raw: string) => JSON.parse(raw),
  });
  const decode = keyvDecoder(keyv);
  // Claims live beside Keyv in a Map, outside the LRU: evicting one would let a summary post twice.
  // Check-and-set in one synchronous step is what makes them atomic.
  const claims = new Map<string, { value: string; expiresAt: number }>();
  const tallies = new Map<string, Tally & { readonly expiresAt: number }>();
  // Scored members (watches, posted copies, the check schedule) are outside the LRU too: evicting one
  // would silently drop a person's watch.
  const scored = new Map<string, { readonly members: Map<string, number>; expiresAt: number }>();
  const liveSet = (key: string) => {
    const set = scored.get(key);
    if (set && set.expiresAt <= now()) {
      scored.delete(key);
      return undefined;
    }
    return set;
  };
  const liveTally = (key: string) => {
    const tally = tallies.get(key);
    if (tally && tally.expiresAt <= now()) {
      tallies.delete(key);
      return undefined;
    }
    return tally;
  };
  const liveClaim = (key: string) => {
    const claim = claims.get(key);
    if (claim && claim.expiresAt <= now()) {
      claims.delete(key);
      return undefined;
    }
    return claim;
  };
  const rawOf = (key: string) => {
    const raw = entries.peek(key);
    return typeof raw === 'string' ? raw : undefined;
  };
  return {
    kind: 'memory',
    get: async (key) => {
      const raw = entries.get(key);
      if (typeof raw !== 'string') return undefined;
      // Expired by this backend's clock (injected in tests) as well as by Keyv's own, which is Date.now.
      const expiresAt = expiries.get(key);
      const value = expiresAt !== undefined && expiresAt <= now() ? undefined : await decode(raw);
      // Evicts an expired entry only if it was not replaced meanwhile (Keyv's get deletes it regardless).
      if (value === undefined && rawOf(key) === raw) {
        entries.delete(key);
        expiries.delete(key);
      }
      return value;
    },
    set: async (key, value, ttlMs) => {
      sweep();
      await keyv.set(key, value, ttlMs);
      if (!entries.has(key)) return; // larger than the whole ceiling: not kept
      if (Number.isFinite(ttlMs) && ttlMs > 0) expiries.set(key, now() + ttlMs);
      else expiries.delete(key);
    },
    delete: async (key) => {
      scored.delete(key);
      claims.delete(key);
      tallies.delete(key);
      expiries.delete(key);
      entries.delete(key);
    },
    has: async (key) => liveClaim(key) !== undefined || (await keyv.has(key)),
    setIfAbsent: async (key, value, ttlMs) => {
      sweep();
      if (liveClaim(key)) return false;
      claims.set(key, { value, expiresAt: now() + ttlMs });
      return true;
    },
    deleteIfEquals: async (key, value) => {
      if (liveClaim(key)?.value !== value) return false;
      claims.delete(key);
      return true;
    },
    deleteIf: (key, decide) =>
      checkedDelete(
        async () => rawOf(key),
        decode,
        decide,
        async (raw) => {
          if (rawOf(key) !== raw) return false;
          entries.delete(key);
          expiries.delete(key);
          return true;
        },
      ),
    getTally: async (key) => {
      const tally = liveTally(key);
      return tally ? { count: tally.count, until: tally.until } : null;
    },
    bumpTally: async (key, by, until, ttlMs) => {
      sweep();
      // Read and write in one synchronous step: atomic within the process.
      const tally = { count: (liveTally(key)?.count ?? 0) + by, until, expiresAt: now() + ttlMs };
      tallies.set(key, tally);
      return { count: tally.count, until };
    },
    addMember: async (key, member, score, add) => {
      sweep();
      // One synchronous step: atomic within the process.
      let set = liveSet(key);
      if (!set) {
        set = { members: new Map(), expiresAt: 0 };
        scored.set(key, set);
      }
      if (add.pruneBelow !== undefined) {
        for (const [m, s] of set.members) if (s < add.pruneBelow) set.members.delete(m);
      }
      const existed = set.members.has(member);
      if (!existed && add.limit !== undefined && set.members.size >= add.limit) return 'full';
      set.members.set(member, score);
      set.expiresAt = Math.max(set.expiresAt, now() + add.ttlMs);
      return existed ? 'updated' : 'added';
    },
    removeMember: async (key, member) => liveSet(key)?.members.delete(member) ?? false,
    members: async (key, range) => {
      const set = liveSet(key);
      if (!set) return [];
      const min = range.min ?? Number.NEGATIVE_INFINITY;
      const max = range.max ?? Number.POSITIVE_INFINITY;
      const rows: ScoredMember[] = [];
      for (const [member, score] of set.members)
        if (score >= min && score <= max) rows.push({ member, score });
      // Redis orders equal scores by member, lexicographically.
      rows.sort((a, b) => a.score - b.score || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
      return range.limit === undefined ? rows : rows.slice(0, range.limit);
    },
    countMembers: async (key, range) => {
      const set = liveSet(key);
      if (!set) return 0;
      const min = range.min ?? Number.NEGATIVE_INFINITY;
      const max = range.max ?? Number.POSITIVE_INFINITY;
      let count = 0;
      for (const score of set.members.values()) if (score >= min && score <= max) count += 1;
      return count;
    },
    ping: async () => undefined,
    close: async () => {
      scored.clear();
      claims.clear();
      tallies.clear();
      expiries.clear();
      entries.clear();
    },
    size: () => entries.size + claims.size + tallies.size + scored.size,
    bytes: () => entries.bytes,
  };
}
