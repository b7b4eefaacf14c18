import { webApi } from '@slack/bolt';
import type { Logger } from '../../shared/log.js';
import { slackLogger } from '../server/bolt-logger.js';
import type { SlackConfig } from '../server/server.js';

/** The Web API client every sender shares: listeners, automatic posting, notifications. */
export type SlackWebClient = webApi.WebClient;

export interface SlackWebClientOptions {
  /** Per call (the SDK's default is none, with retries for about 30 minutes). */
  readonly timeoutMs?: number;
}

/**
 * The bot's one Web API client, built in the composition root.
 *
 * A 429 is thrown at once (`rejectRateLimitedCalls`) as the SDK's rate-limit error carrying
 * `retryAfter`, never absorbed: otherwise the SDK pauses its whole request queue for Retry-After, so
 * one rate-limited channel would hold every other person's answer too. Automatic posting holds just
 * that channel's queue; a person gets "Slack is limiting how fast the app may post" at once.
 * Network failures and 5xx get two quick retries, not the SDK's 30-minute default.
 */
export function createSlackWebClient(
  config: Pick<SlackConfig, 'botToken' | 'apiUrl'>,
  logger: Logger,
  options: SlackWebClientOptions = {},
): SlackWebClient {
  return new webApi.WebClient(config.botToken, {
    ...(config.apiUrl !== undefined ? { slackApiUrl: withSlash(config.apiUrl) } : {}),
    timeout: options.timeoutMs ?? 10_000,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000, maxRetryTime: 10_000 },
    // The SDK's debug lines carry whole request bodies (the summaries: customer data): never logged.
    logger: { ...slackLogger(logger), debug: () => undefined },
    // Our own calls name Web API methods only: an absolute URL (a response_url) never gets our token.
    allowAbsoluteUrls: false,
  });
}

export function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** The rate-limit error `rejectRateLimitedCalls` throws, with Slack's Retry-After in milliseconds. */
export function rateLimitedFor(error: unknown): number | undefined {
  if ((error as { code?: unknown } | undefined)?.code !== webApi.ErrorCode.RateLimitedError) return undefined;
  const seconds = (error as { retryAfter?: unknown }).retryAfter;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000;
}
