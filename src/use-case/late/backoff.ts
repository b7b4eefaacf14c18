/**
 * When a watched (leg, side) is checked when no event says its summary is ready: after 1, 2, 4, 8 and
 * 16 minutes, then every 30 minutes until the watch expires. Summaries usually arrive within minutes,
 * so the early checks find most; the later ones are a bounded safety net (at most 51 checks in a day
 * per (leg, side), however many people watch it).
 */
const BACKOFF_MINUTES = [1, 2, 4, 8, 16] as const;
export const STEADY_MINUTES = 30;

/** How long after check number `step` (0 = the first, counted from the click) the next one runs. */
export function checkDelayMs(step: number): number {
  return (BACKOFF_MINUTES[step] ?? STEADY_MINUTES) * 60_000;
}

/** How long a watch lasts. */
export const WATCH_TTL_MS = 24 * 60 * 60 * 1000;

/** Checks in a row that may fail (the PBX unreachable, refusing) before the watchers are told and it ends. */
export const MAX_FAILED_CHECKS = 5;

/** Slack accepts a response_url for 30 minutes (and 5 uses) from when it was issued. */
export const RESPONSE_URL_LIFETIME_MS = 30 * 60 * 1000;
