import { assertNever } from '../shared/assert-never.js';
import type { Words } from '../shared/i18n/index.js';
import type { Logger } from '../shared/log.js';
import { briefMessage, threadHeadMessage } from '../slack/views/posted.js';
import type { SlackMessage } from '../slack/views/types.js';
import type { LateSummaries } from '../use-case/late/service.js';
import type { CallContext } from '../use-case/model/call-context.js';
import type { CallSummary } from '../use-case/model/call-summary.js';
import { maskedNumber } from '../use-case/model/party-number.js';
import type { CallIndex, Claims, CustomerThreads, Handover, LegParties } from '../use-case/ports.js';
import type { LegSides, SummaryService } from '../use-case/summaries.js';
import type { ChannelQueues, PostOutcome } from './channel-queue.js';
import { type EventCall, type PbxEvent, summaryOf } from './envelope.js';
import { createPlacer, type PlacementViews, type UpdateMessage } from './placement.js';
import { postsCall, type Routing, targetFor } from './routing.js';

/**
 * The use case "an event arrived": feed the leg index, and when a summary is ready post it to the
 * routed channel exactly once per (leg, side).
 *
 * One message per side, not one combined message for internal calls: the PBX sends one 30040 per
 * extension, at different times (each side's summary is generated separately), and may never send
 * the second; the two sides may route to different channels; exactly-once and the message metadata
 * `{leg_id, side}` are per side. Combining would mean holding the first summary for an unknown time.
 */
export interface SummaryReadyDeps {
  readonly summaries: Pick<SummaryService, 'rememberLeg' | 'rememberSummary' | 'callContext'> & LegSides;
  readonly routing: Routing;
  readonly claims: Claims;
  readonly queues: ChannelQueues;
  /** The post: the call's context, the summary and its buttons (src/slack/views/posted.ts). */
  readonly render: (summary: CallSummary, call: CallContext, words: Words) => SlackMessage;
  /** CHANNEL_LOCALE's words: every automatic post is read by a whole channel. */
  readonly words: Words;
  readonly logger: Logger;
  /** Watches and posted copies (src/late): told of every summary, and where each post went. */
  readonly late?: Pick<LateSummaries, 'summaryReady' | 'rememberCopy'>;
  /** How long a (leg, side) stays claimed after posting; the PBX's re-sends come well within a day. */
  readonly claimTtlMs?: number;
  /** Where a post given back at shutdown goes, for another replica to make (src/cache/handover.ts). */
  readonly handover?: Pick<Handover, 'give'>;
  /** The call index every event feeds (lists answer from it), and a summary's gist for it. */
  readonly index?: { readonly calls: Pick<CallIndex, 'record'>; readonly gist: (html: string) => string };
  /** A quiet channel's one line, and a customer thread's head (src/slack/views/posted.ts by default). */
  readonly views?: Partial<Pick<PlacementViews, 'brief' | 'threadHead'>>;
  /** Customer threads (`thread_by: customer`), shared through the cache, and how their heads are updated. */
  readonly threads?: CustomerThreads;
  readonly updateMessage?: UpdateMessage;
  /** THREAD_DAYS (default 7). */
  readonly threadDays?: number;
  /** How long a replica waits for another's thread head (tests). */
  readonly headWaitMs?: number;
  readonly headPollMs?: number;
}

const DEFAULT_CLAIM_TTL_MS = 7 * 24 * 3600 * 1000;

function postedClaimKey(legId: string, side: string): string {
  return `posted:${legId}:${side}`;
}

export type EventHandler = (event: PbxEvent) => Promise<void>;

