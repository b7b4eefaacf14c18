import type { Logger } from '../log.js';
import type { OutgoingMessage, PostMessage } from './slack-post.js';

/**
 * One FIFO per channel, posting at most one message per `paceMs` (Slack allows about one message per
 * second per channel). A 429 holds that channel's queue for Retry-After and retries the same message,
 * so order is kept; other channels carry on. Sleep is injected so tests need not wait.
 */
export interface QueuedPost {
  readonly message: OutgoingMessage;
  /** What to say in logs (leg and side; never content). */
  readonly label: string;
  /** Called once with the outcome, so the caller can keep or release its exactly-once claim. */
  readonly settle: (outcome: 'posted' | 'retryable' | 'permanent') => Promise<void> | void;
}

export interface ChannelQueueOptions {
  readonly post: PostMessage;
  readonly logger: Logger;
  readonly paceMs?: number;
  /** Attempts for network/5xx failures before giving up on one message (429s do not count). */
  readonly maxTransientAttempts?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  /**
   * Posts waiting per channel before new ones are turned away (settled `retryable`, so their claim
   * is released and an event the PBX sends again is posted later). Bounds memory while Slack is down
   * or rate-limits one channel for long.
   */
  readonly maxQueuedPerChannel?: number;
}

export interface ChannelQueues {
  enqueue(item: QueuedPost): void;
  /** Resolves when every queue is empty (tests, shutdown). */
  idle(): Promise<void>;
  pending(): number;
}

export function createChannelQueues(options: ChannelQueueOptions): ChannelQueues {
  const paceMs = options.paceMs ?? 1100;
  const maxTransient = options.maxTransientAttempts ?? 5;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const maxQueued = options.maxQueuedPerChannel ?? 1000;
  // Channels whose queue is full; reported once per episode, forgotten when the queue drains.
  const overflowing = new Set<string>();
  const queues = new Map<string, QueuedPost[]>();
  // Pace from the last attempt, so a queue that empties and refills still waits its turn.
  const lastAttempt = new Map<string, number>();
  const running = new Map<string, Promise<void>>();
  // A broken channel is reported once per error, not once per message.
  const reported = new Set<string>();
  let count = 0;

  async function drain(channel: string, queue: QueuedPost[]): Promise<void> {
    while (queue.length > 0) {
      const item = queue[0]!;
      const outcome = await deliver(channel, item);
      queue.shift();
      count--;
      try {
        await item.settle(outcome);
      } catch (error) {
        options.logger.warn(`events: settling ${item.label} failed: ${(error as Error).message}`);
      }
    }
    queues.delete(channel);
    running.delete(channel);
    overflowing.delete(channel);
  }

  async function deliver(channel: string, item: QueuedPost): Promise<'posted' | 'retryable' | 'permanent'> {
    let transientFailures = 0;
    for (;;) {
      const last = lastAttempt.get(channel);
      const wait = last === undefined ? 0 : last + paceMs - now();
      if (wait > 0) await sleep(wait);
      lastAttempt.set(channel, now());
      const result = await options.post(item.message);
      switch (result.kind) {
        case 'ok':
          // Fixed: should it break again, say so again.
          for (const key of reported) if (key.startsWith(`${channel}:`)) reported.delete(key);
          return 'posted';
        case 'rate_limited':
          options.logger.info(`events: Slack rate-limited ${channel}; waiting ${result.retryAfterMs} ms`);
          await sleep(result.retryAfterMs);
          continue;
        case 'transient':
          transientFailures++;
          if (transientFailures >= maxTransient) {
            options.logger.error(
              `events: giving up posting ${item.label} to ${channel} after ${transientFailures} attempts (${result.reason})`,
            );
            return 'retryable';
          }
          await sleep(Math.min(30_000, 500 * 2 ** transientFailures));
          continue;
        case 'permanent': {
          const key = `${channel}:${result.error}`;
          if (!reported.has(key)) {
            reported.add(key);
            options.logger.error(
              `events: cannot post to ${channel}: ${result.error} — ${result.fix} (reported once; later posts to it fail the same way until fixed)`,
            );
          }
          return 'permanent';
        }
      }
    }
  }

  return {
    enqueue(item) {
      const channel = item.message.channel;
      let queue = queues.get(channel);
      if (!queue) {
        queue = [];
        queues.set(channel, queue);
      }
      if (queue.length >= maxQueued) {
        if (!overflowing.has(channel)) {
          overflowing.add(channel);
          options.logger.warn(
            `events: ${maxQueued} posts already wait for ${channel}; turning new ones away until it drains (the PBX's re-sent events are posted then)`,
          );
        }
        void Promise.resolve()
          .then(() => item.settle('retryable'))
          .catch((error: unknown) => {
            options.logger.warn(`events: settling ${item.label} failed: ${(error as Error).message}`);
          });
        return;
      }
      queue.push(item);
      count++;
      if (!running.has(channel)) {
        const q = queue;
        running.set(
          channel,
          drain(channel, q).catch((error: unknown) => {
            options.logger.error(`events: queue for ${channel} stopped: ${(error as Error).message}`);
          }),
        );
      }
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running.values()]);
    },
    pending: () => count,
  };
}
