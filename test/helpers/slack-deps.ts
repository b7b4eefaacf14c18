import { cacheOver } from '../../src/cache/index.js';
import { createLateStores } from '../../src/cache/late-stores.js';
import { CACHE_LIMIT_DEFAULTS, createMemoryBackend } from '../../src/cache/memory.js';
import { withResilience } from '../../src/cache/resilient.js';
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET } from '../../src/demo/pbx-simulator/index.js';
import { summaryGist } from '../../src/render/index.js';
import type { SlackDeps } from '../../src/slack/deps.js';
import { ENGLISH_LOCALES, readerWords } from '../../src/slack/reader-words.js';
import { createLateSlack } from '../../src/slack/send/late-slack.js';
import { slackEmailLookup } from '../../src/slack/send/member-email.js';
import { createResponder } from '../../src/slack/send/response-url.js';
import { createSlackWebClient } from '../../src/slack/send/web-client.js';
import { createSlackRenderer } from '../../src/slack/views/summary-budget.js';
import { type CallAccess, createCallAccess } from '../../src/use-case/access.js';
import type { AuditSink } from '../../src/use-case/audit.js';
import { createFinding, type Finding } from '../../src/use-case/finding/index.js';
import { createLateSummaries } from '../../src/use-case/late/service.js';
import type { AccessRules } from '../../src/use-case/model/access-rules.js';
import type { UserMap } from '../../src/use-case/model/user-map.js';
import { createPbxClient } from '../../src/yeastar/client.js';
import { callContextFake } from './call-summary.js';
import { createMemoryClaims } from './memory-claims.js';

/** Where nothing listens: a PBX or Slack that must not be reached. */
const NOWHERE = 'http://127.0.0.1:9';

/**
 * The Web API client and response_url policy the app builds, pointed at a Slack stand-in (or at
 * nothing: a closed loopback port, for handlers that must not call Slack), and finding calls as the
 * app builds it, over a PBX that does not answer (handlers that do not find calls).
 */
export function slackSenders(
  logger: SlackDeps['logger'],
  apiUrl = `${NOWHERE}/api/`,
): Pick<SlackDeps, 'client' | 'respondTo' | 'finding' | 'late' | 'guard' | 'wordsOf' | 'channelWords'> {
  const client = createSlackWebClient({ botToken: 'xoxb-test', apiUrl }, logger, { timeoutMs: 2000 });
  const respondTo = createResponder({ apiUrl });
  const finding = testFinding(logger, { slackClient: client });
  const readers = readerWords(finding.members, ENGLISH_LOCALES);
  return {
    client,
    respondTo,
    finding,
    late: memoryLate(logger, { client, respondTo, ...readers }),
    guard: testAccess(logger, finding),
    ...readers,
  };
}

/**
 * The access rules as the app builds them: none by default (everyone sees every call, as without
 * ACCESS_FILE), members matched by `finding`, parties from `parties` (none known by default).
 */
export function testAccess(
  logger: SlackDeps['logger'],
  finding: Pick<Finding, 'members'>,
  options: {
    readonly rules?: AccessRules;
    readonly audit?: AuditSink;
    readonly parties?: (legId: string) => Promise<{ caller: string; callee: string } | undefined>;
  } = {},
): CallAccess {
  return createCallAccess({
    rules: options.rules,
    members: finding.members,
    parties: options.parties ?? (async () => undefined),
    audit: options.audit ?? (() => undefined),
    logger,
  });
}

/**
 * Late summaries over an in-memory store, delivering through `senders`; its checks look nothing up
 * unless `lookup` is given (Slack surface tests drive watches, not checks).
 */
export function memoryLate(
  logger: SlackDeps['logger'],
  senders: Pick<SlackDeps, 'client' | 'respondTo'> & Partial<Pick<SlackDeps, 'wordsOf' | 'channelWords'>>,
  lookup: SlackDeps['summaries']['lookup'] = async () => {
    throw new Error('no lookups in this test');
  },
): SlackDeps['late'] {
  const store = withResilience(createMemoryBackend(), { logger, opTimeoutMs: 1000, probeIntervalMs: 1000 });
  return createLateSummaries({
    stores: createLateStores(store, { prefix: 'test' }),
    claims: createMemoryClaims(),
    summaries: { lookup },
    slack: createLateSlack({
      // English unless the caller says who reads what.
      ...readerWords(undefined, ENGLISH_LOCALES),
      ...senders,
      render: createSlackRenderer(),
      callContext: callContextFake,
      logger,
    }),
    limits: { perPerson: 20, total: 2000 },
    postedTtlMs: 7 * 24 * 3600 * 1000,
    logger,
  });
}

export interface TestFindingOptions {
  /** The PBX (the simulator's URL); a closed port by default. */
  readonly pbxUrl?: string;
  /** Slack for members' emails; none: members match through `userMap` only. */
  readonly slackClient?: SlackDeps['client'];
  readonly userMap?: UserMap;
  readonly recentDays?: number;
  readonly timeZone?: string;
  readonly now?: () => number;
  /** CACHE_TTL_TRANSCRIPT_SECONDS; absent: the default. */
  readonly transcriptSeconds?: number;
}

/** `createFinding` as the app composes it, over a memory cache and a PBX client of its own. */
export function testFinding(logger: SlackDeps['logger'], options: TestFindingOptions = {}): Finding {
  const ttl = { summary: 1800, noSummary: 60, extension: 3600, leg: 86_400 };
  const pbxUrl = options.pbxUrl ?? NOWHERE;
  const now = options.now ? { now: options.now } : {};
  // The memory cache CACHE_URL unset gives (made here without waiting: createCache is async for Redis).
  const cache = cacheOver(
    createMemoryBackend(now),
    { url: undefined, ttlSeconds: ttl, ...CACHE_LIMIT_DEFAULTS },
    {
      logger,
      pbxBaseUrl: pbxUrl,
      ...now,
    },
  );
  const pbx = createPbxClient(
    {
      baseUrl: pbxUrl,
      clientId: SIM_CLIENT_ID,
      clientSecret: SIM_CLIENT_SECRET,
      caFile: undefined,
      timeoutMs: 2000,
      maxRetries: 0,
      loginCooldownMs: 300_000,
      timeFormat: 'YYYY/MM/DD HH:mm:ss',
      exportWindowMinutes: 30,
    },
    { logger, ...(options.now ? { now: options.now } : {}) },
  );
  return createFinding({
    gist: summaryGist,
    find: {
      userMapFile: undefined,
      recentDays: options.recentDays ?? 7,
      pbxTimeZone: options.timeZone,
    },
    cacheTtl: { ...ttl, transcript: options.transcriptSeconds },
    pbx,
    cache,
    userMap: options.userMap,
    emailOf: options.slackClient ? slackEmailLookup(options.slackClient) : undefined,
    logger,
    ...(options.now ? { now: options.now } : {}),
  });
}
