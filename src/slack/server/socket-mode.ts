import { createServer, type Server } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { type App, SocketModeReceiver } from '@slack/bolt';
import type { Route } from '../../shared/http/route.js';
import { HTTP_SERVER_OPTIONS } from '../../shared/http/server-options.js';
import type { Logger } from '../../shared/log.js';
import { withSlash } from '../send/web-client.js';
import { ARRIVED_AT } from './answer-meter.js';
import { slackLogger } from './bolt-logger.js';
import { isTokenRejected, tokenRejectedError } from './identity.js';

/**
 * Socket Mode: Slack's requests come over a WebSocket the app opens with its app-level token, so the
 * routes (health, the PBX webhook) need a server of their own. Bolt's (customRoutes) hides its port
 * (PORT=0 is unknowable), does not wait for listen and has no 'error' listener (a port in use
 * crashes the process).
 */
export function createSocketModeReceiver(options: {
  readonly appToken: string;
  readonly apiUrl: string | undefined;
  readonly logger: Logger;
  readonly timeoutMs: number;
}): SocketModeReceiver {
  return new SocketModeReceiver({
    appToken: options.appToken,
    logger: slackLogger(options.logger),
    // When the request arrived, for the answer's time (./answer-meter.ts).
    customPropertiesExtractor: () => ({ [ARRIVED_AT]: performance.now() }),
    installerOptions: {
      // The socket client has its own Web API client (apps.connections.open with the app token, not
      // the bot's); without these it ignores SLACK_API_URL and waits on Slack without a timeout.
      clientOptions: socketClientOptions(options.apiUrl, options.timeoutMs),
    },
  });
}

/**
 * Its retries are patient but capped (half an hour or more, at most 30 s apart): the SDK turns a
 * reconnect that gives up into an unhandled rejection, so giving up quickly would end the process on
 * a short outage, while its default backoff grows without bound.
 */
function socketClientOptions(apiUrl: string | undefined, timeoutMs: number) {
  return {
    ...(apiUrl !== undefined ? { slackApiUrl: withSlash(apiUrl) } : {}),
    timeout: timeoutMs,
    retryConfig: { retries: 70, factor: 1.5, minTimeout: 500, maxTimeout: 30_000 },
  };
}

/**
 * Waits a little for the first connection, so a rejected app token fails the start with the fix, but
 * does not hold the start hostage while Slack is unreachable: the client keeps retrying in the
 * background while the health routes (and the PBX webhook) are served.
 */
export async function connectSocket(app: App, log: Logger, waitMs: number): Promise<void> {
  const connecting = app.start();
  const outcome = await Promise.race([
    connecting.then(
      () => ({ connected: true as const }),
      (error: unknown) => ({ connected: false as const, error }),
    ),
    delay(waitMs, { connected: false as const, error: undefined }, { ref: false }),
  ]);
  if (outcome.connected) return;
  if (outcome.error !== undefined) {
    if (isTokenRejected(outcome.error)) throw tokenRejectedError(outcome.error, 'SLACK_APP_TOKEN');
    throw outcome.error;
  }
  log.warn(`Socket Mode: not connected to Slack after ${waitMs / 1000} s; still trying in the background`);
  connecting.then(
    () => log.info('Socket Mode: connected to Slack'),
    (error: unknown) => log.error('Socket Mode: could not connect to Slack', error),
  );
}

/** Serves the routes alone. */
export function createRoutesServer(routes: readonly Route[]): Server {
  return createServer({ ...HTTP_SERVER_OPTIONS }, (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const method = (req.method ?? '').toUpperCase();
    const route = routes.find(
      (r) => r.path === path && [r.method].flat().some((m) => m.toUpperCase() === method),
    );
    if (route) route.handler(req, res);
    else res.writeHead(404).end();
  });
}

/** Like HTTPReceiver: all interfaces; rejects (instead of an unhandled 'error') when the port is taken. */
export function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: Error) => reject(error);
    server.once('error', failed);
    server.listen(port, () => {
      server.off('error', failed);
      resolve();
    });
  });
}
