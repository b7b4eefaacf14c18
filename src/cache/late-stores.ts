import { z } from 'zod';
import type { Side } from '../use-case/model/leg-id.js';
import type { CheckState, LateStores, PostedCopy, Watch, WatchSide } from '../use-case/ports.js';
import type { ResilientBackend } from './resilient.js';

const watchSchema: z.ZodType<Watch> = z.object({
  id: z.string().min(1).max(200),
  legId: z.string().min(1).max(64),
  side: z.enum(['caller', 'callee', 'both']),
  userId: z.string().min(1).max(32),
  extension: z.string().max(32).optional(),
  channelId: z.string().max(32).optional(),
  responseUrl: z.string().max(1000).optional(),
  createdAt: z.number(),
  expiresAt: z.number(),
}) as z.ZodType<Watch>;

const checkSchema: z.ZodType<CheckState> = z.object({
  step: z.number().int().nonnegative(),
  failures: z.number().int().nonnegative(),
});

const copySchema: z.ZodType<PostedCopy> = z.object({
  channel: z.string().min(1).max(32),
  ts: z.string().min(1).max(32),
  kind: z.enum(['post', 'share', 'notify', 'brief', 'dm']),
  userId: z.string().max(32).optional(),
  shareIn: z.string().max(32).optional(),
  digest: z.string().min(1).max(64),
}) as z.ZodType<PostedCopy>;

/** Longer than any watch: the sets outlive their last member's expiry a little. */
const SET_SLACK_MS = 60 * 60 * 1000;

export function createLateStores(
  store: ResilientBackend,
  options: { readonly prefix: string; readonly now?: () => number },
): LateStores {
  const now = options.now ?? Date.now;
  const k = (...parts: string[]) => `${options.prefix}:${parts.join(':')}`;
  const allKey = k('watches', 'all');
  const userKey = (userId: string) => k('watches', 'user', userId);
  const legKey = (legId: string, side: WatchSide) => k('watches', 'leg', legId, side);
  const dueKey = k('checks', 'due');
  const checkKey = (legId: string, side: WatchSide) => k('check', legId, side);
  const pair = (legId: string, side: WatchSide) => `${legId}|${side}`;
  const copiesKey = (legId: string, side: Side) => k('copies', legId, side);
  const copyKey = (channel: string, ts: string) => k('copy', channel, ts);

  const readWatch = async (id: string) => {
    const parsed = watchSchema.safeParse(await store.get(k('watch', id)));
    return parsed.success && parsed.data.expiresAt > now() ? parsed.data : undefined;
  };

  return {
    async addWatch(watch, limits) {
      const ttlMs = watch.expiresAt - now() + SET_SLACK_MS;
      const mine = await store.addMember(userKey(watch.userId), watch.id, watch.expiresAt, {
        ttlMs,
        limit: limits.perPerson,
        pruneBelow: now(),
      });
      if (mine === 'unavailable') return 'unavailable';
      if (mine === 'full') return 'person_full';
      if (mine === 'updated' && (await readWatch(watch.id))) {
        // Already watching: keep the first watch's expiry, but answer in the newest place they asked.
        const existing = (await readWatch(watch.id))!;
        await store.set(k('watch', watch.id), { ...existing, responseUrl: watch.responseUrl }, ttlMs);
        await store.addMember(userKey(watch.userId), watch.id, existing.expiresAt, { ttlMs });
        return 'already';
      }
      const all = await store.addMember(allKey, watch.id, watch.expiresAt, {
        ttlMs,
        limit: limits.total,
        pruneBelow: now(),
      });
      if (all === 'full' || all === 'unavailable') {
        await store.removeMember(userKey(watch.userId), watch.id);
        return all === 'full' ? 'all_full' : 'unavailable';
      }
      // The value first: a watch listed under its leg is always readable.
      await store.set(k('watch', watch.id), watch, ttlMs);
      const byLeg = await store.addMember(legKey(watch.legId, watch.side), watch.id, watch.expiresAt, {
        ttlMs,
        pruneBelow: now(),
      });
      if (byLeg === 'unavailable') return 'unavailable';
      return 'added';
    },
    async watchesOf(legId, side) {
      const ids = await store.members(legKey(legId, side), { min: now() });
      const watches = await Promise.all(ids.map((row) => readWatch(row.member)));
      return watches.filter((w): w is Watch => w !== undefined);
    },
    async removeWatch(watch) {
      await Promise.all([
        store.removeMember(legKey(watch.legId, watch.side), watch.id),
        store.removeMember(userKey(watch.userId), watch.id),
        store.removeMember(allKey, watch.id),
        store.delete(k('watch', watch.id)),
      ]);
    },
    async watchCount(userId) {
      return (await store.members(userKey(userId), { min: now() })).length;
    },
    async openWatches() {
      return (await store.members(allKey, { min: now() })).length;
    },

    async scheduleFirstCheck(legId, side, at, ttlMs) {
      // A (leg, side) already being checked keeps its place in the back-off: a later watcher joins it.
      if ((await store.get(checkKey(legId, side))) !== undefined) return;
      await store.set(checkKey(legId, side), { step: 0, failures: 0 } satisfies CheckState, ttlMs);
      await store.addMember(dueKey, pair(legId, side), at, { ttlMs });
    },
    async dueChecks(at, limit) {
      const rows = await store.members(dueKey, { max: at, limit });
      return rows.flatMap((row) => {
        const [legId, side] = row.member.split('|');
        return legId && (side === 'caller' || side === 'callee' || side === 'both')
          ? [{ legId, side: side as WatchSide, dueAt: row.score }]
          : [];
      });
    },
    async checkState(legId, side) {
      const parsed = checkSchema.safeParse(await store.get(checkKey(legId, side)));
      return parsed.success ? parsed.data : undefined;
    },
    async rescheduleCheck(legId, side, at, state, ttlMs) {
      if (at === undefined) {
        await store.removeMember(dueKey, pair(legId, side));
        await store.delete(checkKey(legId, side));
        return;
      }
      await store.set(checkKey(legId, side), state, ttlMs);
      await store.addMember(dueKey, pair(legId, side), at, { ttlMs });
    },

    async rememberCopy(legId, side, copy, ttlMs) {
      await store.set(copyKey(copy.channel, copy.ts), copy, ttlMs);
      await store.addMember(copiesKey(legId, side), `${copy.channel}|${copy.ts}`, now() + ttlMs, {
        ttlMs,
        pruneBelow: now(),
      });
    },
    async copiesOf(legId, side) {
      const rows = await store.members(copiesKey(legId, side), { min: now() });
      const copies = await Promise.all(
        rows.map(async (row) => {
          const [channel, ts] = row.member.split('|');
          const parsed = copySchema.safeParse(await store.get(copyKey(channel ?? '', ts ?? '')));
          return parsed.success ? parsed.data : undefined;
        }),
      );
      return copies.filter((c): c is PostedCopy => c !== undefined);
    },
    async forgetCopy(legId, side, copy) {
      await store.removeMember(copiesKey(legId, side), `${copy.channel}|${copy.ts}`);
      await store.delete(copyKey(copy.channel, copy.ts));
    },
  };
}
