import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { App, HTTPReceiver, LogLevel, type Receiver, SocketModeReceiver } from '@slack/bolt';
import type { SlackConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { SlackDeps } from './deps.js';
import { fastCommandAck } from './fast-ack.js';
import { createBotAuthorization, isTokenRejected, tokenRejectedError } from './identity.js';
import { register as registerActions } from './listeners/actions/index.js';
import { COMMAND, register as registerCommands } from './listeners/commands/index.js';
import { register as registerShortcuts } from './listeners/shortcuts/index.js';
import { register as registerViews } from './listeners/views/index.js';

/** An extra HTTP route on the bot's server; the handler gets the untouched request (raw body). */
export interface Route {
  readonly path: string;
  readonly method: string | string[];
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
}

/** One readiness check for GET /readyz: true when that part works. */
export type ReadinessCheck = () => Promise<boolean>;

export interface SlackServerOptions {
  readonly slack: SlackConfig;
  readonly port: number;
  /** The interface to bind; all by default (the demo binds 127.0.0.1 only). */
  readonly host?: string;
  readonly deps: SlackDeps;
  readonly logger: Logger;
  /** Extra routes (e.g. POST /yeastar/webhook) served beside /slack/events and the health routes. */
  readonly routes?: readonly Route[];
  /** Named checks for /readyz, e.g. `{ pbx_token, cache }`. */
  readonly readiness?: Readonly<Record<string, ReadinessCheck>>;
  /** Bound on each readiness check (a hung PBX must not hang the probe). */
  readonly readinessTimeoutMs?: number;
  /** Web API timeout per call (Slack's default retries for about 30 minutes). */
  readonly webApiTimeoutMs?: number;
  /** Socket Mode: how long the start waits for Slack before going on while the client keeps trying. */
  readonly socketStartWaitMs?: number;
  /** Known bot ids skip auth.test; otherwise it is called once at start, bounded by the timeout above. */
  readonly botId?: string;
  readonly botUserId?: string;
}

export interface SlackServer {
  readonly app: App;
  /** Starts listening; resolves with the bound port (PORT=0 picks a free one). */
  start(): Promise<number>;
  /**
   * Stops accepting requests, waits up to `timeoutMs` for listeners still working (the answer after
   * the ack), then closes. Resolves true when nothing was cut short.
   */
  stop(timeoutMs: number): Promise<boolean>;
}

const SLACK_EVENTS_PATH = '/slack/events';
/** How long a Socket Mode start waits for Slack before going on without it. */
const SOCKET_START_WAIT_MS = 10_000;

const BOLT_LEVEL = { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR };

/** Our logger speaks Bolt's Logger interface except getLevel, which Bolt wants as its enum. */
function boltLogger(logger: Logger) {
  return {
    debug: logger.debug,
    info: logger.info,
    warn: logger.warn,
    error: logger.error,
    setLevel: logger.setLevel,
    setName: logger.setName,
    getLevel: () => BOLT_LEVEL[logger.getLevel()],
  };
}

export function createSlackServer(options: SlackServerOptions): SlackServer {
  const { slack } = options;
  const logger = options.logger;
  const bolt = boltLogger(logger);
  const inflight = new Set<Promise<unknown>>();
  let stopping = false;

  const routes = [
    {
      path: '/healthz',
      method: 'GET',
      handler: (_req: IncomingMessage, res: ServerResponse) => sendJson(res, 200, { status: 'ok' }),
    },
    {
      path: '/readyz',
      method: 'GET',
      handler: (_req: IncomingMessage, res: ServerResponse) => {
        void readiness(options.readiness ?? {}, options.readinessTimeoutMs ?? 3000).then(
          (body) =>
            sendJson(
              res,
              stopping ? 503 : body.ready ? 200 : 503,
              stopping ? { ...body, ready: false, stopping: true } : body,
            ),
          () => sendJson(res, 503, { ready: false }),
        );
      },
    },
    ...(options.routes ?? []).map((r) => ({ path: r.path, method: r.method, handler: r.handler })),
  ];

  let receiver: Receiver;
  // Socket Mode: our own server for the routes. Bolt's (customRoutes) hides its port (PORT=0 is
  // unknowable), does not wait for listen and has no 'error' listener (a port in use crashes the process).
  let routesServer: Server | undefined;
  let socketMode: SocketModeReceiver | undefined;
  if (slack.appToken !== undefined) {
    routesServer = createRoutesServer(routes);
    socketMode = new SocketModeReceiver({
      appToken: slack.appToken,
      logger: bolt,
      installerOptions: {
        // The socket client has its own Web API client (apps.connections.open with the app token); without
        // these it ignores SLACK_API_URL and waits on Slack without a timeout.
        clientOptions: socketClientOptions(slack.apiUrl, options.webApiTimeoutMs ?? 10_000),
      },
    });
    receiver = socketMode;
  } else {
    const http = new HTTPReceiver({
      signingSecret: slack.signingSecret ?? '',
      endpoints: SLACK_EVENTS_PATH,
      logger: bolt,
      customRoutes: routes,
      // Ack at once; the work continues after the 200 (Slack allows 3 s).
      processBeforeResponse: false,
      unhandledRequestTimeoutMillis: 3001,
    });
    http.requestListener = fastCommandAck({
      next: http.requestListener,
      app: () => app,
      signingSecret: slack.signingSecret ?? '',
      path: SLACK_EVENTS_PATH,
      commands: new Set([COMMAND]),
      accepting: () => !stopping,
      onError: (error) => logger.error('processing a command failed', error),
    });
    receiver = http;
  }

  const identity = createBotAuthorization(() => app.client, slack.botToken, {
    ...(options.botId !== undefined ? { botId: options.botId } : {}),
    ...(options.botUserId !== undefined ? { botUserId: options.botUserId } : {}),
  });
  const app: App = new App({
    authorize: identity.authorize,
    receiver,
    // No listener reads context.conversation; Bolt's default store costs every request a lookup that
    // fails with a new Error (stack trace included) before the listener can ack.
    convoStore: false,
    logger: bolt,
    logLevel: BOLT_LEVEL[logger.getLevel()],
    clientOptions: {
      ...(slack.apiUrl !== undefined ? { slackApiUrl: withSlash(slack.apiUrl) } : {}),
      timeout: options.webApiTimeoutMs ?? 10_000,
      // A few quick retries (rate limits honour Retry-After), not the 30-minute default.
      retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000, maxRetryTime: 10_000 },
      logger: bolt,
    },
  });

  // Track every listener run so shutdown can let it finish; refuse new work once stopping.
  app.use(async ({ next }) => {
    if (stopping) return;
    const work = next();
    inflight.add(work);
    try {
      await work;
    } finally {
      inflight.delete(work);
    }
  });
  app.error(async (error) => {
    logger.error('unhandled listener error', error);
  });

  registerCommands(app, options.deps);
  registerActions(app, options.deps);
  registerShortcuts(app, options.deps);
  registerViews(app, options.deps);

  let server: Server | undefined;
  let receiverStarted = false;
  return {
    app,
    async start() {
      // Who the bot is, asked before listening: a wrong token stops the start with the fix; Slack being
      // unreachable does not (the first request asks again).
      try {
        await identity.identity();
      } catch (error) {
        if (isTokenRejected(error)) throw tokenRejectedError(error);
        logger.warn(
          `could not reach Slack to check the bot token (${(error as Error).message}); will retry on the first request`,
        );
      }
      if (routesServer) {
        // Health routes answer while the socket connects.
        await listen(routesServer, options.port);
        server = routesServer;
      }
      if (socketMode) {
        receiverStarted = true;
        await connectSocket(app, logger, options.socketStartWaitMs ?? SOCKET_START_WAIT_MS);
      } else {
        const listenOn =
          options.host !== undefined ? { port: options.port, host: options.host } : options.port;
        const started = (await app.start(listenOn as number)) as unknown;
        receiverStarted = true;
        if (isServer(started)) server = started;
      }
      const address = server?.address();
      const port = address && typeof address === 'object' ? (address as AddressInfo).port : options.port;
      logger.info(`listening on port ${port} (${slack.appToken ? 'Socket Mode' : 'HTTP'})`);
      return port;
    },
    async stop(timeoutMs) {
      stopping = true;
      const drained = await Promise.race([
        Promise.allSettled([...inflight]).then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref()),
      ]);
      server?.closeIdleConnections();
      // Bolt's stop does not wait for the socket's close handshake; this does (the SDK bounds it).
      await socketMode?.client
        .disconnect()
        .catch((error: unknown) => logger.warn('closing the Socket Mode connection failed', error));
      // After a failed start there is no receiver to stop (Bolt would throw).
      if (receiverStarted) {
        await app.stop().catch((error: unknown) => logger.warn('stopping the Slack receiver failed', error));
      }
      if (routesServer?.listening) {
        const closed = new Promise<void>((resolve) => routesServer.close(() => resolve()));
        routesServer.closeAllConnections();
        await closed;
      }
      server?.closeAllConnections();
      return drained;
    },
  };
}

