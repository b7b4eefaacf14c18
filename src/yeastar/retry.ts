import { pbxRequestWords } from '../shared/error-words.js';
import { isCallSummaryError, type PbxRequestName } from '../shared/errors.js';
import { ENGLISH } from '../shared/i18n/index.js';
import type { Logger } from '../shared/log.js';
import type { Attempt } from './transport.js';

/**
 * The one retry policy for everything the bot asks the PBX (API calls, the export download, the
 * event WebSocket's reconnects): only what can succeed when asked again (network, timeout, HTTP 5xx,
 * errcode -2) is retried, a bounded number of times, after an exponential back-off with full jitter.
 */

/**
 * Full jitter: a uniformly random wait between 0 and the exponential ceiling (base × 2^attempt, capped
 * at max), so that replicas and reconnecting clients spread out instead of retrying in step.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/** A failure that asking again may cure: the network, a timeout, HTTP 5xx, errcode -2. */
export function isTransientFailure(error: unknown): boolean {
  return isCallSummaryError(error, 'pbx_unreachable') || isCallSummaryError(error, 'pbx_timeout');
}

export interface RetryPolicy {
  readonly maxRetries: number;
  readonly baseMs: number;
  readonly maxMs: number;
  readonly random: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly logger: Logger;
}

/** Runs `attempt` until it succeeds, fails for good, or the retries are spent; throws the last error. */
export async function withRetries<T>(
  policy: RetryPolicy,
  what: PbxRequestName,
  attempt: () => Promise<Attempt<T>>,
): Promise<T> {
  for (let retry = 0; ; retry++) {
    const result = await attempt();
    if (result.ok) return result.value;
    if (!result.transient || retry >= policy.maxRetries) throw result.error;
    const wait = backoffDelay(retry, policy.baseMs, policy.maxMs, policy.random);
    policy.logger.warn(
      `PBX ${pbxRequestWords(what, ENGLISH)} failed (${result.error.code}: ${result.error.message}); retry ${retry + 1}/${policy.maxRetries} in ${wait} ms`,
    );
    await policy.sleep(wait);
  }
}
