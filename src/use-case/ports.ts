import type { ListedCall } from './finding/call-lists.js';
import type { LegFacts } from './model/call-context.js';
import type { CallSummary } from './model/call-summary.js';
import type { LegId, Side, WallClock } from './model/leg-id.js';
import type { PbxWindow } from './model/pbx-time.js';

/**
 * Every interface the use case calls out through, and the values crossing them: the PBX (the yeastar/
 * client implements it), the caches (cache/ implements them), exactly-once claims and the hand-over
 * of automatic posts. Adapters import these; the use case never imports an adapter.
 */

/**
 * Who was on each end of a leg, as numbers (an extension number, or an outside number), with what
 * else the source said of the call (names, call type, talk time, start): see `LegFacts`.
 */
export type LegParties = LegFacts;

/** What the use case needs from the PBX (src/yeastar/client.ts implements it over HTTP). */
export interface PbxSummarySource {
  /** Extension number → extension id; undefined when no extension has exactly that number. */
  findExtensionId(number: string): Promise<number | undefined>;
  /** The summary of one side of a leg, or null when the PBX has none (yet). */
  fetchSummary(legId: string, side: Side, extensionId: number): Promise<CallSummary | null>;
  /**
   * The AI transcription export's rows around the leg's start (narrow first, up to
   * YEASTAR_EXPORT_WINDOW_MINUTES either side): the leg's parties, and those of every other call read,
   * for the leg index. A hint from an event lets the search use the export's number filters.
   */
  exportAroundLeg(leg: LegId, hint?: LegHint): Promise<ExportedCall[]>;
}

/** What is known of a leg before its export row is found (from a PBX event). */
export interface LegHint {
  /** The caller's number as the event wrote it: one export filtered by it finds the leg. */
  readonly caller?: string | undefined;
  /** A party's number whose side is not known (a summary's extension): filtered exports both ways. */
  readonly number?: string | undefined;
}

/** One side of one leg: the key of its summary. */
export interface LegSide {
  readonly legId: string;
  readonly side: Side;
}

/** How one read goes through the cache. */
export interface ReadOptions<V> {
  /** Skip the cached value (Try again, a late-summary check): load, and keep what was loaded. */
  readonly refresh?: boolean | undefined;
  /**
   * What `load` depends on beyond the key (an extension the person named, the instant a list was
   * made): reads that differ in it never share a load, though they share the cached value.
   */
  readonly variant?: string | undefined;
  /** A cached value this refuses is a miss (a later page of a list needs the list its first page came from). */
  readonly accept?: ((cached: V) => boolean) | undefined;
}

/**
 * One kind of cached value, read through (src/cache/read-through.ts implements it once, for every
 * kind): `getOrLoad` answers the cached value, else runs `load` and keeps its answer with one write.
 * Concurrent identical reads share one `load` in this process and, for the kinds that say so, across
 * the replicas sharing the store (the others wait and read what it kept). Implementations choose their
 * TTLs (CACHE_TTL_*) and validate each value on the way back (a corrupt or foreign entry is a miss); a
 * failing cache never fails a read: it is a miss, and the write is dropped.
 */
export interface ReadThrough<K, V> {
  getOrLoad(key: K, load: () => Promise<V>, options?: ReadOptions<V>): Promise<V>;
  get(key: K): Promise<V | undefined>;
  /** Keeps a value learnt otherwise (a summary or a leg's parties pushed by a PBX event). */
  set(key: K, value: V): Promise<void>;
}

/**
 * Leg id → parties, learnt from the export or from PBX events (legs do not change). Not shared across
 * replicas: the leg is resolved inside the summary's read, which is.
 */
export interface LegIndex extends ReadThrough<string, LegParties> {
  /**
   * "The export lacked this leg", kept as briefly as "no summary yet" (CACHE_TTL_NO_SUMMARY_SECONDS):
   * a leg enters the export once its summary is written, and each miss costs the PBX two exports.
   */
  isMissing(legId: string): Promise<boolean>;
  setMissing(legId: string): Promise<void>;
}

