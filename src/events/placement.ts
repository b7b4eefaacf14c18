import type { Words } from '../shared/i18n/index.js';
import type { Logger } from '../shared/log.js';
import type { SlackMessage } from '../slack/views/types.js';
import { postedMetadata } from '../slack/views/types.js';
import type { LateSummaries } from '../use-case/late/service.js';
import { type CallContext, type ContextParty, outsideParty } from '../use-case/model/call-context.js';
import type { CallSummary } from '../use-case/model/call-summary.js';
import type { Claims, CopyKind, CustomerThread, CustomerThreads, ThreadCalls } from '../use-case/ports.js';
import type { ChannelQueues, PostOutcome } from './channel-queue.js';
import type { PostTarget } from './routing.js';
import type { OutgoingMessage } from './slack-post.js';

/**
 * Where one automatic post goes in its channel, by its route's options (src/events/routing.ts):
 *
 * - `full`: the summary, as one message.
 * - `brief`: one line in the channel, and the whole summary as the first reply in its thread; both
 *   are remembered as copies, so a re-written summary updates both.
 * - `thread_by: customer`: the summary as a reply in the thread of its outside number in that channel,
 *   under a head message ("Calls with … · 3 calls, last …") updated in place; a new thread once the
 *   last one is THREAD_DAYS old. One replica posts a thread's head (a claim); the others wait for its
 *   ts in the cache, then reply. Calls with no outside number (internal ones) are posted by `format`.
 *
 * Every post goes through the channel's queue (order and pace kept); `settle` tells the caller how the
 * summary's own post ended (its exactly-once claim is kept or released there).
 */

/**
 * How each kind of message is drawn (src/slack/views/posted.ts), in the channel's words: everyone in
 * the channel reads it, so CHANNEL_LOCALE, never one member's language.
 */
export interface PlacementViews {
  readonly full: (summary: CallSummary, call: CallContext, words: Words) => SlackMessage;
  readonly brief: (summary: CallSummary, call: CallContext, words: Words) => SlackMessage;
  readonly threadHead: (party: ContextParty, calls: ThreadCalls, words: Words) => SlackMessage;
}

/** `chat.update` of a message the bot posted (a thread's head). */
export type UpdateMessage = (message: { channel: string; ts: string } & SlackMessage) => Promise<void>;

