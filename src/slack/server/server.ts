import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { App, type Receiver, type SocketModeReceiver } from '@slack/bolt';
import type { Route } from '../../shared/http/route.js';
import { HTTP_SERVER_OPTIONS } from '../../shared/http/server-options.js';
import type { Logger } from '../../shared/log.js';
import { type Metrics, NO_METRICS } from '../../shared/metrics.js';
import type { SlackDeps } from '../deps.js';
import { registerListeners } from '../listeners/index.js';
import { answerRestarting } from '../send/answer-route.js';
import { ARRIVED_AT, createAnswerMeter } from './answer-meter.js';
import { slackLogger, slackLogLevel } from './bolt-logger.js';
import { createHttpReceiver } from './http-receiver.js';
import { createBotAuthorization, isTokenRejected, tokenRejectedError } from './identity.js';
import { connectSocket, createRoutesServer, createSocketModeReceiver, listen } from './socket-mode.js';
import { answerTargetOf, createWorkTracker } from './work-tracker.js';

export interface SlackConfig {
  readonly botToken: string;
  readonly signingSecret: string | undefined;
  readonly appToken: string | undefined;
  readonly apiUrl: string | undefined;
}

export interface SlackServerOptions {
  readonly slack: SlackConfig;
  readonly port: number;
  /** The interface to bind; all by default (the demo binds 127.0.0.1 only). */
  readonly host?: string;
  readonly deps: SlackDeps;
  readonly logger: Logger;
  /** Routes served beside /slack/events: health, readiness, the PBX webhook. */
  readonly routes?: readonly Route[];
  /** Socket Mode's own Web API client: timeout per call. */
  readonly webApiTimeoutMs?: number;
  /** Socket Mode: how long the start waits for Slack before going on while the client keeps trying. */
  readonly socketStartWaitMs?: number;
  /** Known bot ids skip auth.test; otherwise it is called once at start. */
  readonly botId?: string;
  readonly botUserId?: string;
  /** Answers by surface and outcome, their time and their acknowledgement's (./answer-meter.ts). */
  readonly metrics?: Metrics | undefined;
}

export interface SlackServer {
  readonly app: App;
  /** True once `stop` has begun. */
  stopping(): boolean;
  /** Starts listening; resolves with the bound port (PORT=0 picks a free one). */
  start(): Promise<number>;
  /**
   * Stops taking new work (a request that still arrives is told the bot is restarting), waits for
   * the work already acknowledged until shortly before `timeoutMs`, tells each person whose answer
   * did not come that the bot is restarting, then closes. Resolves true when nothing was cut short.
   */
  stop(timeoutMs: number): Promise<boolean>;
}

/**
 * Of the shutdown time, what is kept at the end for telling people the bot is restarting: one quick
 * POST each, all at once, but a burst of them on a busy host takes a moment.
 */
function restartingReserve(timeoutMs: number): number {
  return Math.min(5000, Math.floor(timeoutMs / 2));
}

/** How long a Socket Mode start waits for Slack before going on without it. */
const SOCKET_START_WAIT_MS = 10_000;

/**
 * The bot's server: Bolt with our listeners, over HTTP (/slack/events beside the routes) or Socket
 * Mode (the routes on a server of their own).
 */
export function createSlackServer(options: SlackServerOptions): SlackServer {
  const { slack, logger } = options;
  const routes = options.routes ?? [];
  const work = createWorkTracker();
  let stopping = false;
  const answers = createAnswerMeter(options.metrics ?? NO_METRICS);
  const turnAway = (body: unknown) => {
    answers.count(body, 'restarting');
    return answerRestarting(options.deps, answerTargetOf(body));
  };

  let receiver: Receiver;
  let routesServer: Server | undefined;
  let socketMode: SocketModeReceiver | undefined;
  if (slack.appToken !== undefined) {
    routesServer = createRoutesServer(routes);
    socketMode = createSocketModeReceiver({
      appToken: slack.appToken,
      apiUrl: slack.apiUrl,
      logger,
      timeoutMs: options.webApiTimeoutMs ?? 10_000,
    });
    receiver = socketMode;
  } else {
    receiver = createHttpReceiver({
      signingSecret: slack.signingSecret ?? '',
      routes,
      logger,
      metrics: options.metrics,
    });
  }

  const identity = createBotAuthorization(options.deps.client, {
    ...(options.botId !== undefined ? { botId: options.botId } : {}),
    ...(options.botUserId !== undefined ? { botUserId: options.botUserId } : {}),
  });
  const app: App = new App({
    authorize: identity.authorize,
    receiver,
    // No listener reads context.conversation; Bolt's default store costs every request a lookup that
    // fails with a new Error (stack trace included) before the listener can ack.
    convoStore: false,
    logger: slackLogger(logger),
    logLevel: slackLogLevel(logger),
  });

  // Every request Bolt acknowledges is tracked until answered, so shutdown can let it finish; once
  // stopping, a new one is acknowledged and told the bot is restarting.
  app.use(async (args) => {
    const arrivedAt = args.context[ARRIVED_AT];
    const answer = () =>
      answers.run(args.body, typeof arrivedAt === 'number' ? arrivedAt : undefined, () => args.next());
    const target = answerTargetOf(args.body);
    if (stopping) {
      if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
      work.track(turnAway(args.body), target);
      return;
    }
    const running = answer();
    work.track(running, target);
    await running;
  });
  app.error(async (error) => {
    logger.error('unhandled listener error', error);
  });
  registerListeners(app, { ...options.deps, answers });

  let server: Server | undefined;
  let receiverStarted = false;
  return {
    app,
    stopping: () => stopping,
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
        // Bolt's App.start passes its arguments to HTTPReceiver.start(listenOptions, serverOptions).
        const started = (await app.start(listenOn as number, { ...HTTP_SERVER_OPTIONS })) as unknown;
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
      const deadline = Date.now() + timeoutMs;
      // The last part of the time is kept for telling those whose answer did not come in time.
      const drained = await work.settled(deadline - restartingReserve(timeoutMs));
      if (!drained) {
        const owed = work.unfinished();
        logger.warn(
          `shutdown: ${owed.length} acknowledged requests were not answered within ${timeoutMs} ms; telling each person the bot is restarting`,
        );
        await Promise.race([
          Promise.allSettled(owed.map((target) => answerRestarting(options.deps, target))),
          delay(Math.max(0, deadline - Date.now()), undefined, { ref: false }),
        ]);
      }
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

function isServer(value: unknown): value is Server {
  return typeof value === 'object' && value !== null && 'address' in value && 'closeIdleConnections' in value;
}
