import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CallSummaryError } from '../../../src/shared/errors.js';
import { loadUserMapFile, parseUserMap, USER_MAP_MAX_BYTES } from '../../../src/use-case/model/user-map.js';

function problemsOf(work: () => unknown): readonly string[] {
  try {
    work();
  } catch (error) {
    if (error instanceof CallSummaryError && error.code === 'config_invalid') {
      return (error as CallSummaryError<'config_invalid'>).details.problems;
    }
    throw error;
  }
  throw new Error('no error');
}

describe('USER_MAP_FILE', () => {
  it('maps Slack member ids to extension numbers, keeping leading zeros in quotes', () => {
    const map = parseUserMap('# who is who\nU0123ABCD: "3202"\nW0456EFGH: \'0100\'\nU0789IJKL: 3205\n');
    expect([...map]).toEqual([
      ['U0123ABCD', '3202'],
      ['W0456EFGH', '0100'],
      ['U0789IJKL', '3205'],
    ]);
    expect(parseUserMap('').size).toBe(0);
    expect(parseUserMap('# nobody yet\n').size).toBe(0);
  });

  it('names the line of every mistake at once', () => {
    const problems = problemsOf(() =>
      parseUserMap('U0123ABCD: "3202"\nleo: "3203"\nU0456EFGH: 0100\nU0789IJKL: "32-02"\nU0999ZZZZ:\n'),
    );
    expect(problems).toEqual([
      'line 2: "leo" is not a Slack member id (U… or W…, as in the member\'s profile)',
      'line 3: U0456EFGH: write the extension in quotes ("0100")',
      'line 4: U0789IJKL: "32-02" is not an extension number (1–7 digits)',
      'line 5: U0999ZZZZ: "" is not an extension number (1–7 digits)',
    ]);
  });

  it('refuses a list, duplicates, aliases and broken YAML with the line', () => {
    expect(problemsOf(() => parseUserMap('- U0123ABCD\n'))[0]).toMatch(/^line 1: must be a mapping/);
    expect(problemsOf(() => parseUserMap('U0123ABCD: "3202"\nU0123ABCD: "3203"\n'))[0]).toMatch(/^line 2: /);
    expect(problemsOf(() => parseUserMap('a: &x "3202"\nU0123ABCD: *x\n'))).toEqual([
      'line 1: "a" is not a Slack member id (U… or W…, as in the member\'s profile)',
      'line 2: U0123ABCD: "" is not an extension number (1–7 digits)',
    ]);
    expect(problemsOf(() => parseUserMap('U0123ABCD: "3202\n'))[0]).toMatch(
      /^line \d: Missing closing "quote/,
    );
  });

  it('reads the file at start with a size cap and says which file is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'usermap-'));
    const good = join(dir, 'users.yml');
    writeFileSync(good, 'U0123ABCD: "3202"\n');
    expect(loadUserMapFile(good)?.get('U0123ABCD')).toBe('3202');
    expect(loadUserMapFile(undefined)).toBeUndefined();
    const big = join(dir, 'big.yml');
    writeFileSync(big, `# ${'x'.repeat(USER_MAP_MAX_BYTES)}\n`);
    const error = (() => {
      try {
        loadUserMapFile(big);
      } catch (e) {
        return e as CallSummaryError<'config_invalid'>;
      }
      throw new Error('no error');
    })();
    expect(error.details.source).toBe(`USER_MAP_FILE ${big}`);
    expect(error.details.problems[0]).toMatch(/at most 1048576 are read/);
    expect(problemsOf(() => loadUserMapFile(join(dir, 'missing.yml')))).toEqual([
      'could not be read (ENOENT)',
    ]);
  });
});
