import { type App, HTTPReceiver } from '@slack/bolt';
import type { Route } from '../../shared/http/route.js';
import type { Logger } from '../../shared/log.js';
import { slackLogger } from './bolt-logger.js';
import { type FastAckOptions, fastCommandAck } from './fast-ack.js';
import { guardSlackRequests } from './request-guard.js';

/** Where Slack sends every request over HTTP (manifest.yml: commands and interactivity). */
export const SLACK_EVENTS_PATH = '/slack/events';

export interface HttpReceiverOptions {
  readonly signingSecret: string;
  readonly routes: readonly Route[];
  readonly logger: Logger;
  readonly app: () => App;
  /** Commands registered in the app, acknowledged before Bolt's pipeline (./fast-ack.ts). */
  readonly commands: ReadonlySet<string>;
  /** False while stopping. */
  readonly accepting: () => boolean;
  readonly turnAway: FastAckOptions['turnAway'];
  readonly track: FastAckOptions['track'];
  readonly afterAcks: FastAckOptions['afterAcks'];
  /** False: our commands go through Bolt's own receiver path like everything else. */
  readonly fastAck: boolean;
}

/**
 * Bolt's HTTP receiver serving /slack/events and the routes: requests Slack would never send are
 * answered by the guard, our commands are acknowledged before Bolt's pipeline.
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
    next: options.fastAck
      ? fastCommandAck({
          next: http.requestListener,
          app: options.app,
          commands: options.commands,
          accepting: options.accepting,
          turnAway: options.turnAway,
          track: options.track,
          afterAcks: options.afterAcks,
          onError: (error) => options.logger.error('processing a command failed', error),
        })
      : http.requestListener,
  });
  return http;
}
