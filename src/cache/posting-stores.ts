import { z } from 'zod';
import type { CustomerThread, CustomerThreads, DmChoices, ThreadCalls } from '../use-case/ports.js';
import type { ResilientBackend } from './resilient.js';

/**
 * What automatic posting keeps beside the summaries, shared by the replicas: customer threads
 * (`thread:<channel>:<number>` → the head's ts, `threadcalls:<channel>:<number>` → its legs, scored by
 * their start) and the Home tab's "send me my calls' summaries" (`dmchoice:<user>` → their
 * extension, `dmusers:<extension>` → the users). Every value is validated on the way back; a foreign
 * or corrupt entry is absent.
 */

const threadSchema: z.ZodType<CustomerThread> = z.object({
  ts: z.string().min(1).max(32),
  startedAt: z.number(),
});

const choiceSchema = z.object({ extension: z.string().regex(/^\d{1,7}$/) });

/** A choice is kept a year after it was last switched on; a person switching it off forgets it at once. */
const CHOICE_TTL_MS = 366 * 24 * 3600 * 1000;

export function createCustomerThreads(store: ResilientBackend, prefix: string): CustomerThreads {
  const threadKey = (key: string) => `${prefix}:thread:${key}`;
  const callsKey = (key: string, thread: CustomerThread) => `${prefix}:threadcalls:${key}:${thread.ts}`;
  return {
    async get(key) {
      const parsed = threadSchema.safeParse(await store.get(threadKey(key)));
      return parsed.success ? parsed.data : undefined;
    },
    async set(key, thread, ttlMs) {
      await store.set(threadKey(key), thread, ttlMs);
    },
    async addCall(key, thread, legId, start, ttlMs): Promise<ThreadCalls> {
      const calls = callsKey(key, thread);
      await store.addMember(calls, legId, start ?? 0, { ttlMs });
      const members = await store.members(calls, {});
      const starts = members.map((m) => m.score).filter((s) => s > 0);
      return {
        count: Math.max(1, members.length),
        lastStart: starts.length > 0 ? Math.max(...starts) : start,
      };
    },
  };
}

export function createDmChoices(store: ResilientBackend, prefix: string): DmChoices {
  const userKey = (userId: string) => `${prefix}:dmchoice:${userId}`;
  const extKey = (extension: string) => `${prefix}:dmusers:${extension}`;
  const extensionOf = async (userId: string) => {
    const parsed = choiceSchema.safeParse(await store.get(userKey(userId)));
    return parsed.success ? parsed.data.extension : undefined;
  };
  return {
    extensionOf,
    async turnOn(userId, extension) {
      const before = await extensionOf(userId);
      if (before !== undefined && before !== extension) await store.removeMember(extKey(before), userId);
      const added = await store.addMember(extKey(extension), userId, Date.now(), { ttlMs: CHOICE_TTL_MS });
      if (added === 'unavailable') return false;
      await store.set(userKey(userId), { extension }, CHOICE_TTL_MS);
      return true;
    },
    async turnOff(userId) {
      const before = await extensionOf(userId);
      if (before !== undefined) await store.removeMember(extKey(before), userId);
      await store.delete(userKey(userId));
    },
    async usersOf(extension) {
      const members = await store.members(extKey(extension), {});
      // The set and the choices are written one after the other: a member whose choice is gone is off.
      const users = await Promise.all(
        members.map(async (m) => ((await extensionOf(m.member)) === extension ? m.member : undefined)),
      );
      return users.filter((u): u is string => u !== undefined);
    },
  };
}
