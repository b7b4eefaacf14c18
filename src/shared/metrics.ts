/**
 * What the layers record for `GET /metrics`, as a port: the composition root (src/compose/metrics.ts)
 * implements it over one Prometheus registry per running bot, and hands it down to the PBX client, the
 * cache, the Slack server and automatic posting. `NO_METRICS` records nothing (METRICS=false, the
 * one-shot CLI commands, tests that do not look).
 *
 * Every label value is one of a small fixed set, never a leg id, a phone or extension number, a
 * member or a channel: what a label holds is kept, for each value, in memory until the process
 * ends, and a scrape is readable by whoever may read the metrics.
 */

/** Where an answer was asked for (or, for the last two, sent without being asked). */
export const ANSWER_SURFACES = [
  'command',
  'button',
  'shortcut',
  'modal',
  'home',
  'automatic_post',
  'notification',
] as const;
export type AnswerSurface = (typeof ANSWER_SURFACES)[number];

/** How a login to the PBX ended; `locked_out` and `token_limit`: not tried, the PBX would refuse it. */
export type LoginOutcome = 'ok' | 'rejected' | 'locked_out' | 'token_limit' | 'failed';

/** What late summaries delivered: a watcher's summary, a copy brought up to date or found gone, a watch ended. */
export type LateDelivery = 'notification' | 'copy_updated' | 'copy_gone' | 'watch_ended';

export interface Metrics {
  /**
   * One answer given, or given up on: `outcome` is `ok` or the failure's code (src/shared/errors.ts);
   * `seconds`, when known, from the request (or the PBX event) to the answer.
   */
  answered(surface: AnswerSurface, outcome: string, seconds?: number): void;
  /** Slack's request was acknowledged `seconds` after it arrived. */
  acknowledged(surface: AnswerSurface, seconds: number): void;
  /**
   * One request to the PBX (each try: retries count): `endpoint` is the API path without its version
   * (`get_token`, `cdr/aidownload`) or `download`; `errcode` the PBX's (`0` for success), or what
   * happened instead: `timeout`, `unreachable`, `http_5xx`, `bad_answer`.
   */
  pbxRequest(endpoint: string, errcode: string, seconds: number): void;
  pbxLogin(outcome: LoginOutcome): void;
  pbxRefresh(outcome: 'ok' | 'failed'): void;
  /** Bytes of an AI transcription export file read. */
  pbxExportBytes(bytes: number): void;
  /** A read-through of one cached kind (`summary`, `leg`, `ext`, `calls`, `transcript`). */
  cacheRead(kind: string, result: 'hit' | 'miss'): void;
  /** An automatic post settled (src/events/channel-queue.ts `PostOutcome`). */
  posted(outcome: string): void;
  /** Slack answered a Web API call with HTTP 429. */
  slackRateLimited(method: string): void;
  lateDelivered(kind: LateDelivery): void;
  /** A PBX event arrived (webhook or WebSocket): `30012`, `30040`, `other` or `malformed`. */
  eventReceived(type: string): void;
}

const nothing = () => undefined;

export const NO_METRICS: Metrics = {
  answered: nothing,
  acknowledged: nothing,
  pbxRequest: nothing,
  pbxLogin: nothing,
  pbxRefresh: nothing,
  pbxExportBytes: nothing,
  cacheRead: nothing,
  posted: nothing,
  slackRateLimited: nothing,
  lateDelivered: nothing,
  eventReceived: nothing,
};
