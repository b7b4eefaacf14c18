import { readFileSync, statSync } from 'node:fs';
import { CALL_INDEX_HEARTBEAT_MS } from '../cache/call-index.js';
import { createChannelQueues } from '../events/channel-queue.js';
import { parseEventText, SUBSCRIBED_TOPICS } from '../events/envelope.js';
import { createHandoverPoller } from '../events/handover-poller.js';
import {
  MAX_ROUTING_FILE_BYTES,
  NO_ROUTING,
  parseRouting,
  type Routing,
  tooLarge,
} from '../events/routing.js';
import { createSlackPoster, createSlackUpdater } from '../events/slack-post.js';
import { createEventHandler, postHandedOver, type SummaryReadyDeps } from '../events/summary-ready.js';
import { createWebhookHandler, serveWebhook, WEBHOOK_PATH } from '../events/webhook.js';
import { summaryGist } from '../render/index.js';
import { CallSummaryError, isCallSummaryError } from '../shared/errors.js';
import { wordsFor } from '../shared/i18n/index.js';
import { postedSummaryMessage } from '../slack/views/posted.js';
import { createSlackRenderer } from '../slack/views/summary-budget.js';
import { type AppCore, type AppExtension, channelMessages } from './bot.js';
import { eventType, meteredQueues } from './metrics.js';

/**
 * Automatic posting as an add-on of the composition root: `startApp(config, { extensions:
 * [eventsExtension()] })`. The webhook route exists when YEASTAR_WEBHOOK_SECRET is set; the WebSocket
 * feed runs when YEASTAR_WEBSOCKET=true. Both feed the same handler and the same per-channel queues.
 */
export interface EventsExtensionOptions {
  /** Slack pacing per channel; default 1100 ms (Slack: about one message per second per channel). */
  readonly paceMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Already-parsed routing (tests); otherwise ROUTING_FILE is read and validated here, at start. */
  readonly routing?: Routing;
  /** WebSocket back-off (tests). */
  readonly backoffBaseMs?: number;
  /** How often handed-over posts are read (default HANDOVER_POLL_MS; tests). */
  readonly handoverPollMs?: number;
  /** How often the call index hears that the feed is up (default CALL_INDEX_HEARTBEAT_MS; tests). */
  readonly indexHeartbeatMs?: number;
}

