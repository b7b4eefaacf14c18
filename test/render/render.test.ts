import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  contextBlock,
  countVisibleCharacters,
  fallbackText,
  headerBlock,
  type KnownBlock,
  parseSummaryHtml,
  renderSummary,
  renderSummaryBlocks,
  richTextBlock,
  richTextList,
  richTextSection,
  SLACK_LIMITS,
  slackDate,
  validateMessage,
} from '../../src/render/index.js';
import { summaryToPlainText } from '../../src/render/plain-text.js';
import { ENGLISH } from '../../src/shared/i18n/index.js';
import type { CallSummary } from '../../src/use-case/model/call-summary.js';
import { callSummary } from '../helpers/call-summary.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const summaryOf = (html: string, extra: Partial<CallSummary> = {}) => callSummary({ html, ...extra });

const bold = (text: string) => ({ type: 'text' as const, text, style: { bold: true } });
const plain = (text: string) => ({ type: 'text' as const, text });
const nl = plain('\n');
const bullets = (...items: string[]) =>
  richTextList(
    'bullet',
    items.map((t) => richTextSection([plain(t)])),
  );

/** Every text string a reader could see in the blocks, joined. */
function visibleText(blocks: readonly unknown[]): string {
  return JSON.stringify(blocks);
}

function expectValid(
  rendered: { text: string; blocks: KnownBlock[] },
  surface: 'message' | 'modal' = 'message',
) {
  expect(validateMessage(rendered, surface)).toEqual([]);
}

describe('fixtures', () => {
  it('renders the source document example: header, context, one rich_text per section', () => {
    const rendered = renderSummary(summaryOf(fixture('source-example.html')), { words: ENGLISH });
    expect(rendered.truncated).toBe(false);
    expect(rendered.blocks).toEqual([
      headerBlock('Call summary · Human Agent - Leo Ball (3202) · callee'),
      contextBlock([`Leg \`20260513223234-3EE9E\` · callee side · ${slackDate(1778682824, ENGLISH)}`]),
      richTextBlock([
        richTextSection([bold('Call Summary')]),
        bullets(
          'Kristin Hale was transferred to a human agent regarding a login issue.',
          'She reported that 60% of users cannot log in and keep seeing an error message.',
          'The human agent offered to check server logs and escalate to the engineering team.',
        ),
      ]),
      richTextBlock([
        richTextSection([bold('Key Points')]),
        bullets(
          '60% of users are affected by the login issue.',
          'The page refreshes after password entry with no error code.',
          'The human agent escalated the issue to the engineering team.',
        ),
      ]),
      richTextBlock([
        richTextSection([bold('Follow-Up Actions')]),
        bullets(
          'Check server logs for login failure records.',
          'Investigate the login loop issue.',
          'Provide Kristin Hale with an estimated resolution time.',
        ),
      ]),
    ]);
    expect(rendered.text).toBe(
      'Call summary for Human Agent - Leo Ball (3202), callee: Kristin Hale was transferred to a human agent regarding a login issue.',
    );
    expectValid(rendered);
    expect(rendered.blocks).toMatchSnapshot();
  });

  it('uses Slack date formatting with a UTC fallback in the context line', () => {
    expect(slackDate(1778682824, ENGLISH)).toBe(
      '<!date^1778682824^{date_short_pretty} at {time}|May 13, 2026, 14:33 UTC>',
    );
  });

  it('renders the 30040 example: "Follow-up Actions" with an empty list says (none)', () => {
    const rendered = renderSummary(summaryOf(fixture('event-30040.html')), { words: ENGLISH });
    expect(rendered.blocks.slice(2)).toEqual([
      richTextBlock([
        richTextSection([bold('Call Summary')]),
        bullets(
          'The customer asked about the status of order #4471 and whether it can ship this week.',
          'The agent confirmed the order is packed and will ship on Thursday.',
        ),
      ]),
      richTextBlock([
        richTextSection([bold('Key Points')]),
        bullets('Order #4471 is packed.', 'Shipping is scheduled for Thursday.'),
      ]),
      richTextBlock([
        richTextSection([bold('Follow-up Actions'), nl]),
        richTextSection([{ type: 'text', text: ENGLISH.t('summary.emptySection'), style: { italic: true } }]),
      ]),
    ]);
    expectValid(rendered);
  });

  it('renders a Chinese summary unchanged', () => {
    const rendered = renderSummary(
      summaryOf(fixture('chinese.html'), { name: '王芳', extNum: '1001', side: 'caller' }),
      { words: ENGLISH },
    );
    expect(rendered.blocks[0]).toEqual(headerBlock('Call summary · 王芳 (1001) · caller'));
    expect(rendered.blocks[2]).toEqual(
      richTextBlock([
        richTextSection([bold('通话摘要')]),
        bullets(
          '客户反映无法登录系统，页面在输入密码后不断刷新。',
          '客服确认约 60% 的用户受到影响，并承诺升级给工程团队。',
        ),
      ]),
    );
    expect(rendered.text).toBe(
      'Call summary for 王芳 (1001), caller: 客户反映无法登录系统，页面在输入密码后不断刷新。',
    );
    expectValid(rendered);
    expect(rendered.blocks).toMatchSnapshot();
  });

  it('passes the validator on every fixture, on both surfaces', () => {
    for (const name of ['source-example.html', 'event-30040.html', 'chinese.html']) {
      for (const surface of ['message', 'modal'] as const) {
        expectValid(renderSummary(summaryOf(fixture(name)), { words: ENGLISH, surface }), surface);
      }
    }
  });
});

