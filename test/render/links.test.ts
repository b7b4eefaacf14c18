import { describe, expect, it } from 'vitest';
import {
  fallbackText,
  renderSummary,
  renderSummaryBlocks,
  richTextBlock,
  richTextList,
  richTextSection,
  validateMessage,
} from '../../src/render/index.js';
import { linkInlines, safeUrl } from '../../src/render/links.js';
import type { Inline, InlineStyle } from '../../src/render/model.js';
import { summaryToPlainText } from '../../src/render/plain-text.js';
import { ENGLISH } from '../../src/shared/i18n/index.js';
import type { CallSummary } from '../../src/use-case/model/call-summary.js';
import { callSummary } from '../helpers/call-summary.js';

function summaryOf(html: string): CallSummary {
  return callSummary({ html, name: 'Leo Ball', updatedAt: null });
}

type Style = { bold?: true; italic?: true };
const plain = (text: string, style?: Style) =>
  style ? { type: 'text' as const, text, style } : { type: 'text' as const, text };
const link = (url: string, text = url.replace(/^mailto:/, ''), style?: Style) =>
  style ? { type: 'link' as const, url, text, style } : { type: 'link' as const, url, text };

/** The inline elements of the one bullet or paragraph a one-line summary renders to. */
function lineOf(html: string) {
  const { blocks } = renderSummaryBlocks(summaryOf(html), { words: ENGLISH, unattributed: true });
  const block = blocks[1] as { elements: { type: string; elements: unknown[] }[] };
  const first = block.elements[0]!;
  return first.type === 'rich_text_list'
    ? (first.elements[0] as { elements: unknown[] }).elements
    : first.elements;
}

