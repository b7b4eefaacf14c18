import type { Cache } from '../../cache/index.js';
import type { CacheConfig, FindConfig } from '../../compose/config.js';
import type { Logger } from '../../shared/log.js';
import type { PbxClient } from '../../yeastar/client.js';
import type { UserMap } from '../model/user-map.js';
import type { PbxSummarySource } from '../summaries.js';
import { type CallLists, createCallLists, LIST_CACHE_SECONDS } from './call-lists.js';
import { createExtensionDirectory, type ExtensionDirectory } from './directory.js';
import { createMembers, type EmailLookup, type Members } from './members.js';
import { createTranscriptService, type TranscriptService } from './transcripts.js';

/**
 * Finding calls without a leg id, composed once (the bot's `startApp`, the CLI's `calls` and
 * `transcript`): the extension directory, lists of calls, transcripts, and Slack member → extension.
 * Every PBX read goes through the shared cache stack: lists LIST_CACHE_SECONDS per query, transcript
 * pages like summaries (CACHE_TTL_SUMMARY_SECONDS, fetched once across replicas), members' emails and
 * the directory's refresh CACHE_TTL_EXTENSION_SECONDS. The directory is refreshed in the background
 * between `start()` and `stop()`; without `start()` it is read on first need (the CLI).
 */
export interface Finding {
  readonly directory: ExtensionDirectory;
  readonly callLists: CallLists;
  readonly transcripts: TranscriptService;
  readonly members: Members;
  /** USER_MAP_FILE, checked at start; undefined when not set. */
  readonly userMap: UserMap | undefined;
  /** RECENT_DAYS: how far back a list looks when no period is given. */
  readonly recentDays: number;
  /** Loads the directory now and refreshes it every CACHE_TTL_EXTENSION_SECONDS. */
  start(): void;
  /** Stops the refresh timer (nothing of this module keeps running after it). */
  stop(): void;
}

/** The PBX reads finding needs (the client, with `findExtensionId` coalesced like the summaries'). */
export type FindingPbx = Pick<PbxClient, 'exportCalls' | 'listExtensions' | 'fetchTranscriptPage'> &
  Pick<PbxSummarySource, 'findExtensionId'>;

/** The client's reads for finding, its extension lookups through the coalesced source the summaries use. */
export function findingPbx(pbx: PbxClient, coalesced: Pick<PbxSummarySource, 'findExtensionId'>): FindingPbx {
  return {
    exportCalls: (query) => pbx.exportCalls(query),
    listExtensions: () => pbx.listExtensions(),
    fetchTranscriptPage: (legId, page, limit) => pbx.fetchTranscriptPage(legId, page, limit),
    findExtensionId: (number) => coalesced.findExtensionId(number),
  };
}

export interface FindingDeps {
  readonly find: FindConfig;
  readonly cacheTtl: CacheConfig['ttlSeconds'];
  readonly pbx: FindingPbx;
  readonly cache: Pick<Cache, 'findingCaches' | 'summaryCaches'>;
  readonly userMap: UserMap | undefined;
  /**
   * A member's Slack profile email (`users.info`); undefined without Slack (the CLI with no
   * SLACK_BOT_TOKEN): members then match through USER_MAP_FILE only.
   */
  readonly emailOf: ((userId: string) => Promise<EmailLookup>) | undefined;
  readonly logger: Logger;
  readonly now?: () => number;
}

export function createFinding(deps: FindingDeps): Finding {
  const logger = deps.logger.child('find');
  const caches = deps.cache.findingCaches({
    listSeconds: LIST_CACHE_SECONDS,
    transcriptSeconds: deps.cacheTtl.summary,
    memberEmailSeconds: deps.cacheTtl.extension,
  });
  const directory = createExtensionDirectory({
    load: () => deps.pbx.listExtensions(),
    search: (number) => deps.pbx.findExtensionId(number),
    refreshSeconds: deps.cacheTtl.extension,
    logger,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const current = () => directory.current();
  const callLists = createCallLists({
    exportCalls: (query) => deps.pbx.exportCalls(query),
    directory: current,
    legs: deps.cache.summaryCaches.legs,
    cache: caches.callLists,
    timeZone: deps.find.pbxTimeZone,
    logger,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const transcripts = createTranscriptService({
    fetchPage: async (legId, page, limit) => {
      const value = await caches.coalesceTranscriptPage(legId, page, async () => {
        const answer = await deps.pbx.fetchTranscriptPage(legId, page, limit);
        return { items: answer.items, nextPage: answer.nextPage ?? null };
      });
      return { items: value.items, nextPage: value.nextPage ?? undefined };
    },
    cache: caches.transcripts,
    directory: current,
    logger,
  });
  const members = createMembers({
    userMap: deps.userMap,
    emailOf: deps.emailOf,
    emailUnavailable: deps.emailOf ? 'no_scope' : 'not_mapped',
    directory: current,
    cache: caches.memberEmails,
    logger,
  });
  return {
    directory,
    callLists,
    transcripts,
    members,
    userMap: deps.userMap,
    recentDays: deps.find.recentDays,
    start: () => directory.start(),
    stop: () => directory.stop(),
  };
}