export function createEventHandler(deps: SummaryReadyDeps): EventHandler {
  const ttl = deps.claimTtlMs ?? DEFAULT_CLAIM_TTL_MS;
  // Queues, ring groups and IVRs make these common on some PBXs: the admin is told once what was
  // seen (numbers masked: they are customers' phone numbers), later ones go to debug.
  let explainedPlacement = false;
  const explainPlacement = (line: string) => {
    if (explainedPlacement) {
      deps.logger.debug(line);
      return;
    }
    explainedPlacement = true;
    deps.logger.warn(`${line} (said once; later ones are logged at debug level)`);
  };
  return async (event) => {
    switch (event.kind) {
      case 'other':
        deps.logger.debug(`events: ignoring event ${event.type}`);
        return;
      case 'malformed':
        deps.logger.warn(`events: dropped a malformed event (${event.reason})`);
        return;
      case 'cdr':
        await remember(deps, () => deps.summaries.rememberLeg(event.legId, event.parties));
        await index(deps, event.legId, event.parties, event.call);
        return;
      case 'summary':
        if (event.placedBy === 'call_type') {
          explainPlacement(
            `events: a 30040 for ${event.legId} names extension ${maskedNumber(event.summary.extNum)}, which is neither call_from (${maskedNumber(event.eventParties.caller)}) nor call_to (${maskedNumber(event.eventParties.callee)}); its call_type makes it the ${event.summary.side}`,
          );
        }
        await remember(deps, () => deps.summaries.rememberLeg(event.legId, event.parties));
        await remember(deps, () => deps.summaries.rememberSummary(event.summary));
        await index(deps, event.legId, event.parties, event.call, event.summary);
        await late(deps, event.summary);
        await post(deps, event.summary, ttl, event.parties);
        return;
      case 'summary_unplaced': {
        const side = await deps.summaries
          .sideOfExtension(event.legId, event.extNum, event.eventParties.caller)
          .catch(() => undefined);
        explainPlacement(
          `events: a 30040 for ${event.legId} names extension ${maskedNumber(event.extNum)}, which is neither call_from (${maskedNumber(event.eventParties.caller)}) nor call_to (${maskedNumber(event.eventParties.callee)}), with no Inbound/Outbound call_type; ${side ? `the PBX's export makes it the ${side}` : 'the PBX export does not say its side either, so it was not posted'}`,
        );
        if (!side) return;
        const summary = summaryOf(event.legId, side, event.extNum, event.html);
        await remember(deps, () => deps.summaries.rememberSummary(summary));
        await index(deps, event.legId, withSide(event.eventParties, side, event.extNum), event.call, summary);
        await late(deps, summary);
        await post(deps, summary, ttl);
        return;
      }
      default:
        assertNever(event, 'PBX event');
    }
  };
}

/**
 * Copies already posted are updated when the content changed, and watchers are sent it; before this
 * event's own post, so a first post is never "updated". Its failure must not stop the post.
 */
async function late(deps: SummaryReadyDeps, summary: CallSummary): Promise<void> {
  try {
    await deps.late?.summaryReady(summary);
  } catch (error) {
    deps.logger.warn(`events: late summaries (watchers, posted copies) failed: ${(error as Error).message}`);
  }
}

/** The call index: lists answer from it. Like the leg index, its failure must not stop the post. */
async function index(
  deps: SummaryReadyDeps,
  legId: string,
  parties: LegParties,
  call: EventCall,
  summary?: CallSummary,
): Promise<void> {
  const target = deps.index;
  if (!target) return;
  await remember(deps, () =>
    target.calls.record({
      legId,
      uid: call.uid,
      start: call.start,
      caller: parties.caller,
      callee: parties.callee,
      callType: call.callType,
      talkSeconds: call.talkSeconds,
      gist: summary ? target.gist(summary.html) : '',
      summarySides: summary ? [summary.side] : [],
    }),
  );
}

/** The parties with the extension on its side (a queue or DID standing where the event named it). */
function withSide(parties: LegParties, side: 'caller' | 'callee', extNum: string): LegParties {
  return side === 'caller' ? { ...parties, caller: extNum } : { ...parties, callee: extNum };
}