/** The caches the summary use case reads through (src/use-case/summaries.ts). */
export interface SummaryCaches {
  /**
   * Summaries per leg and side, loaded once across replicas; `null` is "the PBX has none yet", kept
   * only CACHE_TTL_NO_SUMMARY_SECONDS (summaries arrive minutes after the call).
   */
  readonly summaries: ReadThrough<LegSide, CallSummary | null>;
  readonly legs: LegIndex;
  /** Extension number → id; `null` remembers "no such extension" (an outside number). */
  readonly extensions: ReadThrough<string, number | null>;
}

/** The PBX reads finding needs (the client). */
export interface FindingPbx extends Pick<PbxSummarySource, 'findExtensionId'> {
  /** The AI transcription export's rows for a query (`cdr/aidownload`). */
  exportCalls(query: ExportQuery): Promise<ExportedCall[]>;
  /** Every extension (the directory). */
  listExtensions(): Promise<ExtensionRecord[]>;
  /** One page of a leg's transcript. */
  fetchTranscriptPage(legId: string, page: number, limit: number): Promise<TranscriptAnswer>;
  /** The PBX's call queues and ring groups (none where it cannot list them). */
  listGroups(): Promise<GroupRecord[]>;
}

/** A call queue or ring group: a number calls go to, answered by one of its agents' extensions. */
export interface GroupRecord {
  readonly kind: 'queue' | 'ring_group';
  readonly id: number;
  readonly number: string;
  readonly name: string;
}

/**
 * One row of the AI transcription export (`cdr/aidownload`), as the rest of the app uses it. The
 * official page says only that the file holds "the call transcript and summary"; the field names
 * come from public code (reference §4), so each field is read from the likely alternatives and a row
 * is kept as long as it has a leg id and both parties.
 */
export interface ExportedCall {
  /** Canonical leg id; its start time is the call's (PBX-local wall clock). */
  readonly leg: LegId;
  /** Caller and callee numbers (an extension number or an outside number). */
  readonly callFrom: string;
  readonly callTo: string;
  /** Names the row gives the parties (`call_from_name`, or `Name<number>`); empty when none. */
  readonly callFromName: string;
  readonly callToName: string;
  /** `Internal`, `Inbound`, `Outbound` as the PBX writes it (any case), or empty. */
  readonly callType: string;
  /** Seconds, or null when the row does not say. */
  readonly durationSeconds: number | null;
  /** The summary HTML the row carries; empty when not written (yet). */
  readonly summaryHtml: string;
  /** The CDR uid of the whole call (its legs share it); empty when the row has none. */
  readonly uid: string;
}

/** What the export is asked for: PBX-local wall-clock times, and optional PBX-side filters. */
export interface ExportQuery {
  readonly start: WallClock;
  readonly end: WallClock;
  readonly callFrom?: string;
  readonly callTo?: string;
}

/**
 * Every extension of the PBX, from `GET /openapi/v1.0/extension/list` read page by page (v1.0: on a
 * live P570, v2.0 answered 10001 for every non-CDR path, reference §1.2). Only what the app uses is
 * kept: the id (`src_ext_id`/`dst_ext_id` of getaisummary), the number, the caller-id name and the
 * email (matched to Slack members' profile emails).
 */
export interface ExtensionRecord {
  readonly id: number;
  readonly number: string;
  readonly name: string;
  readonly email: string;
}

/**
 * A page of a leg's transcript: `GET /openapi/v2.0/cdr/getaicontext?cdr_ids=<leg>&limit=&offset=`
 * (v2.0 only, reference §4). `offset` is a page number starting at 1 and works only with `limit`; the
 * answer's top-level `offset` is the next page, −1 when there is none. The answer is documented as
 * `data: { <leg id>: { context: [...] } }`; a `data` that is the list itself or holds `context`
 * directly is read too, and items are validated one by one so one odd item costs only itself.
 */
export interface TranscriptItem {
  /** Who spoke, as the PBX names them (an extension's name, or empty for an outside party). */
  readonly name: string;
  readonly number: string;
  /** Milliseconds as the PBX gives them: into the recording, or an instant (see src/use-case/finding/transcripts.ts). */
  readonly timestamp: number | null;
  readonly text: string;
}

export interface TranscriptAnswer {
  readonly items: readonly TranscriptItem[];
  /** The next page to ask for, or null when this was the last (as cached: JSON has no undefined). */
  readonly nextPage: number | null;
}

