import type { ServerOptions } from 'node:http';

/**
 * Timeouts for the bot's own HTTP server (Slack's requests, health checks, PBX webhooks), in seconds
 * rather than Node's 300 s: every caller sends a small body at once (Slack gives up on an answer after
 * 3 s), so a connection that dribbles its headers or body is cut before it can pile up with others.
 */
export const HTTP_SERVER_OPTIONS = {
  headersTimeout: 5_000,
  requestTimeout: 10_000,
  // How often Node checks the two above (default 30 s, which would make them 30 s in practice).
  connectionsCheckingInterval: 1_000,
} as const satisfies ServerOptions;
