import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { Cache } from '../cache/index.js';
import { atMost, readCommandLine, usageProblem } from '../cli/args.js';
import { cliWords } from '../cli/words.js';
import { createAppLogger, type RunningApp, startApp } from '../compose/bot.js';
import { type BotConfig, loadConfig } from '../compose/config.js';
import { eventsExtension } from '../compose/events.js';
import { isSet, SLACK_VARIABLES } from '../compose/unconfigured.js';
import { parseRouting } from '../events/routing.js';
import { WEBHOOK_PATH } from '../events/webhook.js';
import { LIST_CACHE_SECONDS } from '../use-case/finding/call-lists.js';
import { TRANSCRIPT_CACHE_SECONDS } from '../use-case/finding/index.js';
import { createDemoClient } from './client.js';
import { createLocalSlackApi } from './local-slack/web-api.js';
import { BOT } from './local-slack/workspace.js';
import {
  newCdrEvent,
  type PbxSimulator,
  SIM_CLIENT_ID,
  SIM_CLIENT_SECRET,
  sampleData,
  startPbxSimulator,
} from './pbx-simulator/index.js';
import { demoExtension } from './routes.js';
import {
  DEMO_CHANNELS,
  DEMO_ME,
  DEMO_ROUTING_YAML,
  DEMO_USERS,
  manifestCommands,
  manifestScopes,
  manifestShortcuts,
  newDemoCall,
  SUPPORT_ALERT,
  SUPPORT_CHANNEL,
} from './setup.js';

/**
 * `callsummary demo`: the bot exactly as `serve` builds it (startApp, the same listeners, use case,
 * cache, renderer and event intake), talking to a local Slack on its own port and, unless
 * YEASTAR_BASE_URL is set, to the embedded PBX simulator. Secrets are made for this run; everything
 * binds 127.0.0.1 only.
 */

const DEMO_HOST = '127.0.0.1';
const DEFAULT_DEMO_PORT = 3000;
/**
 * How long after the CDR (30012) the simulated PBX writes the summary and reports it (30040), as its
 * AI does minutes after a real call: time enough to ask for it first, see "no summary yet" and click
 * Notify me.
 */
const SUMMARY_DELAY_MS = 12_000;

export interface DemoIo {
  readonly env: () => NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stopSignal: Promise<string>;
  /** Directory of the compiled page scripts; default dist/src/demo/page next to this file's build. */
  readonly pageDir?: URL;
  /** Where manifest.yml is; default the package root. */
  readonly manifestPath?: URL;
  /** Called once the demo is up (tests). */
  readonly onReady?: (demo: RunningDemo) => void;
  /** After a simulated call, when its summary is written (default SUMMARY_DELAY_MS; tests). */
  readonly summaryDelayMs?: number;
}

export interface RunningDemo {
  readonly url: string;
  readonly app: RunningApp;
  readonly simulator: PbxSimulator | undefined;
}

