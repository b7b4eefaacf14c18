import { describe, expect, it } from 'vitest';
import {
  contextBlock,
  countVisibleCharacters,
  fitMessage,
  fitView,
  headerBlock,
  type KnownBlock,
  renderSummary,
  richTextBlock,
  richTextSection,
  SLACK_LIMITS,
  shorten,
  validateMessage,
  validateView,
} from '../../src/render/index.js';
import { ENGLISH } from '../../src/shared/i18n/index.js';
import type { CallSummary } from '../../src/use-case/model/call-summary.js';
import { callSummary } from '../helpers/call-summary.js';

function summaryOf(html: string, legId = '20260513223234-3EE9E'): CallSummary {
  return callSummary({ legId, html, name: 'Leo Ball', updatedAt: null });
}

const section = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'section',
  text: { type: 'mrkdwn', text },
  ...extra,
});
const button = (text: string, actionId: string) => ({
  type: 'button',
  text: { type: 'plain_text', text },
  action_id: actionId,
  value: 'v',
});
const actions = (...elements: unknown[]) => ({ type: 'actions', elements });
const jsonLength = (blocks: unknown) => JSON.stringify(blocks).length;

/** The "N more not shown" note the fitter adds, when there is one. */
function noteOf(blocks: readonly unknown[]): string | undefined {
  for (const block of blocks) {
    const b = block as { type: string; elements?: { text?: string }[] };
    const text = b.type === 'context' ? b.elements?.[0]?.text : undefined;
    if (text?.includes('not shown')) return text;
  }
  return undefined;
}

