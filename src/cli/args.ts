import { CallSummaryError, describeError, isCallSummaryError } from '../shared/errors.js';

/** What every subcommand parses its arguments with, and how it words a usage problem and a failure. */

/** A usage problem (exit 2): what was wrong, followed by the command's usage line. */
export function usage(problem: string): CallSummaryError {
  return new CallSummaryError('usage', { problem });
}

/** The words of a usage problem thrown while parsing. */
export function usageProblem(error: unknown): string {
  return isCallSummaryError(error, 'usage') ? error.details.problem : (error as Error).message;
}

export interface Arg {
  /** The argument as typed. */
  readonly arg: string;
  /** `--name` of `--name` or `--name=value`; otherwise the argument itself. */
  readonly flag: string;
  /** The option's value: after `=`, or the next argument (consumed); a usage error when there is none. */
  value(): string;
}

/** The arguments one by one, `--name value` and `--name=value` alike. */
export function* readArgs(argv: readonly string[]): Generator<Arg> {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') ? (arg.split(/=(.*)/s, 2) as [string, string?]) : [arg];
    yield {
      arg,
      flag,
      value: () => {
        const v = inline ?? argv[++i];
        if (v === undefined || v === '') throw usage(`${flag} needs a value`);
        return v;
      },
    };
  }
}

/** A message (or a summary's text) as one line on stderr. */
export function oneLine(text: string): string {
  // A heading ending in ':' over a list reads "heading: item; item", not "heading:; item; item".
  return text
    .replace(/:\s*\n\s*-?\s*/g, ': ')
    .replace(/\s*\n\s*-?\s*/g, '; ')
    .trim();
}

/** `--name`'s value when it is one of `allowed`; otherwise a usage error listing them. */
export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const choices = `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}`;
  throw usage(`${flag} is ${choices}, not "${value.slice(0, 20)}"`);
}

/** What a one-shot command (get, calls, transcript) is given: its environment and output. */
export interface CliIo {
  /** Read inside the command's error handling (an unreadable .env is a reported failure, not a crash). */
  readonly env: () => NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Where the login lockout is kept across runs (tests); default `lockoutDir()`. */
  readonly lockoutDir?: string;
}

export interface OneShotCommand<A> {
  /** As typed after `callsummary`, e.g. `get`. */
  readonly name: string;
  readonly usage: string;
  /** Pure: argv → arguments, or a `usage` error saying what is wrong. */
  readonly parse: (argv: readonly string[]) => A;
}

/**
 * A command that does its work once and exits: a usage problem is said with the usage line (exit 2);
 * a failure as one line with what to do (exit 1; 2 for configuration, a wrong invocation as for
 * `serve`). What `work` opened is closed, last opened first, whatever happens.
 */
export async function runOneShot<A>(
  command: OneShotCommand<A>,
  argv: readonly string[],
  io: Pick<CliIo, 'stderr'>,
  work: (args: A, closeAtEnd: (close: () => Promise<void>) => void) => Promise<number>,
): Promise<number> {
  let args: A;
  try {
    args = command.parse(argv);
  } catch (error) {
    io.stderr(`callsummary ${command.name}: ${oneLine(usageProblem(error))}. ${command.usage}\n`);
    return 2;
  }
  const closers: (() => Promise<void>)[] = [];
  try {
    return await work(args, (close) => closers.push(close));
  } catch (error) {
    const { message, hint } = describeError(error);
    io.stderr(`callsummary: ${oneLine(message)} ${oneLine(hint)}\n`);
    return isCallSummaryError(error, 'config_invalid') ? 2 : 1;
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  }
}
