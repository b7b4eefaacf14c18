import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanUpCli, runCli, tempDir } from '../helpers/cli-process.js';

/**
 * `callsummary render` and `--help` load only what they use: each subcommand's module is imported
 * when it runs. Checked by what the process resolves (a module hook logs every import), not by time;
 * `npm run bench -- cli` measures the time.
 */
const SOURCE_EXAMPLE = join(import.meta.dirname, '..', 'render', 'fixtures', 'source-example.json');

/** Packages only `serve`, `get` or `doctor` need. */
const NOT_FOR_RENDER = ['@slack/bolt', '@slack/web-api', 'keyv', '@keyv/redis', 'ws', 'html-to-text'];

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

const fromPackage = (urls: readonly string[], name: string) =>
  urls.filter((url) => url.includes(`/node_modules/${name}/`));

describe('the command line loads only what the subcommand uses', () => {
  it('render loads the renderer but not Bolt, the cache, WebSockets or html-to-text', async () => {
    const { code, urls } = await resolvedModules(['render', SOURCE_EXAMPLE]);
    expect(code).toBe(0);
    // The hook saw the renderer's own parser, so an empty list below means something.
    expect(fromPackage(urls, 'htmlparser2').length).toBeGreaterThan(0);
    for (const name of NOT_FOR_RENDER) expect(fromPackage(urls, name), name).toEqual([]);
  });

  it('--help loads no package at all', async () => {
    const { code, urls } = await resolvedModules(['--help']);
    expect(code).toBe(0);
    expect(urls.some((url) => url.endsWith('/dist/src/cli/index.js'))).toBe(true);
    expect(urls.filter((url) => url.includes('/node_modules/'))).toEqual([]);
  });
});