function modal(
  blocks: unknown[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> & { blocks: unknown[] } {
  return {
    type: 'modal',
    callback_id: 'callsummary_post',
    title: { type: 'plain_text', text: 'Call summary' },
    close: { type: 'plain_text', text: 'Close' },
    blocks,
    ...extra,
  };
}

describe('the renderer stays within the size budget', () => {
  it('a summary of 5,000 paragraphs renders within the blocks JSON budget, visibly shortened', () => {
    const html = Array.from({ length: 5000 }, (_, i) => `<p>Paragraph ${i}</p>`).join('');
    for (const surface of ['message', 'modal'] as const) {
      const rendered = renderSummary(summaryOf(html), { words: ENGLISH, surface });
      expect(jsonLength(rendered.blocks)).toBeLessThanOrEqual(SLACK_LIMITS.blocksJson);
      expect(rendered.truncated).toBe(true);
      expect(rendered.blocks[rendered.blocks.length - 1]).toEqual(
        contextBlock([ENGLISH.t('summary.shortened')]),
      );
      expect(JSON.stringify(rendered.blocks)).toContain('Paragraph 10');
      expect(validateMessage(rendered, surface)).toEqual([]);
    }
  });

  it('many short headings, items and links: the budget holds whatever the mix', () => {
    const shapes = [
      (i: number) => `<h3>H${i}</h3>`,
      (i: number) => `<ul><li>${i}</li></ul>`,
      (i: number) => `<ol start="${i + 1}"><li><ul><li><ul><li>${i}</li></ul></li></ul></li></ol>`,
      (i: number) => `<p><a href="https://x.example/${i}">l${i}</a></p>`,
      (i: number) => `<blockquote>${i}</blockquote><pre>${i}</pre>`,
      (i: number) => `<p>"quote" \\ ${'\u00e9'.repeat(i % 40)}</p>`,
    ];
    for (const shape of shapes) {
      const html = Array.from({ length: 3000 }, (_, i) => shape(i)).join('');
      const rendered = renderSummary(summaryOf(html), { words: ENGLISH });
      expect(jsonLength(rendered.blocks)).toBeLessThanOrEqual(SLACK_LIMITS.blocksJson);
      expect(validateMessage(rendered)).toEqual([]);
    }
  });

  it('a caller giving a smaller character budget gets a proportionally smaller JSON budget', () => {
    const html = Array.from({ length: 5000 }, (_, i) => `<p>${i}</p>`).join('');
    const rendered = renderSummary(summaryOf(html), {
      words: ENGLISH,
      budget: { blocks: 20, characters: 2000 },
    });
    expect(jsonLength(rendered.blocks)).toBeLessThanOrEqual(
      (SLACK_LIMITS.blocksJson * 2000) / SLACK_LIMITS.totalTextBudget,
    );
  });

  it('the validator refuses blocks over the JSON budget even when the visible text is small', () => {
    const tiny = Array.from({ length: 40 }, () =>
      richTextBlock(Array.from({ length: 40 }, () => richTextSection([{ type: 'text', text: 'x' }]))),
    );
    expect(countVisibleCharacters(tiny)).toBeLessThan(SLACK_LIMITS.totalTextBudget);
    const problems = validateMessage({ text: 'x', blocks: tiny });
    expect(problems.some((p) => p.startsWith(`/blocks: ${jsonLength(tiny)} characters of JSON`))).toBe(true);
  });
});

describe('fitMessage', () => {
  it('leaves a valid message as it is (the same object)', () => {
    const message = { text: 'hi', blocks: [section('hello'), actions(button('Go', 'go'))], channel: 'C1' };
    expect(fitMessage(message, 'message', ENGLISH)).toBe(message);
    const noBlocks = { text: 'just text' };
    expect(fitMessage(noBlocks, 'message', ENGLISH)).toBe(noBlocks);
  });

  it('60 blocks: 50 at most, the buttons kept, "N more not shown" said', () => {
    const blocks = [
      ...Array.from({ length: 59 }, (_, i) => section(`line ${i}`)),
      actions(button('Share', 'callsummary_share')),
    ];
    const fitted = fitMessage({ text: 'x', blocks, thread_ts: '1.2' }, 'message', ENGLISH);
    expect(fitted.blocks).toHaveLength(SLACK_LIMITS.messageBlocks);
    expect(fitted.thread_ts).toBe('1.2');
    expect(fitted.blocks[fitted.blocks.length - 1]).toEqual(blocks[59]);
    expect(fitted.blocks.slice(0, 48)).toEqual(blocks.slice(0, 48));
    expect(noteOf(fitted.blocks)).toBe('_… 11 more not shown: this was too long for one Slack message._');
    expect(validateMessage(fitted)).toEqual([]);
  });

  it('120 blocks on the modal surface: 100 at most', () => {
    const blocks = Array.from({ length: 120 }, (_, i) => section(`line ${i}`));
    const fitted = fitMessage({ text: 'x', blocks }, 'modal', ENGLISH);
    expect(fitted.blocks).toHaveLength(SLACK_LIMITS.modalBlocks);
    expect(noteOf(fitted.blocks)).toContain('21 more not shown');
    expect(validateMessage(fitted, 'modal')).toEqual([]);
  });

  it('huge texts are shortened with "…" (surrogate pairs kept whole, no half mrkdwn sequence)', () => {
    const emoji = '😀'.repeat(3000);
    const fitted = fitMessage(
      {
        text: `a ${'<!date^1778682824^{time}|14:33> '.repeat(2000)}`,
        blocks: [
          headerBlock('h'),
          { type: 'header', text: { type: 'plain_text', text: 'H'.repeat(500) } },
          section(emoji),
          {
            type: 'context',
            elements: Array.from({ length: 12 }, () => ({ type: 'mrkdwn', text: 'c'.repeat(3500) })),
          },
          {
            type: 'section',
            fields: Array.from({ length: 12 }, () => ({ type: 'mrkdwn', text: 'f'.repeat(2500) })),
          },
          actions(...Array.from({ length: 30 }, (_, i) => button('B'.repeat(100), `a${i}`))),
        ],
      },
      'message',
      ENGLISH,
    );
    expect(validateMessage(fitted)).toEqual([]);
    expect(fitted.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
    expect(fitted.text.endsWith('…')).toBe(true);
    expect(fitted.text).not.toMatch(/<[^>]*…$/);
    const header = fitted.blocks[1] as { text: { text: string } };
    expect(header.text.text).toHaveLength(SLACK_LIMITS.headerText);
    const text = (fitted.blocks[2] as { text: { text: string } }).text.text;
    expect(text.endsWith('…')).toBe(true);
    expect(text).not.toMatch(/[\uD800-\uDBFF]…$/);
    expect(jsonLength(fitted.blocks)).toBeLessThanOrEqual(SLACK_LIMITS.blocksJson);
  });

  it('a huge rich_text block is cut inside, keeping what fits', () => {
    const big = richTextBlock(
      Array.from({ length: 2000 }, (_, i) => richTextSection([{ type: 'text', text: `item ${i}\n` }])),
    );
    const fitted = fitMessage(
      {
        text: 'x',
        blocks: [headerBlock('Title'), big, actions(button('Go', 'go'))],
      },
      'message',
      ENGLISH,
    );
    expect(validateMessage(fitted)).toEqual([]);
    expect(fitted.blocks[0]).toEqual(headerBlock('Title'));
    expect(fitted.blocks[1]!.type).toBe('rich_text');
    expect(JSON.stringify(fitted.blocks[1])).toContain('item 100');
    expect(noteOf(fitted.blocks)).toBe('_… the rest not shown: this was too long for one Slack message._');
    expect(fitted.blocks[fitted.blocks.length - 1]).toEqual(actions(button('Go', 'go')));
  });

  it('one rich_text section holding 50,000 characters is cut inside its text', () => {
    const big = richTextBlock([richTextSection([{ type: 'text', text: 'word '.repeat(10_000) }])]);
    const fitted = fitMessage({ text: 'x', blocks: [big] }, 'message', ENGLISH);
    expect(validateMessage(fitted)).toEqual([]);
    expect(JSON.stringify(fitted.blocks[0])).toContain('word word');
  });

  it('many full summaries in one message fit, with the note', () => {
    const html = `<p>Points</p><ul>${Array.from({ length: 300 }, (_, i) => `<li>Point ${i}: what was said and agreed.</li>`).join('')}</ul>`;
    const blocks: KnownBlock[] = [];
    for (let i = 0; i < 6; i++)
      blocks.push(...renderSummary(summaryOf(html), { words: ENGLISH }).blocks, { type: 'divider' });
    blocks.push(actions(button('Share', 'callsummary_share')) as KnownBlock);
    expect(validateMessage({ text: 'x', blocks })).not.toEqual([]);
    const fitted = fitMessage({ text: 'x', blocks }, 'message', ENGLISH);
    expect(validateMessage(fitted)).toEqual([]);
    expect(noteOf(fitted.blocks)).toMatch(/\d+ more not shown/);
    expect(fitted.blocks[fitted.blocks.length - 1]).toEqual(blocks[blocks.length - 1]);
  });

  it('is idempotent, and does not change its input', () => {
    const blocks = Array.from({ length: 70 }, (_, i) => section(`line ${i} ${'x'.repeat(400)}`));
    const input = { text: 'x', blocks };
    const copy = structuredClone(input);
    const once = fitMessage(input, 'message', ENGLISH);
    expect(input).toEqual(copy);
    expect(fitMessage(once, 'message', ENGLISH)).toBe(once);
  });

  it('too many interactive blocks: those are cut too rather than sent over the limit', () => {
    const blocks = Array.from({ length: 60 }, (_, i) => actions(button('Go', `go${i}`)));
    const fitted = fitMessage({ text: 'x', blocks }, 'message', ENGLISH);
    expect(fitted.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.messageBlocks);
    expect(validateMessage(fitted)).toEqual([]);
  });

  it('never throws on blocks it does not understand; the validator still names them', () => {
    const cyclic: Record<string, unknown> = { type: 'section' };
    cyclic.self = cyclic;
    const odd = { text: 'x', blocks: [null, 7, 'str', { type: 'bogus' }, cyclic] as unknown[] };
    const fitted = fitMessage(odd, 'message', ENGLISH);
    expect(Array.isArray(fitted.blocks)).toBe(true);
    expect(fitMessage({ text: 'x', blocks: 'nope' as unknown as unknown[] }, 'message', ENGLISH).blocks).toBe(
      'nope',
    );
  });
});

describe('fitView', () => {
  it('the modal of several legs with many headings: at most 100 blocks, the input kept', () => {
    const html = Array.from({ length: 40 }, (_, i) => `<h3>Heading ${i}</h3><p>text</p>`).join('');
    const blocks: unknown[] = [];
    for (let leg = 0; leg < 3; leg++) {
      blocks.push(...renderSummary(summaryOf(html), { words: ENGLISH, surface: 'modal' }).blocks, {
        type: 'divider',
      });
    }
    const input = {
      type: 'input',
      block_id: 'callsummary_choice',
      label: { type: 'plain_text', text: 'Which summary to post in the thread' },
      element: {
        type: 'static_select',
        action_id: 'choice',
        options: [{ text: { type: 'plain_text', text: 'a' }, value: 'a' }],
      },
    };
    blocks.push(input);
    const view = modal(blocks, { submit: { type: 'plain_text', text: 'Post in thread' } });
    expect(blocks.length).toBeGreaterThan(SLACK_LIMITS.modalBlocks);
    const fitted = fitView(view, ENGLISH);
    expect(validateView(fitted)).toEqual([]);
    expect(fitted.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.modalBlocks);
    expect(fitted.blocks[fitted.blocks.length - 1]).toEqual(input);
    expect(noteOf(fitted.blocks)).toMatch(/more not shown: this was too long for one Slack view/);
    expect(fitted.private_metadata).toBe(view.private_metadata);
  });

  it('120 plain blocks and overlong title and buttons', () => {
    const view = modal(
      Array.from({ length: 120 }, (_, i) => section(`line ${i}`)),
      {
        title: { type: 'plain_text', text: 'A title far too long for Slack' },
        submit: { type: 'plain_text', text: 'S'.repeat(40) },
      },
    );
    const fitted = fitView(view, ENGLISH);
    expect(validateView(fitted)).toEqual([]);
    expect((fitted.title as { text: string }).text).toHaveLength(SLACK_LIMITS.viewTitle);
  });

  it('leaves a valid view as it is', () => {
    const view = modal([section('hi')]);
    expect(fitView(view, ENGLISH)).toBe(view);
  });
});

describe('shorten', () => {
  it('cuts to at most max characters, ends with "…", and never splits a surrogate pair', () => {
    expect(shorten('hello', 5)).toBe('hello');
    expect(shorten('hello world', 6)).toBe('hello…');
    expect(shorten('ab😀cd', 4)).toBe('ab…');
    expect(shorten('😀😀😀', 4)).toBe('😀…');
    for (let max = 1; max < 12; max++) {
      const cut = shorten('😀a😀b😀c😀d', max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
  });
});
