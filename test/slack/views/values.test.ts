import { describe, expect, it } from 'vitest';
import { decodeRef, encodeRef } from '../../../src/slack/views/answers.js';
import { decodeTarget, encodeTarget } from '../../../src/slack/views/post-modal.js';
import {
  decodeListRef,
  decodeSummaryViewRef,
  decodeTranscriptRef,
  encodeListRef,
  encodeSummaryViewRef,
  encodeTranscriptRef,
  openValue,
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
    expect(encodeRef({ legId: LEG, side: 'callee', extension: '3202' })).toBe(plain);
    expect(decodeRef(plain)).toEqual({ legId: LEG, side: 'callee', extension: '3202' });

    const full = `{"l":"${LEG}","s":null,"e":null,"c":"C0123SUPPORT","d":"0123456789abcdef"}`;
    const ref = {
      legId: LEG,
      side: undefined,
      extension: undefined,
      channel: 'C0123SUPPORT',
      digest: '0123456789abcdef',
    };
    expect(encodeRef(ref)).toBe(full);
    expect(decodeRef(full)).toEqual(ref);
  });

  it('a listed call’s Summary button is a lookup button’s value', () => {
    expect(openValue(LEG, 'caller')).toBe(`{"l":"${LEG}","s":"caller","e":null}`);
    expect(openValue(LEG, null)).toBe(`{"l":"${LEG}","s":null,"e":null}`);
    expect(openValue(LEG, 'caller')).toBe(encodeRef({ legId: LEG, side: 'caller', extension: undefined }));
    expect(decodeRef(`{"l":"${LEG}","s":null,"e":null}`)).toEqual({
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
    expect(encodeListRef(byNumber)).toBe(number);
    expect(decodeListRef(number)).toEqual(byNumber);

    const mine = `{"k":"e","v":"3202","m":1,"h":24,"l":"24h","p":2,"a":1778700000000}`;
    const myCalls = {
      party: { kind: 'extension', extension: '3202' },
      me: true,
      period: { hours: 24, label: '24h' },
      page: 2,
      at: 1_778_700_000_000,
    } as const;
    expect(encodeListRef(myCalls)).toBe(mine);
    expect(decodeListRef(mine)).toEqual(myCalls);
  });

  it('Transcript, its Previous / Next, and the transcript modal’s metadata', () => {
    const first = `{"l":"${LEG}","p":1}`;
    expect(encodeTranscriptRef({ legId: LEG, page: 1, channelId: undefined })).toBe(first);
    expect(decodeTranscriptRef(first)).toEqual({ legId: LEG, page: 1, channelId: undefined });

    const asked = `{"l":"${LEG}","p":3,"c":"C0123SUPPORT"}`;
    expect(encodeTranscriptRef({ legId: LEG, page: 3, channelId: 'C0123SUPPORT' })).toBe(asked);
    expect(decodeTranscriptRef(asked)).toEqual({ legId: LEG, page: 3, channelId: 'C0123SUPPORT' });
    // What is not a channel id is left out, never carried.
    expect(encodeTranscriptRef({ legId: LEG, page: 3, channelId: '<!channel>' })).toBe(
      `{"l":"${LEG}","p":3}`,
    );
    // Lower-case hex is read, as the canonical upper case.
    expect(decodeTranscriptRef(`{"l":"${LEG.toLowerCase()}","p":1}`)).toEqual({
      legId: LEG,
      page: 1,
      channelId: undefined,
    });
  });

  it('the summary modal’s metadata', () => {
    const withChannel = `{"l":"${LEG}","s":"caller","c":"D0DEMOLEO"}`;
    expect(encodeSummaryViewRef({ legId: LEG, side: 'caller', channelId: 'D0DEMOLEO' })).toBe(withChannel);
    expect(decodeSummaryViewRef(withChannel)).toEqual({ legId: LEG, side: 'caller', channelId: 'D0DEMOLEO' });

    const bare = `{"l":"${LEG}","s":null}`;
    expect(encodeSummaryViewRef({ legId: LEG, side: undefined, channelId: undefined })).toBe(bare);
    expect(decodeSummaryViewRef(bare)).toEqual({ legId: LEG, side: undefined, channelId: undefined });
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
    expect(encodeTarget(decoded)).toBe(target);
    expect(decodeTarget(target)).toEqual(decoded);

    const noUrl = `{"c":"C0123SUPPORT","t":"1778700000.000100","o":["${LEG}|caller"]}`;
    const withoutUrl = {
      channelId: 'C0123SUPPORT',
      threadTs: '1778700000.000100',
      offered: [`${LEG}|caller`],
    };
    expect(encodeTarget(withoutUrl)).toBe(noUrl);
    expect(decodeTarget(noUrl)).toEqual({ ...withoutUrl, responseUrl: undefined });
    // A response_url longer than Slack issues is not carried.
    expect(encodeTarget({ ...withoutUrl, responseUrl: `https://x/${'a'.repeat(1000)}` })).toBe(noUrl);
  });

  it('anything that is not ours decodes to nothing', () => {
    const foreign = [undefined, '', 'x', 'null', '[]', '{}', '"text"', '1', 'x'.repeat(5000)];
    for (const value of foreign) {
      expect(decodeRef(value)).toBeUndefined();
      expect(decodeListRef(value)).toBeUndefined();
      expect(decodeTranscriptRef(value)).toBeUndefined();
      expect(decodeSummaryViewRef(value)).toBeUndefined();
      expect(decodeTarget(value)).toBeUndefined();
    }
    expect(decodeRef(`{"l":"${LEG}","s":"both","e":null}`)).toBeUndefined();
    expect(decodeRef(`{"l":"${LEG}","s":null,"e":null,"c":"<!channel>"}`)).toBeUndefined();
    expect(decodeListRef('{"k":"n","v":"<!channel>","h":1,"l":"1h","p":0,"a":0}')).toBeUndefined();
    expect(decodeTranscriptRef(`{"l":"${LEG}","p":0}`)).toBeUndefined();
    expect(decodeSummaryViewRef(`{"l":"nope","s":null}`)).toBeUndefined();
    expect(decodeTarget(`{"c":"C1","t":"1.1","o":["${LEG}|both"]}`)).toBeUndefined();
    expect(decodeTarget('{"c":"C1","t":"1.1","o":[]}')).toBeUndefined();
  });
});
