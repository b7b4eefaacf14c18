import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanUpCli, runCli, tempDir } from '../helpers/cli-process.js';

/**
 * `callsummary render` and `--help` load only what they use: each subcommand's module is imported
 * when it runs, and `render`'s is one bundled file. Checked by what the process resolves (a module hook logs every import), not by time;
 * `npm run bench -- cli` measures the time.
 */
const SOURCE_EXAMPLE = join(import.meta.dirname, '..', 'render', 'fixtures', 'source-example.json');

afterEach(cleanUpCli);

/** Runs the CLI with a module hook that appends every resolved URL to a file; returns them. */
async function resolvedModules(args: readonly string[]): Promise<{ code: number | null; urls: string[] }> {
  const dir = tempDir();
  const log = join(dir, 'modules.log');
  writeFileSync(log, '');
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n');
  return resolved;
}\n`,
  );
  writeFileSync(
    join(dir, 'register.mjs'),
    `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`,
  );
  const result = await runCli(args, {
    cwd: dir,
    env: { NODE_OPTIONS: `--import=${join(dir, 'register.mjs')}` },
  });
  return { code: result.code, urls: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

describe('the command line loads only what the subcommand uses', () => {
  it('render, of a getaisummary answer too, loads no package: it is built as one file', async () => {
    // `npm run build` bundles dist/src/cli/render.js with what it uses of htmlparser2 and zod/mini:
    // loading their files one by one made render start 4-5x as slowly as node itself.
    const { code, urls } = await resolvedModules(['render', SOURCE_EXAMPLE]);
    expect(code).toBe(0);
    const files = urls.filter((url) => url.startsWith('file:'));
    expect(files.filter((url) => url.includes('/node_modules/'))).toEqual([]);
    expect(files.map((url) => url.replace(/^.*\/(bin|dist)\//, '$1/')).sort()).toEqual([
      'bin/callsummary.js',
      'dist/src/cli/index.js',
      'dist/src/cli/render.js',
    ]);
  });

  it('--help loads no package at all', async () => {
    const { code, urls } = await resolvedModules(['--help']);
    expect(code).toBe(0);
    expect(urls.some((url) => url.endsWith('/dist/src/cli/index.js'))).toBe(true);
    expect(urls.filter((url) => url.includes('/node_modules/'))).toEqual([]);
  });
});
