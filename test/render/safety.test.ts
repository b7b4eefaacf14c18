import { describe, expect, it } from 'vitest';
import {
  escapeMrkdwn,
  fallbackText,
  fitMessage,
  renderSummary,
  shortenMrkdwn,
  validateMessage,
} from '../../src/render/index.js';
import { ENGLISH } from '../../src/shared/i18n/index.js';
import type { CallSummary } from '../../src/use-case/model/call-summary.js';
import { callSummary } from '../helpers/call-summary.js';

/** A caller-side summary with no PBX ids or times, so only the HTML varies. */
const summaryOf = (html: string, extra: Partial<CallSummary> = {}) =>
  callSummary({
    side: 'caller',
    html,
    name: 'Ann',
    extNum: '1001',
    id: null,
    createdAt: null,
    updatedAt: null,
    ...extra,
  });

/** Live Slack syntax in mrkdwn: anything that would notify, link a channel or disguise a link. */
const LIVE = /<(?:[@#!]|https?:)/i;

/** Every mrkdwn string and every rich text element type in the blocks. */
function inspect(blocks: readonly unknown[]) {
  const mrkdwn: string[] = [];
  const types = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.type === 'string') types.add(o.type);
      if (o.type === 'mrkdwn' && typeof o.text === 'string') mrkdwn.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return { mrkdwn, types };
}

const INJECTIONS: Record<string, string> = {
  '<!channel>': '&lt;!channel&gt;',
  '<!here>': '&lt;!here&gt;',
  '<!everyone>': '&lt;!everyone&gt;',
  '<@U123>': '&lt;@U123&gt;',
  '<#C123>': '&lt;#C123&gt;',
  '<!subteam^S1>': '&lt;!subteam^S1&gt;',
  '<https://evil|bank>': '&lt;https://evil|bank&gt;',
  '&lt;!channel&gt; (double-encoded)': '&amp;lt;!channel&amp;gt;',
  '<!channel> raw in the HTML': '<!channel> <@U123> <#C123>',
};

describe('nothing in a summary becomes a mention, broadcast, channel link or disguised link', () => {
  for (const [name, payload] of Object.entries(INJECTIONS)) {
    describe(name, () => {
      const places: Record<string, CallSummary> = {
        'in an item': summaryOf(`<p>Points</p><ul><li>Say ${payload} now</li></ul>`),
        'in a heading': summaryOf(`<p>Head ${payload}</p><ul><li>x</li></ul>`),
        'in a link': summaryOf(
          `<ul><li><a href="https://example.com/?q=${payload}">${payload}</a></li></ul>`,
        ),
        'in a link in the middle of a line, in bold': summaryOf(
          `<p>Points</p><ul><li>Say <b><a href="https://example.com/?q=${payload}">${payload}</a></b> now ${payload}</li></ul>`,
        ),
        'in a quote, preformatted text and a table': summaryOf(
          `<blockquote>${payload}</blockquote><pre>${payload}</pre><table><tr><td>${payload}</td><td>${payload}</td></tr></table>`,
        ),
        'in the name and leg id': summaryOf('<p>x</p>', {
          name: `Eve ${payload}`,
          extNum: payload,
          legId: payload,
        }),
      };
      for (const [where, summary] of Object.entries(places)) {
        it(where, () => {
          const rendered = renderSummary(summary, { words: ENGLISH });
          const { mrkdwn, types } = inspect(rendered.blocks);
          for (const text of mrkdwn) expect(text.replace(/<!date\^[^>]*>/g, '')).not.toMatch(LIVE);
          for (const type of ['user', 'usergroup', 'channel', 'broadcast', 'team'])
            expect(types.has(type)).toBe(false);
          // The fallback text is mrkdwn too.
          expect(rendered.text).not.toMatch(LIVE);
          expect(validateMessage(rendered)).toEqual([]);
        });
      }
      it('in text cut to fit (the cut leaves no half sequence that Slack would read)', () => {
        const long = `${'x'.repeat(3990)} ${escapeMrkdwn(payload)} ${payload.replace(/[<>&]/g, '')}`;
        const fitted = fitMessage(
          {
            text: long.repeat(3),
            blocks: [{ type: 'section', text: { type: 'mrkdwn', text: long } }],
          },
          'message',
          ENGLISH,
        );
        expect(fitted.text).not.toMatch(LIVE);
        expect(validateMessage(fitted)).toEqual([]);
      });
      it('in the fallback text (first point)', () => {
        const text = fallbackText(summaryOf(`<ul><li>${payload}</li></ul>`, { name: payload }), ENGLISH);
        expect(text).not.toMatch(LIVE);
        expect(text).not.toContain('<');
      });
    });
  }

  it('a link with text different from its address shows the address', () => {
    const rendered = renderSummary(
      summaryOf('<ul><li><a href="https://evil.example/">bank.com</a></li></ul>'),
      { words: ENGLISH },
    );
    expect(rendered.blocks[2]).toEqual({
      type: 'rich_text',
      elements: [
        {
          type: 'rich_text_list',
          style: 'bullet',
          elements: [
            {
              type: 'rich_text_section',
              elements: [
                { type: 'text', text: 'bank.com (' },
                { type: 'link', url: 'https://evil.example/', text: 'https://evil.example/' },
                { type: 'text', text: ')' },
              ],
            },
          ],
        },
      ],
    });
  });

  it('a link in the middle of a line whose text is another address shows the real one, in every output', () => {
    const summary = summaryOf(
      '<ul><li>Log in at <a href="https://evil.example/login">https://bank.example/login</a> today</li></ul>',
    );
    const rendered = renderSummary(summary, { words: ENGLISH });
    const json = JSON.stringify(rendered.blocks);
    expect(json).toContain(
      '"type":"link","url":"https://evil.example/login","text":"https://evil.example/login"',
    );
    expect(json).not.toContain('"url":"https://bank.example');
    expect(rendered.text).toBe(
      'Call summary for Ann (1001), caller: Log in at https://bank.example/login (https://evil.example/login) today',
    );
  });

  it('shortenMrkdwn never cuts a <…> sequence or an entity in half', () => {
    expect(shortenMrkdwn('ab &lt;!channel&gt; cd', 6)).toBe('ab…');
    expect(shortenMrkdwn('ab &lt;!channel&gt; cd', 8)).toBe('ab &lt;…');
    expect(shortenMrkdwn('when <!date^1^{time}|1:00> ok', 12)).toBe('when…');
    expect(shortenMrkdwn('short', 10)).toBe('short');
  });

  it('escapeMrkdwn escapes &, < and > once', () => {
    expect(escapeMrkdwn('a & <!here> > b')).toBe('a &amp; &lt;!here&gt; &gt; b');
  });
});
