import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ACTION_IDS,
  CALLBACK_IDS,
  choiceValue,
  jsonValue,
  ListRef,
  LookupRef,
  PostTarget,
  parseChoice,
  SummaryViewRef,
  TranscriptRef,
} from '../../../src/slack/views/values.js';

/*
 * Buttons and modals already in Slack carry values encoded by earlier releases, and Slack gives them
 * back as they were: each codec must write exactly these bytes and read them back. The strings below
 * are what the release before `jsonValue` wrote; change one only with a migration for old buttons.
 */

const LEG = '20260513223234-3EE9E';

describe('values as posted in Slack', () => {
  it('lookup buttons (Share, Show side, Refresh, Try again, Notify me)', () => {
    const plain = `{"l":"${LEG}","s":"callee","e":"3202"}`;
    expect(LookupRef.encode({ legId: LEG, side: 'callee', extension: '3202' })).toBe(plain);
    expect(LookupRef.decode(plain)).toEqual({ legId: LEG, side: 'callee', extension: '3202' });

    const full = `{"l":"${LEG}","s":null,"e":null,"c":"C0123SUPPORT","d":"0123456789abcdef"}`;
    const ref = {
      legId: LEG,
      side: undefined,
      extension: undefined,
      channel: 'C0123SUPPORT',
      digest: '0123456789abcdef',
    };
    expect(LookupRef.encode(ref)).toBe(full);
    expect(LookupRef.decode(full)).toEqual(ref);
  });

  it('a listed call’s Summary button is a lookup button’s value', () => {
    // Lists wrote these by hand before; test/slack/views/finding.test.ts checks the list's buttons.
    expect(LookupRef.encode({ legId: LEG, side: 'caller', extension: undefined })).toBe(
      `{"l":"${LEG}","s":"caller","e":null}`,
    );
    expect(LookupRef.encode({ legId: LEG, side: undefined, extension: undefined })).toBe(
      `{"l":"${LEG}","s":null,"e":null}`,
    );
    expect(LookupRef.decode(`{"l":"${LEG}","s":null,"e":null}`)).toEqual({
      legId: LEG,
      side: undefined,
      extension: undefined,
    });
  });

  it('Older / Newer and the Home tab’s list', () => {
    const number = `{"k":"n","v":"+14155550123","h":168,"l":"7d","p":0,"a":1778700000000}`;
    const byNumber = {
      party: { kind: 'number', number: '+14155550123' },
      me: false,
      period: { hours: 168, label: '7d' },
      page: 0,
      at: 1_778_700_000_000,
    } as const;
    expect(ListRef.encode(byNumber)).toBe(number);
    expect(ListRef.decode(number)).toEqual(byNumber);

    const mine = `{"k":"e","v":"3202","m":1,"h":24,"l":"24h","p":2,"a":1778700000000}`;
    const myCalls = {
      party: { kind: 'extension', extension: '3202' },
      me: true,
      period: { hours: 24, label: '24h' },
      page: 2,
      at: 1_778_700_000_000,
    } as const;
    expect(ListRef.encode(myCalls)).toBe(mine);
    expect(ListRef.decode(mine)).toEqual(myCalls);
  });

  it('Transcript, its Previous / Next, and the transcript modal’s metadata', () => {
    const first = `{"l":"${LEG}","p":1}`;
    expect(TranscriptRef.encode({ legId: LEG, page: 1, channelId: undefined })).toBe(first);
    expect(TranscriptRef.decode(first)).toEqual({ legId: LEG, page: 1, channelId: undefined });

    const asked = `{"l":"${LEG}","p":3,"c":"C0123SUPPORT"}`;
    expect(TranscriptRef.encode({ legId: LEG, page: 3, channelId: 'C0123SUPPORT' })).toBe(asked);
    expect(TranscriptRef.decode(asked)).toEqual({ legId: LEG, page: 3, channelId: 'C0123SUPPORT' });
    // What is not a channel id is left out, never carried.
    expect(TranscriptRef.encode({ legId: LEG, page: 3, channelId: '<!channel>' })).toBe(
      `{"l":"${LEG}","p":3}`,
    );
    // Lower-case hex is read, as the canonical upper case.
    expect(TranscriptRef.decode(`{"l":"${LEG.toLowerCase()}","p":1}`)).toEqual({
      legId: LEG,
      page: 1,
      channelId: undefined,
    });
  });

  it('the summary modal’s metadata', () => {
    const withChannel = `{"l":"${LEG}","s":"caller","c":"D0DEMOLEO"}`;
    expect(SummaryViewRef.encode({ legId: LEG, side: 'caller', channelId: 'D0DEMOLEO' })).toBe(withChannel);
    expect(SummaryViewRef.decode(withChannel)).toEqual({
      legId: LEG,
      side: 'caller',
      channelId: 'D0DEMOLEO',
    });

    const bare = `{"l":"${LEG}","s":null}`;
    expect(SummaryViewRef.encode({ legId: LEG, side: undefined, channelId: undefined })).toBe(bare);
    expect(SummaryViewRef.decode(bare)).toEqual({ legId: LEG, side: undefined, channelId: undefined });
  });

  it('the shortcut modal’s metadata (where the chosen summary is posted)', () => {
    const url = 'https://hooks.slack.com/actions/T0/1/abc';
    const target = `{"c":"C0123SUPPORT","t":"1778700000.000100","o":["${LEG}|caller","${LEG}|callee"],"r":"${url}"}`;
    const decoded = {
      channelId: 'C0123SUPPORT',
      threadTs: '1778700000.000100',
      offered: [`${LEG}|caller`, `${LEG}|callee`],
      responseUrl: url,
    };
    expect(PostTarget.encode(decoded)).toBe(target);
    expect(PostTarget.decode(target)).toEqual(decoded);

    const noUrl = `{"c":"C0123SUPPORT","t":"1778700000.000100","o":["${LEG}|caller"]}`;
    const withoutUrl = {
      channelId: 'C0123SUPPORT',
      threadTs: '1778700000.000100',
      offered: [`${LEG}|caller`],
    };
    expect(PostTarget.encode(withoutUrl)).toBe(noUrl);
    expect(PostTarget.decode(noUrl)).toEqual({ ...withoutUrl, responseUrl: undefined });
    // A response_url longer than Slack issues is not carried.
    expect(PostTarget.encode({ ...withoutUrl, responseUrl: `https://x/${'a'.repeat(1000)}` })).toBe(noUrl);
  });

  it('anything that is not ours decodes to nothing', () => {
    const foreign = [undefined, '', 'x', 'null', '[]', '{}', '"text"', '1', 'x'.repeat(5000)];
    for (const value of foreign) {
      expect(LookupRef.decode(value)).toBeUndefined();
      expect(ListRef.decode(value)).toBeUndefined();
      expect(TranscriptRef.decode(value)).toBeUndefined();
      expect(SummaryViewRef.decode(value)).toBeUndefined();
      expect(PostTarget.decode(value)).toBeUndefined();
    }
    expect(LookupRef.decode(`{"l":"${LEG}","s":"both","e":null}`)).toBeUndefined();
    expect(LookupRef.decode(`{"l":"${LEG}","s":null,"e":null,"c":"<!channel>"}`)).toBeUndefined();
    expect(ListRef.decode('{"k":"n","v":"<!channel>","h":1,"l":"1h","p":0,"a":0}')).toBeUndefined();
    expect(TranscriptRef.decode(`{"l":"${LEG}","p":0}`)).toBeUndefined();
    expect(SummaryViewRef.decode(`{"l":"nope","s":null}`)).toBeUndefined();
    expect(PostTarget.decode(`{"c":"C1","t":"1.1","o":["${LEG}|both"]}`)).toBeUndefined();
    expect(PostTarget.decode('{"c":"C1","t":"1.1","o":[]}')).toBeUndefined();
  });
});

