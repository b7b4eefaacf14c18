import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Every relative link in README.md and docs/*.md leads somewhere: the file (or folder) exists in the
 * repository, and an anchor names a heading of the target as GitHub writes its ids. Links to other
 * sites (http:, https:, mailto:) are not followed.
 */

/** What the checker reads: repository-relative paths with `/`, so an in-memory sample can stand in. */
interface Repo {
  exists(path: string): boolean;
  read(path: string): string;
}

/** GitHub's heading id: lower case, every character but letters, marks, digits, `_`, `-` and space dropped, spaces → `-`. */
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{Nd}\p{Nl}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Hands out ids as GitHub does within one page: a repeated id gets -1, -2, … (skipping ids already taken). */
function slugger(): (text: string) => string {
  const taken = new Map<string, number>();
  return (text) => {
    const base = slug(text);
    let id = base;
    while (taken.has(id)) {
      const count = (taken.get(base) ?? 0) + 1;
      taken.set(base, count);
      id = `${base}-${count}`;
    }
    taken.set(id, 0);
    return id;
  };
}

/** The text GitHub shows for a heading's markdown: code spans keep their content, links their text, markup goes. */
function headingText(markdown: string): string {
  return markdown
    .split(/(`+)([\s\S]*?)\1/)
    .map((part, i) => {
      if (i % 3 === 2) return part; // inside a code span
      if (i % 3 === 1) return ''; // the backticks themselves
      return part
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/<[^>]+>/g, '')
        .replace(/\\(.)/g, '$1')
        .replace(/(^|[^\p{L}\p{N}])[*_~]+|[*_~]+(?=[^\p{L}\p{N}]|$)/gu, '$1');
    })
    .join('')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .trim();
}

/** The markdown with fenced code blocks and code spans blanked (same length, same lines). */
function proseOnly(markdown: string): string {
  let fence: string | undefined;
  const lines = markdown.split('\n').map((line) => {
    const opener = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined && opener !== undefined) {
      fence = opener;
      return ' '.repeat(line.length);
    }
    if (fence !== undefined) {
      if (opener !== undefined && opener[0] === fence[0] && opener.length >= fence.length) fence = undefined;
      return ' '.repeat(line.length);
    }
    return line;
  });
  return lines.join('\n').replace(/(`+)[\s\S]*?\1/g, (code) => code.replace(/[^\n]/g, ' '));
}

/** The ids a page's headings get (ATX headings, outside code). */
function anchors(markdown: string): Set<string> {
  const next = slugger();
  const ids = new Set<string>();
  const prose = proseOnly(markdown).split('\n');
  markdown.split('\n').forEach((line, i) => {
    if (prose[i]?.trim() === '' && line.trim() !== '') return; // a line of a fenced block
    const heading = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (heading) ids.add(next(headingText(heading[1] ?? '')));
  });
  return ids;
}

interface Link {
  readonly line: number;
  readonly target: string;
}

