import { append, type Child, h, link } from './dom.js';
import { withEmoji } from './emoji.js';

/**
 * Slack's mrkdwn drawn as DOM (https://docs.slack.dev/messaging/formatting-message-text):
 * `*bold*`, `_italic_`, `~strike~`, `` `code` ``, ```` ``` ```` blocks, `>` quotes, `<url|label>` links,
 * `<@U…>`/`<#C…>`/`<!here>` mentions, `<!date^…|fallback>`, and the three escaped entities. Text is
 * only ever text: the result is built from elements and text nodes.
 */

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&' };

/** Display names of the workspace's people, so `<@U…>` reads as Slack shows it. */
const userNames = new Map<string, string>();
export function setUserNames(names: Readonly<Record<string, string>>): void {
  userNames.clear();
  for (const [id, name] of Object.entries(names)) userNames.set(id, name);
}

export function decodeEntities(text: string): string {
  return text.replace(/&(?:lt|gt|amp);/g, (e) => ENTITIES[e] ?? e);
}

export function mrkdwn(text: string): HTMLElement {
  const root = h('span', { class: 'mrkdwn' });
  const lines = text.split('\n');
  let i = 0;
  let first = true;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.startsWith('```')) {
      const body: string[] = [];
      let current = line.slice(3);
      for (;;) {
        const closes = current.endsWith('```');
        body.push(closes ? current.slice(0, -3) : current);
        i += 1;
        if (closes || i >= lines.length) break;
        current = lines[i]!;
      }
      append(root, h('pre', {}, decodeEntities(body.join('\n'))));
      first = true;
      continue;
    }
    if (/^(?:&gt;|>)\s?/.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && /^(?:&gt;|>)\s?/.test(lines[i]!)) {
        quoted.push(lines[i]!.replace(/^(?:&gt;|>)\s?/, ''));
        i += 1;
      }
      append(root, h('blockquote', {}, ...inlineLines(quoted)));
      first = true;
      continue;
    }
    if (!first) append(root, h('br'));
    append(root, ...inline(line));
    first = false;
    i += 1;
  }
  return root;
}

function inlineLines(lines: readonly string[]): Child[] {
  return lines.flatMap((line, index) => (index === 0 ? inline(line) : [h('br'), ...inline(line)]));
}

/** One line: control sequences `<…>` first, then styles within the text between them. */
export function inline(line: string): Child[] {
  const out: Child[] = [];
  let last = 0;
  for (const match of line.matchAll(/<([^<>]+)>/g)) {
    out.push(...styled(line.slice(last, match.index)));
    out.push(controlSequence(match[1]!));
    last = match.index + match[0].length;
  }
  out.push(...styled(line.slice(last)));
  return out;
}

function controlSequence(inner: string): Child {
  const [target = '', label] = splitLabel(inner);
  if (target.startsWith('@')) {
    return h('span', { class: 'mention' }, `@${label ?? userNames.get(target.slice(1)) ?? target.slice(1)}`);
  }
  if (target.startsWith('#')) return h('span', { class: 'mention' }, `#${label ?? target.slice(1)}`);
  if (target.startsWith('!date^')) return dateText(target, label);
  if (target.startsWith('!subteam^')) return h('span', { class: 'mention' }, `@${label ?? 'group'}`);
  if (target.startsWith('!')) return h('span', { class: 'mention' }, `@${target.slice(1)}`);
  return link(decodeEntities(target), ...(label !== undefined ? styled(label) : [decodeEntities(target)]));
}

function splitLabel(inner: string): [string, string | undefined] {
  const bar = inner.indexOf('|');
  return bar < 0 ? [inner, undefined] : [inner.slice(0, bar), inner.slice(bar + 1)];
}

/** `<!date^1778464819^{date_short_pretty} at {time}|fallback>` in the viewer's time zone. */
function dateText(target: string, fallback: string | undefined): Child {
  const [, seconds = '', format = ''] = target.split('^');
  const when = new Date(Number(seconds) * 1000);
  if (!/^\d+$/.test(seconds) || Number.isNaN(when.getTime())) return decodeEntities(fallback ?? '');
  const formats: Record<string, Intl.DateTimeFormatOptions> = {
    date_num: { year: 'numeric', month: '2-digit', day: '2-digit' },
    date: { year: 'numeric', month: 'long', day: 'numeric' },
    date_short: { year: 'numeric', month: 'short', day: 'numeric' },
    date_long: { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' },
    date_pretty: { year: 'numeric', month: 'long', day: 'numeric' },
    date_short_pretty: { year: 'numeric', month: 'short', day: 'numeric' },
    date_long_pretty: { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' },
    time: { hour: 'numeric', minute: '2-digit' },
    time_secs: { hour: 'numeric', minute: '2-digit', second: '2-digit' },
  };
  let unknown = false;
  const text = format.replace(/\{(\w+)\}/g, (_token, name: string) => {
    const options = formats[name];
    if (options) return when.toLocaleString(undefined, options);
    if (name === 'ago') return agoText(when);
    unknown = true;
    return '';
  });
  const shown =
    unknown || text.trim() === '' ? decodeEntities(fallback ?? when.toLocaleString()) : decodeEntities(text);
  return h('time', { title: decodeEntities(fallback ?? '') }, shown);
}

function agoText(when: Date): string {
  const minutes = Math.round((Date.now() - when.getTime()) / 60_000);
  if (Math.abs(minutes) < 60) return `${minutes} minutes ago`;
  const hours = Math.round(minutes / 60);
  return Math.abs(hours) < 48 ? `${hours} hours ago` : `${Math.round(hours / 24)} days ago`;
}

/** `*b*`, `_i_`, `~s~`, `` `c` `` — markers must hug their text, as Slack's do. */
function styled(text: string): Child[] {
  return styledRuns(text).map((child) => (typeof child === 'string' ? withEmoji(child) : child));
}

function styledRuns(text: string): Child[] {
  const out: Child[] = [];
  const pattern =
    /`([^`]+)`|\*([^*\s](?:[^*]*[^*\s])?)\*|(?<![\w])_([^_\s](?:[^_]*[^_\s])?)_(?![\w])|~([^~\s](?:[^~]*[^~\s])?)~/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) out.push(decodeEntities(text.slice(last, match.index)));
    const [, code, bold, italic, strike] = match;
    if (code !== undefined) out.push(h('code', {}, decodeEntities(code)));
    else if (bold !== undefined) out.push(h('b', {}, ...styled(bold)));
    else if (italic !== undefined) out.push(h('i', {}, ...styled(italic)));
    else if (strike !== undefined) out.push(h('s', {}, ...styled(strike)));
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push(decodeEntities(text.slice(last)));
  return out;
}
