import { Parser } from 'htmlparser2';
import { assertNever } from '../shared/assert-never.js';
import { BLOCKS, CELL_SEPARATOR, CELLS, DROPPED, HEADINGS, LISTS, STYLE_TAGS } from './html-tags.js';
import { pushNewline, sameStyle, trimInlines, trimPreformatted } from './inlines.js';
import { linkInlines, safeUrl, UNPRINTABLE } from './links.js';

/**
 * (Over 300 lines: `parseSummaryHtml` is one streaming parser whose handlers share one document
 * state; split apart, that state would have to travel between files.)
 *
 * The small intermediate model between the PBX's model-written HTML and Block Kit: a flat sequence of
 * lines (headings, paragraphs, quotes, preformatted text, list items with their nesting level), each
 * a run of styled inlines. Flat, because Slack's rich_text lists cannot nest either (nesting is an
 * `indent`).
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
  /** A paragraph of a `<blockquote>`; `quote` tells one blockquote from the next. */
  | { readonly kind: 'quote'; readonly inlines: readonly Inline[]; readonly quote: number }
  /** A `<pre>`: its spacing and line breaks are kept in the text. */
  | { readonly kind: 'preformatted'; readonly inlines: readonly Inline[] }
  | {
      readonly kind: 'item';
      readonly inlines: readonly Inline[];
      /** 0 for a top-level item, up to 8. */
      readonly indent: number;
      readonly ordered: boolean;
      /** Identifies the HTML list the item came from, so a list interrupted by a sub-list keeps its numbering. */
      readonly list: number;
      /** Position of the item in its list, from 0 (from `start - 1` for `<ol start>`). */
      readonly index: number;
    }
  /** Text after a sub-list, still inside the parent item: more of that item, not a new one. */
  | { readonly kind: 'continuation'; readonly inlines: readonly Inline[]; readonly indent: number }
  /** A heading's list that had no items: shown as "(none)" rather than silently nothing. */
  | { readonly kind: 'empty' };

export interface SummaryModel {
  readonly lines: readonly Line[];
  /** True when the document was longer than the collection limit and its rest was not read. */
  readonly overflow: boolean;
}

const MAX_INDENT = 8;
const PARSE_SLICE = 8192;

export function cleanText(text: string): string {
  return text.replace(UNPRINTABLE, '');
}

/** `start="5"` → 4 (the index of the first item); anything but a positive number → 0. */
function firstIndex(value: string | undefined): number | undefined {
  const match = /^\s*(\d{1,6})\s*$/.exec(value ?? '');
  const n = match ? Number(match[1]) : 0;
  return n >= 1 ? n - 1 : undefined;
}

