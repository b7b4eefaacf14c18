import { describeError, isCallSummaryError } from '../../shared/errors.js';
import { ENGLISH } from '../../shared/i18n/index.js';
import type { Logger } from '../../shared/log.js';
import type { CallSummary } from '../model/call-summary.js';
import { parseLegId, type Side } from '../model/leg-id.js';
import type {
  AddWatchResult,
  CheckState,
  Claims,
  DmChoices,
  LateStores,
  PostedCopy,
  Watch,
  WatchSide,
} from '../ports.js';
import type { SummaryLookup, SummaryService } from '../summaries.js';
import { checkDelayMs, MAX_FAILED_CHECKS, WATCH_TTL_MS } from './backoff.js';
import { summaryDigest } from './digest.js';

/**
 * Late summaries, the use case (no Slack here; `LateSlack` is the edge that talks to it). One file,
 * a little over 300 lines: delivery, the check and copy updates share their claims and their order
 * (copies before watchers), which is easier to keep exact read together.
 *
 * - "Notify me": a watch per person, leg and side, within limits; delivered exactly once (a claim per
 *   watch) when event 30040 brings the summary, or when the back-off check finds it.
 * - The check: one per (leg, side) and due time across replicas (a claim on both), however many
 *   people watch it, after 1, 2, 4, 8, 16 minutes and then every 30 (src/use-case/late/backoff.ts).
 * - Posted copies: every message posted with a summary is remembered per (leg, side); a summary whose
 *   content changed updates each copy once (a claim per copy and content); the same content again
 *   changes nothing.
 */

/** Why a watch ended without its summary; the watcher is told once. */
export type WatchEnd =
  | { readonly kind: 'outside_number'; readonly side: Side }
  | { readonly kind: 'failing'; readonly error: unknown };

/** What late summaries need from Slack (src/slack/send/late-slack.ts). */
export interface LateSlack {
  /** DMs the summary to the watcher (and replaces their private answer while its response_url lives). */
  notify(watch: Watch, summary: CallSummary): Promise<{ readonly channel: string; readonly ts: string }>;
  /** Tells the watcher why nothing will come. */
  ended(watch: Watch, why: WatchEnd): Promise<void>;
  /**
   * Re-renders a posted copy with `summary`, marked updated at `at` (Unix ms); `gone` when Slack lost
   * it; `{ retryAfterMs }` when Slack rate-limited the update (429): it is asked again after that.
   */
  update(
    copy: PostedCopy,
    summary: CallSummary,
    at: number,
  ): Promise<'updated' | 'gone' | { readonly retryAfterMs: number }>;
  /** DMs a summary of the person's own call (they asked for these on the Home tab). */
  sendMine(userId: string, summary: CallSummary): Promise<{ readonly channel: string; readonly ts: string }>;
}

export interface WatchRequest {
  readonly legId: string;
  readonly side: Side | undefined;
  /** The extension the person named for that side (only with a side). */
  readonly extension?: string | undefined;
  readonly userId: string;
  readonly channelId: string | undefined;
  readonly responseUrl: string | undefined;
}

export interface LateSummaries {
  /** Open watches allowed per person and in all. */
  readonly limits: { readonly perPerson: number; readonly total: number };
  watch(request: WatchRequest): Promise<AddWatchResult>;
  /** A summary is known to exist (event 30040, or a check found it): update copies, notify watchers. */
  summaryReady(summary: CallSummary): Promise<void>;
  /** A message was posted with `summary` in it. */
  rememberCopy(summary: CallSummary, copy: Omit<PostedCopy, 'digest'>): Promise<void>;
  /** Runs the checks that are due (one pass); how many ran here. */
  checkDue(): Promise<number>;
  /** Checks due checks every `tickMs` until stopped. */
  start(): void;
  /** Resolves when the pass under way (if any) has finished (tests). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface LateDeps {
  readonly stores: LateStores;
  readonly claims: Claims;
  readonly summaries: Pick<SummaryService, 'lookup'>;
  readonly slack: LateSlack;
  readonly limits: { readonly perPerson: number; readonly total: number };
  readonly postedTtlMs: number;
  readonly logger: Logger;
  readonly now?: () => number;
  /** How often due checks are looked for (default 10 s). */
  readonly tickMs?: number;
  /** Who asked for the summaries of their own calls (the Home tab); absent: nobody can. */
  readonly dmChoices?: Pick<DmChoices, 'usersOf'> | undefined;
  /**
   * Whether the watcher may see this summary now (src/use-case/access.ts `delivery`): the rules are
   * asked again when it is sent, as the watch may be on both sides, or the rules changed. Absent: yes.
   */
  readonly mayDeliver?: (userId: string, summary: CallSummary) => Promise<boolean>;
}

