import { type Cache, createCache } from '../cache/index.js';
import { summaryGist } from '../render/index.js';
import { createLogger, type Logger } from '../shared/log.js';
import type { Metrics } from '../shared/metrics.js';
import { createFinding, type Finding } from '../use-case/finding/index.js';
import { loadUserMapFile } from '../use-case/model/user-map.js';
import type { EmailLookup } from '../use-case/ports.js';
import {
  createSummaryService,
  type LegPartiesOf,
  type LegSides,
  type SummaryService,
} from '../use-case/summaries.js';
import { createPbxClient, type PbxClient } from '../yeastar/client.js';
import type { PbxOnlyConfig } from './config.js';
import { createPbxClock, type PbxClock } from './pbx-clock.js';

/**
 * The composition core, built once for the bot (`compose/bot.ts` adds Slack and the event feeds) and
 * once per one-shot CLI run (`get`, `calls`, `transcript`): the cache stack (with CACHE_URL the
 * replicas' shared cache and token; without it memory, with the login lockout in the host's file),
 * the PBX client, and the use cases over them. `close` gives back a token of this process alone and
 * closes the cache.
 */
export interface Core {
  readonly logger: Logger;
  readonly cache: Cache;
  readonly pbx: PbxClient;
  readonly summaries: SummaryService & LegSides & LegPartiesOf;
  /** Finding calls without a leg id: directory, lists, transcripts, members. */
  readonly finding: Finding;
  /** The PBX's clock (system/information): the bot starts it; one-shot runs go by configuration. */
  readonly clock: PbxClock;
  close(): Promise<void>;
}

export interface CoreOptions {
  readonly logger: Logger;
  /** A member's Slack profile email, when SLACK_BOT_TOKEN is set. */
  readonly emailOf?: ((userId: string) => Promise<EmailLookup>) | undefined;
  /**
   * How extension numbers become extension ids: through the directory the bot keeps (no PBX request
   * when it holds the number, the search when it lacks it), or through the search number by number
   * (a one-shot run needs one or two, where the directory would read every extension first).
   */
  readonly extensionIds: 'directory' | 'search';
  /** Without Redis, logins also hold the host's lock file (CLI runs started together). */
  readonly lockLoginsOnHost?: boolean;
  /** Where the login lockout is kept across runs (tests). */
  readonly lockoutDir?: string | undefined;
  /** The bot's (GET /metrics): PBX requests and logins, cache hits and misses. */
  readonly metrics?: Metrics;
}

export async function openCore(config: PbxOnlyConfig, options: CoreOptions): Promise<Core> {
  const { logger } = options;
  // Checked before anything opens: a USER_MAP_FILE with mistakes stops the start (exit 2), as ROUTING_FILE does.
  const userMap = loadUserMapFile(config.find.userMapFile);
  const cache = await createCache(config.cache, {
    logger,
    pbxBaseUrl: config.pbx.baseUrl,
    ...(options.lockLoginsOnHost ? { lockLoginsOnHost: true } : {}),
    ...(options.lockoutDir === undefined ? {} : { lockoutDir: options.lockoutDir }),
    metrics: options.metrics,
  });
  let pbx: PbxClient;
  try {
    pbx = createPbxClient(config.pbx, {
      logger: logger.child('pbx'),
      store: cache.tokenStore,
      // With CACHE_URL the replicas take turns at the PBX's export through the shared cache.
      ...(config.cache.url === undefined ? {} : { exportClaims: cache.claims }),
      ...(options.metrics ? { metrics: options.metrics } : {}),
    });
  } catch (error) {
    // An unreadable YEASTAR_CA_FILE: close the cache connection opened above before giving up.
    await cache.close().catch(() => undefined);
    throw error;
  }
  const clock = createPbxClock({
    pbx,
    configuredFormat: config.pbx.timeFormat,
    configuredZone: config.find.pbxTimeZone,
    logger: logger.child('pbx'),
  });
  // Concurrent identical reads cost one PBX round trip, across replicas too: the caches read through
  // (src/cache/read-through.ts).
  const finding = createFinding({
    find: config.find,
    cacheTtl: config.cache.ttlSeconds,
    pbx,
    cache,
    gist: summaryGist,
    index: cache.callIndex,
    userMap,
    emailOf: options.emailOf,
    logger,
    pbxTimeZone: () => clock.zone(),
  });
  const summaries = createSummaryService({
    pbx:
      options.extensionIds === 'directory'
        ? { ...pbx, findExtensionId: (number) => finding.directory.findExtensionId(number) }
        : pbx,
    caches: cache.summaryCaches,
    logger,
    pbxTimeZone: () => clock.zone(),
    // Only a directory already read says a number is a queue: a one-shot run does not read it for that.
    groupOf: async (number) =>
      options.extensionIds === 'directory'
        ? (await finding.directory.current())?.groupByNumber(number)
        : undefined,
    phoneRegion: config.phoneRegion,
    // The bot keeps the directory; a one-shot run would read every extension just for names.
    ...(options.extensionIds === 'directory'
      ? {
          extensionName: async (number: string) =>
            (await finding.directory.current())?.byNumber(number)?.name || undefined,
        }
      : {}),
  });
  return {
    logger,
    cache,
    pbx,
    summaries,
    finding,
    clock,
    close: async () => {
      finding.stop();
      clock.stop();
      // A token shared through Redis is still in use by the other replicas: revoking it on one
      // replica's shutdown would make all of them renew (a rolling deploy would do it once per
      // replica). A token of this process alone is given back (it holds one of the PBX's 8 slots).
      await pbx
        .close({ revoke: config.cache.url === undefined })
        .catch((error: unknown) => logger.warn('closing: PBX token revoke failed', error));
      await cache.close().catch((error: unknown) => logger.warn('closing: the cache failed', error));
    },
  };
}

/** A one-shot CLI run's core: logs only with LOG_LEVEL=debug, so stderr carries the one line that explains a failure. */
export function openOneShotCore(
  config: PbxOnlyConfig,
  options: Pick<CoreOptions, 'emailOf' | 'lockoutDir'> & { readonly stderr: (text: string) => void },
): Promise<Core> {
  const logger = createLogger({
    level: config.logLevel,
    format: config.logFormat,
    secrets: [config.pbx.clientSecret, ...(config.slack?.botToken ? [config.slack.botToken] : [])],
    sink: config.logLevel === 'debug' ? (line) => options.stderr(`${line}\n`) : () => undefined,
  });
  return openCore(config, {
    logger,
    emailOf: options.emailOf,
    extensionIds: 'search',
    lockLoginsOnHost: true,
    lockoutDir: options.lockoutDir,
  });
}

/**
 * PBX text (names, the AI's words) made safe for a terminal: control characters (escape sequences
 * that could move the cursor, retitle the window or hide text) become spaces, runs of space one.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const TERMINAL_CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]+/g;

export function terminalSafe(text: string): string {
  return text.replace(TERMINAL_CONTROL, ' ').replace(/ {2,}/g, ' ').trim();
}