/** Every `[text](target)` and `![alt](target)` outside code. */
function links(markdown: string): Link[] {
  const prose = proseOnly(markdown);
  return [...prose.matchAll(/\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => ({
    line: prose.slice(0, match.index).split('\n').length,
    target: match[1] ?? '',
  }));
}

/** What is wrong with each relative link of `file`, as `file:line: target: why`. */
function brokenLinks(repo: Repo, file: string): string[] {
  const problems: string[] = [];
  for (const { line, target } of links(repo.read(file))) {
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(target)) continue; // another site
    const hash = target.indexOf('#');
    const pathPart = decodeURIComponent(hash === -1 ? target : target.slice(0, hash));
    const anchor = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
    const path =
      pathPart === ''
        ? file
        : posix.normalize(
            pathPart.startsWith('/') ? pathPart.slice(1) : posix.join(posix.dirname(file), pathPart),
          );
    const why =
      path === '..' || path.startsWith('../')
        ? 'leads out of the repository'
        : !repo.exists(path.replace(/\/$/, ''))
          ? `${path} does not exist in the repository`
          : anchor === undefined
            ? undefined
            : !path.endsWith('.md')
              ? /^L\d+(-L\d+)?$/.test(anchor)
                ? undefined
                : `#${anchor}: only a markdown file has headings to link to`
              : anchors(repo.read(path)).has(anchor)
                ? undefined
                : `#${anchor} is no heading of ${path}`;
    if (why !== undefined) problems.push(`${file}:${line}: ${target}: ${why}`);
  }
  return problems;
}

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Ignored by .gitignore: present in a checkout, yet not in the repository. */
const ignored = readFileSync(join(root, '.gitignore'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'))
  .map((pattern) => {
    const name = pattern.replace(/^\/|\/$/g, '').replace(/[.+^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`^${name.replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
  });

const checkout: Repo = {
  exists: (path) =>
    existsSync(join(root, path)) && !path.split('/').some((part) => ignored.some((re) => re.test(part))),
  read: (path) => readFileSync(join(root, path), 'utf8'),
};

const documents = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];

describe('the slugger', () => {
  it('writes ids as GitHub does for headings with punctuation, code and other scripts', () => {
    const cases: [string, string][] = [
      ['Setting up the Slack app', 'setting-up-the-slack-app'],
      ['`callsummary get` — one lookup (v2.0)', 'callsummary-get--one-lookup-v20'],
      ["What's new? C++ & Node.js", 'whats-new-c--nodejs'],
      ['Internal calls: one message per side', 'internal-calls-one-message-per-side'],
      ['`YEASTAR_WEBSOCKET=true` and **Notify me**', 'yeastar_websockettrue-and-notify-me'],
      ['See [the demo](docs/demo.md)', 'see-the-demo'],
      ['Über die Größe', 'über-die-größe'],
    ];
    for (const [heading, id] of cases) expect(slug(headingText(heading))).toBe(id);
  });

  it('numbers repeated headings -1, -2, skipping an id already taken', () => {
    expect([...anchors('# Notes\n## Notes\n### Notes\n')]).toEqual(['notes', 'notes-1', 'notes-2']);
    expect([...anchors('# A\n# A-1\n# A\n')]).toEqual(['a', 'a-1', 'a-2']);
  });

  it('takes no heading from a fenced block', () => {
    expect([...anchors('# Run\n\n```sh\n# not a heading\n```\n\n  ```yaml\n  # nor this\n  ```\n')]).toEqual([
      'run',
    ]);
  });
});

describe('the link checker', () => {
  const sample: Record<string, string> = {
    'README.md': [
      '# Intro',
      'See [setup](docs/setup.md), [its PBX part](docs/setup.md#the-pbx-1) and [above](#intro).',
      'A [missing doc](docs/missing.md), a [wrong anchor](docs/setup.md#the-pbx-2),',
      'an [anchor here](#nowhere), an [old path](src/app.ts) and ![a picture](docs/demo.png).',
      '`[in code](nowhere.md)` and [the web](https://example.com/x#y) are not checked.',
      '```',
      '[in a block](nowhere.md)',
      '```',
    ].join('\n'),
    'docs/setup.md':
      '# Setup\n## The PBX\n## The PBX\nBack to [the README](../README.md#intro), out [of it](../../x.md).',
    'docs/demo.png': '',
  };
  const memory: Repo = {
    exists: (path) => path in sample,
    read: (path) => sample[path] ?? '',
  };

  it('finds every broken link of a sample, and only those', () => {
    expect(brokenLinks(memory, 'README.md')).toEqual([
      'README.md:3: docs/missing.md: docs/missing.md does not exist in the repository',
      'README.md:3: docs/setup.md#the-pbx-2: #the-pbx-2 is no heading of docs/setup.md',
      'README.md:4: #nowhere: #nowhere is no heading of README.md',
      'README.md:4: src/app.ts: src/app.ts does not exist in the repository',
    ]);
    expect(brokenLinks(memory, 'docs/setup.md')).toEqual([
      'docs/setup.md:4: ../../x.md: leads out of the repository',
    ]);
  });

  it('treats what .gitignore leaves out as absent', () => {
    expect(checkout.exists('package.json')).toBe(true);
    expect(checkout.exists('node_modules/vitest/package.json')).toBe(false);
    expect(checkout.exists('dist')).toBe(false);
  });
});

describe('README.md and docs/*.md', () => {
  it('are the documents expected, with links to check', () => {
    expect(documents).toContain('docs/configuration.md');
    expect(links(checkout.read('README.md')).length).toBeGreaterThan(10);
  });

  it.each(documents)('%s: every relative link leads to a file and heading that exist', (file) => {
    expect(brokenLinks(checkout, file)).toEqual([]);
  });
});
