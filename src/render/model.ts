import { Parser } from 'htmlparser2';

/**
 * The small intermediate model between the PBX's model-written HTML and Block Kit: a flat sequence of
 * lines (headings, paragraphs, list items with their nesting level), each a run of styled inlines.
 * Flat, because Slack's rich_text lists cannot nest either (nesting is an `indent`).
 */
export interface InlineStyle {
  readonly bold?: true;
  readonly italic?: true;
  readonly strike?: true;
  readonly code?: true;
}

export type Inline =
  | { readonly kind: 'text'; readonly text: string; readonly style: InlineStyle }
  | { readonly kind: 'link'; readonly text: string; readonly url: string; readonly style: InlineStyle };

export type Line =
  | { readonly kind: 'heading'; readonly inlines: readonly Inline[] }
  | { readonly kind: 'paragraph'; readonly inlines: readonly Inline[] }
  | {
      readonly kind: 'item';
      readonly inlines: readonly Inline[];
      /** 0 for a top-level item, up to 8. */
      readonly indent: number;
      readonly ordered: boolean;
      /** Identifies the HTML list the item came from, so a list interrupted by a sub-list keeps its numbering. */
      readonly list: number;
      /** Position of the item in its list, from 0. */
      readonly index: number;
    }
  /** A heading's list that had no items: shown as "(none)" rather than silently nothing. */
  | { readonly kind: 'empty' };

export interface SummaryModel {
  readonly lines: readonly Line[];
  /** True when the document was longer than the collection limit and its rest was not read. */
  readonly overflow: boolean;
}

/** Elements whose content is never shown. */
const DROPPED = new Set([
  'script',
  'style',
  'iframe',
  'object',
  'noscript',
  'template',
  'head',
  'svg',
  'math',
]);
/** Elements that start a new line. */
const BLOCKS = new Set([
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'aside',
  'blockquote',
  'pre',
  'table',
  'tr',
  'dl',
  'dt',
  'dd',
  'hr',
  'form',
  'fieldset',
  'figure',
  'figcaption',
  'address',
  'body',
  'html',
]);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const STYLE_TAGS: Readonly<Record<string, keyof InlineStyle>> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  cite: 'italic',
  s: 'strike',
  strike: 'strike',
  del: 'strike',
  code: 'code',
  tt: 'code',
  kbd: 'code',
  samp: 'code',
};
const SAFE_SCHEMES = /^(?:https?:\/\/|mailto:)/i;
// C0/C1 controls except tab and newline, lone surrogates' stand-in and other invisibles that make
// binary garbage unreadable or let text masquerade (bidi overrides).
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const UNPRINTABLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const MAX_INDENT = 8;
const MAX_URL = 3000;
const PARSE_SLICE = 8192;

/** Only http, https and mailto links survive; anything else (javascript:, slack:, data:, relative) is text. */
export function safeUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const url = raw.replace(UNPRINTABLE, '').trim();
  if (!SAFE_SCHEMES.test(url) || url.length > MAX_URL || /\s/.test(url)) return undefined;
  return url;
}

export function cleanText(text: string): string {
  return text.replace(UNPRINTABLE, '');
}

/**
 * Parses summary HTML into the model. Never throws; stops collecting once `maxCharacters` of text
 * have been read (the rest could not be shown anyway) and reports that through `overflow`.
 */
