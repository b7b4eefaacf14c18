/**
 * A Yeastar P-Series OpenAPI simulator: a real HTTP(S) server that behaves as
 * shared/reference/yeastar-openapi.md and get-ai-call-summary.md describe, for tests, benchmarks and
 * `npm run pbx:sim`. Behaviour the docs mark as unverified is switchable (see `summaryKey`,
 * `noSummaryStyle`, `formatErrorStyle`).
 *
 * This file is its public interface. Behind it: server.ts (transport, faults, stats), tokens.ts
 * (login side), endpoints.ts (request routing, extensions, AI summaries), ai-export.ts (aidownload
 * and its files), events.ts (webhooks and the WebSocket), pbx-data.ts (what the PBX holds),
 * sample-data.ts (the contents it starts with) and display-format.ts (its own time parsing).
 */
export { BUSY_FLOOR_AGENTS, BUSY_FLOOR_DAYS } from './busy-floor.js';
export { formatDisplayTime, parseDisplayTime, yeastarNotation } from './display-format.js';
export { newCdrEvent, SIM_SERIAL, signWebhookBody, summaryReadyEvent } from './events.js';
export { DOC_EXAMPLE_SUMMARY_HTML, SAMPLE_LEGS, type SampleDataOptions, sampleData } from './sample-data.js';
export { type SampleWeekOptions, sampleWeek } from './sample-week.js';
export { startPbxSimulator } from './server.js';
export { SIM_CLIENT_ID, SIM_CLIENT_SECRET } from './tokens.js';

/** A call queue or ring group: a number calls go to, answered by one of its agents. */
export interface SimGroup {
  kind: 'queue' | 'ring_group';
  id: number;
  number: string;
  name: string;
}

/** The sample PBX's queue and ring group (a queue call's callee is the queue, not the agent). */
export const SAMPLE_GROUPS: readonly SimGroup[] = [
  { kind: 'queue', id: 1, number: '6400', name: 'Support Queue' },
  { kind: 'ring_group', id: 1, number: '6300', name: 'Sales' },
];

export interface SimExtension {
  id: number;
  number: string;
  name: string;
  email?: string;
}

export interface SimSummary {
  id: number;
  html: string;
  /** The docs' table says String, their example a number: given as you want it answered. */
  createdAt: number | string;
  updatedAt: number;
  name: string;
  extNum: string;
  avatar?: string;
}

/** One call leg with its parties and summaries. */
export interface SimLeg {
  legId: string;
  uid: string;
  callType: 'Internal' | 'Inbound' | 'Outbound';
  /** Extension numbers or outside numbers. */
  callFrom: string;
  callTo: string;
  /** PBX-local wall clock, "YYYY/MM/DD HH:mm:ss" (the leg id's timestamp). */
  time: string;
  summaries: { caller?: SimSummary; callee?: SimSummary };
  /** Seconds; defaults to 60. */
  durationSeconds?: number;
  /** What was said, for the AI export and `getaicontext`; a two-line exchange when absent. */
  transcript?: SimUtterance[];
  /**
   * The outside party's number as the AI export writes it, when it differs from `callFrom`/`callTo`
   * (some trunks drop the `+`); the export's `call_from`/`call_to` filters match this form.
   */
  writtenNumber?: string;
}

/** One line of a call's AI transcription. */
export interface SimUtterance {
  /** Who spoke: an extension number or an outside number. */
  speaker: string;
  content: string;
  /** Milliseconds from the start of the call. */
  atMs: number;
}

export type SimSide = 'caller' | 'callee';

export type SimFault =
  | 'timeout'
  | 'http500'
  | 'http502'
  | 'malformed-json'
  | 'reset'
  | { errcode: number; errmsg: string }
  /** A whole answer of the PBX's, as given (a shape another firmware sends). */
  | { json: unknown };

export interface PbxSimulatorOptions {
  /** Default 127.0.0.1 and 0 (a free port). */
  host?: string;
  port?: number;
  clientId?: string;
  clientSecret?: string;
  /** Defaults 1800 / 86400 seconds, as documented. */
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  /** Valid access tokens at once; default 8 (Cloud docs). */
  maxValidTokens?: number;
  /** PBX display format of time parameters; default 'YYYY/MM/DD HH:mm:ss'. */
  displayFormat?: string;
  /**
   * The PBX's time zone (an IANA name; default UTC): its `system/information` shows its clock in it.
   * Leg times are written as given, whatever this says.
   */
  timeZone?: string;
  /**
   * A busy floor on top of the legs given (`PBX_SIM_CALLS_PER_DAY`): this many transcribed calls a
   * day over the last weeks, made up deterministically when an export or a lookup reads them, about
   * 4 KB an export row (src/demo/pbx-simulator/busy-floor.ts). Default: none.
   */
  callsPerDay?: number;
  /** Every Nth export is answered 70082 OVERLOAD_TASK_RUNNING (as `busyEvery`); default 0, never. */
  busyEvery?: number;
  latencyMs?: number;
  tls?: { key: string; cert: string };
  extensions?: SimExtension[];
  legs?: SimLeg[];
  /** Queues and ring groups (`queue/list`, `ringgroup/list`); default SAMPLE_GROUPS. */
  groups?: readonly SimGroup[];
  /** Clock in ms for token/download expiry; default Date.now. */
  now?: () => number;
  /** WebSocket idle limit; default 60000 ms (reference §6.1). */
  idleTimeoutMs?: number;
  /**
   * Serve everything under this path, as a reverse proxy in front of a PBX does (e.g. '/pbx'); other
   * paths get the proxy's HTML 404. Default: none.
   */
  pathPrefix?: string;
}

