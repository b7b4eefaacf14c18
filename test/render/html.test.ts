import { describe, expect, it } from 'vitest';
import {
  fallbackText,
  renderSummary,
  renderSummaryBlocks,
  richTextBlock,
  richTextList,
  richTextPreformatted,
  richTextQuote,
  richTextSection,
  validateMessage,
} from '../../src/render/index.js';
import { summaryToPlainText } from '../../src/render/plain-text.js';
import { ENGLISH } from '../../src/shared/i18n/index.js';
import type { CallSummary } from '../../src/use-case/model/call-summary.js';
import { callSummary } from '../helpers/call-summary.js';

function summaryOf(html: string): CallSummary {
  return callSummary({
    side: 'caller',
    html,
    name: 'Ann',
    extNum: '1001',
    id: null,
    createdAt: null,
    updatedAt: null,
  });
}

const plain = (text: string) => ({ type: 'text' as const, text });
const bold = (text: string) => ({ type: 'text' as const, text, style: { bold: true } });
const nl = plain('\n');
const item = (text: string) => richTextSection([plain(text)]);

/** The content blocks of a rendering (without the header and context line), checked by the validator. */
function contentOf(html: string) {
  const rendered = renderSummary(summaryOf(html), { words: ENGLISH });
  expect(validateMessage(rendered)).toEqual([]);
  return rendered.blocks.slice(2);
}

describe('ordered lists that do not start at 1', () => {
  it('<ol start="5"> numbers from 5 (rich_text_list offset 4)', () => {
    expect(contentOf('<ol start="5"><li>five</li><li>six</li></ol>')).toEqual([
      richTextBlock([richTextList('ordered', [item('five'), item('six')], 0, 4)]),
    ]);
    expect(summaryToPlainText('<ol start="5"><li>five</li><li>six</li></ol>')).toMatch(
      /^5\. five\n +6\. six$/,
    );
  });

  it('keeps the start across a sub-list, and honours <li value>', () => {
    expect(contentOf('<ol start="3"><li>a<ul><li>sub</li></ul></li><li>b</li></ol>')).toEqual([
      richTextBlock([
        richTextList('ordered', [item('a')], 0, 2),
        richTextList('bullet', [item('sub')], 1),
        richTextList('ordered', [item('b')], 0, 3),
      ]),
    ]);
    expect(contentOf('<ol><li>one</li><li value="7">seven</li><li>eight</li></ol>')).toEqual([
      richTextBlock([
        richTextList('ordered', [item('one')]),
        richTextList('ordered', [item('seven'), item('eight')], 0, 6),
      ]),
    ]);
  });

  it('ignores a start that is not a positive number', () => {
    for (const start of ['0', '-3', 'x', '1e9', '']) {
      expect(contentOf(`<ol start="${start}"><li>a</li></ol>`)).toEqual([
        richTextBlock([richTextList('ordered', [item('a')])]),
      ]);
    }
  });
});

describe('quotes and preformatted text', () => {
  it('<blockquote> becomes one rich_text_quote, its paragraphs on separate lines', () => {
    const html =
      '<p>The customer said:</p><blockquote><p>quoted one</p><p>quoted two</p></blockquote><p>after</p>';
    expect(contentOf(html)).toEqual([
      richTextBlock([
        richTextSection([plain('The customer said:')]),
        richTextQuote([plain('quoted one'), nl, plain('quoted two')]),
        richTextSection([plain('after')]),
      ]),
    ]);
    expect(summaryToPlainText(html)).toContain('> quoted one\n> quoted two');
  });

  it('two blockquotes in a row stay two quotes', () => {
    expect(contentOf('<blockquote>a</blockquote><blockquote>b</blockquote>')).toEqual([
      richTextBlock([richTextQuote([plain('a')]), richTextQuote([plain('b')])]),
    ]);
  });

  it('<pre> becomes rich_text_preformatted, its spacing and lines kept', () => {
    const html = '<p>Log:</p><pre>\n  line 1\n    line 2  x</pre>';
    expect(contentOf(html)).toEqual([
      richTextBlock([
        richTextSection([plain('Log:')]),
        richTextPreformatted([plain('  line 1\n    line 2  x')]),
      ]),
    ]);
    expect(contentOf('<pre><code>a  b</code></pre>')).toEqual([
      richTextBlock([richTextPreformatted([plain('a  b')])]),
    ]);
    expect(summaryToPlainText(html)).toContain('  line 1\n    line 2  x');
  });
});

describe('tables', () => {
  const html =
    '<table><tr><th>Name</th><th>Number</th></tr><tr><td>Ann</td><td>1001</td></tr><tr><td>Bo</td><td></td><td>x</td></tr></table>';

  it('one line per row, cells kept apart by " | ", header cells bold', () => {
    expect(contentOf(html)).toEqual([
      richTextBlock([
        richTextSection([bold('Name'), plain(' | '), bold('Number'), nl]),
        richTextSection([plain('Ann | 1001'), nl]),
        richTextSection([plain('Bo |  | x')]),
      ]),
    ]);
  });

  it('the terminal text keeps the cells apart too', () => {
    const text = summaryToPlainText(html);
    expect(text).not.toContain('AnnBo');
    expect(text).not.toMatch(/Ann1001|NameNumber/);
    expect(text).toMatch(/Ann +1001/);
  });

  it('the fallback text keeps the cells apart', () => {
    expect(fallbackText(summaryOf('<table><tr><td>cellA</td><td>cellB</td></tr></table>'), ENGLISH)).toBe(
      'Call summary for Ann (1001), caller: cellA | cellB',
    );
  });
});

describe('text after a sub-list inside an item', () => {
  it('continues that item instead of becoming a new bullet or a repeated number', () => {
    const html = '<ol><li>Step one<ul><li>detail</li></ul>then this</li><li>Step two</li></ol>';
    expect(contentOf(html)).toEqual([
      richTextBlock([
        richTextList('ordered', [item('Step one')]),
        richTextList('bullet', [item('detail')], 1),
        richTextSection([plain('then this')]),
        richTextList('ordered', [item('Step two')], 0, 1),
      ]),
    ]);
    expect(summaryToPlainText(html)).toMatch(/1\. Step one\n +• detail\n +then this\n +2\. Step two/);
  });

  it('under a bullet as well, and a <p> inside the continuation is a line break', () => {
    const { blocks } = renderSummaryBlocks(
      summaryOf('<ul><li>a<ul><li>x</li></ul>b<p>c</p></li><li>d</li></ul>'),
      { words: ENGLISH },
    );
    expect(blocks.slice(2)).toEqual([
      richTextBlock([
        richTextList('bullet', [item('a')]),
        richTextList('bullet', [item('x')], 1),
        richTextSection([plain('b\nc')]),
        richTextList('bullet', [item('d')]),
      ]),
    ]);
  });
});