describe('structure', () => {
  it('keeps inline bold, italic, strike and code, and <br> as a line break', () => {
    const { blocks } = renderSummaryBlocks(
      summaryOf('<ul><li><strong>B</strong> <em>I</em> <del>S</del> <code>C</code><br>next</li></ul>'),
      { words: ENGLISH },
    );
    expect(blocks[2]).toEqual(
      richTextBlock([
        richTextList('bullet', [
          richTextSection([
            { type: 'text', text: 'B', style: { bold: true } },
            plain(' '),
            { type: 'text', text: 'I', style: { italic: true } },
            plain(' '),
            { type: 'text', text: 'S', style: { strike: true } },
            plain(' '),
            { type: 'text', text: 'C\n', style: { code: true } },
            plain('next'),
          ]),
        ]),
      ]),
    );
  });

  it('maps nested and ordered lists to indents, keeping the numbering after a sub-list', () => {
    const { blocks } = renderSummaryBlocks(
      summaryOf('<ol><li>one<ul><li>sub</li></ul></li><li>two</li></ol>'),
      { words: ENGLISH },
    );
    expect(blocks[2]).toEqual(
      richTextBlock([
        richTextList('ordered', [richTextSection([plain('one')])]),
        richTextList('bullet', [richTextSection([plain('sub')])], 1),
        richTextList('ordered', [richTextSection([plain('two')])], 0, 1),
      ]),
    );
  });

  it('treats h1–h6 and a paragraph before a list as headings; other paragraphs stay paragraphs', () => {
    const { blocks } = renderSummaryBlocks(
      summaryOf('<h2>Title</h2><p>Intro text.</p><p>Points</p><ul><li>a</li></ul>'),
      { words: ENGLISH },
    );
    expect(blocks.slice(2)).toEqual([
      richTextBlock([richTextSection([bold('Title'), nl]), richTextSection([plain('Intro text.')])]),
      richTextBlock([richTextSection([bold('Points')]), bullets('a')]),
    ]);
  });

  it('keeps http, https and mailto links, showing their address; other schemes become text', () => {
    const { blocks } = renderSummaryBlocks(
      summaryOf(
        '<ul><li><a href="https://example.com/x">https://example.com/x</a></li><li><a href="mailto:a@b.c">write</a></li><li><a href="javascript:alert(1)">click</a></li><li><a href="slack://channel?id=C1">chan</a></li></ul>',
      ),
      { words: ENGLISH },
    );
    expect(blocks[2]).toEqual(
      richTextBlock([
        richTextList('bullet', [
          richTextSection([{ type: 'link', url: 'https://example.com/x', text: 'https://example.com/x' }]),
          richTextSection([
            plain('write ('),
            { type: 'link', url: 'mailto:a@b.c', text: 'a@b.c' },
            plain(')'),
          ]),
          richTextSection([plain('click')]),
          richTextSection([plain('chan')]),
        ]),
      ]),
    );
  });

  it('drops script, style, iframe and object content; unknown tags keep their text', () => {
    const { blocks } = renderSummaryBlocks(
      summaryOf(
        '<p>a<script>alert(1)</script><style>p{}</style><iframe>frame</iframe><object>obj</object><blink>b</blink><x-foo>c</x-foo></p>',
      ),
      { words: ENGLISH },
    );
    expect(blocks[2]).toEqual(richTextBlock([richTextSection([plain('abc')])]));
  });

  it('decodes entities exactly once and normalises whitespace', () => {
    const { blocks } = renderSummaryBlocks(
      summaryOf('<p>  We&#39;ve   &amp;amp;\n\t fixed &lt;it&gt;  </p>'),
      { words: ENGLISH },
    );
    expect(blocks[2]).toEqual(richTextBlock([richTextSection([plain("We've &amp; fixed <it>")])]));
  });

  it('summaryToPlainText gives the whole summary for a terminal', () => {
    const text = summaryToPlainText(fixture('source-example.html'));
    expect(text).toContain('Call Summary');
    expect(text).toContain('Provide Kristin Hale with an estimated resolution time.');
    expect(text).not.toContain('<');
  });
});

