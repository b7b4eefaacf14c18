import { HTTPReceiver } from '@slack/bolt';
import type { Route } from '../../shared/http/route.js';
import type { Logger } from '../../shared/log.js';
import { slackLogger } from './bolt-logger.js';
import { guardSlackRequests } from './request-guard.js';

/** Where Slack sends every request over HTTP (manifest.yml: commands and interactivity). */
const SLACK_EVENTS_PATH = '/slack/events';

export interface HttpReceiverOptions {
  readonly signingSecret: string;
  readonly routes: readonly Route[];
  readonly logger: Logger;
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
  });
  http.requestListener = guardSlackRequests({
    signingSecret: options.signingSecret,
    path: SLACK_EVENTS_PATH,
    next: http.requestListener,
  });
  return http;
}
