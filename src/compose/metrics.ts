import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ChannelQueues, PostOutcome } from '../events/channel-queue.js';
import type { PbxEvent } from '../events/envelope.js';
import type { Route } from '../shared/http/route.js';
import { ANSWER_SURFACES, type Metrics, NO_METRICS } from '../shared/metrics.js';
import { failureCode } from '../slack/server/answer-meter.js';
import type { LateSlack } from '../use-case/late/service.js';

/**
 * `GET /metrics`: one Prometheus registry per running bot (two bots in one process, as in the tests,
 * never share a counter), prom-client's default process and Node metrics beside the bot's own. Every
 * metric is named here; the layers record through the `Metrics` port (src/shared/metrics.ts), and
 * what only the composition root can see (queues, watches, Redis) is read at each scrape.
 *
 * Label values come from small fixed sets (surfaces, error codes, PBX endpoints and errcodes, cache
 * kinds, post outcomes, Slack method names): `label` below turns anything else into `other`, so a
 * leg id, a number or a Slack id that reached a label by mistake would still never be exported.
 */
export interface BotMetrics extends Metrics {
  /** `GET /metrics`; none when METRICS=false. */
  readonly routes: readonly Route[];
  /** A gauge read at each scrape; a read that fails keeps the last value and the scrape whole. */
  gauge(name: string, help: string, read: () => Promise<number> | number): void;
}

export const METRICS_PATH = '/metrics';

/** Seconds from a request (or a PBX event) to its answer: Slack allows 3 s for an acknowledgement, and
 * answers through a response_url for 30 min; automatic posts wait their turn in the channel's queue. */
