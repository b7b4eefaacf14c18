import { z } from 'zod';
import { sameNumber } from '../use-case/model/call-query.js';
import { SIDES } from '../use-case/model/leg-id.js';
import { type CallPartyKey, callPartyKey } from '../use-case/model/party-number.js';
import { wallClockAsUtcMs } from '../use-case/model/pbx-time.js';
import type { CallIndex, IndexedCall } from '../use-case/ports.js';
import { ownerToken } from './backend.js';
import type { ResilientBackend } from './resilient.js';

/**
 * The call index over the cache store. Per party a scored set of leg ids (score: the call's start,
 * its PBX wall clock read as UTC, so windows compare in the PBX's own time), and per call its
 * metadata; a CDR uid names its leg. Everything lives CALL_INDEX_DAYS; with Redis, replicas share it.
 *
 * Completeness: `since` is when the feed last came up with no replica feeding, and every feeding
 * replica keeps a member in the `feeders` set, scored by when its heartbeat lapses. A replica that
 * starts feeding while no other feeder is live starts a new `since`: a time when nobody received
 * events (all replicas down, a lost WebSocket) is never mistaken for a quiet one. A replica that
 * loses its WebSocket takes every feeder's word back (the set is emptied): conservative, a list then
 * asks the PBX's export for a while. A crashed replica's member lapses after HEARTBEAT_TTL_MS; a
 * restart quicker than that, with no other replica, is the one gap not seen.
 */
export const CALL_INDEX_DAYS = 31;
/** How often a feeding replica renews the heartbeat; it lapses after three missed beats. */
export const CALL_INDEX_HEARTBEAT_MS = 30_000;
const HEARTBEAT_TTL_MS = 3 * CALL_INDEX_HEARTBEAT_MS;
/** A party's calls kept at most (a busy queue's month); the oldest go first. */
const MAX_CALLS_PER_PARTY = 20_000;

const DAY_MS = 86_400_000;

const wallClockSchema = z.object({
  year: z.number().int(),
  month: z.number().int(),
  day: z.number().int(),
  hour: z.number().int(),
  minute: z.number().int(),
  second: z.number().int(),
});

const indexedCallSchema: z.ZodType<IndexedCall> = z.object({
  legId: z.string().min(1).max(64),
  uid: z.string().max(64),
  start: wallClockSchema,
  caller: z.string().max(64),
  callee: z.string().max(64),
  callType: z.string().max(32),
  talkSeconds: z.number().nonnegative().nullable(),
  gist: z.string().max(1000),
  summarySides: z.array(z.enum(SIDES)),
});

const sinceSchema = z.number();

export function createCallIndex(
  store: ResilientBackend,
  options: { readonly prefix: string; readonly now?: () => number },
): CallIndex {
  const now = options.now ?? Date.now;
  const ttlMs = CALL_INDEX_DAYS * DAY_MS;
  const k = (...parts: string[]) => `${options.prefix}:callidx:${parts.join(':')}`;
  const partyKey = (key: CallPartyKey) => k('party', key);
  const callKey = (legId: string) => k('call', legId);
  const uidKey = (uid: string) => k('uid', uid);
  const sinceKey = k('since');
  // Every call once, scored by when it was recorded: the index's size, counted without reading it.
  const allKey = k('all');
  const feedersKey = k('feeders');
  const replica = ownerToken();
  // This process's own view of the feed, so a store that is down does not make the index look complete.
  let feeding = false;
  const liveFeeders = async () =>
    (await store.members(feedersKey, { min: now() })).filter((m) => m.member !== replica).length;

  const readCall = async (legId: string) => {
    const parsed = indexedCallSchema.safeParse(await store.get(callKey(legId)));
    return parsed.success ? parsed.data : undefined;
  };

  return {
    async record(call) {
      const known = await readCall(call.legId);
      const merged: IndexedCall = known ? mergeCalls(known, call) : call;
      await store.set(callKey(call.legId), merged, ttlMs);
      if (merged.uid !== '') await store.set(uidKey(merged.uid), merged.legId, ttlMs);
      if (!known) await store.addMember(allKey, merged.legId, now(), { ttlMs, pruneBelow: now() - ttlMs });
      const score = wallClockAsUtcMs(merged.start);
      const parties = new Set([callPartyKey(merged.caller), callPartyKey(merged.callee)]);
      for (const party of parties) {
        if (party === undefined) continue;
        await store.addMember(partyKey(party), merged.legId, score, {
          ttlMs,
          limit: MAX_CALLS_PER_PARTY,
          // Scores are PBX wall clocks read as UTC: a day's slack covers every offset.
          pruneBelow: now() - ttlMs - DAY_MS,
        });
      }
    },
    async callsOf(party, from, to) {
      const key = callPartyKey(party);
      if (key === undefined) return [];
      // One attempt for the whole read: a store that fails half-way must not look like fewer calls.
      const read = await store.attempt(async (backend) => {
        const members = await backend.members(partyKey(key), {
          min: wallClockAsUtcMs(from),
          max: wallClockAsUtcMs(to),
        });
        const values = await Promise.all(members.map((m) => backend.get(callKey(m.member))));
        return values.flatMap((value) => {
          const parsed = indexedCallSchema.safeParse(value);
          return parsed.success ? [parsed.data] : [];
        });
      });
      if (!read.answered) return undefined;
      // Outside numbers are filed by their last digits: only the calls of exactly this number stay.
      const isParty = (number: string) =>
        callPartyKey(number) === key && (key.startsWith('e') || sameNumber(number, party));
      return read.value
        .filter((c) => isParty(c.caller) || isParty(c.callee))
        .sort(
          (a, b) => wallClockAsUtcMs(b.start) - wallClockAsUtcMs(a.start) || b.legId.localeCompare(a.legId),
        );
    },
    async byUid(uid) {
      const legId = z.string().safeParse(await store.get(uidKey(uid)));
      return legId.success ? readCall(legId.data) : undefined;
    },
    byLeg: readCall,
    size: () => store.countMembers(allKey, { min: now() - ttlMs }),
    async completeSince() {
      if (!feeding) return undefined;
      const since = sinceSchema.safeParse(await store.get(sinceKey));
      return since.success ? since.data : undefined;
    },
    async feedUp() {
      const at = now();
      const wasFeeding = feeding;
      if (!wasFeeding && (await liveFeeders()) === 0) await store.set(sinceKey, at, ttlMs);
      const added = await store.addMember(feedersKey, replica, at + HEARTBEAT_TTL_MS, {
        ttlMs: HEARTBEAT_TTL_MS,
        pruneBelow: at,
      });
      // A store that did not answer cannot vouch for the span: not complete until it does.
      feeding = added === 'added' || added === 'updated';
    },
    async feedLost() {
      feeding = false;
      await store.delete(feedersKey);
    },
    async feedStopped() {
      feeding = false;
      await store.removeMember(feedersKey, replica);
    },
  };
}

/** What two events say of one call, together: the later fills what the earlier lacked. */
export function mergeCalls(known: IndexedCall, update: IndexedCall): IndexedCall {
  return {
    legId: known.legId,
    uid: known.uid || update.uid,
    start: known.start,
    caller: known.caller || update.caller,
    callee: known.callee || update.callee,
    callType: known.callType || update.callType,
    talkSeconds: known.talkSeconds ?? update.talkSeconds,
    gist: update.gist || known.gist,
    summarySides: SIDES.filter((s) => known.summarySides.includes(s) || update.summarySides.includes(s)),
  };
}