/** Runs until the stop signal. Exit status: 0 after a clean stop, 2 usage or configuration, 1 failed start. */
export async function runDemo(
  args: readonly string[],
  io: DemoIo,
  from: 'demo' | 'serve' = 'demo',
): Promise<number> {
  const port = parsePort(args, io.env());
  if (typeof port === 'string') {
    io.stderr(`callsummary demo: ${port}\nUsage: callsummary demo [--port N]\n`);
    return 2;
  }
  const env = io.env();
  const configured = SLACK_VARIABLES.filter((name) => isSet(env, name));
  if (configured.length > 0) {
    io.stderr(
      `callsummary demo: Slack is configured (${configured.join(', ')}), so the demo does not start: it never stands in for a real workspace.\nRun callsummary serve for the real bot, or unset those variables to try the demo.\n`,
    );
    return 2;
  }
  const realPbx = isSet(env, 'YEASTAR_BASE_URL');
  if (isSet(env, 'CACHE_URL')) {
    io.stderr(
      'callsummary demo: CACHE_URL is not used: the demo keeps its own cache in memory, apart from any real bot.\n',
    );
  }
  const boundPort = port === 0 ? await freePort() : port;
  const url = `http://${DEMO_HOST}:${boundPort}/`;
  const against = realPbx ? `your PBX (${new URL(env.YEASTAR_BASE_URL!.trim()).host})` : 'the PBX simulator';
  io.stdout(
    from === 'serve'
      ? `callsummary serve: no Slack or PBX settings, so this is the demo: open ${url} (the bot against a local Slack and ${against}, on 127.0.0.1 only; set SLACK_* and YEASTAR_* to run the real bot).\n`
      : `callsummary demo: open ${url} — the bot against a local Slack and ${against}, on 127.0.0.1 only.\n`,
  );

  // The simulator's calls are written in this host's time zone (as simulated calls are), with a
  // realistic week ending now, so "my calls", lists and the Home tab have something to show.
  const hostZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const simulator = realPbx
    ? undefined
    : await startPbxSimulator({
        host: DEMO_HOST,
        timeZone: hostZone,
        ...sampleData({ week: { endingAt: Date.now(), timeZone: hostZone } }),
      });
  const signingSecret = randomBytes(24).toString('hex');
  const webhookSecret = randomBytes(24).toString('hex');
  let config: BotConfig;
  try {
    config = loadConfig(
      {
        ...env,
        SLACK_BOT_TOKEN: `xoxb-demo-${randomBytes(12).toString('hex')}`,
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_API_URL: `${url}api/`,
        PORT: String(boundPort),
        // Always the demo's own cache, in memory: with a real bot's Redis it would share that bot's
        // namespace (a digest of YEASTAR_BASE_URL), its PBX token, and its claims on automatic posts.
        CACHE_URL: '',
        ...(simulator
          ? {
              YEASTAR_BASE_URL: simulator.url,
              YEASTAR_CLIENT_ID: SIM_CLIENT_ID,
              YEASTAR_CLIENT_SECRET: SIM_CLIENT_SECRET,
              YEASTAR_WEBHOOK_SECRET: webhookSecret,
              YEASTAR_WEBSOCKET: 'false',
              YEASTAR_TIMEZONE: hostZone,
            }
          : {}),
      },
      'bot',
    );
  } catch (error) {
    await simulator?.close();
    io.stderr(`callsummary demo: ${(error as Error).message}\n`);
    return 2;
  }
  const logger = createAppLogger(config, (line) => io.stderr(`${line}\n`));
  const manifestPath = io.manifestPath ?? new URL('manifest.yml', packageRoot());
  const api = createLocalSlackApi({
    botToken: config.slack.botToken,
    // The demo runs for hours: its call log keeps the last few hundred calls, not every body.
    maxRecordedCalls: 500,
    scopes: manifestScopes(manifestPath.pathname),
    users: DEMO_USERS,
    channels: DEMO_CHANNELS,
  });
  const client = createDemoClient({
    api,
    base: url.slice(0, -1),
    signingSecret,
    me: DEMO_ME,
    logger: logger.child('demo'),
    commands: manifestCommands(manifestPath.pathname),
  });
  // #support starts with a call alert to try the message shortcut on (the sample PBX has that call).
  if (simulator) api.workspace.personSays(SUPPORT_CHANNEL, DEMO_USERS[1]!.id, SUPPORT_ALERT);
  let sequence = 0;
  const simulateCall = simulator
    ? async () => {
        const { leg, side } = newDemoCall(sequence++);
        const summary = leg.summaries[side]!;
        // The call has ended; its summary is not written yet (asking now says so, with Notify me).
        simulator.addLeg({ ...leg, summaries: {} });
        const webhook = `${url.slice(0, -1)}${WEBHOOK_PATH}`;
        // As a PBX does: the CDR at hang-up, the summary (and its 30040) once the AI has written it.
        await simulator.pushWebhook(webhook, webhookSecret, newCdrEvent(leg));
        void simulator
          .writeSummaryLater(leg.legId, side, summary, io.summaryDelayMs ?? SUMMARY_DELAY_MS, {
            webhook,
            secret: webhookSecret,
          })
          .catch((error: unknown) => logger.warn('demo: the simulated PBX could not send 30040', error));
        return leg.legId;
      }
    : undefined;

  let app: RunningApp;
  try {
    app = await startApp(config, {
      logger,
      host: DEMO_HOST,
      // The local Slack answers on this very port, which is not listening yet: who the bot is, is known.
      botId: BOT.botId,
      botUserId: BOT.userId,
      extensions: [
        eventsExtension(
          config.events.routingFile === undefined
            ? { routing: parseRouting(DEMO_ROUTING_YAML, 'the demo routing') }
            : {},
        ),
        (core) =>
          demoExtension({
            api,
            client,
            me: DEMO_ME,
            pageDir: io.pageDir ?? new URL('dist/src/demo/page/', packageRoot()),
            shortcuts: manifestShortcuts(manifestPath.pathname),
            ...(simulateCall ? { simulateCall } : {}),
            logger: logger.child('demo'),
            hosts: () => [`${DEMO_HOST}:${boundPort}`, `localhost:${boundPort}`],
            languageChanged: forgetLanguage(core.cache, config),
          }),
      ],
    });
  } catch (error) {
    await simulator?.close();
    const code = (error as NodeJS.ErrnoException).code;
    io.stderr(
      `callsummary demo: could not start: ${code === 'EADDRINUSE' ? `port ${boundPort} is in use; pick another with --port N` : (error as Error).message}\n`,
    );
    return 1;
  }
  io.onReady?.({ url, app, simulator });
  const signal = await io.stopSignal;
  logger.info(`${signal}: stopping the demo`);
  await app.stop();
  await simulator?.close();
  return 0;
}

