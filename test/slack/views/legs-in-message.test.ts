import { describe, expect, it } from 'vitest';
import { callCluesInMessage, legIdsInMessage } from '../../../src/slack/views/legs-in-message.js';

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

describe('call clues in an alert with no leg id', () => {
  it('reads a CDR uid, outside numbers as people write them, and extensions after a word that says so', () => {
    const clues = callCluesInMessage({
      text: 'Missed call from +1 (415) 555-0123 to ext. 3202 at 10:15; CDR 2026051322323412345',
      attachments: [
        {
          fields: [
            { title: 'Caller', value: '0049 30 1234567' },
            { title: 'Agent', value: 'agent 3205' },
          ],
        },
      ],
    });
    expect(clues.uids).toEqual(['2026051322323412345']);
    expect(clues.numbers).toEqual(['+14155550123', '0049301234567']);
    expect(clues.extensions).toEqual(['3202', '3205']);
  });

  it('does not take a leg id, a time, a date or a short amount for a clue', () => {
    const clues = callCluesInMessage({ text: `leg ${A} on 2026-05-13 at 22:32, ticket 4521, 3 calls` });
    expect(clues).toEqual({ uids: [], numbers: [], extensions: [] });
  });
});
