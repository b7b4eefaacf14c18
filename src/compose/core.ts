import type { Cache } from '../cache/index.js';
import { createLogger, type Logger } from '../shared/log.js';
import { createFinding, type Finding, findingPbx } from '../use-case/finding/index.js';
import type { EmailLookup } from '../use-case/finding/members.js';
import { loadUserMapFile } from '../use-case/model/user-map.js';
import { createPbxClient, type PbxClient } from '../yeastar/client.js';
import type { PbxOnlyConfig } from './config.js';

/**
 * What `callsummary get`, `calls` and `transcript` run on: the bot's own cache stack and PBX client
 * (with CACHE_URL, the replicas' shared cache and token; without it, memory, with the login lockout
 * in the host's file `serve` and `doctor` use too), and finding calls composed as the bot composes
 * it. `close` gives back a token of this run alone and closes the cache.
 */
export interface PbxSession {
  readonly logger: Logger;
  readonly cache: Cache;
  readonly pbx: PbxClient;
  readonly finding: Finding;
  close(): Promise<void>;
}

export interface PbxSessionOptions {
  readonly stderr: (text: string) => void;
  /** Where the login lockout is kept across runs (tests). */
  readonly lockoutDir?: string | undefined;
  /** A member's Slack email, when SLACK_BOT_TOKEN is set (`calls --user`). */
  readonly emailOf?: ((userId: string) => Promise<EmailLookup>) | undefined;
}

export async function openPbxSession(config: PbxOnlyConfig, options: PbxSessionOptions): Promise<PbxSession> {
  // Logs only with LOG_LEVEL=debug: otherwise stderr carries the one line that explains a failure.
  const logger = createLogger({
    level: config.logLevel,
    secrets: [config.pbx.clientSecret, ...(config.slack?.botToken ? [config.slack.botToken] : [])],
    sink: config.logLevel === 'debug' ? (line) => options.stderr(`${line}\n`) : () => undefined,
  });
  // Checked before anything opens, as the bot does.
  const userMap = loadUserMapFile(config.find.userMapFile);
  const { createCache } = await import('../cache/index.js');
  const cache = createCache(config.cache, {
    logger,
    pbxBaseUrl: config.pbx.baseUrl,
    lockLoginsOnHost: true,
    ...(options.lockoutDir === undefined ? {} : { lockoutDir: options.lockoutDir }),
  });
  let pbx: PbxClient;
  try {
    pbx = createPbxClient(config.pbx, { logger, store: cache.tokenStore });
  } catch (error) {
    await cache.close().catch(() => undefined);
    throw error;
  }
  const coalesced = cache.coalescePbx(pbx);
  // Not started: a one-shot run reads the directory on first need and keeps no refresh timer.
  const finding = createFinding({
    find: config.find,
    cacheTtl: config.cache.ttlSeconds,
    pbx: findingPbx(pbx, coalesced),
    cache,
    userMap,
    emailOf: options.emailOf,
    logger,
  });
  return {
    logger,
    cache,
    pbx,
    finding,
    close: async () => {
      // A token shared through Redis is the replicas' own: it stays. A token of this run alone is
      // given back (it holds one of the PBX's 8 slots until it expires otherwise).
      await pbx.close({ revoke: config.cache.url === undefined }).catch(() => undefined);
      await cache.close();
    },
  };
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