/**
 * Socket Mode: waits a little for the first connection, so a rejected app token fails the start with
 * the fix, but does not hold the start hostage while Slack is unreachable: the client keeps retrying
 * in the background while the health routes (and the PBX webhook) are served.
 */
async function connectSocket(app: App, log: Logger, waitMs: number) {
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

function isServer(value: unknown): value is Server {
  return typeof value === 'object' && value !== null && 'address' in value && 'closeIdleConnections' in value;
}

/** Serves the routes alone (Socket Mode: Slack's requests come over the socket, not HTTP). */
function createRoutesServer(routes: readonly Route[]): Server {
  return createServer((req, res) => {
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
function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: Error) => reject(error);
    server.once('error', failed);
    server.listen(port, () => {
      server.off('error', failed);
      resolve();
    });
  });
}

/**
 * Options for the Socket Mode client's own Web API client. Its retries are patient but capped (half
 * an hour or more, at most 30 s apart): the SDK turns a reconnect that gives up into an unhandled
 * rejection, so giving up quickly would end the process on a short outage, while its default backoff
 * grows without bound.
 */
function socketClientOptions(apiUrl: string | undefined, timeoutMs: number) {
  return {
    ...(apiUrl !== undefined ? { slackApiUrl: withSlash(apiUrl) } : {}),
    timeout: timeoutMs,
    retryConfig: { retries: 70, factor: 1.5, minTimeout: 500, maxTimeout: 30_000 },
  };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

async function readiness(
  checks: Readonly<Record<string, ReadinessCheck>>,
  timeoutMs: number,
): Promise<{ ready: boolean; checks: Record<string, 'ok' | 'failing'> }> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      const ok = await Promise.race([
        check().catch(() => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref()),
      ]);
      return [name, ok ? 'ok' : 'failing'] as const;
    }),
  );
  // Configuration was loaded before the server existed, so it is ready by construction.
  const result: Record<string, 'ok' | 'failing'> = { config: 'ok', ...Object.fromEntries(entries) };
  return { ready: Object.values(result).every((v) => v === 'ok'), checks: result };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
