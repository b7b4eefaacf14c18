import { summaryReadyEvent } from './events.js';
import type { SimEvent, SimEventTarget, SimSide, SimSummary } from './index.js';
import type { PbxData } from './pbx-data.js';

/**
 * Summaries that arrive late, as a PBX's AI writes them: a call ends, its summary is written some
 * time later (until then `getaisummary` has none and the AI export lacks the leg), and only then is
 * event 30040 sent. A summary can also be written again (a re-run, a correction): new content, a
 * later `updatedAt`, and a new 30040.
 */
export function createLateWriter(deps: {
  readonly data: PbxData;
  readonly now: () => number;
  readonly send: (event: SimEvent, target: SimEventTarget) => Promise<void>;
}) {
  const pending = new Set<NodeJS.Timeout>();
  const write = async (legId: string, side: SimSide, summary: SimSummary, target: SimEventTarget) => {
    deps.data.setSummary(legId, side, summary);
    const leg = deps.data.leg(legId);
    if (leg) await deps.send(summaryReadyEvent(leg, side), target);
  };
  return {
    writeSummaryLater(
      legId: string,
      side: SimSide,
      summary: SimSummary,
      afterMs: number,
      target: SimEventTarget,
    ): Promise<void> {
      if (!deps.data.leg(legId)) return Promise.reject(new Error(`simulator: no leg ${legId}`));
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(timer);
          write(legId, side, summary, target).then(resolve, reject);
        }, afterMs);
        // A test or demo that stops before the summary is written must not be held open by it.
        timer.unref();
        pending.add(timer);
      });
    },
    async rewriteSummary(legId: string, side: SimSide, html: string, target: SimEventTarget): Promise<void> {
      const current = deps.data.leg(legId)?.summaries[side];
      if (!current) throw new Error(`simulator: ${legId} has no ${side} summary to re-write`);
      const seconds = Math.max(Math.floor(deps.now() / 1000), current.updatedAt + 1);
      await write(legId, side, { ...current, html, updatedAt: seconds }, target);
    },
    cancelAll(): void {
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
    },
  };
}