describe('the ids Slack routes by', () => {
  it('are the contract’s names (design.md, manifest.yml)', () => {
    expect(CALLBACK_IDS.fromMessage).toBe('callsummary_from_message');
    expect(Object.values(ACTION_IDS)).toEqual(
      expect.arrayContaining([
        'callsummary_share',
        'callsummary_show_side',
        'callsummary_refresh',
        'callsummary_retry',
        'callsummary_open',
        'callsummary_more',
        'callsummary_transcript',
        'callsummary_notify',
      ]),
    );
    // Every id is used for one thing only.
    expect(new Set(Object.values(ACTION_IDS)).size).toBe(Object.values(ACTION_IDS).length);
    expect(new Set(Object.values(CALLBACK_IDS)).size).toBe(Object.values(CALLBACK_IDS).length);
  });

  it('the shortcut modal’s choice names a leg and a side', () => {
    expect(choiceValue(LEG, 'callee')).toBe(`${LEG}|callee`);
    expect(parseChoice(`${LEG}|callee`)).toEqual({ legId: LEG, side: 'callee' });
    expect(parseChoice(`${LEG.toLowerCase()}|caller`)).toEqual({ legId: LEG, side: 'caller' });
    for (const value of [undefined, '', LEG, `${LEG}|both`, `${LEG}|caller|x`, `x${LEG}|caller`]) {
      expect(parseChoice(value)).toBeUndefined();
    }
  });
});

describe('jsonValue', () => {
  const codec = jsonValue(z.object({ n: z.number().int() }), {
    max: 12,
    write: (value: number) => ({ n: value }),
    read: (wire) => wire.n,
  });

  it('writes short-keyed JSON and reads it back, validated', () => {
    expect(codec.encode(42)).toBe('{"n":42}');
    expect(codec.decode('{"n":42}')).toBe(42);
    for (const text of [undefined, '', '{"n":4.2}', '{"m":1}', '{n:1}', '{"n":1234567890}']) {
      expect(codec.decode(text)).toBeUndefined();
    }
  });

  it('refuses to write past its limit: a value Slack would refuse is a bug here, said loudly', () => {
    expect(() => codec.encode(1_234_567)).toThrow(RangeError);
  });
});