/**
 * The bot keeps a member's profile (email and Slack language) CACHE_TTL_EXTENSION_SECONDS, an hour by
 * default. So that the page's language switch shows at once, the demo forgets the language it kept
 * (the email stays): the next answer asks `users.info` again, exactly as once the entry expires.
 */
function forgetLanguage(cache: Cache, config: BotConfig): (userId: string) => Promise<void> {
  const profiles = cache.findingCaches({
    listSeconds: LIST_CACHE_SECONDS,
    transcriptSeconds: config.cache.ttlSeconds.transcript ?? TRANSCRIPT_CACHE_SECONDS,
    memberEmailSeconds: config.cache.ttlSeconds.extension,
  }).memberEmails;
  return async (userId) => {
    const cached = await profiles.get(userId);
    if (cached) await profiles.set(userId, { email: cached.email });
  };
}

/** The package's root, whether this runs built (dist/src/demo) or from source (src/demo, in tests). */
function packageRoot(): URL {
  const built = import.meta.url.includes('/dist/src/demo/');
  return new URL(built ? '../../../' : '../../', import.meta.url);
}

/** `--port N`, else PORT, else DEFAULT_DEMO_PORT; or the usage problem. */
function parsePort(args: readonly string[], env: NodeJS.ProcessEnv): number | string {
  let text: string | undefined;
  // The demo's own words are not in the catalogue yet; its argument problems are (the CLI's).
  const words = cliWords();
  try {
    const { values, positionals } = readCommandLine(args, { port: { type: 'string' } }, words);
    atMost(positionals, 0, words);
    text = values.port?.trim() ?? (isSet(env, 'PORT') ? env.PORT!.trim() : undefined);
  } catch (error) {
    return usageProblem(error, words);
  }
  if (text === undefined) return DEFAULT_DEMO_PORT;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535)
    return '--port must be a whole number between 0 and 65535';
  return Number(text);
}

/** Port 0 asks for a free port; the local Slack's URL must name it before the bot is built. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, DEMO_HOST, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