/** One page of a leg's transcript, from 1. */
export interface TranscriptPageKey {
  readonly legId: string;
  readonly page: number;
}

/** A whole list as cached: every call of the query, newest first. */
/** What is known of one list: its calls from the newest back to `searchedFrom`. */
export interface CachedCallList {
  readonly at: number;
  readonly window: PbxWindow;
  /** Newest first: every call of the party from `searchedFrom` to the window's end. */
  readonly calls: readonly ListedCall[];
  /** How far back the index and the exports have been read (the window's end when not yet). */
  readonly searchedFrom: WallClock;
  /** True once `searchedFrom` reached the window's start: the list is whole. */
  readonly complete: boolean;
}

/**
 * What Slack says about a member's email, and their language (`users.info` with `include_locale`:
 * an IETF tag such as `en-US` or `zh-CN`, absent when Slack gives none).
 */
export type EmailLookup =
  | { readonly kind: 'email'; readonly email: string; readonly locale?: string | undefined }
  | { readonly kind: 'none'; readonly locale?: string | undefined }
  /** The app may not read emails (users:read / users:read.email missing). */
  | { readonly kind: 'no_scope'; readonly locale?: string | undefined };

/** Member id → email and language, kept CACHE_TTL_EXTENSION_SECONDS (`null`: Slack gave none). */
export interface MemberProfile {
  readonly email: string | null;
  /** Absent in entries cached before languages were read: read again. */
  readonly locale?: string | null | undefined;
}

export interface MemberEmailCache {
  get(userId: string): Promise<MemberProfile | undefined>;
  set(userId: string, value: MemberProfile): Promise<void>;
}

/**
 * The caches behind finding calls (src/use-case/finding/index.ts), over the same store as the summaries.
 * Each value is validated on the way back; a corrupt or foreign entry is a miss.
 */
export interface FindingCaches {
  /**
   * Lists per query (LIST_CACHE_SECONDS), built once across replicas: a list costs one export however
   * many replicas are asked at once.
   */
  readonly callLists: ReadThrough<string, CachedCallList>;
  /** Transcript pages (like summaries, CACHE_TTL_SUMMARY_SECONDS), fetched once across replicas. */
  readonly transcripts: ReadThrough<TranscriptPageKey, TranscriptAnswer>;
  /** Members' Slack emails (like extensions, CACHE_TTL_EXTENSION_SECONDS). */
  readonly memberEmails: MemberEmailCache;
}

export interface FindingTtls {
  /** LIST_CACHE_SECONDS (passed in: src/cache imports no use case's code, only its types). */
  readonly listSeconds: number;
  readonly transcriptSeconds: number;
  readonly memberEmailSeconds: number;
}

/**
 * Exactly-once claims (an automatic post per leg and side, a modal's post per thread): true for one
 * caller across replicas until `ttlMs` passes or `release(key)`, through SET NX PX on Redis (atomic in
 * memory).
 *
 * While the store does not answer, claims fall back to this process's own claim map, so one replica
 * behaves exactly like a single replica: a claim it holds, made before or during the outage, is refused
 * to every later caller in the process. Claims granted during the outage are written to the store when
 * it answers again, so a re-delivery that reaches another replica afterwards is refused there too. What
 * the fallback cannot know is a claim another replica made: during an outage, one event delivered to two
 * replicas can be posted once by each (at most one post per replica).
 */
export interface Claims {
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Gives up a claim this process holds; a claim another holder took since is left alone. */
  release(key: string): Promise<void>;
}

/**
 * Automatic posts a stopping replica could not make before its deadline, handed to the replicas still
 * running through Redis: each summary is kept under its (leg, side), listed in one sorted set by the
 * time it was given, and taken by exactly one replica (the one whose ZREM removes it). In memory
 * there is no one to hand to: `shared` is false and nothing is kept (the claim released at shutdown
 * still lets the PBX's re-sent event post it).
 */
export interface Handover {
  readonly shared: boolean;
  /** Hands a summary over; false when it could not be (no shared store, or the store did not answer). */
  give(summary: CallSummary): Promise<boolean>;
  /** Takes up to `limit` handed-over summaries, oldest first; each goes to one caller only. */
  take(limit: number): Promise<CallSummary[]>;
}

/** A watch's side: one side, or whichever side's summary comes first (the leg's parties unknown yet). */
export type WatchSide = Side | 'both';

