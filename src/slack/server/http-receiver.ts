import { HTTPReceiver } from '@slack/bolt';
import type { Route } from '../../shared/http/route.js';
import type { Logger } from '../../shared/log.js';
import type { Metrics } from '../../shared/metrics.js';
import { ARRIVED_AT, arrivalOf, timeAcks } from './answer-meter.js';
import { slackLogger } from './bolt-logger.js';
import { guardSlackRequests } from './request-guard.js';

/** Where Slack sends every request over HTTP (manifest.yml: commands and interactivity). */
const SLACK_EVENTS_PATH = '/slack/events';

export interface HttpReceiverOptions {
  readonly signingSecret: string;
  readonly routes: readonly Route[];
  readonly logger: Logger;
  /** Acknowledgements timed by surface; absent, nothing is timed. */
  readonly metrics?: Metrics | undefined;
}

/**
 * Bolt's HTTP receiver serving /slack/events and the routes, behind the guard: requests Slack would
 * never send are answered there, and only verified ones reach Bolt's endpoint.
 */
export function createHttpReceiver(options: HttpReceiverOptions): HTTPReceiver {
  const http = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: SLACK_EVENTS_PATH,
    logger: slackLogger(options.logger),
    customRoutes: [...options.routes],
    // Ack at once; the work continues after the 200 (Slack allows 3 s).
    processBeforeResponse: false,
    unhandledRequestTimeoutMillis: 3001,
    // When the request arrived, for the answer's time (./answer-meter.ts).
    customPropertiesExtractor: (req) => {
      const arrivedAt = arrivalOf(req);
      return arrivedAt === undefined ? {} : { [ARRIVED_AT]: arrivedAt };
    },
  });
  const guarded = guardSlackRequests({
    signingSecret: options.signingSecret,
    path: SLACK_EVENTS_PATH,
    next: http.requestListener,
  });
  http.requestListener = options.metrics ? timeAcks(options.metrics, SLACK_EVENTS_PATH, guarded) : guarded;
  return http;
}
