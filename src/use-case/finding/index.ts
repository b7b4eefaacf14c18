import type { Logger } from '../../shared/log.js';
import type { PbxZoneSource } from '../model/pbx-time.js';
import type { UserMap } from '../model/user-map.js';
import type {
  CallIndex,
  EmailLookup,
  FindingCaches,
  FindingPbx,
  FindingTtls,
  SummaryCaches,
} from '../ports.js';
import { type CallLists, createCallLists, LIST_CACHE_SECONDS, type SummaryGist } from './call-lists.js';
import { createExtensionDirectory, type ExtensionDirectory } from './directory.js';
import { createMembers, type Members } from './members.js';
import { createTranscriptService, type TranscriptService } from './transcripts.js';

/**
 * Transcript pages are kept at most this long by default (CACHE_TTL_TRANSCRIPT_SECONDS): what was said
 * on a call is the most sensitive thing the bot reads, so it is kept only while someone pages through.
 */
export const TRANSCRIPT_CACHE_SECONDS = 300;

export interface FindConfig {
  readonly userMapFile: string | undefined;
  readonly recentDays: number;
  /** The PBX's IANA time zone (YEASTAR_TIMEZONE); undefined: times are shown as the PBX's clock. */
  readonly pbxTimeZone: string | undefined;
}

/**
 * Finding calls without a leg id, composed once (the bot's `startApp`, the CLI's `calls` and
 * `transcript`): the extension directory, lists of calls, transcripts, and Slack member → extension.
 * Every PBX read goes through the shared cache stack: lists LIST_CACHE_SECONDS per query, transcript
 * pages CACHE_TTL_TRANSCRIPT_SECONDS (fetched once across replicas), members' emails and
 * the directory's refresh CACHE_TTL_EXTENSION_SECONDS. The directory is refreshed in the background
 * between `start()` and `stop()`; without `start()` it is read on first need (the CLI).
 */
export interface Finding {
  readonly directory: ExtensionDirectory;
  readonly callLists: CallLists;
  readonly transcripts: TranscriptService;
  readonly members: Members;
  /** RECENT_DAYS: how far back a list looks when no period is given. */
  readonly recentDays: number;
  /** Loads the directory now and refreshes it every CACHE_TTL_EXTENSION_SECONDS. */
  start(): void;
  /** Stops the refresh timer (nothing of this module keeps running after it). */
  stop(): void;
}

export interface FindingDeps {
  readonly find: FindConfig;
  /**
   * CACHE_TTL_TRANSCRIPT_SECONDS (transcript pages; TRANSCRIPT_CACHE_SECONDS when absent) and
   * CACHE_TTL_EXTENSION_SECONDS (emails, directory).
   */
  readonly cacheTtl: {
    readonly summary: number;
    readonly extension: number;
    readonly transcript?: number | undefined;
  };
  readonly pbx: FindingPbx;
  readonly cache: {
    findingCaches(ttl: FindingTtls): FindingCaches;
    readonly summaryCaches: Pick<SummaryCaches, 'legs'>;
  };
  /** Summary HTML → its gist (the renderer's). */
  readonly gist: SummaryGist;
  /** Calls recorded from PBX events: lists read the span it covers instead of the export. */
  readonly index?: Pick<CallIndex, 'callsOf' | 'completeSince' | 'byUid'>;
  readonly userMap: UserMap | undefined;
  /**
   * A member's Slack profile email (`users.info`); undefined without Slack (the CLI with no
   * SLACK_BOT_TOKEN): members then match through USER_MAP_FILE only.
   */
  readonly emailOf: ((userId: string) => Promise<EmailLookup>) | undefined;
  readonly logger: Logger;
  /** The PBX's zone as known now (the PBX gives its offset after the start); default `find.pbxTimeZone`. */
  readonly pbxTimeZone?: PbxZoneSource;
  readonly now?: () => number;
}

export function createFinding(deps: FindingDeps): Finding {
  const logger = deps.logger.child('find');
  const caches = deps.cache.findingCaches({
    listSeconds: LIST_CACHE_SECONDS,
    transcriptSeconds: deps.cacheTtl.transcript ?? TRANSCRIPT_CACHE_SECONDS,
    memberEmailSeconds: deps.cacheTtl.extension,
  });
  const directory = createExtensionDirectory({
    load: () => deps.pbx.listExtensions(),
    loadGroups: () => deps.pbx.listGroups(),
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
    timeZone: deps.pbxTimeZone ?? deps.find.pbxTimeZone,
    gist: deps.gist,
    ...(deps.index ? { index: deps.index } : {}),
    logger,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const transcripts = createTranscriptService({
    fetchPage: (legId, page, limit) => deps.pbx.fetchTranscriptPage(legId, page, limit),
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
    recentDays: deps.find.recentDays,
    start: () => directory.start(),
    stop: () => directory.stop(),
  };
}