/** A copy update for the same content is claimed this long: duplicate events arrive within minutes. */
const UPDATE_CLAIM_MS = 10 * 60 * 1000;
/** How often a rate-limited copy update is asked again before the copy keeps its content. */
const MAX_UPDATE_RETRIES = 5;
/** A check's lease: longer than any lookup (its retries included). */
const CHECK_LEASE_MS = 10 * 60 * 1000;
/** At most this many (leg, side) checks per pass; the rest are due on the next. */
const CHECKS_PER_PASS = 50;

export function createLateSummaries(deps: LateDeps): LateSummaries {
  const now = deps.now ?? Date.now;
  const log = deps.logger;
  const { stores, claims } = deps;
  const slack = () => deps.slack;

  async function deliver(watch: Watch, summary: CallSummary): Promise<void> {
    const key = `notified:${watch.id}:${watch.createdAt}`;
    if (!(await claims.claim(key, WATCH_TTL_MS + 60 * 60 * 1000))) return;
    try {
      if (deps.mayDeliver && !(await deps.mayDeliver(watch.userId, summary))) {
        // Not theirs to see (audited), and not a word of it is sent. A watch of either side waits on
        // for the other side's summary; a watch of this side ends.
        log.info('late: a watcher may not see this summary; not sent', {
          leg: watch.legId,
          side: summary.side,
          user: watch.userId,
        });
        if (watch.side === 'both') await claims.release(key).catch(() => undefined);
        else await stores.removeWatch(watch);
        return;
      }
      const dm = await slack().notify(watch, summary);
      await stores.removeWatch(watch);
      if (dm.ts === '') return;
      await remember(summary, {
        channel: dm.channel,
        ts: dm.ts,
        kind: 'notify',
        userId: watch.userId,
        shareIn: watch.channelId,
      });
      log.info('late: summary sent to a watcher', {
        leg: watch.legId,
        side: summary.side,
        user: watch.userId,
      });
    } catch (error) {
      // Kept: the next check (or a re-sent event) tries again.
      await claims.release(key).catch(() => undefined);
      log.warn(
        'late: could not send a summary to a watcher',
        { leg: watch.legId, user: watch.userId },
        error,
      );
    }
  }

  async function end(watch: Watch, why: WatchEnd): Promise<void> {
    const key = `notified:${watch.id}:${watch.createdAt}`;
    if (!(await claims.claim(key, WATCH_TTL_MS + 60 * 60 * 1000))) return;
    try {
      await slack().ended(watch, why);
    } catch (error) {
      log.warn('late: could not tell a watcher why the watch ended', { user: watch.userId }, error);
    }
    await stores.removeWatch(watch);
  }

  async function remember(summary: CallSummary, copy: Omit<PostedCopy, 'digest'>): Promise<void> {
    await stores.rememberCopy(
      summary.legId,
      summary.side,
      { ...copy, digest: summaryDigest(summary) },
      deps.postedTtlMs,
    );
  }

  // Copy updates Slack rate-limited, asked again after its Retry-After (stopped with the service).
  const retries = new Set<NodeJS.Timeout>();
  function retryLater(summary: CallSummary, afterMs: number, attempt: number): void {
    if (attempt > MAX_UPDATE_RETRIES) {
      log.warn('late: a posted copy stayed rate-limited; it keeps its earlier content', {
        leg: summary.legId,
      });
      return;
    }
    const retry = setTimeout(() => {
      retries.delete(retry);
      void updateCopies(summary, attempt).catch((error: unknown) =>
        log.warn('late: updating posted copies again failed', { leg: summary.legId }, error),
      );
    }, afterMs);
    retry.unref();
    retries.add(retry);
  }

  async function updateCopies(summary: CallSummary, attempt = 0): Promise<void> {
    const digest = summaryDigest(summary);
    const copies = await stores.copiesOf(summary.legId, summary.side);
    for (const copy of copies) {
      if (copy.digest === digest) continue;
      const key = `copy-update:${copy.channel}:${copy.ts}:${digest}`;
      if (!(await claims.claim(key, UPDATE_CLAIM_MS))) continue;
      try {
        const outcome = await slack().update(copy, summary, now());
        if (typeof outcome === 'object') {
          // Rate-limited: given up for now, and asked again (on this replica) after Slack's wait.
          await claims.release(key).catch(() => undefined);
          retryLater(summary, outcome.retryAfterMs, attempt + 1);
          continue;
        }
        if (outcome === 'gone') await stores.forgetCopy(summary.legId, summary.side, copy);
        else await stores.rememberCopy(summary.legId, summary.side, { ...copy, digest }, deps.postedTtlMs);
        log.info(`late: posted copy ${outcome}`, {
          leg: summary.legId,
          side: summary.side,
          channel: copy.channel,
        });
      } catch (error) {
        await claims.release(key).catch(() => undefined);
        log.warn(
          'late: could not update a posted copy',
          { leg: summary.legId, channel: copy.channel },
          error,
        );
      }
    }
  }

  /**
   * The summary to each person who asked for the summaries of their own calls and whose extension it
   * is: once per person, leg and side across replicas (a claim), remembered as a copy so a re-written
   * summary updates it in place.
   */
  async function sendToOwners(summary: CallSummary): Promise<void> {
    if (!deps.dmChoices || summary.extNum.trim() === '') return;
    const users = await deps.dmChoices.usersOf(summary.extNum.trim());
    await Promise.all(
      users.map(async (userId) => {
        const key = `mine:${summary.legId}:${summary.side}:${userId}`;
        if (!(await claims.claim(key, deps.postedTtlMs))) return;
        try {
          const dm = await slack().sendMine(userId, summary);
          if (dm.ts !== '') await remember(summary, { channel: dm.channel, ts: dm.ts, kind: 'dm', userId });
          log.info('late: summary sent to the person whose call it was', {
            leg: summary.legId,
            side: summary.side,
            user: userId,
          });
        } catch (error) {
          // Released: the PBX's re-sent event (or a check) sends it then.
          await claims.release(key).catch(() => undefined);
          log.warn(
            'late: could not send a summary of their own call',
            { leg: summary.legId, user: userId },
            error,
          );
        }
      }),
    );
  }

  async function notifyWatchers(summary: CallSummary, sides: readonly WatchSide[]): Promise<void> {
    for (const side of sides) {
      const watches = await stores.watchesOf(summary.legId, side);
      await Promise.all(watches.map((watch) => deliver(watch, summary)));
    }
  }

  /** One check of (leg, side): what the PBX says now decides each watcher's fate. */
  async function check(legId: string, side: WatchSide): Promise<void> {
    const watches = await stores.watchesOf(legId, side);
    const state = (await stores.checkState(legId, side)) ?? { step: 0, failures: 0 };
    const ttl = WATCH_TTL_MS + 60 * 60 * 1000;
    if (watches.length === 0) {
      await endChecks(legId, side, state, ttl);
      return;
    }
    let lookup: SummaryLookup | undefined;
    let failure: unknown;
    try {
      // A check asks the PBX (refresh): a cached "no summary yet" would hide a summary written since.
      lookup = await deps.summaries.lookup({
        legId,
        side: side === 'both' ? undefined : side,
        extension: side === 'both' ? undefined : watches.find((w) => w.extension !== undefined)?.extension,
        refresh: true,
      });
    } catch (error) {
      if (!(isCallSummaryError(error) && error.code === 'not_transcribed_yet')) failure = error;
    }
    if (failure !== undefined) {
      const failures = state.failures + 1;
      if (!describeError(failure, 'cli', ENGLISH).retryable || failures >= MAX_FAILED_CHECKS) {
        log.warn('late: checks keep failing; telling the watchers', { leg: legId, side }, failure);
        await Promise.all(watches.map((watch) => end(watch, { kind: 'failing', error: failure })));
        await endChecks(legId, side, state, ttl);
        return;
      }
      await next(legId, side, { step: state.step + 1, failures }, ttl);
      return;
    }
    const results = lookup?.results ?? [];
    const found = results.find((r) => r.status === 'found');
    if (found?.status === 'found') {
      // As an event would: copies are brought up to date too, and its watchers (this side's and
      // "either side"'s) are sent it.
      await service.summaryReady(found.summary);
      await endChecks(legId, side, state, ttl);
      return;
    }
    const outside = results.filter((r) => r.status === 'outside_number');
    if (results.length > 0 && outside.length === results.length) {
      await Promise.all(
        watches.map((watch) => end(watch, { kind: 'outside_number', side: outside[0]!.side })),
      );
      await endChecks(legId, side, state, ttl);
      return;
    }
    await next(legId, side, { step: state.step + 1, failures: 0 }, ttl);
  }

  /**
   * Ends the checks of (leg, side), unless someone still watches it: a watch added while this check
   * ran joined its schedule (scheduleFirstCheck found it), and a watcher the summary could not be
   * sent to is kept. Read after the schedule is gone, so a watch added later starts its own.
   */
  async function endChecks(legId: string, side: WatchSide, state: CheckState, ttl: number) {
    await stores.rescheduleCheck(legId, side, undefined, state, ttl);
    if ((await stores.watchesOf(legId, side)).length === 0) return;
    await next(legId, side, { step: state.step + 1, failures: state.failures }, ttl);
  }

  async function next(
    legId: string,
    side: WatchSide,
    state: { step: number; failures: number },
    ttl: number,
  ) {
    await stores.rescheduleCheck(legId, side, now() + checkDelayMs(state.step), state, ttl);
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let passing = false;

  const service: LateSummaries = {
    limits: deps.limits,
    async watch(request) {
      const legId = parseLegId(request.legId).value;
      const side: WatchSide = request.side ?? 'both';
      const createdAt = now();
      const watch: Watch = {
        id: `${request.userId}|${legId}|${side}`,
        legId,
        side,
        userId: request.userId,
        ...(request.side !== undefined && request.extension !== undefined
          ? { extension: request.extension }
          : {}),
        channelId: request.channelId,
        responseUrl: request.responseUrl,
        createdAt,
        expiresAt: createdAt + WATCH_TTL_MS,
      };
      const added = await stores.addWatch(watch, deps.limits);
      if (added === 'added') {
        await stores.scheduleFirstCheck(
          legId,
          side,
          createdAt + checkDelayMs(0),
          WATCH_TTL_MS + 60 * 60 * 1000,
        );
        log.info('late: watching', { leg: legId, side, user: request.userId });
      }
      return added;
    },
    async summaryReady(summary) {
      await updateCopies(summary);
      await notifyWatchers(summary, [summary.side, 'both']);
      await sendToOwners(summary).catch((error: unknown) =>
        log.warn('late: could not look up who asked for their own calls', { leg: summary.legId }, error),
      );
    },
    rememberCopy: remember,
    async checkDue() {
      const due = await stores.dueChecks(now(), CHECKS_PER_PASS);
      let ran = 0;
      for (const { legId, side, dueAt } of due) {
        // One replica per (leg, side) and due time: the lease names the slot it was due in.
        if (!(await claims.claim(`check:${legId}:${side}:${dueAt}`, CHECK_LEASE_MS))) continue;
        ran += 1;
        try {
          await check(legId, side);
        } catch (error) {
          log.warn('late: a check failed', { leg: legId, side }, error);
          const state = (await stores.checkState(legId, side)) ?? { step: 0, failures: 0 };
          await next(legId, side, { step: state.step + 1, failures: state.failures + 1 }, WATCH_TTL_MS);
        }
      }
      return ran;
    },
    start() {
      if (timer) return;
      timer = setInterval(() => {
        if (passing) return;
        passing = true;
        running = service
          .checkDue()
          .then(() => undefined)
          .catch((error: unknown) => log.warn('late: a pass over due checks failed', error))
          .finally(() => {
            passing = false;
          });
      }, deps.tickMs ?? 10_000);
      timer.unref();
    },
    async idle() {
      await running;
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      for (const retry of retries) clearTimeout(retry);
      retries.clear();
      await running;
    },
  };
  return service;
}
