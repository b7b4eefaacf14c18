/**
 * The local Slack: one stand-in for Slack's Web API, response_urls, interactions and Socket Mode,
 * as strict as Slack is. The tests, the benchmarks and `callsummary demo` all use it.
 */

export * from './interactions.js';
export { MAX_BODY_BYTES } from './request-body.js';
export * from './rules.js';
export * from './server.js';
export * from './signing.js';
export * from './socket-mode.js';
export * from './web-api.js';
export * from './workspace.js';
