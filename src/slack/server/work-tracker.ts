import type { AnswerTarget } from '../send/answer-route.js';
import { PostTarget } from '../views/values.js';

/**
 * Work acknowledged to Slack and not answered yet. After an acknowledgement Slack shows the person
 * nothing more unless the app answers, so shutdown waits for this work (bounded), and whoever it
 * cannot wait for is told the bot is restarting.
 */
export interface WorkTracker {
  /** Records acknowledged work until it settles, with where its answer is due. */
  track(work: Promise<unknown>, target: AnswerTarget): void;
  size(): number;
  /** True once all work has settled; false when `deadline` (ms since the epoch) comes first. */
  settled(deadline: number): Promise<boolean>;
  /** Where the work still running is due. */
  unfinished(): AnswerTarget[];
}

export function createWorkTracker(now: () => number = Date.now): WorkTracker {
  const running = new Map<Promise<unknown>, AnswerTarget>();
  let changed: (() => void) | undefined;
  return {
    track(work, target) {
      const settled = work.then(
        () => undefined,
        () => undefined,
      );
      running.set(settled, target);
      void settled.then(() => {
        running.delete(settled);
        changed?.();
      });
    },
    size: () => running.size,
    async settled(deadline) {
      while (running.size > 0) {
        const left = deadline - now();
        if (left <= 0) return false;
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          changed = resolve;
          timer = setTimeout(resolve, left);
        });
        clearTimeout(timer);
        changed = undefined;
      }
      return true;
    },
    unfinished: () => [...running.values()],
  };
}

/**
 * Where an answer is due, read from a request body as Slack sends it (foreign input: any field may be
 * missing). A view submission carries no response_url of its own; the modal carried the shortcut's.
 */
export function answerTargetOf(body: unknown): AnswerTarget {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const user = b.user as { id?: unknown } | undefined;
  const channel = b.channel as { id?: unknown } | undefined;
  const view = b.view as { private_metadata?: unknown } | undefined;
  const target =
    typeof view?.private_metadata === 'string' ? PostTarget.decode(view.private_metadata) : undefined;
  return {
    responseUrl: text(b.response_url) ?? target?.responseUrl,
    channelId: text(b.channel_id) ?? text(channel?.id) ?? target?.channelId,
    userId: text(b.user_id) ?? text(user?.id),
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