describe('links anywhere in a line', () => {
  it('a link whose text is its address, in the middle of a bullet', () => {
    expect(
      lineOf('<ul><li>Visit <a href="https://x.example/">https://x.example/</a> today</li></ul>'),
    ).toEqual([plain('Visit '), link('https://x.example/'), plain(' today')]);
  });

  it('a named link after italic text shows its text, then its address', () => {
    expect(lineOf('<ul><li><i>See</i> the <a href="https://y.example/">docs</a> now</li></ul>')).toEqual([
      plain('See', { italic: true }),
      plain(' the docs ('),
      link('https://y.example/'),
      plain(') now'),
    ]);
  });

  it('at the end of a bullet and at the end of a paragraph', () => {
    expect(lineOf('<ul><li>Read <a href="https://z.example/a">the guide</a></li></ul>')).toEqual([
      plain('Read the guide ('),
      link('https://z.example/a'),
      plain(')'),
    ]);
    expect(lineOf('<p>Write to <a href="mailto:help@x.example">help@x.example</a></p>')).toEqual([
      plain('Write to '),
      link('mailto:help@x.example'),
    ]);
  });

  it('in the middle of a paragraph, followed by punctuation', () => {
    expect(lineOf('<p>See <a href="https://x.example/faq">the FAQ</a>, then call.</p>')).toEqual([
      plain('See the FAQ ('),
      link('https://x.example/faq'),
      plain('), then call.'),
    ]);
  });

  it('nested inside bold and italic, and styled text inside a link', () => {
    expect(
      lineOf('<ul><li><b>Call <a href="https://x.example/">https://x.example/</a> now</b></li></ul>'),
    ).toEqual([
      plain('Call ', { bold: true }),
      link('https://x.example/', 'https://x.example/', { bold: true }),
      plain(' now', { bold: true }),
    ]);
    expect(lineOf('<ul><li>Go <i><a href="https://x.example/">here</a></i> please</li></ul>')).toEqual([
      plain('Go '),
      plain('here (', { italic: true }),
      link('https://x.example/', 'https://x.example/', { italic: true }),
      plain(')', { italic: true }),
      plain(' please'),
    ]);
    expect(lineOf('<ul><li>A <a href="https://x.example/"><b>bold</b> word</a> B</li></ul>')).toEqual([
      plain('A '),
      plain('bold', { bold: true }),
      plain(' word ('),
      link('https://x.example/'),
      plain(') B'),
    ]);
  });

  it('adjacent links, with and without text between them', () => {
    expect(
      lineOf(
        '<ul><li><a href="https://a.example/">https://a.example/</a> <a href="https://b.example/">https://b.example/</a></li></ul>',
      ),
    ).toEqual([link('https://a.example/'), plain(' '), link('https://b.example/')]);
    expect(
      lineOf('<ul><li>x <a href="https://a.example/">A</a>, <a href="https://b.example/">B</a> y</li></ul>'),
    ).toEqual([
      plain('x A ('),
      link('https://a.example/'),
      plain('), B ('),
      link('https://b.example/'),
      plain(') y'),
    ]);
  });

  it('link text equal to the address, give or take the trailing slash or mailto:', () => {
    expect(lineOf('<p>at <a href="https://x.example/">https://x.example</a> now</p>')).toEqual([
      plain('at '),
      link('https://x.example/'),
      plain(' now'),
    ]);
    expect(lineOf('<p>at <a href="mailto:a@x.example">a@x.example</a> now</p>')).toEqual([
      plain('at '),
      link('mailto:a@x.example'),
      plain(' now'),
    ]);
  });

  it('a disguised link (text that looks like another address) shows where it really goes', () => {
    const inlines = lineOf(
      '<ul><li>Pay at <a href="https://evil.example/">https://bank.example/</a> today</li></ul>',
    );
    expect(inlines).toEqual([
      plain('Pay at https://bank.example/ ('),
      link('https://evil.example/'),
      plain(') today'),
    ]);
    const links = inlines.filter((el) => (el as { type: string }).type === 'link');
    expect(links).toEqual([link('https://evil.example/')]);
  });

  it('an unsafe link in the middle of a line stays text, in place', () => {
    expect(lineOf('<p>Go <a href="javascript:alert(1)">here</a> now</p>')).toEqual([plain('Go here now')]);
    expect(lineOf('<p>Go <a href="jav&#x61;script:alert(1)">here</a> now</p>')).toEqual([
      plain('Go here now'),
    ]);
    expect(lineOf('<p>Go <a href="slack://open">here</a> now</p>')).toEqual([plain('Go here now')]);
  });

  it('a link whose text spans a line break keeps the break and the address', () => {
    expect(lineOf('<p>a <a href="https://x.example/">one<br>two</a> b</p>')).toEqual([
      plain('a one\ntwo ('),
      link('https://x.example/'),
      plain(') b'),
    ]);
  });

  it('in blocks, fallback text and terminal text alike', () => {
    const html =
      '<ul><li>Visit <a href="https://x.example/">https://x.example/</a> today</li><li><i>See</i> the <a href="https://y.example/">docs</a> now</li></ul>';
    const rendered = renderSummary(summaryOf(html), { words: ENGLISH });
    expect(rendered.blocks[2]).toEqual(
      richTextBlock([
        richTextList('bullet', [
          richTextSection([plain('Visit '), link('https://x.example/'), plain(' today')]),
          richTextSection([
            plain('See', { italic: true }),
            plain(' the docs ('),
            link('https://y.example/'),
            plain(') now'),
          ]),
        ]),
      ]),
    );
    expect(validateMessage(rendered)).toEqual([]);
    expect(rendered.text).toBe('Call summary for Leo Ball (3202), callee: Visit https://x.example/ today');
    expect(
      fallbackText(
        summaryOf('<ul><li><i>See</i> the <a href="https://y.example/">docs</a> now</li></ul>'),
        ENGLISH,
      ),
    ).toBe('Call summary for Leo Ball (3202), callee: See the docs (https://y.example/) now');
    expect(summaryToPlainText(html).split('\n')).toEqual([
      '• Visit https://x.example/ today',
      ' • See the docs (https://y.example/) now',
    ]);
  });
});

