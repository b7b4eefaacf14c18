import type { Logger } from '../shared/log.js';
import type { CallSummary } from '../use-case/model/call-summary.js';
import type { Handover } from '../use-case/ports.js';

/**
 * Takes the posts other replicas handed over at their shutdown (src/cache/handover.ts) and posts them
 * here: once at start (a replica restarting alone picks up what it gave back) and every `intervalMs`
 * after. Stopped before the queues close, so a stopping replica takes nothing it cannot post.
 */
export interface HandoverPoller {
  start(): void;
  stop(): Promise<void>;
}

/** How often the shared hand-over list is read: a handed-over post waits at most about this long. */
const HANDOVER_POLL_MS = 5000;
const TAKE_AT_ONCE = 50;

export function createHandoverPoller(options: {
  readonly handover: Pick<Handover, 'take'>;
  readonly post: (summary: CallSummary) => Promise<void>;
  readonly logger: Logger;
  readonly intervalMs?: number;
}): HandoverPoller {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  async function drain(): Promise<void> {
    for (;;) {
      const taken = await options.handover.take(TAKE_AT_ONCE);
      if (taken.length > 0)
        options.logger.info(`events: posting ${taken.length} summaries handed over by another replica`);
      for (const summary of taken) {
        await options.post(summary).catch((error: unknown) => {
          options.logger.warn(
            `events: posting ${summary.legId} ${summary.side} (handed over) failed: ${(error as Error).message}`,
          );
        });
      }
      if (taken.length < TAKE_AT_ONCE || stopped) return;
    }
  }

  const tick = () => {
    if (running || stopped) return;
    running = drain()
      .catch((error: unknown) =>
        options.logger.warn(`events: reading handed-over posts failed: ${(error as Error).message}`),
      )
      .finally(() => {
        running = undefined;
      });
  };

  return {
    start() {
      tick();
      timer = setInterval(tick, options.intervalMs ?? HANDOVER_POLL_MS);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