const ANSWER_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30, 60, 120, 300];
const ACK_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3];
const PBX_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createBotMetrics(): BotMetrics {
  const registry = new Registry();
  // Process-wide facts (CPU, memory, event loop, GC), kept in this bot's registry.
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const answers = new Counter({
    name: 'callsummary_answers_total',
    help: 'Answers by surface and outcome: ok, or the error code the person was told (restarting, pbx_unreachable, slack_refused, …)',
    labelNames: ['surface', 'outcome'],
    registers,
  });
  const answerSeconds = new Histogram({
    name: 'callsummary_answer_duration_seconds',
    help: 'Time from a Slack request (or, for automatic posts, the PBX event) to its answer',
    labelNames: ['surface'],
    buckets: ANSWER_BUCKETS,
    registers,
  });
  const ackSeconds = new Histogram({
    name: 'callsummary_slack_ack_duration_seconds',
    help: 'Time from a Slack request to its acknowledgement (HTTP mode; Slack gives up after 3 s)',
    labelNames: ['surface'],
    buckets: ACK_BUCKETS,
    registers,
  });
  const pbxRequests = new Counter({
    name: 'callsummary_pbx_requests_total',
    help: 'PBX requests (each try) by endpoint and errcode: 0 success, the PBX errcode, or timeout, unreachable, http_5xx, bad_answer',
    labelNames: ['endpoint', 'errcode'],
    registers,
  });
  const pbxSeconds = new Histogram({
    name: 'callsummary_pbx_request_duration_seconds',
    help: 'Time of one PBX request (one try), by endpoint',
    labelNames: ['endpoint'],
    buckets: PBX_BUCKETS,
    registers,
  });
  const logins = new Counter({
    name: 'callsummary_pbx_logins_total',
    help: 'PBX logins (get_token) by outcome: ok, rejected, failed (no answer), or not tried: locked_out, token_limit',
    labelNames: ['outcome'],
    registers,
  });
  const refreshes = new Counter({
    name: 'callsummary_pbx_token_refreshes_total',
    help: 'PBX token refreshes by outcome (a failed one falls back to a login)',
    labelNames: ['outcome'],
    registers,
  });
  const exportBytes = new Counter({
    name: 'callsummary_pbx_export_bytes_total',
    help: 'Bytes of AI transcription export files downloaded from the PBX',
    registers,
  });
  const cacheReads = new Counter({
    name: 'callsummary_cache_reads_total',
    help: 'Cache read-throughs by kind (summary, leg, ext, calls, transcript) and result (hit, miss; a refresh is a miss)',
    labelNames: ['kind', 'result'],
    registers,
  });
  const posts = new Counter({
    name: 'callsummary_posts_total',
    help: 'Automatic posts by outcome: posted, retryable, permanent, unposted (given back at shutdown), interrupted',
    labelNames: ['outcome'],
    registers,
  });
  const rateLimited = new Counter({
    name: 'callsummary_slack_rate_limited_total',
    help: 'Slack Web API calls answered HTTP 429, by method',
    labelNames: ['method'],
    registers,
  });
  const late = new Counter({
    name: 'callsummary_late_deliveries_total',
    help: 'Late summaries delivered: notification (a watcher sent the summary), copy_updated, copy_gone, watch_ended',
    labelNames: ['kind'],
    registers,
  });
  const events = new Counter({
    name: 'callsummary_pbx_events_total',
    help: 'PBX events received (webhook or WebSocket) by type: 30012, 30040, other, malformed',
    labelNames: ['type'],
    registers,
  });
  // Each surface starts at zero, so a rate over it exists before its first answer.
  for (const surface of ANSWER_SURFACES) answers.inc({ surface, outcome: 'ok' }, 0);

  return {
    routes: [
      {
        path: METRICS_PATH,
        method: 'GET',
        handler: (_req, res) => {
          registry.metrics().then(
            (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
            () => {
              if (!res.headersSent) res.writeHead(500).end();
            },
          );
        },
      },
    ],
    gauge(name, help, read) {
      new Gauge({
        name,
        help,
        registers,
        async collect() {
          try {
            this.set(await read());
          } catch {
            // The last value stays; one part that cannot be read must not fail the whole scrape.
          }
        },
      });
    },
    answered(surface, outcome, seconds) {
      answers.inc({ surface, outcome: label(outcome) });
      if (seconds !== undefined) answerSeconds.observe({ surface }, seconds);
    },
    acknowledged: (surface, seconds) => ackSeconds.observe({ surface }, seconds),
    pbxRequest(endpoint, errcode, seconds) {
      pbxRequests.inc({ endpoint: label(endpoint), errcode: errcodeLabel(errcode) });
      pbxSeconds.observe({ endpoint: label(endpoint) }, seconds);
    },
    pbxLogin: (outcome) => logins.inc({ outcome }),
    pbxRefresh: (outcome) => refreshes.inc({ outcome }),
    pbxExportBytes: (bytes) => exportBytes.inc(bytes),
    cacheRead: (kind, result) => cacheReads.inc({ kind: label(kind), result }),
    posted: (outcome) => posts.inc({ outcome: label(outcome) }),
    slackRateLimited: (method) => rateLimited.inc({ method: label(method) }),
    lateDelivered: (kind) => late.inc({ kind }),
    eventReceived: (type) => events.inc({ type: /^\d{5}$/.test(type) ? type : label(type) }),
  };
}

/** METRICS=false: nothing recorded, no route (GET /metrics is then 404 like any unknown path). */
export const NO_BOT_METRICS: BotMetrics = { ...NO_METRICS, routes: [], gauge: () => undefined };

/**
 * A label value from the fixed sets, or `other`: lower-case words (`pbx_unreachable`,
 * `cdr/aidownload`, and Slack's own method names such as `chat.postMessage`), never digits alone. So
 * never a leg id (digits, a dash and upper-case hex), a phone or extension number, or a Slack id.
 */
export function label(value: string): string {
  return value.length <= 48 && /^[a-z][a-z0-9_]*(\.[a-z][a-zA-Z]*)*(\/[a-z_]+)*$/.test(value)
    ? value
    : 'other';
}

/** The PBX's errcode (at most six digits, as its codes are), or a word from `label`. */
function errcodeLabel(value: string): string {
  return /^-?\d{1,6}$/.test(value) ? value : label(value);
}

/**
 * The per-channel queues, counted: posts by outcome (and as answers on the `automatic_post` surface,
 * timed from the event), the posts waiting and how long the oldest has waited. A post is waiting from
 * its event's handling until it settles (posted, refused, or given back).
 */
export function meteredQueues(queues: ChannelQueues, metrics: BotMetrics): ChannelQueues {
  const waiting = new Map<object, number>();
  metrics.gauge(
    'callsummary_post_queue_depth',
    'Automatic posts accepted and not yet posted (or given up on), all channels together',
    () => waiting.size,
  );
  metrics.gauge(
    'callsummary_post_queue_oldest_seconds',
    'How long the oldest automatic post still waiting has waited (0 when none waits)',
    () => {
      let oldest: number | undefined;
      for (const since of waiting.values()) oldest = oldest === undefined ? since : Math.min(oldest, since);
      return oldest === undefined ? 0 : (performance.now() - oldest) / 1000;
    },
  );
  return {
    ...queues,
    enqueue(item) {
      const token = {};
      const since = performance.now();
      waiting.set(token, since);
      queues.enqueue({
        ...item,
        settle: (outcome) => {
          if (waiting.delete(token)) {
            metrics.posted(outcome);
            metrics.answered('automatic_post', postAnswer(outcome), (performance.now() - since) / 1000);
          }
          return item.settle(outcome);
        },
      });
    },
  };
}

/** A post's outcome as an answer's: `ok`, or the error code a person asking would have been told. */
function postAnswer(outcome: PostOutcome): string {
  switch (outcome) {
    case 'posted':
      return 'ok';
    case 'unposted':
    case 'interrupted':
      return 'restarting';
    default:
      return 'slack_refused';
  }
}

/** Late summaries' Slack edge, counted: notifications as answers, and every delivery by kind. */
export function meteredLateSlack(slack: LateSlack, metrics: Metrics): LateSlack {
  return {
    async notify(watch, summary) {
      try {
        const sent = await slack.notify(watch, summary);
        metrics.answered('notification', 'ok');
        metrics.lateDelivered('notification');
        return sent;
      } catch (error) {
        metrics.answered('notification', failureCode(error));
        throw error;
      }
    },
    async ended(watch, why) {
      await slack.ended(watch, why);
      metrics.lateDelivered('watch_ended');
    },
    async update(copy, summary, at) {
      const outcome = await slack.update(copy, summary, at);
      if (outcome === 'updated' || outcome === 'gone')
        metrics.lateDelivered(outcome === 'updated' ? 'copy_updated' : 'copy_gone');
      return outcome;
    },
    async sendMine(userId, summary) {
      const sent = await slack.sendMine(userId, summary);
      metrics.lateDelivered('notification');
      return sent;
    },
  };
}

/** A PBX event's type for the events counter. */
export function eventType(event: PbxEvent): string {
  switch (event.kind) {
    case 'cdr':
      return '30012';
    case 'summary':
    case 'summary_unplaced':
      return '30040';
    default:
      return event.kind;
  }
}
