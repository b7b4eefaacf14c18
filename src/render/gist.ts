import { parseSummaryHtml } from './model.js';
import { inlinesText, shorten } from './text.js';

/** How much of a summary's first point a one-line list entry shows. */
const GIST_MAX_CHARACTERS = 120;

/**
 * A summary's first point as plain text (unescaped: the caller escapes for its surface), for one line
 * of a call list: the first list item, else the first paragraph; '' for an empty summary.
 */
export function summaryGist(html: string, max = GIST_MAX_CHARACTERS): string {
  if (html.trim() === '') return '';
  const model = parseSummaryHtml(html, 2000);
  const line = model.lines.find((l) => l.kind === 'item') ?? model.lines.find((l) => l.kind === 'paragraph');
  if (!line) return '';
  return shorten(inlinesText(line.inlines).replace(/\s+/g, ' ').trim(), max);
}
