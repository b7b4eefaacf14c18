import type { SlackDeps } from '../../src/slack/deps.js';
import { createResponder } from '../../src/slack/response-url.js';
import { createSlackWebClient } from '../../src/slack/web-client.js';

/**
 * The Web API client and response_url policy the app builds, pointed at a Slack stand-in (or at
 * nothing: a closed loopback port, for handlers that must not call Slack).
 */
export function slackSenders(
  logger: SlackDeps['logger'],
  apiUrl = 'http://127.0.0.1:9/api/',
): Pick<SlackDeps, 'client' | 'respondTo'> {
  return {
    client: createSlackWebClient({ botToken: 'xoxb-test', apiUrl }, logger, { timeoutMs: 2000 }),
    respondTo: createResponder({ apiUrl }),
  };
}
