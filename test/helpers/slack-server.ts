import { escapeMrkdwn } from '../../src/render/index.js';
import type { Route } from '../../src/shared/http/route.js';
import type { Logger } from '../../src/shared/log.js';
import type { RenderSummary, SlackDeps } from '../../src/slack/deps.js';
import { createAfterAcks } from '../../src/slack/server/after-acks.js';
import {
  createSlackServer,
  type SlackServer,
  type SlackServerOptions,
} from '../../src/slack/server/server.js';
import type { SummaryService } from '../../src/use-case/summaries.js';
import { createMemoryClaims } from './memory-claims.js';
import { slackSenders } from './slack-deps.js';

/** The summary as one escaped mrkdwn section, as the real renderer escapes it: it passes the validator. */
export const escapedSection: RenderSummary = (summary) => ({
  text: escapeMrkdwn(summary.html),
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(summary.html) } }],
});

export interface TestSlackServerOptions {
  /** The Slack stand-in's Web API base URL. */
  readonly apiUrl: string;
  readonly signingSecret: string;
  readonly summaries: SummaryService;
  readonly logger: Logger;
  /** Default: `escapedSection`. */
  readonly render?: RenderSummary;
  readonly routes?: readonly Route[];
  /** Anything else of the deps (access lists, claims) or of the server's options. */
  readonly deps?: Partial<SlackDeps>;
  readonly server?: Partial<Omit<SlackServerOptions, 'deps' | 'slack' | 'logger'>>;
}

/**
 * The Slack server as the app builds it, in HTTP mode on an ephemeral port, over a given use case:
 * everyone allowed, one process's claims, the app's own senders pointed at the Slack stand-in.
 */
export function testSlackServer(options: TestSlackServerOptions): SlackServer {
  const { logger } = options;
  return createSlackServer({
    slack: {
      botToken: 'xoxb-test',
      signingSecret: options.signingSecret,
      appToken: undefined,
      apiUrl: options.apiUrl,
    },
    port: 0,
    logger,
    botId: 'BBOT',
    botUserId: 'UBOT',
    ...(options.routes ? { routes: options.routes } : {}),
    ...options.server,
    deps: {
      summaries: options.summaries,
      render: options.render ?? escapedSection,
      access: { allowedChannelIds: undefined, allowedUserIds: undefined },
      logger,
      claims: createMemoryClaims(),
      ...slackSenders(logger, options.apiUrl),
      afterAcks: createAfterAcks(),
      ...options.deps,
    },
  });
}