describe('the addresses a link may have', () => {
  it('an <a> without an address is its text', () => {
    expect(safeUrl(undefined)).toBeUndefined();
    expect(lineOf('<p>Go <a>here</a> now</p>')).toEqual([plain('Go here now')]);
  });

  it('drops invisible characters from an address, so the link goes where it reads', () => {
    // A right-to-left override would show `…/exe.pdf` for an address ending in `fdp.exe`.
    expect(safeUrl('https://x.example/\u202Efdp.exe')).toBe('https://x.example/fdp.exe');
    expect(
      lineOf('<p><a href="https://x.example/&#x202E;fdp.exe">https://x.example/fdp.exe</a></p>'),
    ).toEqual([link('https://x.example/fdp.exe')]);
  });

  it('takes an address of up to 3000 characters, and not one longer', () => {
    const base = 'https://x.example/';
    expect(safeUrl(base + 'a'.repeat(3000 - base.length))).toHaveLength(3000);
    expect(safeUrl(base + 'a'.repeat(3001 - base.length))).toBeUndefined();
  });
});

describe('what a link shows (linkInlines)', () => {
  const none: InlineStyle = {};
  const bold: InlineStyle = { bold: true };
  const text = (t: string, style = none): Inline => ({ kind: 'text', text: t, style });
  const to = (url: string, shown = url.replace(/^mailto:/, '')): Inline => ({
    kind: 'link',
    text: shown,
    url,
    style: none,
  });
  const ADDRESS = 'https://x.example/docs';

  it('shows the address alone when the text is the address, in one piece or several', () => {
    expect(linkInlines([text(ADDRESS)], ADDRESS, none)).toEqual([to(ADDRESS)]);
    expect(linkInlines([text('https://x.example/'), text('docs', bold)], ADDRESS, none)).toEqual([
      to(ADDRESS),
    ]);
    expect(linkInlines([text('mailto:a@x.example')], 'mailto:a@x.example', none)).toEqual([
      to('mailto:a@x.example'),
    ]);
  });

  it('shows the address alone when the link has no text', () => {
    expect(linkInlines([], ADDRESS, none)).toEqual([to(ADDRESS)]);
    expect(linkInlines([text(' ')], ADDRESS, none)).toEqual([text(' '), to(ADDRESS), text(' ')]);
  });

  it('keeps the space around the text around the link, on the side it was', () => {
    expect(linkInlines([text(` ${ADDRESS} `)], ADDRESS, none)).toEqual([text(' '), to(ADDRESS), text(' ')]);
    expect(linkInlines([text(`${ADDRESS} `)], ADDRESS, none)).toEqual([to(ADDRESS), text(' ')]);
    expect(linkInlines([text(`\n${ADDRESS}`)], ADDRESS, none)).toEqual([text(' '), to(ADDRESS)]);
  });

  it('strips only a leading mailto: from what it shows', () => {
    const url = 'https://x.example/share?to=mailto:a@x.example';
    expect(linkInlines([text(url)], url, none)).toEqual([to(url, url)]);
  });

  it('shows at most the first 200 characters of an address, and links the whole of it', () => {
    const long = `https://x.example/${'a'.repeat(300)}`;
    expect(linkInlines([], long, none)).toEqual([to(long, long.slice(0, 200))]);
    const exact = `https://x.example/${'a'.repeat(200 - 18)}`;
    expect(exact).toHaveLength(200);
    expect(linkInlines([], exact, none)).toEqual([to(exact)]);
  });

  it('ends differing text at its last visible character, before the address in parentheses', () => {
    expect(linkInlines([text('the docs  ')], ADDRESS, none)).toEqual([
      text('the docs'),
      text(' ('),
      to(ADDRESS),
      text(')'),
      text(' '),
    ]);
    // A piece that is only space goes; the styles of the rest are kept.
    expect(linkInlines([text('the '), text('docs', bold), text(' \n ', bold)], ADDRESS, none)).toEqual([
      text('the '),
      text('docs', bold),
      text(' ('),
      to(ADDRESS),
      text(')'),
      text(' '),
    ]);
  });
});