export interface PlacementDeps {
  readonly queues: ChannelQueues;
  readonly claims: Claims;
  readonly views: PlacementViews;
  /** CHANNEL_LOCALE's words: what every post, brief line and thread head is written in. */
  readonly words: Words;
  readonly logger: Logger;
  readonly late?: Pick<LateSummaries, 'rememberCopy'> | undefined;
  /** Customer threads (shared through the cache); without them `thread_by` posts by `format`. */
  readonly threads?: CustomerThreads | undefined;
  readonly update?: UpdateMessage | undefined;
  /** THREAD_DAYS. */
  readonly threadDays: number;
  readonly now?: () => number;
  /** How long a replica waits for another's thread head (default 20 s), and how often it looks. */
  readonly headWaitMs?: number;
  readonly headPollMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface Placement {
  readonly summary: CallSummary;
  readonly call: CallContext;
  readonly target: PostTarget;
  /** Leg and side, for logs. */
  readonly label: string;
  /** Called once with how the summary's own post ended. */
  readonly settle: (outcome: PostOutcome) => Promise<void>;
}

const DAY_MS = 24 * 3600 * 1000;

export function createPlacer(deps: PlacementDeps) {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const threadMs = deps.threadDays * DAY_MS;

  const remember = (summary: CallSummary, channel: string, ts: string, kind: CopyKind) =>
    deps.late?.rememberCopy(summary, { channel, ts, kind });

  function enqueue(
    p: Placement,
    message: SlackMessage,
    options: {
      readonly threadTs?: string;
      readonly metadata?: boolean;
      readonly posted?: (ts: string) => Promise<void> | void;
      readonly settle: (outcome: PostOutcome) => Promise<void> | void;
    },
  ) {
    const outgoing: OutgoingMessage = {
      channel: p.target.channel,
      text: message.text,
      blocks: message.blocks,
      ...(options.metadata === false ? {} : { metadata: postedMetadata(p.summary.legId, p.summary.side) }),
      ...(options.threadTs !== undefined ? { threadTs: options.threadTs } : {}),
    };
    deps.queues.enqueue({
      label: p.label,
      message: outgoing,
      ...(options.posted ? { posted: options.posted } : {}),
      settle: options.settle,
    });
  }

  /** The whole summary as one message, top-level or in a thread. */
  function postFull(p: Placement, threadTs?: string, after?: (ts: string) => Promise<void>) {
    enqueue(p, deps.views.full(p.summary, p.call, deps.words), {
      ...(threadTs !== undefined ? { threadTs } : {}),
      posted: async (ts) => {
        await remember(p.summary, p.target.channel, ts, 'post');
        await after?.(ts);
      },
      settle: p.settle,
    });
  }

  /** One line in the channel; the summary as the first reply in its thread. */
  function postBrief(p: Placement) {
    enqueue(p, deps.views.brief(p.summary, p.call, deps.words), {
      posted: async (ts) => {
        await remember(p.summary, p.target.channel, ts, 'brief');
        enqueue(p, deps.views.full(p.summary, p.call, deps.words), {
          threadTs: ts,
          posted: (replyTs) => remember(p.summary, p.target.channel, replyTs, 'post'),
          settle: (outcome) => {
            if (outcome !== 'posted')
              deps.logger.warn(
                `events: the thread reply of ${p.label}'s brief line was not posted (${outcome})`,
              );
          },
        });
      },
      settle: p.settle,
    });
  }

  const live = (thread: CustomerThread | undefined) =>
    thread !== undefined && now() - thread.startedAt < threadMs ? thread : undefined;

  async function countAndUpdate(p: Placement, key: string, party: ContextParty, thread: CustomerThread) {
    if (!deps.threads) return;
    const start = 'epoch' in p.call.start ? p.call.start.epoch : undefined;
    const calls = await deps.threads.addCall(key, thread, p.summary.legId, start, threadMs + DAY_MS);
    if (calls.count <= 1 || !deps.update) return;
    await deps.update({
      channel: p.target.channel,
      ts: thread.ts,
      ...deps.views.threadHead(party, calls, deps.words),
    });
  }

  async function postInCustomerThread(p: Placement, party: ContextParty) {
    const threads = deps.threads!;
    // The number as read internationally (`+1 415…`), so every way the PBX writes it is one customer.
    const number = party.display.startsWith('+') ? party.display : party.number;
    const key = `${p.target.channel}:${number.replace(/\D/g, '').replace(/^00/, '')}`;
    const reply = (thread: CustomerThread) =>
      postFull(p, thread.ts, () =>
        countAndUpdate(p, key, party, thread).catch((error: unknown) =>
          deps.logger.warn(`events: the thread head of ${p.label} was not brought up to date`, error),
        ),
      );
    const existing = live(await threads.get(key).catch(() => undefined));
    if (existing) return reply(existing);
    // One replica posts the head; the claim lives as long as the thread takes calls.
    const headKey = `threadhead:${key}`;
    if (await deps.claims.claim(headKey, threadMs)) {
      const start = 'epoch' in p.call.start ? p.call.start.epoch : undefined;
      enqueue(p, deps.views.threadHead(party, { count: 1, lastStart: start }, deps.words), {
        metadata: false,
        posted: async (ts) => {
          const thread = { ts, startedAt: now() };
          await threads.set(key, thread, threadMs + DAY_MS);
          reply(thread);
        },
        settle: async (outcome) => {
          if (outcome === 'posted') return;
          // No head: another call (or this one, sent again) may start the thread.
          await deps.claims.release(headKey).catch(() => undefined);
          await p.settle(outcome);
        },
      });
      return;
    }
    // Another replica is posting the head: its ts comes through the cache.
    const waitMs = deps.headWaitMs ?? 20_000;
    const pollMs = deps.headPollMs ?? 200;
    for (let waited = 0; waited < waitMs; waited += pollMs) {
      await sleep(pollMs);
      const thread = live(await threads.get(key).catch(() => undefined));
      if (thread) return reply(thread);
    }
    deps.logger.warn(`events: the thread of ${p.label}'s customer has no head yet; posted on its own`);
    return place({ ...p, target: { ...p.target, threadBy: undefined } });
  }

  async function place(p: Placement): Promise<void> {
    const party = p.target.threadBy === 'customer' ? outsideParty(p.call) : undefined;
    if (party && deps.threads) return postInCustomerThread(p, party);
    if (p.target.format === 'brief') return postBrief(p);
    return postFull(p);
  }

  return { place };
}
