import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * The layout's import rules (docs/architecture.md), read from the source as text: every static
 * `import … from`, `export … from` and dynamic `import()` of a relative path or a `node:` module.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const SRC = join(ROOT, 'src');

type Edge = { from: string; to: string; dynamic: boolean; typeOnly: boolean };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [relative(SRC, path).split('\\').join('/')] : [];
  });
}

const STATIC = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm;
const BARE = /^\s*import\s+['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function edgesOf(file: string): Edge[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  const edges: Edge[] = [];
  const add = (spec: string, dynamic: boolean, typeOnly: boolean) => {
    const to = spec.startsWith('.')
      ? posix.normalize(posix.join(posix.dirname(file), spec)).replace(/\.js$/, '.ts')
      : spec;
    edges.push({ from: file, to, dynamic, typeOnly });
  };
  for (const m of text.matchAll(STATIC)) add(m[3]!, false, m[2] !== undefined);
  for (const m of text.matchAll(BARE)) add(m[1]!, false, false);
  for (const m of text.matchAll(DYNAMIC)) add(m[1]!, true, false);
  return edges;
}

const FILES = sourceFiles(SRC);
const EDGES = FILES.flatMap(edgesOf);
const local = (edge: Edge) => !edge.to.startsWith('node:') && edge.to.endsWith('.ts');
const within = (path: string, ...folders: string[]) => folders.some((f) => path.startsWith(`${f}/`));

/** Each rule: which importers it governs, and whether one edge of theirs breaks it. */
const RULES: Array<{ name: string; applies: (file: string) => boolean; breaks: (edge: Edge) => boolean }> = [
  {
    name: 'use-case/ imports only use-case/ and shared/',
    applies: (f) => within(f, 'use-case'),
    breaks: (e) => local(e) && !within(e.to, 'use-case', 'shared'),
  },
  {
    name: 'use-case/model/ imports only itself and shared/',
    applies: (f) => within(f, 'use-case/model'),
    breaks: (e) => local(e) && !within(e.to, 'use-case/model', 'shared'),
  },
  {
    name: 'shared/ imports nothing outside shared/',
    applies: (f) => within(f, 'shared'),
    breaks: (e) => local(e) && !within(e.to, 'shared'),
  },
  {
    name: 'render/ imports only render/, use-case/model/ and shared/, and no node: I/O module',
    applies: (f) => within(f, 'render'),
    breaks: (e) =>
      (local(e) && !within(e.to, 'render', 'use-case/model', 'shared')) ||
      /^node:(fs|net|http|https|child_process|dgram|tls|dns|worker_threads)(\/|$)/.test(e.to),
  },
  {
    name: 'yeastar/ and cache/ import only themselves, use-case/ and shared/ (cache/ also the token store)',
    applies: (f) => within(f, 'yeastar', 'cache'),
    breaks: (e) =>
      local(e) &&
      !within(e.to, 'use-case', 'shared', e.from.split('/')[0]!) &&
      // The token store's port and its in-process implementation: no PBX wire type in it.
      !(within(e.from, 'cache') && e.to === 'yeastar/token-store.ts'),
  },
  {
    name: 'slack/ and events/ never import yeastar/ or cache/',
    applies: (f) => within(f, 'slack', 'events'),
    breaks: (e) => local(e) && within(e.to, 'yeastar', 'cache'),
  },
  {
    name: 'only cli/ and demo/ import compose/',
    applies: (f) => !within(f, 'cli', 'demo', 'compose'),
    breaks: (e) => local(e) && within(e.to, 'compose'),
  },
  {
    name: 'the product never imports demo/ (the CLI only, dynamically)',
    applies: (f) => !within(f, 'demo'),
    breaks: (e) => local(e) && within(e.to, 'demo') && !(within(e.from, 'cli') && e.dynamic),
  },
  {
    name: 'the PBX simulator and the local Slack import nothing outside their own folder',
    applies: (f) => within(f, 'demo/pbx-simulator', 'demo/local-slack'),
    breaks: (e) => local(e) && !within(e.to, e.from.split('/').slice(0, 2).join('/')),
  },
];

describe('the import graph', () => {
  it('reads the source it governs', () => {
    expect(FILES.length).toBeGreaterThan(100);
    expect(EDGES.filter(local).length).toBeGreaterThan(300);
    // every relative import resolves to a file, so no edge escapes the rules by being misread
    const missing = EDGES.filter((e) => local(e) && !FILES.includes(e.to)).map((e) => `${e.from} → ${e.to}`);
    expect(missing).toEqual([]);
  });

  it('src/ holds folders only', () => {
    expect(readdirSync(SRC).filter((name) => !statSync(join(SRC, name)).isDirectory())).toEqual([]);
  });

  for (const rule of RULES) {
    it(rule.name, () => {
      const broken = EDGES.filter((e) => rule.applies(e.from) && rule.breaks(e)).map(
        (e) => `${e.from} → ${e.to}`,
      );
      expect(broken).toEqual([]);
    });
  }

  it('catches a wrong arrow (the rules are not vacuous)', () => {
    const probe = (from: string, to: string, dynamic = false): string[] =>
      RULES.filter((r) => r.applies(from) && r.breaks({ from, to, dynamic, typeOnly: false })).map(
        (r) => r.name,
      );
    expect(probe('use-case/summaries.ts', 'yeastar/client.ts')).not.toEqual([]);
    expect(probe('render/blocks.ts', 'node:fs')).not.toEqual([]);
    expect(probe('slack/deps.ts', 'cache/index.ts')).not.toEqual([]);
    expect(probe('slack/deps.ts', 'compose/core.ts')).not.toEqual([]);
    expect(probe('demo/pbx-simulator/server.ts', 'shared/log.ts')).not.toEqual([]);
    expect(probe('cli/index.ts', 'demo/index.ts')).not.toEqual([]);
    expect(probe('cli/index.ts', 'demo/index.ts', true)).toEqual([]);
    expect(probe('use-case/model/leg-id.ts', 'use-case/summaries.ts')).not.toEqual([]);
  });
});