/**
 * What late summaries keep in the cache (shared through Redis by every replica, and so surviving a
 * restart): "Notify me" watches, the back-off check schedule per (leg, side), and where each summary
 * was posted. Every value is validated on the way back; a foreign or corrupt entry is absent.
 *
 * Keys, under the PBX's prefix: `watch:<id>` (the watch), `watches:all` / `watches:user:<U>` /
 * `watches:leg:<leg>:<side>` (scored members: watch ids by expiry, which is how limits are counted and
 * expired watches forgotten), `checks:due` ("leg|side" by next check time), `check:<leg>:<side>` (its
 * step), `copies:<leg>:<side>` ("channel|ts" by expiry) and `copy:<channel>:<ts>` (how it was posted).
 */

export interface Watch {
  /** `<user>|<leg>|<side>`: one watch per person, leg and side (a second click is the same watch). */
  readonly id: string;
  readonly legId: string;
  readonly side: WatchSide;
  readonly userId: string;
  /** The extension the person named for that side, if any (the check then skips party resolution). */
  readonly extension?: string | undefined;
  /** Where they asked. */
  readonly channelId: string | undefined;
  /** The private answer they clicked Notify me on; replaced in place while Slack accepts it. */
  readonly responseUrl: string | undefined;
  /** Unix ms of the click: a response_url is good for 30 minutes and 5 uses from its issue. */
  readonly createdAt: number;
  readonly expiresAt: number;
}

export type AddWatchResult = 'added' | 'already' | 'person_full' | 'all_full' | 'unavailable';

export interface WatchLimits {
  readonly perPerson: number;
  readonly total: number;
}

/** How often and until when one (leg, side) is checked; `step` indexes the back-off. */
export interface CheckState {
  readonly step: number;
  /** Checks in a row that failed (PBX errors). */
  readonly failures: number;
}

/**
 * How a posted copy was made, so an update renders it the same way: `brief` is a quiet channel's one
 * line (its summary is a `post` in its thread); `dm` a summary sent to the person whose call it was.
 */
export type CopyKind = 'post' | 'share' | 'notify' | 'brief' | 'dm';

export interface PostedCopy {
  readonly channel: string;
  readonly ts: string;
  readonly kind: CopyKind;
  /** Who shared it (share), or who was notified (notify). */
  readonly userId?: string | undefined;
  /** A notification's Share target: where the person asked. */
  readonly shareIn?: string | undefined;
  /** Digest of the summary it shows (src/use-case/late/digest.ts). */
  readonly digest: string;
}

export interface LateStores {
  /** Records a watch within the limits (per person, in all); expired watches are forgotten first. */
  addWatch(watch: Watch, limits: WatchLimits): Promise<AddWatchResult>;
  /** Open watches of one (leg, side) key ('both' watches are under their own key). */
  watchesOf(legId: string, side: WatchSide): Promise<Watch[]>;
  removeWatch(watch: Watch): Promise<void>;
  /** Open watches of one person (limits, tests). */
  watchCount(userId: string): Promise<number>;
  /** Open watches in all (every replica's, with Redis): GET /metrics. */
  openWatches(): Promise<number>;

  /** Schedules the first check of (leg, side) at `at` unless one is scheduled. */
  scheduleFirstCheck(legId: string, side: WatchSide, at: number, ttlMs: number): Promise<void>;
  /** (leg, side) pairs whose check is due at `now`, with the time each was due. */
  dueChecks(now: number, limit: number): Promise<{ legId: string; side: WatchSide; dueAt: number }[]>;
  checkState(legId: string, side: WatchSide): Promise<CheckState | undefined>;
  /** Moves the next check to `at` with `state`; `at` undefined ends the checks of (leg, side). */
  rescheduleCheck(
    legId: string,
    side: WatchSide,
    at: number | undefined,
    state: CheckState,
    ttlMs: number,
  ): Promise<void>;

  rememberCopy(legId: string, side: Side, copy: PostedCopy, ttlMs: number): Promise<void>;
  copiesOf(legId: string, side: Side): Promise<PostedCopy[]>;
  forgetCopy(legId: string, side: Side, copy: Pick<PostedCopy, 'channel' | 'ts'>): Promise<void>;
}