/** The leg index is an optimisation: its failure must not stop the post. */
async function remember(deps: SummaryReadyDeps, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    deps.logger.warn(`events: could not record the leg for later lookups: ${(error as Error).message}`);
  }
}

const placers = new WeakMap<SummaryReadyDeps, ReturnType<typeof createPlacer>>();

function placerOf(deps: SummaryReadyDeps) {
  let placer = placers.get(deps);
  if (!placer) {
    placer = createPlacer({
      queues: deps.queues,
      claims: deps.claims,
      views: {
        full: deps.render,
        // posted.ts's builders are handed the channel's words as their last argument.
        brief: deps.views?.brief ?? briefMessage,
        threadHead: deps.views?.threadHead ?? threadHeadMessage,
      },
      words: deps.words,
      logger: deps.logger,
      late: deps.late,
      threads: deps.threads,
      update: deps.updateMessage,
      threadDays: deps.threadDays ?? DEFAULT_THREAD_DAYS,
      ...(deps.headWaitMs !== undefined ? { headWaitMs: deps.headWaitMs } : {}),
      ...(deps.headPollMs !== undefined ? { headPollMs: deps.headPollMs } : {}),
    });
    placers.set(deps, placer);
  }
  return placer;
}

export const DEFAULT_THREAD_DAYS = 7;

async function post(
  deps: SummaryReadyDeps,
  summary: CallSummary,
  ttlMs: number,
  facts?: LegParties,
): Promise<void> {
  const label = `${summary.legId} ${summary.side}`;
  const target = targetFor(deps.routing, summary.extNum, summary.side);
  if (!target) {
    deps.logger.debug(`events: no channel for extension ${summary.extNum} (${label}); not posted`);
    return;
  }
  let call: CallContext;
  try {
    call = await deps.summaries.callContext(summary, facts);
  } catch (error) {
    deps.logger.error(`events: could not tell which call ${label} is: ${(error as Error).message}`);
    return;
  }
  if (!postsCall(target, call)) {
    deps.logger.debug(
      `events: ${label} not posted: its route posts ${target.callTypes?.join('/') ?? 'every'} call of at least ${target.minTalkSeconds} s`,
    );
    return;
  }
  const key = postedClaimKey(summary.legId, summary.side);
  if (!(await deps.claims.claim(key, ttlMs))) {
    deps.logger.debug(`events: ${label} already posted or being posted; duplicate dropped`);
    return;
  }
  const settle = async (outcome: PostOutcome) => {
    // The claim guards against a second copy, so only a post that exists keeps it: after any
    // failure (a retryable one, or one the admin fixes by inviting the bot) a re-sent event posts.
    if (outcome !== 'posted') await deps.claims.release(key);
    // Not one whose post was under way at the deadline: it may exist, and a second replica would
    // post it again. Its claim is released as for any failure, so a re-sent event posts it if not.
    if (outcome === 'unposted' && (await handOver(deps, summary))) {
      deps.logger.info(`events: ${label} handed over to the other replicas`);
    }
  };
  try {
    await placerOf(deps).place({ summary, call, target, label, settle });
  } catch (error) {
    await deps.claims.release(key);
    deps.logger.error(`events: could not render ${label}: ${(error as Error).message}`);
  }
}

/** A handed-over summary, taken by this replica: posted as if its event had just arrived here. */
export function postHandedOver(deps: SummaryReadyDeps, summary: CallSummary): Promise<void> {
  return post(deps, summary, deps.claimTtlMs ?? DEFAULT_CLAIM_TTL_MS);
}

async function handOver(deps: SummaryReadyDeps, summary: CallSummary): Promise<boolean> {
  try {
    return (await deps.handover?.give(summary)) ?? false;
  } catch (error) {
    deps.logger.warn(
      `events: handing ${summary.legId} ${summary.side} over failed: ${(error as Error).message}`,
    );
    return false;
  }
}
