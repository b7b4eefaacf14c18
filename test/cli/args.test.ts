import { describe, expect, it } from 'vitest';
import { noArguments, readCommandLine } from '../../src/cli/args.js';
import { CallSummaryError } from '../../src/shared/errors.js';
import { ENGLISH } from '../../src/shared/i18n/index.js';

const OPTIONS = { format: { type: 'string' }, refresh: { type: 'boolean' } } as const;

/** The usage problem `readCommandLine` throws for `argv`. */
function problem(argv: readonly string[]): string {
  try {
    readCommandLine(argv, OPTIONS, ENGLISH);
  } catch (error) {
    expect(error).toBeInstanceOf(CallSummaryError);
    expect(error).toMatchObject({ code: 'usage' });
    return (error as CallSummaryError<'usage'>).message;
  }
  throw new Error(`no usage problem for ${argv.join(' ')}`);
}

describe('readCommandLine', () => {
  it('reads --name value and --name=value among the positionals, in any order; -- ends the options', () => {
    expect(readCommandLine(['a', '--format=json', '--refresh', 'b'], OPTIONS, ENGLISH)).toMatchObject({
      values: { format: 'json', refresh: true },
      positionals: ['a', 'b'],
    });
    expect(readCommandLine(['--format', 'text', '-', '--', '--refresh'], OPTIONS, ENGLISH)).toMatchObject({
      values: { format: 'text' },
      positionals: ['-', '--refresh'],
    });
  });

  it('says in its own words what is wrong', () => {
    expect(problem(['--nope'])).toBe('unknown option --nope');
    expect(problem(['x', '-5'])).toBe('unknown option -5');
    expect(problem(['--format'])).toBe('--format needs a value');
    expect(problem(['--format='])).toBe('--format needs a value');
    expect(problem(['--format', '--refresh'])).toBe('--format needs a value');
    expect(problem(['--refresh=yes'])).toBe('--refresh takes no value');
  });

  it('refuses any argument to a command that takes none', () => {
    expect(() => noArguments([], ENGLISH)).not.toThrow();
    expect(() => noArguments(['extra'], ENGLISH)).toThrow('unexpected "extra"');
    expect(() => noArguments(['--verbose'], ENGLISH)).toThrow('unknown option --verbose');
  });
});