function loadRoutingFile(path: string | undefined): Routing {
  if (path === undefined) return NO_ROUTING;
  let text: string;
  try {
    // Sized before it is read: a huge file is refused without holding it in memory.
    const { size } = statSync(path);
    if (size > MAX_ROUTING_FILE_BYTES) {
      throw new CallSummaryError('config_invalid', {
        source: `ROUTING_FILE ${path}`,
        problems: [tooLarge(size)],
      });
    }
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (isCallSummaryError(error)) throw error;
    throw new CallSummaryError(
      'config_invalid',
      {
        problems: [
          `ROUTING_FILE ${path} could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        ],
      },
      { cause: error },
    );
  }
  return parseRouting(text, `ROUTING_FILE ${path}`);
}

export function eventsExtension(options: EventsExtensionOptions = {}) {
  return (core: Omit<AppCore, 'slack'>): AppExtension => {
    const { config } = core;
    const logger = core.logger.child('events');
    const routing = options.routing ?? loadRoutingFile(config.events.routingFile);
    if (!config.events.webhookSecret && !config.events.websocket) {
      logger.info('events: automatic posting is off (set YEASTAR_WEBHOOK_SECRET or YEASTAR_WEBSOCKET=true)');
      return {};
    }
    if (routing.defaultChannel === undefined && routing.routes.length === 0) {
      logger.warn('events: no ROUTING_FILE channels; summaries from PBX events will not be posted');
    }
    const render = createSlackRenderer();
    // Automatic posts are read by everyone in the channel: CHANNEL_LOCALE.
    const channelWords = wordsFor(config.locales.channel);
    const queues = meteredQueues(
      createChannelQueues({
        post: createSlackPoster(core.slackClient, channelWords),
        logger,
        ...(options.paceMs !== undefined ? { paceMs: options.paceMs } : {}),
        ...(options.sleep ? { sleep: options.sleep } : {}),
      }),
      core.metrics,
    );
    const deps: SummaryReadyDeps = {
      summaries: core.summaries,
      routing,
      claims: core.cache.claims,
      queues,
      words: channelWords,
      render: (summary, call, words) =>
        channelMessages(config)(postedSummaryMessage(summary, call, render, words)),
      logger,
      late: core.late,
      handover: core.cache.handover,
      index: { calls: core.cache.callIndex, gist: summaryGist },
      threads: core.cache.threads,
      updateMessage: createSlackUpdater(core.slackClient, channelWords),
      threadDays: config.events.threadDays,
    };
    const handle = createEventHandler(deps);
    // The call index is complete from when the feed is known to work: the WebSocket is connected, or
    // the webhook has delivered an event since this process started (a webhook the PBX never calls
    // must not make an empty index look complete).
    let webhookDelivered = false;
    const onEvent: typeof handle = (event) => {
      core.metrics.eventReceived(eventType(event));
      if (!webhookDelivered && event.kind !== 'malformed') {
        webhookDelivered = true;
        void beat();
      }
      return handle(event);
    };
    const feedIsUp = () => Boolean(socket?.connected) || (webhook !== undefined && webhookDelivered);
    const beat = async () => {
      try {
        if (feedIsUp()) await core.cache.callIndex.feedUp();
      } catch (error) {
        logger.debug(`events: the call index heartbeat failed: ${(error as Error).message}`);
      }
    };
    let heartbeat: NodeJS.Timeout | undefined;
    // With Redis, posts a stopping replica gives back are handed to the others, which post them.
    const handover = core.cache.handover.shared
      ? createHandoverPoller({
          handover: core.cache.handover,
          post: (summary) => postHandedOver(deps, summary),
          logger,
          ...(options.handoverPollMs !== undefined ? { intervalMs: options.handoverPollMs } : {}),
        })
      : undefined;
    const webhook = config.events.webhookSecret
      ? serveWebhook(createWebhookHandler({ secret: config.events.webhookSecret, onEvent, logger }))
      : undefined;
    let socket: { readonly connected: boolean; stop(): Promise<void> } | undefined;
    return {
      ...(webhook ? { routes: [{ path: WEBHOOK_PATH, method: ['POST', 'GET'], handler: webhook }] } : {}),
      async start() {
        handover?.start();
        heartbeat = setInterval(() => void beat(), options.indexHeartbeatMs ?? CALL_INDEX_HEARTBEAT_MS);
        heartbeat.unref();
        if (!config.events.websocket) return;
        socket = core.pbx.subscribe({
          topics: SUBSCRIBED_TOPICS,
          onMessage: (text) => {
            onEvent(parseEventText(text)).catch((error: unknown) => {
              logger.error(`events: handling a WebSocket event failed: ${(error as Error).message}`);
            });
          },
          logger,
          // A lost connection may have missed events: the index is complete again only from the
          // next connection on. A renewal's moment between two connections is not counted as a gap.
          onConnection: (state) => {
            if (state === 'up') void beat();
            if (state === 'lost') void core.cache.callIndex.feedLost().catch(() => undefined);
          },
          ...(options.backoffBaseMs !== undefined ? { backoffBaseMs: options.backoffBaseMs } : {}),
        });
      },
      async stop() {
        clearInterval(heartbeat);
        await core.cache.callIndex.feedStopped().catch(() => undefined);
        await socket?.stop();
        await handover?.stop();
        // Post what the shutdown allows; what is left is given back (each logged, its claim released)
        // a moment before the end, so a re-sent event or another replica posts it.
        const timeoutMs = config.shutdownTimeoutMs;
        const givenBack = await queues.close(Date.now() + timeoutMs - Math.min(1000, timeoutMs / 10));
        if (givenBack > 0) {
          logger.warn(
            `events: ${givenBack} summaries were not posted before shutdown; ${
              core.cache.handover.shared
                ? 'they are handed over through Redis, so the next replica running posts them (and their claims are released, so a re-sent event does too)'
                : "their claims are released, so the PBX's re-sent events post them"
            }`,
          );
        }
      },
    };
  };
}
