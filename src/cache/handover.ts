import type { CallSummary } from '../use-case/model/call-summary.js';
import type { Handover } from '../use-case/ports.js';
import type { ResilientBackend } from './resilient.js';
import { callSummarySchema } from './typed.js';

/** A handed-over post waits this long for a replica; past it, only the PBX's re-sent event posts it. */
const HANDOVER_TTL_MS = 60 * 60 * 1000;

export function createHandover(
  store: ResilientBackend,
  options: { readonly prefix: string; readonly shared: boolean; readonly now?: () => number },
): Handover {
  const now = options.now ?? Date.now;
  const queueKey = `${options.prefix}:handover:posts`;
  const itemKey = (member: string) => `${options.prefix}:handover:post:${member}`;
  const memberOf = (summary: CallSummary) => `${summary.legId}|${summary.side}`;
  return {
    shared: options.shared,
    async give(summary) {
      if (!options.shared) return false;
      const member = memberOf(summary);
      // The value first: a listed member is always readable.
      await store.set(itemKey(member), summary, HANDOVER_TTL_MS);
      const added = await store.addMember(queueKey, member, now(), {
        ttlMs: HANDOVER_TTL_MS,
        pruneBelow: now() - HANDOVER_TTL_MS,
      });
      return added === 'added' || added === 'updated';
    },
    async take(limit) {
      if (!options.shared) return [];
      const rows = await store.members(queueKey, { min: now() - HANDOVER_TTL_MS, limit });
      const taken: CallSummary[] = [];
      for (const { member } of rows) {
        // Several replicas may list the same member; the one whose removal succeeds owns it.
        if (!(await store.removeMember(queueKey, member))) continue;
        const parsed = callSummarySchema.safeParse(await store.get(itemKey(member)));
        await store.delete(itemKey(member));
        if (parsed.success) taken.push(parsed.data);
      }
      return taken;
    },
  };
}
