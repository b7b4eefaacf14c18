import { type ParseArgsConfig, parseArgs } from 'node:util';
import { CallSummaryError, describeError, isCallSummaryError } from '../shared/errors.js';
import type { Words } from '../shared/i18n/index.js';
import { cliWords } from './words.js';

/**
 * How every subcommand reads its arguments (`node:util` `parseArgs`), and words a usage problem and a
 * failure, in the CLI's words (`cliWords`: LC_ALL, LC_MESSAGES, LANG).
 */

/** A usage problem (exit 2): what was wrong (in the reader's words), followed by the command's usage line. */
export function usage(problem: string): CallSummaryError {
  return new CallSummaryError('usage', { problem });
}

/** The words of a usage problem thrown while parsing. */
export function usageProblem(error: unknown, words: Words): string {
  return isCallSummaryError(error, 'usage')
    ? describeError(error, 'cli', words).message
    : (error as Error).message;
}

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/**
 * The command line read strictly: only the options given, each `--name value` or `--name=value`, in
 * any order among the positionals (`--` ends the options). Anything else is a `usage` error in our
 * words: an unknown option, a value missing (or empty) or given to a flag that takes none.
 */
export function readCommandLine<const O extends OptionsConfig>(
  argv: readonly string[],
  options: O,
  words: Words,
) {
  let parsed: ReturnType<typeof strictParse<O>>;
  try {
    parsed = strictParse(argv, options);
  } catch (error) {
    // Node's own message (English) only for a refusal the lenient reading cannot explain.
    throw usage(parseProblem(argv, options, words) ?? (error as Error).message);
  }
  for (const [name, value] of Object.entries(parsed.values)) {
    if (value === '') throw usage(words.t('cli.args.needs_value', { flag: `--${name}` }));
  }
  return parsed;
}

function strictParse<const O extends OptionsConfig>(argv: readonly string[], options: O) {
  return parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
}

/**
 * What the strict parse refused, found by reading the same arguments leniently as tokens (Node's
 * own message advises `--` and quoting, which is not what a person here needs to hear).
 */
function parseProblem(argv: readonly string[], options: OptionsConfig, words: Words): string | undefined {
  const { tokens } = parseArgs({
    args: [...argv],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const option = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    const flag = token.rawName.slice(0, 30);
    if (option === undefined) return words.t('cli.args.unknown_option', { flag });
    if (option.type === 'boolean' && token.value !== undefined)
      return words.t('cli.args.takes_no_value', { flag });
    // A value that looks like an option is refused by the strict parse: most likely the value is missing.
    if (
      option.type === 'string' &&
      (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))
    )
      return words.t('cli.args.needs_value', { flag });
  }
  return undefined;
}

/** Every positional when there may be at most `max`; otherwise a usage error naming the first extra one. */
export function atMost(positionals: readonly string[], max: number, words: Words): readonly string[] {
  const extra = positionals[max];
  if (extra !== undefined) throw usage(words.t('cli.args.unexpected', { value: extra.slice(0, 30) }));
  return positionals;
}

/** A message (or a summary's text) as one line on stderr. */
function oneLine(text: string, words: Words): string {
  // A heading ending in ':' over a list reads "heading: item; item", not "heading:; item; item".
  return text
    .replace(/:\s*\n\s*-?\s*/g, ': ')
    .replace(/：\s*\n\s*-?\s*/g, '：')
    .replace(/\s*\n\s*-?\s*/g, words.t('cli.one_line.separator'))
    .trim();
}

/** `--name`'s value when it is one of `allowed`; otherwise a usage error listing them. */
export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[], words: Words): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const choices = words.list(allowed, 'disjunction');
  throw usage(words.t('cli.args.one_of', { flag, choices, value: value.slice(0, 20) }));
}

/** What a one-shot command (get, calls, transcript) is given: its environment and output. */
export interface CliIo {
  /** Read inside the command's error handling (an unreadable .env is a reported failure, not a crash). */
  readonly env: () => NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The words the command answers in: the process's `cliWords()`; tests choose. */
  readonly words: Words;
  /** Where the login lockout is kept across runs (tests); default `lockoutDir()`. */
  readonly lockoutDir?: string;
}

/** This process's output, with its environment read by `readEnvironment` (passed in: render must not load it). */
export function processIo(readEnvironment: () => NodeJS.ProcessEnv): CliIo {
  return {
    env: readEnvironment,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    words: cliWords(),
  };
}

interface Command<A> {
  /** As typed after `callsummary`, e.g. `get`. */
  readonly name: string;
  /** The usage line, in `words`. */
  readonly usage: (words: Words) => string;
  /** Pure: argv → arguments, or a `usage` error saying what is wrong, in `words`. */
  readonly parse: (argv: readonly string[], words: Words) => A;
}

/** The command's arguments; or, said in one line with the usage line, why there are none (exit 2). */
export function parseCommand<A>(
  command: Command<A>,
  argv: readonly string[],
  io: Pick<CliIo, 'stderr' | 'words'>,
): { readonly args: A } | undefined {
  try {
    return { args: command.parse(argv, io.words) };
  } catch (error) {
    const said = io.words.t('cli.usage_problem', {
      problem: oneLine(usageProblem(error, io.words), io.words),
      usage: command.usage(io.words),
    });
    io.stderr(`callsummary ${command.name}: ${said}\n`);
    return undefined;
  }
}

/** For a command that takes no arguments (serve, doctor). */
export function noArguments(argv: readonly string[], words: Words): void {
  atMost(readCommandLine(argv, {}, words).positionals, 0, words);
}

/**
 * A command that does its work once and exits: a usage problem is said with the usage line (exit 2);
 * a failure as one line with what to do (exit 1; 2 for configuration, a wrong invocation as for
 * `serve`). What `work` opened is closed, last opened first, whatever happens.
 */
export async function runOneShot<A>(
  command: Command<A>,
  argv: readonly string[],
  io: Pick<CliIo, 'stderr' | 'words'>,
  work: (args: A, closeAtEnd: (close: () => Promise<void>) => void) => Promise<number>,
): Promise<number> {
  const parsed = parseCommand(command, argv, io);
  if (parsed === undefined) return 2;
  const closers: (() => Promise<void>)[] = [];
  try {
    return await work(parsed.args, (close) => closers.push(close));
  } catch (error) {
    const { message, hint } = describeError(error, 'cli', io.words);
    io.stderr(
      `callsummary: ${io.words.t('cli.failure', { message: oneLine(message, io.words), hint: oneLine(hint, io.words) })}\n`,
    );
    return isCallSummaryError(error, 'config_invalid') ? 2 : 1;
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  }
}