export function parseSummaryHtml(html: string, maxCharacters = Number.POSITIVE_INFINITY): SummaryModel {
  const lines: Line[] = [];
  let collected = 0;
  let overflow = false;

  let dropDepth = 0;
  const styleDepth: Record<keyof InlineStyle, number> = { bold: 0, italic: 0, strike: 0, code: 0 };
  const lists: { ordered: boolean; id: number; count: number }[] = [];
  let nextListId = 0;
  let liDepth = 0;
  let preDepth = 0;
  const links: ({ url: string; start: number } | undefined)[] = [];

  let current: Inline[] = [];
  let currentKind: 'heading' | 'paragraph' | 'item' = 'paragraph';
  let headingDepth = 0;
  let itemInfo = { indent: 0, ordered: false, list: -1, index: 0 };
  /** The lines index of the last top-level paragraph, while nothing followed it (may become a heading). */
  let lastParagraph = -1;
  /** For the outermost open list: whether it produced any item. */
  let topListItems = 0;

  const style = (): InlineStyle => {
    const s: { bold?: true; italic?: true; strike?: true; code?: true } = {};
    if (styleDepth.bold > 0 || headingDepth > 0) s.bold = true;
    if (styleDepth.italic > 0) s.italic = true;
    if (styleDepth.strike > 0) s.strike = true;
    if (styleDepth.code > 0) s.code = true;
    return s;
  };

  const pushText = (raw: string) => {
    if (overflow) return;
    let text = cleanText(raw);
    if (preDepth === 0) text = text.replace(/\s+/g, ' ');
    if (text === '') return;
    const atStart = current.length === 0 || /[ \n]$/.test(current[current.length - 1]!.text);
    if (atStart) text = text.replace(/^ +/, '');
    if (text === '') return;
    if (collected + text.length > maxCharacters) {
      text = text.slice(0, Math.max(0, maxCharacters - collected));
      overflow = true;
    }
    collected += text.length;
    const s = style();
    const last = current[current.length - 1];
    if (last && last.kind === 'text' && sameStyle(last.style, s)) {
      current[current.length - 1] = { kind: 'text', text: last.text + text, style: s };
    } else {
      current.push({ kind: 'text', text, style: s });
    }
  };

  const flush = () => {
    const inlines = trimInlines(current);
    current = [];
    if (inlines.length === 0) return;
    if (currentKind === 'item') {
      lines.push({ kind: 'item', inlines, ...itemInfo });
      lastParagraph = -1;
    } else if (currentKind === 'heading') {
      lines.push({ kind: 'heading', inlines });
      lastParagraph = -1;
    } else {
      lines.push({ kind: 'paragraph', inlines });
      lastParagraph = liDepth === 0 && lists.length === 0 ? lines.length - 1 : -1;
    }
    if (lists.length > 0 && currentKind === 'item') topListItems++;
  };

  const startItem = () => {
    flush();
    const list = lists[lists.length - 1];
    currentKind = 'item';
    if (list) {
      itemInfo = {
        indent: Math.min(MAX_INDENT, lists.length - 1),
        ordered: list.ordered,
        list: list.id,
        index: list.count++,
      };
    } else {
      // A stray <li> outside any list: a bullet of its own.
      itemInfo = { indent: 0, ordered: false, list: nextListId++, index: 0 };
    }
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (dropDepth > 0 || DROPPED.has(name)) {
          dropDepth++;
          return;
        }
        const styleKey = STYLE_TAGS[name];
        if (styleKey) {
          styleDepth[styleKey]++;
          return;
        }
        if (name === 'br') {
          if (current.length > 0) pushNewline(current);
          return;
        }
        if (name === 'a') {
          const url = safeUrl(attribs.href);
          links.push(url === undefined ? undefined : { url, start: current.length });
          return;
        }
        if (name === 'ul' || name === 'ol' || name === 'menu') {
          flush();
          if (lists.length === 0) {
            // A paragraph directly followed by a list is that list's heading (the PBX's usual shape).
            if (lastParagraph >= 0 && lastParagraph === lines.length - 1) {
              const paragraph = lines[lastParagraph]!;
              if (paragraph.kind === 'paragraph')
                lines[lastParagraph] = { kind: 'heading', inlines: paragraph.inlines };
            }
            topListItems = 0;
          }
          lists.push({ ordered: name === 'ol', id: nextListId++, count: 0 });
          currentKind = 'paragraph';
          return;
        }
        if (name === 'li') {
          liDepth++;
          startItem();
          return;
        }
        if (HEADINGS.has(name)) {
          flush();
          headingDepth++;
          currentKind = 'heading';
          return;
        }
        if (name === 'pre') preDepth++;
        if (BLOCKS.has(name)) {
          // Inside an item a paragraph is a line break, not a new item.
          if (liDepth > 0 && currentKind === 'item') {
            if (current.length > 0) pushNewline(current);
          } else {
            flush();
            if (headingDepth === 0) currentKind = 'paragraph';
          }
        }
        // Unknown tags: ignored, their text kept.
      },
      ontext(text) {
        if (dropDepth === 0) pushText(text);
      },
      onclosetag(name) {
        if (dropDepth > 0) {
          dropDepth--;
          return;
        }
        const styleKey = STYLE_TAGS[name];
        if (styleKey) {
          styleDepth[styleKey] = Math.max(0, styleDepth[styleKey] - 1);
          return;
        }
        if (name === 'a') {
          const link = links.pop();
          if (link) wrapLink(current, link.start, link.url);
          return;
        }
        if (name === 'ul' || name === 'ol' || name === 'menu') {
          flush();
          lists.pop();
          if (lists.length === 0 && topListItems === 0) {
            const previous = lines[lines.length - 1];
            if (previous?.kind === 'heading') lines.push({ kind: 'empty' });
          }
          // Text after a sub-list, still inside the parent item, continues as the parent's level.
          const parent = lists[lists.length - 1];
          if (parent && liDepth > 0) {
            currentKind = 'item';
            itemInfo = {
              indent: Math.min(MAX_INDENT, lists.length - 1),
              ordered: parent.ordered,
              list: parent.id,
              index: parent.count - 1,
            };
          } else {
            currentKind = 'paragraph';
          }
          return;
        }
        if (name === 'li') {
          flush();
          liDepth = Math.max(0, liDepth - 1);
          currentKind = 'paragraph';
          return;
        }
        if (HEADINGS.has(name)) {
          flush();
          headingDepth = Math.max(0, headingDepth - 1);
          currentKind = 'paragraph';
          return;
        }
        if (name === 'pre') preDepth = Math.max(0, preDepth - 1);
        if (BLOCKS.has(name) && !(liDepth > 0 && currentKind === 'item')) flush();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  // Fed in slices so that reading stops once enough text is collected: a 1 MB document costs only
  // what can be shown.
  for (let at = 0; at < html.length && !overflow; at += PARSE_SLICE)
    parser.write(html.slice(at, at + PARSE_SLICE));
  parser.end();
  flush();
  return { lines, overflow };
}

function pushNewline(inlines: Inline[]) {
  const last = inlines[inlines.length - 1];
  if (last && /\n$/.test(last.text)) return;
  if (last) inlines[inlines.length - 1] = { ...last, text: `${last.text.replace(/ +$/, '')}\n` };
}

/** Turns the inlines added since `start` into a link when the text says where it goes; see `linkInlines`. */
function wrapLink(inlines: Inline[], start: number, url: string) {
  const taken = inlines.splice(start);
  const text = taken.map((inline) => inline.text).join('');
  const first = taken[0];
  const style = first?.style ?? {};
  inlines.push(...linkInlines(text, url, style));
}

/**
 * A link whose text is not its own address would let model-written text disguise where it goes
 * ("bank" → evil.example). So the address is always what is shown: the text stays as plain text,
 * followed by the link showing its URL.
 */
export function linkInlines(text: string, url: string, style: InlineStyle): Inline[] {
  const shown = text.trim();
  const bare = url.replace(/^mailto:/i, '');
  if (shown === '' || shown === url || shown === bare || `${shown}/` === url) {
    return [{ kind: 'link', text: url.length > 200 ? bare.slice(0, 200) : bare, url, style }];
  }
  return [
    { kind: 'text', text: `${text.replace(/\s+$/, '')} (`, style },
    { kind: 'link', text: bare, url, style },
    { kind: 'text', text: ') ', style },
  ];
}

function sameStyle(a: InlineStyle, b: InlineStyle): boolean {
  return a.bold === b.bold && a.italic === b.italic && a.strike === b.strike && a.code === b.code;
}

/** Drops leading/trailing whitespace of a line and empty inlines. */
function trimInlines(inlines: readonly Inline[]): Inline[] {
  const out = inlines.map((inline) => ({ ...inline }));
  while (out.length > 0) {
    const first = out[0]!;
    first.text = first.kind === 'text' ? first.text.replace(/^\s+/, '') : first.text;
    if (first.text === '') out.shift();
    else break;
  }
  while (out.length > 0) {
    const last = out[out.length - 1]!;
    last.text = last.kind === 'text' ? last.text.replace(/\s+$/, '') : last.text;
    if (last.text === '') out.pop();
    else break;
  }
  return out;
}