type OpenKind = 'heading' | 'paragraph' | 'item' | 'continuation';

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
  /** Open blockquotes that quote (one inside a list item is only a line break): their ids. */
  const quotes: number[] = [];
  const quoteOpens: boolean[] = [];
  let nextQuoteId = 0;
  /** Cells seen so far in the current row of each open table. */
  const tableRows: number[] = [];
  /** Open `<a>`s: where their text starts in `current` (undefined for a link that stays text). */
  const links: ({ url: string; start: number; style: InlineStyle } | undefined)[] = [];

  let current: Inline[] = [];
  let currentKind: OpenKind = 'paragraph';
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
  const inItem = () => liDepth > 0 && (currentKind === 'item' || currentKind === 'continuation');
  /** Text never merges into an inline from before the innermost open link: the link takes its own text. */
  const mergeFloor = () => {
    for (let i = links.length - 1; i >= 0; i--) {
      const link = links[i];
      if (link) return link.start;
    }
    return 0;
  };

  const push = (text: string, s: InlineStyle) => {
    if (collected + text.length > maxCharacters) {
      text = text.slice(0, Math.max(0, maxCharacters - collected));
      overflow = true;
    }
    if (text === '') return;
    collected += text.length;
    const last = current.length > mergeFloor() ? current[current.length - 1] : undefined;
    if (last && last.kind === 'text' && sameStyle(last.style, s)) {
      current[current.length - 1] = { kind: 'text', text: last.text + text, style: s };
    } else {
      current.push({ kind: 'text', text, style: s });
    }
  };

  const pushText = (raw: string) => {
    if (overflow) return;
    let text = cleanText(raw);
    if (preDepth === 0) {
      text = text.replace(/\s+/g, ' ');
      const atStart = current.length === 0 || /[ \n]$/.test(current[current.length - 1]!.text);
      if (atStart) text = text.replace(/^ +/, '');
    }
    push(text, style());
  };

  const flush = () => {
    const kind = currentKind === 'paragraph' && preDepth > 0 ? 'preformatted' : currentKind;
    const inlines = kind === 'preformatted' ? trimPreformatted(current) : trimInlines(current);
    current = [];
    // A link still open continues on the next line: its text starts there.
    for (const link of links) if (link) link.start = 0;
    if (inlines.length === 0) return;
    lastParagraph = -1;
    switch (kind) {
      case 'item':
        lines.push({ kind: 'item', inlines, ...itemInfo });
        if (lists.length > 0) topListItems++;
        break;
      case 'continuation':
        lines.push({ kind: 'continuation', inlines, indent: itemInfo.indent });
        break;
      case 'heading':
        lines.push({ kind: 'heading', inlines });
        break;
      case 'preformatted':
        lines.push({ kind: 'preformatted', inlines });
        break;
      case 'paragraph': {
        const quote = quotes[quotes.length - 1];
        if (quote !== undefined) {
          lines.push({ kind: 'quote', inlines, quote });
        } else {
          lines.push({ kind: 'paragraph', inlines });
          if (liDepth === 0 && lists.length === 0 && tableRows.length === 0) lastParagraph = lines.length - 1;
        }
        break;
      }
      default:
        assertNever(kind, 'line kind');
    }
  };

  const startItem = (value: number | undefined) => {
    flush();
    const list = lists[lists.length - 1];
    currentKind = 'item';
    if (list) {
      if (value !== undefined && list.ordered) list.count = value;
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
        if (CELLS.has(name)) {
          const row = tableRows.length - 1;
          if (row >= 0) {
            if (tableRows[row]! > 0) push(CELL_SEPARATOR, {});
            tableRows[row]!++;
          }
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
          links.push(url === undefined ? undefined : { url, start: current.length, style: style() });
          return;
        }
        if (LISTS.has(name)) {
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
          const ordered = name === 'ol';
          lists.push({ ordered, id: nextListId++, count: (ordered && firstIndex(attribs.start)) || 0 });
          currentKind = 'paragraph';
          return;
        }
        if (name === 'li') {
          liDepth++;
          startItem(firstIndex(attribs.value));
          return;
        }
        if (HEADINGS.has(name)) {
          flush();
          headingDepth++;
          currentKind = 'heading';
          return;
        }
        if (BLOCKS.has(name)) {
          // Inside an item a paragraph is a line break, not a new item.
          if (inItem()) {
            if (current.length > 0) pushNewline(current);
          } else {
            flush();
            if (headingDepth === 0) currentKind = 'paragraph';
          }
        }
        if (name === 'pre') preDepth++;
        if (name === 'blockquote') {
          quoteOpens.push(!inItem());
          if (!inItem()) quotes.push(nextQuoteId++);
        }
        if (name === 'table') tableRows.push(0);
        if (name === 'tr' && tableRows.length > 0) tableRows[tableRows.length - 1] = 0;
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
          if (link) current.push(...linkInlines(current.splice(link.start), link.url, link.style));
          return;
        }
        if (LISTS.has(name)) {
          flush();
          lists.pop();
          if (lists.length === 0 && topListItems === 0) {
            const previous = lines[lines.length - 1];
            if (previous?.kind === 'heading') lines.push({ kind: 'empty' });
          }
          // Text after a sub-list, still inside the parent item, continues that item.
          const parent = lists[lists.length - 1];
          if (parent && liDepth > 0) {
            currentKind = 'continuation';
            itemInfo = { ...itemInfo, indent: Math.min(MAX_INDENT, lists.length - 1) };
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
        if (BLOCKS.has(name) && !inItem()) flush();
        if (name === 'pre') preDepth = Math.max(0, preDepth - 1);
        if (name === 'blockquote' && quoteOpens.pop()) quotes.pop();
        if (name === 'table') tableRows.pop();
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
