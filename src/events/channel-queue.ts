import { assertNever } from '../shared/assert-never.js';
import type { Logger } from '../shared/log.js';
import type { OutgoingMessage, PostMessage } from './slack-post.js';

/**
 * One FIFO per channel, posting at most one message per `paceMs` (Slack allows about one message per
 * second per channel). A 429 holds that channel's queue for Retry-After and retries the same message,
 * so order is kept; other channels carry on. Sleep is injected so tests need not wait.
 *
 * At shutdown (`close`) the queues post what the deadline allows and give back the rest, each
 * settled `unposted` and logged by leg and side, so the caller can release its claim and hand the
 * post to another replica.
 */
export type PostOutcome =
  | 'posted'
  /** Not posted; an event the PBX sends again may succeed. */
  | 'retryable'
  /** Not posted; will fail the same way until a person fixes the channel. */
  | 'permanent'
  /** Given back at shutdown, not posted. */
  | 'unposted'
  /** Given back at shutdown while its post was under way: it may have been posted. */
  | 'interrupted';

export interface QueuedPost {
  readonly message: OutgoingMessage;
  /** What to say in logs (leg and side; never content). */
  readonly label: string;
  /** Called once with the outcome, so the caller can keep or release its exactly-once claim. */
  readonly settle: (outcome: PostOutcome) => Promise<void> | void;
  /** Called when the post exists, with its ts (where it is, to update it later). */
  readonly posted?: (ts: string) => Promise<void> | void;
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
  /** Resolves when every queue is empty (tests). */
  idle(): Promise<void>;
  pending(): number;
  /**
   * Shutdown: takes no more posts (they are given back at once), posts what it can until `deadline`
   * (ms since the epoch, on `now`'s clock), then gives back everything still waiting. Resolves once
   * every post is settled; the number given back.
   */
  close(deadline: number): Promise<number>;
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
  // Set by close(): new posts are given back, and waits end at the deadline.
  let closing: { readonly deadline: number; readonly reached: Promise<void> } | undefined;
  const givenBack = new Set<QueuedPost>();
  const posting = new Set<QueuedPost>();

  async function settle(item: QueuedPost, outcome: PostOutcome): Promise<void> {
    try {
      await item.settle(outcome);
    } catch (error) {
      options.logger.warn(`events: settling ${item.label} failed: ${(error as Error).message}`);
    }
  }

  /** Sleeps `ms`, or less when shutdown's deadline comes first; false when it did. */
  async function pause(ms: number): Promise<boolean> {
    if (!closing) {
      await sleep(ms);
      return true;
    }
    if (now() + ms > closing.deadline) return false;
    await Promise.race([sleep(ms), closing.reached]);
    return now() <= closing.deadline;
  }

  async function drain(channel: string, queue: QueuedPost[]): Promise<void> {
    while (queue.length > 0) {
      const item = queue[0]!;
      const outcome = await deliver(channel, item);
      // Given back at the deadline while its post was under way: settled already.
      if (givenBack.has(item)) break;
      queue.shift();
      count--;
      if (outcome === 'unposted') await giveBack(item, false);
      else await settle(item, outcome);
    }
    queues.delete(channel);
    running.delete(channel);
    overflowing.delete(channel);
  }

  async function deliver(channel: string, item: QueuedPost): Promise<PostOutcome> {
    let transientFailures = 0;
    for (;;) {
      const last = lastAttempt.get(channel);
      const wait = last === undefined ? 0 : last + paceMs - now();
      if (wait > 0 && !(await pause(wait))) return 'unposted';
      if (closing && now() > closing.deadline) return 'unposted';
      lastAttempt.set(channel, now());
      posting.add(item);
      const result = await options.post(item.message).finally(() => posting.delete(item));
      switch (result.kind) {
        case 'ok':
          // Fixed: should it break again, say so again.
          for (const key of reported) if (key.startsWith(`${channel}:`)) reported.delete(key);
          if (item.posted && result.ts !== '') {
            await Promise.resolve()
              .then(() => item.posted?.(result.ts))
              .catch((error: unknown) =>
                options.logger.warn(
                  `events: remembering where ${item.label} went failed: ${(error as Error).message}`,
                ),
              );
          }
          return 'posted';
        case 'rate_limited':
          options.logger.info(`events: Slack rate-limited ${channel}; waiting ${result.retryAfterMs} ms`);
          if (!(await pause(result.retryAfterMs))) return 'unposted';
          continue;
        case 'transient':
          transientFailures++;
          if (transientFailures >= maxTransient) {
            options.logger.error(
              `events: giving up posting ${item.label} to ${channel} after ${transientFailures} attempts (${result.reason})`,
            );
            return 'retryable';
          }
          if (!(await pause(Math.min(30_000, 500 * 2 ** transientFailures)))) return 'unposted';
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
        default:
          assertNever(result);
      }
    }
  }

  function giveBack(item: QueuedPost, inFlight: boolean): Promise<void> {
    givenBack.add(item);
    options.logger.warn(
      `events: shutdown: ${item.label} not posted to ${item.message.channel}${inFlight ? ' (its post was under way: it may have been posted)' : ''}; given back`,
    );
    return settle(item, inFlight ? 'interrupted' : 'unposted');
  }

  async function idle(): Promise<void> {
    while (running.size > 0) await Promise.all([...running.values()]);
  }

  return {
    enqueue(item) {
      if (closing) {
        void giveBack(item, false);
        return;
      }
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
    idle,
    pending: () => count,
    async close(deadline) {
      let reach: () => void = () => {};
      const reached = new Promise<void>((resolve) => {
        reach = resolve;
      });
      closing = { deadline, reached };
      const timer = setTimeout(reach, Math.max(0, deadline - now()));
      timer.unref();
      const before = givenBack.size;
      await Promise.race([idle(), reached]);
      clearTimeout(timer);
      reach();
      const left = [...queues.values()].flatMap((queue) => queue.splice(0));
      count = 0;
      await Promise.all(left.map((item) => giveBack(item, posting.has(item))));
      return givenBack.size - before;
    },
  };
}
