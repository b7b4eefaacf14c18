import { convert } from 'html-to-text';
import { cleanText, parseSummaryHtml } from './model.js';
import { inlinesText } from './text.js';

/*
 * Apart from the Block Kit renderer because only `callsummary get` prints plain text: html-to-text
 * (and what it loads) then stays out of `callsummary render` and the bot's start.
 */

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