/**
 * A call as the PBX's events describe it (30012 "New CDR", 30040 "AI summary ready"): what a list
 * shows, never the transcript. The call index keeps these by party for INDEX_DAYS.
 */
export interface IndexedCall {
  readonly legId: string;
  /** The CDR uid (the whole call, every leg of it); '' when the event gave none. */
  readonly uid: string;
  /** When the call started, PBX wall clock: the event's `time_start`, else the leg id's. */
  readonly start: WallClock;
  readonly caller: string;
  readonly callee: string;
  /** `Internal`, `Inbound`, `Outbound` as the PBX writes it, or ''. */
  readonly callType: string;
  /** Seconds of talk, when the event said. */
  readonly talkSeconds: number | null;
  /** The summary's first point as one line; '' while no summary is known. */
  readonly gist: string;
  /** The sides known to have a summary. */
  readonly summarySides: readonly Side[];
}

/**
 * The call index: calls recorded from events as they arrive, by party, so a list of recent calls is
 * answered without asking the PBX's export. It is complete only since the event feed has been up
 * without a gap (`completeSince`); before that, lists ask the export.
 */
export interface CallIndex {
  /** Adds a call, or completes one already there (a 30040 after its 30012 adds the gist and side). */
  record(call: IndexedCall): Promise<void>;
  /**
   * A party's calls (an extension number or an outside number) starting within [from, to], newest
   * first; undefined when the store did not answer (the caller then asks the PBX).
   */
  callsOf(party: string, from: WallClock, to: WallClock): Promise<IndexedCall[] | undefined>;
  /** The call of a CDR uid, when an event told it. */
  byUid(uid: string): Promise<IndexedCall | undefined>;
  /** A call by leg id, when an event told it. */
  byLeg(legId: string): Promise<IndexedCall | undefined>;
  /** Unix ms since which every call event was received; undefined when the feed is not up. */
  completeSince(): Promise<number | undefined>;
  /** The event feed is up (said at least every CALL_INDEX_HEARTBEAT_MS while it is). */
  feedUp(): Promise<void>;
  /** The event feed lost its connection (events may be missed): complete again only from its return. */
  feedLost(): Promise<void>;
  /** This process stops feeding (shutdown); other replicas' feeds keep the index complete. */
  feedStopped(): Promise<void>;
  /** How many calls the index holds (every replica's, with Redis). */
  size(): Promise<number>;
}

/**
 * A channel's thread of one customer's calls (`thread_by: customer` in the routing file): the head
 * message every call with that outside number is posted under, while the thread is younger than
 * THREAD_DAYS.
 */
export interface CustomerThread {
  /** The head message's ts. */
  readonly ts: string;
  /** Unix ms when the head was posted; the thread takes calls until THREAD_DAYS after. */
  readonly startedAt: number;
}

/** The calls a customer thread holds, as its head counts them. */
export interface ThreadCalls {
  readonly count: number;
  /** Unix seconds of the newest call's start, when known. */
  readonly lastStart: number | undefined;
}

/**
 * Customer threads, shared by the replicas through the cache (src/cache/posting-stores.ts). Which
 * replica posts a thread's head is decided by a claim (the Claims port); the others read its ts here.
 * Keys are `<channel>:<outside number's digits>`.
 */
export interface CustomerThreads {
  get(key: string): Promise<CustomerThread | undefined>;
  set(key: string, thread: CustomerThread, ttlMs: number): Promise<void>;
  /** Counts a call (its leg) into the thread, once however often it is counted; the thread's calls now. */
  addCall(
    key: string,
    thread: CustomerThread,
    legId: string,
    start: number | undefined,
    ttlMs: number,
  ): Promise<ThreadCalls>;
}

/**
 * "Send me the summaries of my calls" (the Home tab's `callsummary_dm_mine`), off by default, kept in
 * the cache (shared through Redis): who asked, and for which extension (matched when they switched it
 * on).
 */
export interface DmChoices {
  /** The person's extension while the choice is on; undefined when off. */
  extensionOf(userId: string): Promise<string | undefined>;
  turnOn(userId: string, extension: string): Promise<boolean>;
  turnOff(userId: string): Promise<void>;
  /** Everyone who asked for the summaries of `extension`. */
  usersOf(extension: string): Promise<string[]>;
}
