import { convert } from 'html-to-text';
import type { CallSummary } from '../call-summary.js';
import { cleanText, type Inline, parseSummaryHtml } from './model.js';

/**
 * Escapes the three characters mrkdwn treats as control characters. Give it text that is already
 * decoded (entities turned into characters): escaping then happens exactly once.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The whole summary as plain text for a terminal, via html-to-text; control characters removed. */
export function summaryToPlainText(html: string): string {
  let text: string;
  try {
    text = convertToText(html);
  } catch {
    // html-to-text walks the tree recursively; should some input still defeat its depth limit,
    // the model's own lines are a faithful enough terminal rendering.
    text = parseSummaryHtml(html)
      .lines.map((line) => (line.kind === 'empty' ? '(none)' : inlinesText(line.inlines)))
      .join('\n');
  }
  return cleanText(text).trim();
}

function convertToText(html: string): string {
  return convert(html, {
    wordwrap: 100,
    // Deeper trees are flattened (their text kept) instead of overflowing the stack.
    limits: { maxDepth: 256 },
    selectors: [
      // The address in parentheses after the text, as the blocks and the fallback text show it.
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true, linkBrackets: ['(', ')'] } },
      { selector: 'img', format: 'skip' },
      { selector: 'iframe', format: 'skip' },
      { selector: 'object', format: 'skip' },
      { selector: 'p', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
      { selector: 'ul', options: { itemPrefix: ' • ' } },
      // Cells in columns: the default table format runs them together ("cellAcellB").
      { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    ],
  });
}

const FALLBACK_POINT = 200;

/** Who the summary is about, e.g. `Leo Ball (3202)`; plain, unescaped. */
export function whoOf(summary: Pick<CallSummary, 'name' | 'extNum'>): string {
  const name = cleanText(summary.name).replace(/\s+/g, ' ').trim();
  const ext = cleanText(summary.extNum).replace(/\s+/g, ' ').trim();
  if (name !== '' && ext !== '') return `${name} (${ext})`;
  if (name !== '') return name;
  if (ext !== '') return `extension ${ext}`;
  return 'unknown extension';
}

/**
 * The short notification text (top-level `text`, read by mobile notifications and screen readers):
 * who, which side, and the first point of the summary. Escaped for mrkdwn, since Slack parses `text`.
 */
export function fallbackText(summary: CallSummary, options: { unattributed?: boolean } = {}): string {
  const model = parseSummaryHtml(summary.html, 2000);
  const firstItem = model.lines.find((line) => line.kind === 'item');
  const firstText =
    firstItem ?? model.lines.find((line) => line.kind === 'paragraph' || line.kind === 'heading');
  const point = firstText ? inlinesText(firstText.inlines).replace(/\s+/g, ' ').trim() : '';
  const head = options.unattributed
    ? 'Call summary'
    : `Call summary for ${shorten(whoOf(summary), 100)}, ${summary.side}`;
  return escapeMrkdwn(point === '' ? head : `${head}: ${shorten(point, FALLBACK_POINT)}`);
}

export function inlinesText(inlines: readonly Inline[]): string {
  return inlines.map((inline) => inline.text).join('');
}

/** Cuts to at most `max` characters (code points kept whole), ending with "…" when cut. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  // Do not leave half a surrogate pair behind.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.replace(/\s+$/, '')}…`;
}

/**
 * `shorten` for mrkdwn: the cut never leaves half a `<…>` sequence (a date, a mention the caller
 * meant) or half an entity (`&am`) behind; they go whole.
 */
export function shortenMrkdwn(text: string, max: number): string {
  const cut = shorten(text, max);
  if (cut === text) return text;
  let body = cut.slice(0, -1);
  const open = body.lastIndexOf('<');
  if (open > body.lastIndexOf('>')) body = body.slice(0, open);
  body = body.replace(/&[#\w]*$/, '');
  return `${body.replace(/\s+$/, '')}…`;
}
