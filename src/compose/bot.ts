import { webApi } from '@slack/bolt';
import type { Cache } from '../cache/index.js';
import type { Route } from '../shared/http/route.js';
import { createLogger, type Logger, type LogSink } from '../shared/log.js';
import { readerWords } from '../slack/reader-words.js';
import { createLateSlack } from '../slack/send/late-slack.js';
import { slackEmailLookup } from '../slack/send/member-email.js';
import { createResponder } from '../slack/send/response-url.js';
import { createSlackWebClient, type SlackWebClient } from '../slack/send/web-client.js';
import { createAfterAcks } from '../slack/server/after-acks.js';
import { createSlackServer, type SlackServer } from '../slack/server/server.js';
import { maskNumbersInMessage } from '../slack/views/mask-numbers.js';
import { createSlackRenderer } from '../slack/views/summary-budget.js';
import type { SlackMessage } from '../slack/views/types.js';
import { type CallAccess, createCallAccess } from '../use-case/access.js';
import type { Finding } from '../use-case/finding/index.js';
import { createLateSummaries, type LateSummaries } from '../use-case/late/service.js';
import { loadAccessFile } from '../use-case/model/access-rules.js';
import type { LegSides, SummaryService } from '../use-case/summaries.js';
import type { PbxClient } from '../yeastar/client.js';
import { type PbxExchange, pbxAnswering } from '../yeastar/last-exchange.js';
import { openAuditTrail } from './audit.js';
import type { BotConfig } from './config.js';
import { openCore } from './core.js';
import { healthRoutes } from './health.js';
import { type BotMetrics, createBotMetrics, meteredLateSlack, NO_BOT_METRICS } from './metrics.js';
import { createPbxProbe } from './pbx-probe.js';

/**
 * The composition root: configuration in, one running bot out. Everything is built here and passed
 * down; nothing else constructs clients.
 */

/** What an add-on (PBX event intake, automatic posting) gets to build its routes and services from. */
export interface AppCore {
  readonly config: BotConfig;
  readonly logger: Logger;
  readonly cache: Cache;
  readonly pbx: PbxClient;
  readonly summaries: SummaryService & LegSides;
  /** Finding calls without a leg id: directory, lists, transcripts, members (src/use-case/finding/index.ts). */
  readonly finding: Finding;
  /** The one Web API client every sender uses (listeners, automatic posting, notifications). */
  readonly slackClient: SlackWebClient;
  /** "Notify me" watches and posted copies kept up to date (src/late). */
  readonly late: LateSummaries;
  /** Who may see which calls (ACCESS_FILE), and the audit trail. */
  readonly access: CallAccess;
  /** The Bolt app and its server. */
  readonly slack: SlackServer;
  /** GET /metrics: this bot's registry, and what add-ons record through (src/compose/metrics.ts). */
  readonly metrics: BotMetrics;
}

