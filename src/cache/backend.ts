import { randomUUID } from 'node:crypto';
import type { Keyv } from 'keyv';

/**
 * The narrow storage surface everything in src/cache/ is built on: plain values with a TTL (Keyv),
 * plus the atomic operations Keyv does not offer and scale-out needs (claim, token-checked release,
 * checked delete of a value). Implemented in memory (one process, memory.ts) and over Redis (replicas,
 * redis.ts), as Keyv lays out its own stores; test/cache/conformance.test.ts runs both.
 */
export interface CacheBackend {
  readonly kind: 'memory' | 'redis';
  /**
   * Settles once the first attempt to reach the store has (connected or failed): operations issued at
   * start wait for it rather than count a connection still being made as an outage. Absent in memory.
   */
  readonly started?: Promise<void>;
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Whether a claim (or value) is held under `key`. */
  has(key: string): Promise<boolean>;
  /** Stores `value` only when `key` is absent; true for exactly one caller (SET NX PX on Redis). */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Deletes `key` only while it still holds `value` (a lock's owner token). */
  deleteIfEquals(key: string, value: string): Promise<boolean>;
  /**
   * Deletes the value stored under `key` (by `set`) only if `decide` accepts it, and only if it is
   * still that same value when deleted: a value another caller stores while `decide` runs survives
   * (`decide` is then asked again about the new one). True when it deleted.
   */
  deleteIf(key: string, decide: (value: unknown) => boolean | Promise<boolean>): Promise<boolean>;
  /**
   * A count with a deadline, kept beside the values (the PBX login lockout). `bumpTally` atomically
   * adds `by` to the count, sets `until` and keeps the record `ttlMs` from now (one script on Redis,
   * so replicas bumping together never lose a count). `getTally` answers null when there is no record.
   * Both answer undefined only through the resilient wrapper, when the store did not answer, so the
   * caller can tell "no record" from "don't know" and rely on its own count.
   */
  getTally(key: string): Promise<Tally | null | undefined>;
  bumpTally(key: string, by: number, until: number, ttlMs: number): Promise<Tally | undefined>;
  /**
   * Scored members under one key (a Redis sorted set): watches per person, leg and in all, posted
   * copies, the check schedule. `addMember` first forgets members scored below `pruneBelow` (expired
   * ones, when the score is an expiry), then adds `member` with `score` or re-scores it; a new member
   * is refused (`full`) while `limit` members are held. The key then lives at least `ttlMs`. Atomic
   * (one script on Redis), so a limit holds across replicas.
   */
  addMember(key: string, member: string, score: number, options: AddMemberOptions): Promise<MemberAdded>;
  /** True when `member` was there. */
  removeMember(key: string, member: string): Promise<boolean>;
  /** Members scored within [min, max], lowest score first, at most `limit`. */
  members(key: string, range: MemberRange): Promise<ScoredMember[]>;
  /** How many members are scored within [min, max] (ZCOUNT on Redis: nothing is read). */
  countMembers(key: string, range: Pick<MemberRange, 'min' | 'max'>): Promise<number>;
  /** Round trip to the store; throws when it is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface AddMemberOptions {
  readonly ttlMs: number;
  readonly limit?: number;
  readonly pruneBelow?: number;
}

/** `unavailable` only through the resilient wrapper, when the store did not answer. */
export type MemberAdded = 'added' | 'updated' | 'full' | 'unavailable';

export interface MemberRange {
  readonly min?: number;
  readonly max?: number;
  readonly limit?: number;
}

export interface ScoredMember {
  readonly member: string;
  readonly score: number;
}

export interface Tally {
  readonly count: number;
  /** Unix ms, as the bumping caller set it. */
  readonly until: number;
}

/** How often a checked delete re-reads a value that changed under it before giving up. */
const CHECKED_DELETE_ATTEMPTS = 3;

export type Decode = (raw: string) => Promise<unknown>;

/** The value in Keyv's stored envelope; expired (as Keyv's own `get` judges it) or unreadable is absent. */
export function keyvDecoder(keyv: Keyv): Decode {
  return async (raw) => {
    try {
      const envelope = await keyv.deserializeData(raw);
      if (!envelope) return undefined;
      if (typeof envelope.expires === 'number' && Date.now() > envelope.expires) return undefined;
      return envelope.value;
    } catch {
      // Not Keyv's JSON (a foreign or corrupt entry): nothing a decision could accept.
      return undefined;
    }
  };
}

/**
 * Optimistic compare-and-delete: read the stored bytes, let `decide` judge the value, then delete only
 * if the key still holds exactly those bytes (`deleteRaw`, atomic in each backend). A change in between
 * means another caller wrote: judge the new value instead.
 */
export async function checkedDelete(
  readRaw: () => Promise<string | undefined>,
  decode: Decode,
  decide: (value: unknown) => boolean | Promise<boolean>,
  deleteRaw: (raw: string) => Promise<boolean>,
): Promise<boolean> {
  for (let attempt = 0; attempt < CHECKED_DELETE_ATTEMPTS; attempt += 1) {
    const raw = await readRaw();
    if (raw === undefined) return false;
    const value = await decode(raw);
    if (value === undefined || !(await decide(value))) return false;
    if (await deleteRaw(raw)) return true;
  }
  return false;
}

/** Rejects when `promise` does not settle within `ms`; the late result is ignored (never unhandled). */
export function bounded<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    // Timers run before I/O in each turn of the event loop: after a stall (a busy process), an answer
    // that arrived in time is only read after the timer fires. Looking once more (setImmediate runs
    // after I/O) keeps a busy process from counting that as an outage.
    const timer = setTimeout(
      () =>
        setImmediate(() => {
          if (!settled) reject(new Error(`cache operation timed out after ${ms} ms`));
        }),
      ms,
    );
    promise.then(
      (value) => {
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        settled = true;
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** A fresh owner token for a lock or claim. */
export const ownerToken = (): string => randomUUID();
