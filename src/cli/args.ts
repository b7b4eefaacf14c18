import { CallSummaryError, isCallSummaryError } from '../errors.js';

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