/** A part registered from the composition root: extra HTTP routes and/or a background service. */
export interface AppExtension {
  readonly routes?: readonly Route[];
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

export interface RunningApp {
  readonly core: AppCore;
  readonly port: number;
  /**
   * Stops accepting work, lets in-flight work finish (bounded), revokes the PBX token unless other
   * replicas share it, closes the cache.
   */
  stop(): Promise<void>;
}

export interface BuildOptions {
  readonly logger?: Logger;
  /** Add-ons, built once the core exists (the PBX event feeds: webhook route, WebSocket). */
  readonly extensions?: readonly ((core: Omit<AppCore, 'slack'>) => AppExtension)[];
  readonly botId?: string;
  readonly botUserId?: string;
  /** The interface to listen on; all by default (the demo: 127.0.0.1 only). */
  readonly host?: string;
  /** How often the PBX is asked while it fails, for readiness (default 20 s; tests). */
  readonly pbxProbeIntervalMs?: number;
}

/** The bot's logger (LOG_LEVEL, LOG_FORMAT): every secret in the configuration is redacted from every line. */
export function createAppLogger(config: BotConfig, sink?: LogSink): Logger {
  return createLogger({
    level: config.logLevel,
    format: config.logFormat,
    ...(sink ? { sink } : {}),
    secrets: [
      config.pbx.clientSecret,
      config.slack.botToken,
      ...(config.slack.signingSecret ? [config.slack.signingSecret] : []),
      ...(config.slack.appToken ? [config.slack.appToken] : []),
      ...(config.events.webhookSecret ? [config.events.webhookSecret] : []),
    ],
  });
}

export async function startApp(config: BotConfig, options: BuildOptions = {}): Promise<RunningApp> {
  const logger = options.logger ?? createAppLogger(config);
  const metrics = config.metrics ? createBotMetrics() : NO_BOT_METRICS;
  // Checked before anything opens, like USER_MAP_FILE: a mistake stops the start (exit 2).
  const rules = loadAccessFile(config.access.file);
  const audit = openAuditTrail(logger, config.privacy.auditLogFile);
  const slackClient = createSlackWebClient(config.slack, logger.child('slack'));
  // Every 429 the Web API client sees, whoever called it (listeners, automatic posting, notifications).
  slackClient.on(webApi.WebClientEvent.RATE_LIMITED, (_seconds: unknown, call?: { url?: unknown }) =>
    metrics.slackRateLimited(typeof call?.url === 'string' ? call.url : 'other'),
  );
  let core: Awaited<ReturnType<typeof openCore>>;
  try {
    core = await openCore(config, {
      logger,
      emailOf: slackEmailLookup(slackClient),
      extensionIds: 'directory',
      metrics,
    });
  } catch (error) {
    audit.close();
    throw error;
  }
  const { cache, pbx, summaries, finding } = core;
  const access = createCallAccess({
    rules,
    members: finding.members,
    parties: (legId) => summaries.legParties(legId),
    audit: audit.sink,
    logger: logger.child('access'),
  });
  if (rules === undefined) {
    logger.info('no ACCESS_FILE: everyone let in (ALLOWED_*) sees every call');
  }
  const render = createSlackRenderer();
  const respondTo = createResponder({ apiUrl: config.slack.apiUrl });
  // Who reads in which language: a person in their Slack language, a channel in CHANNEL_LOCALE.
  const readers = readerWords(finding.members, config.locales);
  const late = createLateSummaries({
    stores: cache.late,
    claims: cache.claims,
    summaries,
    slack: meteredLateSlack(
      createLateSlack({
        client: slackClient,
        respondTo,
        render,
        callContext: (summary) => summaries.callContext(summary),
        logger: logger.child('late'),
        forChannel: channelMessages(config),
        ...readers,
      }),
      metrics,
    ),
    limits: { perPerson: config.notify.maxPerPerson, total: config.notify.maxWatches },
    dmChoices: cache.dmChoices,
    postedTtlMs: config.notify.postedTtlSeconds * 1000,
    logger: logger.child('late'),
    mayDeliver: (userId, summary) => access.delivery(userId, summary),
  });
  metrics.gauge(
    'callsummary_late_watches_open',
    'Open "Notify me" watches (every replica together with CACHE_URL: take the max, not the sum)',
    () => cache.late.openWatches(),
  );
  metrics.gauge(
    'callsummary_call_index_calls',
    'Calls the call index holds, recorded from PBX events over 31 days (shared with CACHE_URL: take the max)',
    () => cache.callIndex.size(),
  );
  if (config.cache.url !== undefined) {
    metrics.gauge('callsummary_redis_up', 'Whether Redis (CACHE_URL) answers a ping: 1 or 0', async () =>
      (await cache.isHealthy()) ? 1 : 0,
    );
  }
  const base = { config, logger, cache, pbx, summaries, finding, slackClient, late, metrics, access };
  let extensions: AppExtension[];
  try {
    // Building an add-on can fail (a ROUTING_FILE with mistakes): the Redis connection opened above
    // must not outlive it, or its reconnect timer keeps the process (or a host embedding it) alive.
    extensions = (options.extensions ?? []).map((build) => build(base));
  } catch (error) {
    await pbx.close({ revoke: false }).catch(() => undefined);
    await cache.close().catch(() => undefined);
    audit.close();
    throw error;
  }

  let stopping = false;
  // While the PBX fails, asks it something cheap in the background, so that readiness turns back
  // once it answers, without waiting for someone's request.
  const pbxProbe = createPbxProbe({
    pbx,
    logger: logger.child('pbx'),
    ...(options.pbxProbeIntervalMs === undefined ? {} : { intervalMs: options.pbxProbeIntervalMs }),
  });
  const health = healthRoutes({
    // Each check reads state; none logs in or asks the PBX (docs/operating.md: HTTP endpoints).
    checks: {
      pbx: async () => pbxAnswering(pbx.lastExchange()),
      pbx_token: async () => {
        const token = pbx.tokens.state();
        return token.valid || token.refusal === undefined;
      },
      cache: () => cache.isHealthy(),
    },
    stopping: () => stopping,
  });
  const slack = createSlackServer({
    slack: config.slack,
    port: config.port,
    ...(options.host !== undefined ? { host: options.host } : {}),
    logger: logger.child('slack'),
    ...(config.metrics ? { metrics } : {}),
    deps: {
      summaries,
      render,
      ...readers,
      access: config.access,
      guard: access,
      forChannel: channelMessages(config),
      logger: logger.child('slack'),
      claims: cache.claims,
      client: slackClient,
      respondTo,
      finding,
      late,
      afterAcks: createAfterAcks(),
      phoneRegion: config.phoneRegion,
      dmChoices: cache.dmChoices,
      status: async () => ({
        pbx: botPbxStatus(pbx.lastExchange()),
        posting: config.events.webhookSecret ? 'webhook' : config.events.websocket ? 'websocket' : 'off',
        cache: {
          kind: config.cache.url === undefined ? 'memory' : 'redis',
          healthy: await cache.isHealthy(),
        },
        directory: finding.directory.status(),
      }),
    },
    routes: [...health, ...metrics.routes, ...extensions.flatMap((e) => e.routes ?? [])],
    ...(options.botId !== undefined ? { botId: options.botId } : {}),
    ...(options.botUserId !== undefined ? { botUserId: options.botUserId } : {}),
  });

  let port: number;
  try {
    port = await slack.start();
    // The extension directory loads in the background; it is not needed to answer the first request.
    finding.start();
    for (const extension of extensions) await extension.start?.();
    // The back-off checks of watched summaries: every replica looks, one runs each (src/late).
    late.start();
    // The PBX's clock and display format (system/information), read now with the token the first
    // request would take: readiness knows early whether the credentials work (the login lockout
    // applies as to any login), and export windows are exact from the first list on.
    core.clock.start();
    pbxProbe.start();
  } catch (error) {
    // A failed start leaves nothing open behind it (a Redis connection would keep the process alive).
    pbxProbe.stop();
    await slack.stop(0).catch(() => undefined);
    for (const extension of extensions) await extension.stop?.().catch(() => undefined);
    await core.close();
    audit.close();
    throw error;
  }

  return {
    core: { ...base, slack },
    port,
    async stop() {
      stopping = true;
      pbxProbe.stop();
      // Side by side, within the one SHUTDOWN_TIMEOUT_MS: the answers owed to people and the posts the
      // add-ons accepted. Extensions still use the cache and the PBX while they stop.
      await Promise.all([
        slack.stop(config.shutdownTimeoutMs),
        late.stop(),
        ...extensions.map((extension) =>
          extension
            .stop?.()
            .catch((error: unknown) => logger.warn('shutdown: stopping an extension failed', error)),
        ),
      ]);
      await core.close();
      audit.close();
    },
  };
}

/**
 * What every message a whole channel reads goes through (automatic posts, shares, thread replies):
 * with REDACT_NUMBERS_IN_CHANNELS, outside numbers masked; private answers are not touched.
 */
export function channelMessages(
  config: Pick<BotConfig, 'privacy'>,
): <M extends SlackMessage>(message: M) => M {
  return config.privacy.redactNumbersInChannels ? maskNumbersInMessage : (message) => message;
}

/** The PBX part of the Home tab's status: how the last request ended, whenever that was. */
function botPbxStatus(last: PbxExchange | undefined): 'answering' | 'failing' | 'unknown' {
  if (last === undefined) return 'unknown';
  return last.ok ? 'answering' : 'failing';
}