export interface SimStats {
  /** Requests served for one endpoint ('get_token', 'cdr/getaisummary', 'api/download', 'subscribe', …), or all. */
  count(endpoint?: string): number;
  /** The query of each request served for one endpoint, in order (access tokens left out). */
  queries(endpoint: string): URLSearchParams[];
  /** Bytes of answer bodies served for one endpoint ('api/download': the export files), or all. */
  bytes(endpoint?: string): number;
  reset(): void;
}

/** What `api/download/<file>` does instead of serving the file (client-safety tests). */
export type DownloadMode = 'normal' | 'bom' | { redirectTo: string } | { oversizeBytes: number };

export interface PbxSimulator {
  /** e.g. http://127.0.0.1:40123 (https when `tls` was given). */
  readonly url: string;
  readonly stats: SimStats;
  setLatency(ms: number): void;
  /** The next `times` (default 1) requests to `endpoint` (as in `stats`) fail this way. */
  injectFault(endpoint: string, fault: SimFault, times?: number): void;
  clearFaults(): void;
  /**
   * Exports asked for while another export's file was not downloaded yet: each was answered 70082
   * OVERLOAD_TASK_RUNNING. A client that takes turns keeps it at 0.
   */
  readonly exportOverlaps: number;
  /** Every Nth export is answered 70082 ("now and then"); 0: only overlapping ones. */
  busyEvery: number;
  /** Token-expiry storm: every token issued so far answers 10004. */
  expireAllTokens(): void;
  /** Lifts every IP block and failed-login count. */
  unblockAll(): void;
  /** Access tokens currently valid (not expired, not revoked). */
  readonly validTokenCount: number;
  /**
   * Which key `getaisummary` answers under: 'match' = the side asked; 'dst' always (as the doc's
   * example does for a `src_ext_id` request); 'src' always; 'both': both sides that have a summary.
   */
  summaryKey: 'match' | 'src' | 'dst' | 'both';
  /** "No summary" as `{errcode:0, data:{}}` or as 60001 DATA NOT FOUND (both plausible, unverified). */
  noSummaryStyle: 'empty-data' | 'not-found';
  /**
   * How the WebSocket refuses an invalid token: HTTP 401 at the upgrade, or an accepted upgrade whose
   * subscription is answered `{errcode:10004, errmsg:'TOKEN EXPIRED'}` (the docs say neither).
   */
  subscribeAuthStyle: 'http401' | 'errcode';
  /** How a 40002 time-format error names the format: our tokens, or Go layout as seen live. */
  formatErrorStyle: 'tokens' | 'go';
  displayFormat: string;
  /** The PBX's time zone (IANA) as `system/information` shows its clock. */
  timeZone: string;
  downloadMode: DownloadMode;
  addLeg(leg: SimLeg): void;
  addExtension(ext: SimExtension): void;
  setSummary(legId: string, side: SimSide, summary: SimSummary | undefined): void;
  /**
   * A summary written late, as a PBX's AI does minutes after a call ends: after `afterMs` the summary
   * exists (until then `getaisummary` has none and the AI export lacks the leg), then its 30040 goes to
   * `target`. Resolves once sent.
   */
  writeSummaryLater(
    legId: string,
    side: SimSide,
    summary: SimSummary,
    afterMs: number,
    target: SimEventTarget,
  ): Promise<void>;
  /** Writes a summary again (new content, a later `updatedAt`) and sends a new 30040 to `target`. */
  rewriteSummary(legId: string, side: SimSide, html: string, target: SimEventTarget): Promise<void>;
  /** POSTs the envelope `{type, sn, msg}` signed with X-Signature; resolves to the HTTP status. */
  pushWebhook(url: string, secret: string, event: SimEvent, opts?: PushOptions): Promise<number>;
  /** Sends the envelope to WebSocket clients subscribed to `event.type`. */
  emitEvent(event: SimEvent, opts?: { msgAsString?: boolean }): void;
  dropWebSockets(): void;
  readonly webSocketClients: number;
  /** WebSocket clients whose subscription includes `topic` (a client is connected before it subscribes). */
  subscribers(topic: number): number;
  close(): Promise<void>;
}

/** Where the simulated PBX sends an event: a webhook, its WebSocket subscribers, or nowhere (events off). */
export type SimEventTarget = { readonly webhook: string; readonly secret: string } | 'websocket' | 'none';

export interface SimEvent {
  type: number;
  msg: unknown;
}

export interface PushOptions {
  /** Encode `msg` as a JSON string (as the docs' 30012 example) instead of an object. */
  msgAsString?: boolean;
  badSignature?: boolean;
  unsigned?: boolean;
  /** Default 5000 ms. */
  timeoutMs?: number;
}
