import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runRender, summaryFromInput } from '../../src/cli/render.js';
import { renderSummary, validateMessage } from '../../src/render/index.js';
import { ENGLISH } from '../../src/shared/i18n/index.js';
import { callSummary } from '../helpers/call-summary.js';
import { cleanUpCli, runCli } from '../helpers/cli-process.js';

const fixturePath = (name: string) => fileURLToPath(new URL(`../render/fixtures/${name}`, import.meta.url));
const fixture = (name: string) => readFileSync(fixturePath(name), 'utf8');

afterEach(cleanUpCli);

async function* chunks(...parts: string[]) {
  for (const part of parts) yield Buffer.from(part);
}

async function run(argv: string[], stdin: AsyncIterable<string | Uint8Array> = chunks()) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runRender(argv, {
    words: ENGLISH,
    stdin,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('callsummary render', () => {
  it('renders a getaisummary answer from a file (data.dst, numeric created_at)', async () => {
    const { code, stdout, stderr } = await run([fixturePath('source-example.json')]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const printed = JSON.parse(stdout) as { text: string; blocks: unknown[] };
    const expected = renderSummary(callSummary({ html: fixture('source-example.html') }), { words: ENGLISH });
    expect(printed).toEqual({ text: expected.text, blocks: expected.blocks });
    expect(validateMessage(printed)).toEqual([]);
  });

  it('takes data.src as the caller side and accepts created_at as a string', async () => {
    const summary = await summaryFromInput(fixture('chinese.json'), ENGLISH);
    expect(summary).toMatchObject({
      side: 'caller',
      legId: '20260601093000-0A1B2',
      createdAt: 1780306200,
      id: 7,
      name: '王芳',
    });
  });

  it('reads HTML from stdin, in chunks, for a modal', async () => {
    const html = fixture('event-30040.html');
    const { code, stdout } = await run(
      ['-', '--surface', 'modal'],
      chunks(html.slice(0, 10), html.slice(10)),
    );
    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as {
      text: string;
      blocks: { type: string; text?: { text: string } }[];
    };
    // Bare HTML says nothing of whose summary it is: no guessed name, side or leg.
    expect(printed.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Call summary' } });
    expect(printed.blocks.map((b) => b.type)).not.toContain('context');
    expect(printed.text.startsWith('Call summary: ')).toBe(true);
    expect(printed.blocks).toHaveLength(4);
    expect(validateMessage(printed, 'modal')).toEqual([]);
  });

  it('exits 2 on usage errors', async () => {
    for (const argv of [['--surface', 'home'], ['--nope'], ['a', 'b'], ['--surface']]) {
      const { code, stderr, stdout } = await run(argv);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain('Usage: callsummary render');
    }
  });

  it('exits 1 with one line on unreadable input', async () => {
    const cases: [string[], AsyncIterable<string | Uint8Array>][] = [
      [['/nonexistent/summary.html'], chunks()],
      [['-'], chunks('{"data": ')],
      [['-'], chunks('{"errcode":0,"data":{}}')],
      [['-'], chunks('{"other":true}')],
    ];
    for (const [argv, stdin] of cases) {
      const { code, stderr, stdout } = await run(argv, stdin);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  const built = existsSync(fileURLToPath(new URL('../../dist/src/cli/render.js', import.meta.url)));
  it.skipIf(!built)(
    'prints as a process (the bundled build) what it prints in process, for HTML and for a getaisummary answer (skipped: dist not built; run npm run build)',
    async () => {
      for (const name of ['source-example.html', 'source-example.json']) {
        const result = await runCli(['render', '-'], { input: fixture(name) });
        expect(result.code).toBe(0);
        const printed = JSON.parse(result.stdout) as { text: string; blocks: unknown[] };
        expect(validateMessage(printed)).toEqual([]);
        expect(result.stdout).toBe((await run(['-'], chunks(fixture(name)))).stdout);
      }
    },
  );
});
