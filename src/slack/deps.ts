import type { Words } from '../shared/i18n/index.js';
import type { Logger } from '../shared/log.js';
import type { CallAccess } from '../use-case/access.js';
import type { Finding } from '../use-case/finding/index.js';
import type { LateSummaries } from '../use-case/late/service.js';
import type { CallContext } from '../use-case/model/call-context.js';
import type { CallSummary } from '../use-case/model/call-summary.js';
import type { Claims, DmChoices } from '../use-case/ports.js';
import type { SummaryService } from '../use-case/summaries.js';
import type { AccessPolicy } from './access.js';
import type { BotStatus } from './home.js';
import type { SlackWebClient } from './send/web-client.js';
import type { AfterAcks } from './server/after-acks.js';
import type { AnswerOutcomes } from './server/answer-meter.js';
import type { Respond, SlackMessage } from './views/types.js';

/** Where a summary goes, so the renderer can split Slack's budget between the summaries of one message. */
export interface RenderContext {
  readonly surface: 'message' | 'modal';
  /** How many summaries share the message or view. */
  readonly of: number;
  /** Which call it is: every surface shows it above the summary (src/render/call-context.ts). */
  readonly call: CallContext;
  /** Say which side's summary it is: only when the person asked for a side. */
  readonly showSide?: boolean;
  /** Whose language the words around the summary are in: the reader's, or CHANNEL_LOCALE's for a post. */
  readonly words: Words;
}

/** The renderer's entry point (src/render via ./render.ts), injected so listeners stay testable. */
export type RenderSummary = (summary: CallSummary, context: RenderContext) => SlackMessage;

/** Everything the Slack listeners need, built once in the composition root. */
export interface SlackDeps {
  readonly summaries: SummaryService;
  readonly render: RenderSummary;
  readonly access: AccessPolicy;
  /**
   * Who may see which calls (ACCESS_FILE), asked for the person who acts on every surface, and the
   * audit trail (src/use-case/access.ts).
   */
  readonly guard: CallAccess;
  readonly logger: Logger;
  /** True for exactly one caller across replicas (src/cache `claim`): one post per leg, side and thread. */
  readonly claims: Claims;
  /** The bot's one Web API client (src/slack/send/web-client.ts). */
  readonly client: SlackWebClient;
  /** "Notify me" watches and posted copies kept up to date (src/late). */
  readonly late: LateSummaries;
  /** Answers through a response_url Slack issued; any other URL is refused (src/slack/send/response-url.ts). */
  readonly respondTo: (responseUrl: string | undefined) => Respond;
  /** Finding calls without a leg id: lists, transcripts, members → extensions (src/use-case/finding/index.ts). */
  readonly finding: Finding;
  /**
   * Awaited right after `ack()`: resolves once the acknowledgements already waiting have gone out
   * (src/slack/server/after-acks.ts). One per bot.
   */
  readonly afterAcks: AfterAcks;
  /** Who asked for the summaries of their own calls as DMs (the Home tab's `callsummary_dm_mine`). */
  readonly dmChoices?: DmChoices | undefined;
  /** PHONE_REGION: the country of numbers the PBX writes without one (lists show numbers as summaries do). */
  readonly phoneRegion?: string | undefined;
  /**
   * What a message everyone in a channel reads goes through (a share, a thread reply): outside numbers
   * masked with REDACT_NUMBERS_IN_CHANNELS (./views/mask-numbers.ts); absent: sent as it is.
   */
  readonly forChannel?: (message: SlackMessage) => SlackMessage;
  /** The bot's status for the Home tab (PBX, automatic posting, cache, directory); absent: unknown. */
  readonly status?: () => Promise<BotStatus>;
  /** Where a failure is answered, it is counted as the outcome of that request (GET /metrics). */
  readonly answers?: AnswerOutcomes;
  /**
   * The words of what one person reads, in their Slack language (`users.info` include_locale,
   * cached with their email), else DEFAULT_LOCALE's.
   */
  readonly wordsOf: (userId: string | undefined) => Promise<Words>;
  /** The words of channel posts, which many read: CHANNEL_LOCALE's. */
  readonly channelWords: Words;
}
