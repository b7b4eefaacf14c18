import { setTimeout as delay } from 'node:timers/promises';
import { createAppLogger, type RunningApp, startApp } from '../compose/bot.js';
import { type BotConfig, loadConfig, readEnvironment } from '../compose/config.js';
import { eventsExtension } from '../compose/events.js';
import { isUnconfigured } from '../compose/unconfigured.js';
import { describeError, isCallSummaryError } from '../shared/errors.js';
import type { Words } from '../shared/i18n/index.js';
import type { Logger } from '../shared/log.js';
import { noArguments, parseCommand } from './args.js';
import { cliWords } from './words.js';

export interface ServeIo {
  readonly env: () => NodeJS.ProcessEnv;
  readonly stderr: (text: string) => void;
  /** The words of what a person reads on the terminal (not the log's lines): `cliWords()`. */
  readonly words: Words;
  /** Where the demo's first line goes when nothing is configured; stderr when absent. */
  readonly stdout?: (text: string) => void;
  /** Resolves when the process is asked to stop (SIGTERM/SIGINT). */
  readonly stopSignal: Promise<string>;
  /** Reports promise rejections nothing handled; returns how to stop listening. */
  readonly onUnhandledRejection?: (listener: (reason: unknown) => void) => () => void;
}

/** `callsummary serve` in this process: it takes no arguments. */
export async function main(argv: readonly string[]): Promise<number> {
  const io = processServeIo();
  const command = { name: 'serve', usage: (words: Words) => words.t('cli.serve.usage'), parse: noArguments };
  if (parseCommand(command, argv, io) === undefined) return 2;
  return runServe(io);
}

/** `callsummary serve`: runs until SIGTERM; 0 after a clean stop, 2 bad configuration (routing file too), 1 failed start. */
export async function runServe(io: ServeIo): Promise<number> {
  // A fresh clone with nothing configured shows the demo instead of a list of missing variables;
  // any SLACK_* or YEASTAR_* variable means someone is configuring the real bot.
  if (unconfigured(io)) {
    // Loaded only here: the demo (simulator, local Slack, page) is no cost to the other commands.
    const { runDemo } = await import('../demo/index.js');
    return runDemo(
      [],
      { env: io.env, stdout: io.stdout ?? io.stderr, stderr: io.stderr, stopSignal: io.stopSignal },
      'serve',
    );
  }
  let config: BotConfig;
  try {
    config = loadConfig(io.env(), 'bot');
  } catch (error) {
    const { message, hint } = describeError(error, 'cli', io.words);
    io.stderr(`callsummary: ${io.words.t('cli.serve.config_problem', { message, hint })}\n`);
    return isCallSummaryError(error, 'config_invalid') ? 2 : 1;
  }
  const logger = createAppLogger(config, (line) => io.stderr(`${line}\n`));
  // A failure nothing awaited (a library's background retry, say) is logged, redacted, and the bot
  // keeps serving: one lost background task must not take every other request down with it.
  const unwatch = io.onUnhandledRejection?.((reason) =>
    logger.error('a background task failed and nothing handled it; the bot keeps running', reason),
  );
  try {
    return await serve(config, logger, io);
  } finally {
    unwatch?.();
  }
}

async function serve(config: BotConfig, logger: Logger, io: ServeIo): Promise<number> {
  let app: RunningApp;
  const starting = startApp(config, { logger, extensions: [eventsExtension()] });
  try {
    // A signal during a slow start (Socket Mode retrying an unreachable Slack) is honoured, not queued.
    const first = await Promise.race([starting, io.stopSignal.then((signal) => ({ signal }))]);
    if ('signal' in first) {
      io.stderr(`callsummary: ${io.words.t('cli.serve.signal_before_start', { signal: first.signal })}\n`);
      const stopped = starting.then((started) => started.stop());
      stopped.catch(() => undefined);
      await Promise.race([stopped, delay(config.shutdownTimeoutMs, undefined, { ref: false })]);
      return 0;
    }
    app = first;
  } catch (error) {
    const { words } = io;
    const { message, hint } = describeError(error, 'cli', words);
    // A routing file with mistakes is configuration too: listed like the environment's problems.
    if (isCallSummaryError(error, 'config_invalid')) {
      io.stderr(`callsummary: ${words.t('cli.serve.config_problem', { message, hint })}\n`);
      return 2;
    }
    const reason = startFailure(error, config.port, words) ?? words.t('cli.failure', { message, hint });
    io.stderr(`callsummary: ${words.t('cli.serve.could_not_start', { reason })}\n`);
    return 1;
  }
  const signal = await io.stopSignal;
  app.core.logger.info(`${signal}: stopping`);
  await app.stop();
  return 0;
}

/** An unreadable .env is not "nothing configured": loadConfig reports it. */
function unconfigured(io: ServeIo): boolean {
  try {
    return isUnconfigured(io.env());
  } catch {
    return false;
  }
}

/** What went wrong with the listening socket, said with the setting to change; undefined for the rest. */
function startFailure(error: unknown, port: number, words: Words): string | undefined {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'EADDRINUSE':
      return words.t('cli.serve.port_in_use', { port: String(port) });
    case 'EACCES':
      return words.t('cli.serve.port_denied', { port: String(port) });
    default:
      return undefined;
  }
}

/** The real process: stop on SIGTERM/SIGINT; once stopped, a lingering handle cannot keep it alive. */
export function processServeIo(): ServeIo {
  const stopSignal = new Promise<string>((resolve) => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => resolve(signal));
  });
  void stopSignal.then(() => {
    // Fires only if the process is still alive well after shutdown (SHUTDOWN_TIMEOUT_MS bounds it).
    setTimeout(() => process.exit(process.exitCode ?? 0), 310_000).unref();
  });
  return {
    env: () => readEnvironment(),
    stderr: (text) => process.stderr.write(text),
    stdout: (text) => process.stdout.write(text),
    words: cliWords(),
    stopSignal,
    onUnhandledRejection: (listener) => {
      process.on('unhandledRejection', listener);
      return () => process.off('unhandledRejection', listener);
    },
  };
}