describe('limits', () => {
  it('shortens visibly, reports it, and stays within the character budget', () => {
    const items = Array.from(
      { length: 500 },
      (_, i) => `<li>Bullet number ${i} with some words to make it long enough.</li>`,
    );
    const rendered = renderSummary(summaryOf(`<p>Points</p><ul>${items.join('')}</ul>`), { words: ENGLISH });
    expect(rendered.truncated).toBe(true);
    expect(rendered.blocks[rendered.blocks.length - 1]).toEqual(
      contextBlock([ENGLISH.t('summary.shortened')]),
    );
    expect(JSON.stringify(rendered.blocks)).toContain('…');
    expect(countVisibleCharacters(rendered.blocks)).toBeLessThanOrEqual(SLACK_LIMITS.totalTextBudget);
    expectValid(rendered);
  });

  it('uses the larger block budget of a modal', () => {
    // Short sections, so that the blocks count is what runs out (not the JSON budget).
    const html = Array.from({ length: 60 }, (_, i) => `<h3>S${i}</h3>`).join('');
    const message = renderSummary(summaryOf(html), { words: ENGLISH });
    const modal = renderSummary(summaryOf(html), { words: ENGLISH, surface: 'modal' });
    expect(message.blocks.length).toBe(SLACK_LIMITS.messageBlocks);
    expect(message.truncated).toBe(true);
    expect(modal.truncated).toBe(false);
    expect(modal.blocks.length).toBe(62);
    expectValid(modal, 'modal');
  });

  it('cuts a header to 150 characters', () => {
    const rendered = renderSummary(summaryOf('<p>x</p>', { name: 'N'.repeat(400) }), { words: ENGLISH });
    const header = rendered.blocks[0] as { text: { text: string } };
    expect(header.text.text.length).toBe(SLACK_LIMITS.headerText);
    expect(header.text.text.endsWith('…')).toBe(true);
    expectValid(rendered);
  });
});

describe('hostile input never throws and stays bounded', () => {
  const cases: Record<string, string> = {
    'the empty string': '',
    whitespace: ' \n\t  \r\n ',
    'plain text with no tags': 'Just a sentence from the model, no markup at all.',
    'binary garbage': String.fromCharCode(...Array.from({ length: 4000 }, (_, i) => (i * 7919) % 65536)),
    'unclosed and mis-nested tags': '<p><b>bold <i>both</b> italic?</i><ul><li>one<li>two</p></ul><li>stray',
    '10,000 nested elements': `${'<div><ul><li>'.repeat(10_000)}deep${'</li></ul></div>'.repeat(10_000)}`,
    '500 bullets': `<ul>${'<li>bullet</li>'.repeat(500)}</ul>`,
    'a 5,000-character bullet': `<ul><li>${'word '.repeat(1000)}</li></ul>`,
    'a 1 MB document': `<p>Big</p><ul>${'<li>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</li>'.repeat(16_000)}</ul>`,
  };
  for (const [name, html] of Object.entries(cases)) {
    it(name, () => {
      for (const surface of ['message', 'modal'] as const) {
        const rendered = renderSummary(summaryOf(html), { words: ENGLISH, surface });
        expectValid(rendered, surface);
        expect(countVisibleCharacters(rendered.blocks)).toBeLessThanOrEqual(SLACK_LIMITS.totalTextBudget);
      }
      expect(typeof summaryToPlainText(html.slice(0, 200_000))).toBe('string');
    });
  }

  it('an empty summary says so', () => {
    const { blocks } = renderSummary(summaryOf(''), { words: ENGLISH });
    expect(blocks[2]).toEqual(
      richTextBlock([
        richTextSection([{ type: 'text', text: '(The summary is empty.)', style: { italic: true } }]),
      ]),
    );
  });

  it('a 5,000-character bullet is cut with "…" and reported', () => {
    const rendered = renderSummary(summaryOf(`<ul><li>${'word '.repeat(1000)}</li></ul>`), {
      words: ENGLISH,
    });
    expect(rendered.truncated).toBe(true);
    expect(visibleText(rendered.blocks)).toContain('wor"},{"type":"text","text":"…"}');
  });

  it('deep nesting clamps indent to 8', () => {
    const model = parseSummaryHtml(`${'<ul><li>x'.repeat(20)}${'</li></ul>'.repeat(20)}`);
    const indents = model.lines.map((line) => (line.kind === 'item' ? line.indent : -1));
    expect(Math.max(...indents)).toBe(8);
  });

  it('control characters and bidi overrides are removed', () => {
    const { blocks } = renderSummaryBlocks(summaryOf('<p>a\u0000b\u202Ec\u0007d</p>'), { words: ENGLISH });
    expect(blocks[2]).toEqual(richTextBlock([richTextSection([plain('abcd')])]));
    expect(fallbackText(summaryOf('<p>a\u0000b</p>'), ENGLISH)).toContain('ab');
  });
});
