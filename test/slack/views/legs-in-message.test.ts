import { describe, expect, it } from 'vitest';
import { legIdsInMessage } from '../../../src/slack/views/legs-in-message.js';

const A = '20260513223234-3EE9E';
const B = '20260514091500-A1B2C';
const C = '20260514101010-0C0FF';
const D = '20260514113000-DEAD1';

describe('legIdsInMessage', () => {
  it('finds leg ids in text, nested blocks, attachments and metadata, once each', () => {
    const message = {
      text: `alert ${A}`,
      blocks: [
        { type: 'section', fields: [{ type: 'mrkdwn', text: `x ${B}` }] },
        {
          type: 'rich_text',
          elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: A.toLowerCase() }] }],
        },
      ],
      attachments: [{ fallback: 'f', pretext: `p ${C}`, fields: [{ title: 't', value: `v ${D}` }] }],
      metadata: { event_type: 'pbx_call', event_payload: { leg: B } },
    };
    expect(legIdsInMessage(message)).toEqual([A, B, C, D]);
  });

  it('returns nothing for odd or empty payloads and survives very deep nesting', () => {
    expect(legIdsInMessage(undefined)).toEqual([]);
    expect(legIdsInMessage({ text: 42, blocks: 'x', attachments: [null, 3] })).toEqual([]);
    let deep: unknown = { text: A };
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(legIdsInMessage({ blocks: deep })).toEqual([]);
  });
});
