import { describe, expect, it } from 'vitest';
import {
  headerBlock,
  richTextBlock,
  richTextList,
  richTextSection,
  validateMessage,
  validateView,
} from '../../src/render/index.js';

const ok = { type: 'section', text: { type: 'mrkdwn', text: 'hi' } };

describe('validateMessage', () => {
  it('accepts a small valid message', () => {
    expect(validateMessage({ text: 'hi', blocks: [ok, headerBlock('Title')] })).toEqual([]);
  });

  it('reports each broken rule with a JSON pointer', () => {
    const problems = validateMessage({
      text: '',
      blocks: [
        { type: 'bogus' },
        { type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } },
        { type: 'header', text: { type: 'mrkdwn', text: 'x' } },
        { type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'a' })) },
        { type: 'section', block_id: 'a', text: { type: 'mrkdwn', text: '<!channel> hi' } },
        { type: 'divider', block_id: 'a' },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              text: { type: 'plain_text', text: 'x'.repeat(76) },
              action_id: 'y'.repeat(256),
              value: 'v'.repeat(2001),
            },
          ],
        },
        {
          type: 'rich_text',
          elements: [
            { type: 'rich_text_list', style: 'dashed', indent: 9, elements: [{ type: 'text', text: 'no' }] },
            {
              type: 'rich_text_section',
              elements: [
                { type: 'text', text: '' },
                { type: 'link', url: 'javascript:alert(1)', text: 'x' },
                { type: 'user', user_id: 'U1' },
                { type: 'broadcast', range: 'channel' },
              ],
            },
          ],
        },
      ],
    });
    const expected = [
      '/text:',
      '/blocks/0/type:',
      '/blocks/1/text/text: 3001 characters',
      '/blocks/2/text: must be a plain_text',
      '/blocks/3/elements: 11 elements',
      '/blocks/4/text/text: contains a live mention',
      '/blocks/5/block_id: "a" is not unique',
      '/blocks/6/elements/0/action_id',
      '/blocks/6/elements/0/text/text: 76 characters',
      '/blocks/6/elements/0/value',
      '/blocks/7/elements/0/style',
      '/blocks/7/elements/0/indent',
      '/blocks/7/elements/0/elements/0: list items must be rich_text_section',
      '/blocks/7/elements/1/elements/0/text',
      '/blocks/7/elements/1/elements/1/url',
      '/blocks/7/elements/1/elements/2: "user" element',
      '/blocks/7/elements/1/elements/3: "broadcast" element',
    ];
    for (const prefix of expected)
      expect(
        problems.some((p) => p.startsWith(prefix)),
        prefix,
      ).toBe(true);
  });

  it('counts blocks per surface and the visible-text budget', () => {
    const blocks = Array.from({ length: 51 }, () => ok);
    expect(validateMessage({ text: 'x', blocks })).toContain('/blocks: 51 blocks; at most 50');
    expect(validateMessage({ text: 'x', blocks }, 'modal')).toEqual([]);
    const heavy = Array.from({ length: 4 }, () => ({
      type: 'section',
      text: { type: 'mrkdwn', text: 'x'.repeat(2900) },
    }));
    expect(validateMessage({ text: 'x', blocks: heavy })).toContain(
      '/blocks: 11600 visible characters; the budget is 10000',
    );
  });

  it('allows mentions only when asked', () => {
    const message = {
      text: 'shared by <@U1>',
      blocks: [richTextBlock([richTextSection([{ type: 'user', user_id: 'U1' }])])],
    };
    expect(validateMessage(message)).toHaveLength(2);
    expect(validateMessage(message, 'message', { allowMentions: true })).toEqual([]);
  });

  it('flags every raw <…> in mrkdwn and the top-level text except our <!date^…>', () => {
    const mrkdwn = (text: string) => ({
      text: 'x',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
    });
    expect(validateMessage(mrkdwn('`/callsummary <leg-id>`'))[0]).toContain('which Slack shows as a link');
    expect(validateMessage(mrkdwn('see <https://evil.example|your bank>'))[0]).toContain('as a link');
    expect(validateMessage({ text: 'run <leg-id>' })[0]).toMatch(/^\/text: contains "<leg-id>"/);
    expect(validateMessage(mrkdwn('<!date^1778464819^{date_short_pretty}|May 11, 2026>'))).toEqual([]);
    expect(validateMessage(mrkdwn('&lt;!channel&gt; and 1 &lt; 2'))).toEqual([]);
    // Mentions are still mentions when allowed; links are never allowed.
    expect(validateMessage(mrkdwn('<@U1>'), 'message', { allowMentions: true })).toEqual([]);
    expect(validateMessage(mrkdwn('<http://x|y>'), 'message', { allowMentions: true })).toHaveLength(1);
  });

  it('accepts what the builders make', () => {
    const list = richTextList('ordered', [richTextSection([{ type: 'text', text: 'a' }])], 2, 3);
    expect(validateMessage({ text: 'x', blocks: [richTextBlock([list])] })).toEqual([]);
  });
});

describe('validateView: select menus', () => {
  it('checks option count, option text (75) and value (150)', () => {
    const view = (options: unknown[]) => ({
      type: 'modal',
      title: { type: 'plain_text', text: 'T' },
      submit: { type: 'plain_text', text: 'Go' },
      blocks: [
        {
          type: 'input',
          block_id: 'b',
          label: { type: 'plain_text', text: 'Pick' },
          element: { type: 'static_select', action_id: 'a', options },
        },
      ],
    });
    const option = (text: string, value: string) => ({ text: { type: 'plain_text', text }, value });
    expect(validateView(view([option('a', 'a')]))).toEqual([]);
    expect(validateView(view([option('x'.repeat(76), 'a')]))[0]).toContain(
      '/options/0/text/text: 76 characters',
    );
    expect(validateView(view([option('a', 'v'.repeat(151))]))[0]).toContain(
      '/options/0/value: 151 characters',
    );
    expect(validateView(view([]))[0]).toContain('/options: 1..100 options');
  });
});

describe('validateView', () => {
  const view = (extra: Record<string, unknown>) => ({
    type: 'modal',
    title: { type: 'plain_text', text: 'Call summary' },
    blocks: [ok],
    ...extra,
  });

  it('accepts a valid modal', () => {
    expect(validateView(view({ close: { type: 'plain_text', text: 'Close' } }))).toEqual([]);
  });

  it('checks title, buttons, metadata, block count and input without submit', () => {
    const problems = validateView(
      view({
        title: { type: 'plain_text', text: 'x'.repeat(25) },
        close: { type: 'plain_text', text: 'y'.repeat(25) },
        private_metadata: 'z'.repeat(3001),
        blocks: [
          ...Array.from({ length: 100 }, () => ok),
          { type: 'input', label: { type: 'plain_text', text: 'L' }, element: { type: 'plain_text_input' } },
        ],
      }),
    );
    for (const prefix of [
      '/title/text',
      '/close/text',
      '/private_metadata',
      '/blocks: 101 blocks',
      '/submit',
    ]) {
      expect(
        problems.some((p) => p.startsWith(prefix)),
        prefix,
      ).toBe(true);
    }
    expect(validateView('nope')).toEqual(['/: view must be an object']);
  });
});
