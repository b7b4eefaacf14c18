import { describe, expect, it } from 'vitest';
import { SLACK_LIMITS, validateMessage, validateView } from '../../../src/render/index.js';
import { ENGLISH, LOCALES, wordsFor } from '../../../src/shared/i18n/index.js';
import { callLine, listHeading, renderCallList } from '../../../src/slack/views/call-list.js';
import { type HomeModel, homeRefusalView, homeView } from '../../../src/slack/views/home.js';
import { fitLines, transcriptView } from '../../../src/slack/views/transcript.js';
import {
  ACTION_IDS,
  ListRef,
  LookupRef,
  SummaryViewRef,
  TranscriptRef,
} from '../../../src/slack/views/values.js';
import type { CallListPage, ListedCall } from '../../../src/use-case/finding/call-lists.js';
import type { TranscriptLine, TranscriptPage } from '../../../src/use-case/finding/transcripts.js';

/*
 * The renderers of finding calls (call list, transcript modal, Home tab) and their values, in one file:
 * they share the hostile inputs and block walkers below, and a list is what the Home tab draws.
 */

/** Live Slack syntax in mrkdwn: anything that would notify, link a channel or disguise a link. */
const LIVE = /<(?:[@#]|!(?!date\^)|https?:|mailto:)/i;

const HOSTILE = [
  '<!channel>',
  '<!here|here>',
  '<@U123>',
  '<#C123|general>',
  '<!subteam^S1>',
  '<https://evil.example|Your bank>',
  '&lt;!everyone&gt;',
  'Ann *bold* _it_ ~s~ `code`',
  'line\nbreak\u0000\u2028',
].join(' ');

function mrkdwnOf(value: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(value);
  return out;
}

function buttons(value: unknown): { action_id: string; value: string }[] {
  const out: { action_id: string; value: string }[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'button') out.push(o as unknown as { action_id: string; value: string });
      Object.values(o).forEach(walk);
    }
  };
  walk(value);
  return out;
}

function call(n: number, extra: Partial<ListedCall> = {}): ListedCall {
  return {
    legId: `20260513100${String(n).padStart(3, '0')}-3EE9E`,
    start: { year: 2026, month: 5, day: 13, hour: 10, minute: n % 60, second: 0 },
    startEpoch: 1_778_666_400 + n * 60,
    direction: n % 2 === 0 ? 'in' : 'out',
    internal: false,
    otherNumber: '+14155550123',
    otherName: 'Carol Customer',
    durationSeconds: 192,
    gist: 'Customer asked about the invoice',
    summarySide: 'callee',
    ...extra,
  };
}

function page(calls: ListedCall[], extra: Partial<CallListPage> = {}): CallListPage {
  return {
    party: { kind: 'extension', extension: '3202' },
    period: { hours: 168, label: '7d' },
    window: {
      start: { year: 2026, month: 5, day: 6, hour: 0, minute: 0, second: 0 },
      end: { year: 2026, month: 5, day: 13, hour: 23, minute: 0, second: 0 },
    },
    at: 1_778_700_000_000,
    page: 0,
    total: calls.length,
    calls,
    hasOlder: false,
    complete: true,
    ...extra,
  } as CallListPage;
}

const subject = { party: { kind: 'extension', extension: '3202' }, me: false, name: 'Leo Ball' } as const;

describe('button values and view metadata', () => {
  it('Summary carries leg and side in the lookup buttons’ own shape, as lists always wrote it', () => {
    const list = renderCallList(subject, page([call(1), call(2, { summarySide: 'caller' })]), ENGLISH);
    const values = buttons(list.blocks)
      .filter((b) => b.action_id === ACTION_IDS.open)
      .map((b) => b.value);
    expect(values).toEqual([
      '{"l":"20260513100001-3EE9E","s":"callee","e":null}',
      '{"l":"20260513100002-3EE9E","s":"caller","e":null}',
    ]);
    expect(LookupRef.decode(values[0])).toEqual({
      legId: '20260513100001-3EE9E',
      side: 'callee',
      extension: undefined,
    });
  });

  it('Older round-trips its list and refuses anything else', () => {
    const ref = {
      party: { kind: 'number', number: '+14155550123' },
      me: false,
      period: { hours: 24, label: '24h' },
      page: 3,
      at: 1_778_700_000_000,
    } as const;
    expect(ListRef.decode(ListRef.encode(ref))).toEqual(ref);
    const me = { ...ref, party: { kind: 'extension', extension: '3202' }, me: true } as const;
    expect(ListRef.decode(ListRef.encode(me))).toEqual(me);
    for (const bad of [
      undefined,
      '',
      'x',
      '{}',
      '{"k":"n","v":"<!channel>","h":1,"l":"1h","p":0,"a":0}',
      '[]',
    ]) {
      expect(ListRef.decode(bad)).toBeUndefined();
    }
    expect(ListRef.decode(ListRef.encode(ref).replace('"h":24', '"h":9999'))).toBeUndefined();
  });

  it('transcript and summary view references validate the leg, page and channel', () => {
    const t = { legId: '20260513223234-3EE9E', page: 2, channelId: 'C1' };
    expect(TranscriptRef.decode(TranscriptRef.encode(t))).toEqual(t);
    expect(TranscriptRef.decode(TranscriptRef.encode({ ...t, channelId: '<!channel>' }))).toEqual({
      ...t,
      channelId: undefined,
    });
    expect(TranscriptRef.decode('{"l":"nope","p":1}')).toBeUndefined();
    expect(TranscriptRef.decode('{"l":"20260513223234-3EE9E","p":0}')).toBeUndefined();
    const s = { legId: '20260513223234-3EE9E', side: 'caller' as const, channelId: 'D1' };
    expect(SummaryViewRef.decode(SummaryViewRef.encode(s))).toEqual(s);
    expect(SummaryViewRef.decode('x'.repeat(5000))).toBeUndefined();
  });
});

describe('the call list', () => {
  it('draws one line per call with a Summary button, and Older for the next page', () => {
    const calls = Array.from({ length: 10 }, (_, i) => call(i));
    const list = renderCallList(subject, page(calls, { total: 23, hasOlder: true }), ENGLISH);
    expect(validateMessage(list)).toEqual([]);
    const summary = buttons(list.blocks).filter((b) => b.action_id === ACTION_IDS.open);
    expect(summary).toHaveLength(10);
    expect(LookupRef.decode(summary[0]!.value)).toEqual({
      legId: calls[0]!.legId,
      side: 'callee',
      extension: undefined,
    });
    const [older] = buttons(list.blocks).filter((b) => b.action_id === ACTION_IDS.more);
    expect(ListRef.decode(older!.value)).toMatchObject({ page: 1, at: 1_778_700_000_000, me: false });
    expect(list.text).toBe('Calls of extension 3202 (Leo Ball), last 7 days: 1–10 of 23, newest first');
  });

  it('does not claim a count it does not know: a list read back only as far as its page says "of more"', () => {
    const calls = Array.from({ length: 10 }, (_, i) => call(i));
    const partial = renderCallList(
      subject,
      page(calls, { total: 11, hasOlder: true, complete: false }),
      ENGLISH,
    );
    expect(partial.text).toContain('1–10 of more');
    const whole = renderCallList(
      subject,
      page(calls, { total: 10, hasOlder: false, complete: true }),
      ENGLISH,
    );
    expect(whole.text).toContain('1–10 of 10');
  });

  it('offers Newer past the first page, and Older while there is more, each in a block of its own', () => {
    const middle = renderCallList(subject, page([call(0)], { page: 1, total: 25, hasOlder: true }), ENGLISH);
    const paging = buttons(middle.blocks).filter((b) => b.action_id === ACTION_IDS.more);
    expect(paging.map((b) => ListRef.decode(b.value)?.page)).toEqual([0, 2]);
    expect(middle.text).toContain('11–11 of 25');
    expect(validateMessage(middle)).toEqual([]);
  });

  it('writes time, direction, party, duration and gist on each line', () => {
    const line = callLine(call(0), ENGLISH);
    expect(line).toContain('<!date^1778666400^{date_short_pretty} at {time}|May 13, 2026, 10:00 UTC>');
    expect(line).toContain('↙ in');
    expect(line).toContain('Carol Customer +1 415 555 0123');
    expect(line).toContain('3m 12s');
    expect(line).toContain('Customer asked about the invoice');
    const unknownZone = callLine(
      call(1, { startEpoch: null, gist: '', durationSeconds: null, internal: true }),
      ENGLISH,
    );
    expect(unknownZone).toContain('May 13, 2026, 10:01 PBX time');
    expect(unknownZone).toContain('(internal)');
    expect(unknownZone).toContain('No summary yet');
    expect(ENGLISH.duration(45)).toBe('45s');
    expect(ENGLISH.duration(3725)).toBe('1h 02m');
  });

  it('says when a list is empty, and for which period', () => {
    const empty = page([], { period: { hours: 24, label: '24h' } });
    const numberList = renderCallList(
      { party: { kind: 'number', number: '+14155550123' }, me: false },
      empty,
      ENGLISH,
    );
    expect(numberList.text).toBe('No calls with +1 415 555 0123 in the last 24 hours.');
    expect(JSON.stringify(numberList.blocks)).toContain('/callsummary +14155550123 31d');
    expect(listHeading({ ...subject, me: true }, empty, ENGLISH)).toBe(
      'No calls of yours, extension 3202 (Leo Ball), in the last 24 hours.',
    );
    expect(validateMessage(numberList)).toEqual([]);
  });

  it('escapes hostile names, numbers and gists: no mention, broadcast or disguised link', () => {
    const hostile = call(0, {
      otherName: HOSTILE,
      otherNumber: `<!channel>${'9'.repeat(500)}`,
      gist: HOSTILE,
    });
    const list = renderCallList(
      { party: { kind: 'extension', extension: '3202' }, me: true, name: HOSTILE },
      page(
        Array.from({ length: 10 }, () => hostile),
        { total: 10 },
      ),
      ENGLISH,
    );
    expect(validateMessage(list)).toEqual([]);
    for (const text of [...mrkdwnOf(list.blocks), list.text]) expect(text).not.toMatch(LIVE);
    // One line each: line breaks in a name cannot forge a new line of the list.
    expect(callLine(hostile, ENGLISH).split('\n')).toHaveLength(2);
    // Verbatim: Slack does not link bare URLs or #channel names, nor parse mentions, in PBX text.
    const sections = list.blocks.filter((b) => b.type === 'section') as { text?: { verbatim?: boolean } }[];
    expect(sections.length).toBe(11);
    expect(sections.every((b) => b.text?.verbatim === true)).toBe(true);
  });
});

function line(n: number, text: string, extra: Partial<TranscriptLine> = {}): TranscriptLine {
  return {
    speaker: n % 2 ? 'Leo Ball' : 'Carol',
    number: n % 2 ? '3202' : '+14155550123',
    atSeconds: n * 7,
    text,
    ...extra,
  };
}

function transcript(lines: TranscriptLine[], extra: Partial<TranscriptPage> = {}): TranscriptPage {
  return { legId: '20260513223234-3EE9E', page: 1, lines, hasNext: false, ...extra };
}

describe('the transcript modal', () => {
  it('shows speaker, time into the call and text, with Next on the first page', () => {
    const view = transcriptView(transcript([line(1, 'Hello, how can I help?')], { hasNext: true }), ENGLISH, {
      channelId: 'C1',
    });
    expect(validateView(view)).toEqual([]);
    const text = mrkdwnOf(view.blocks).join('\n');
    expect(text).toContain('*Leo Ball* 3202 · 0:07\nHello, how can I help?');
    const b = buttons(view.blocks);
    expect(b.map((x) => x.action_id)).toEqual([ACTION_IDS.transcriptNext]);
    expect(TranscriptRef.decode(b[0]!.value)).toEqual({
      legId: '20260513223234-3EE9E',
      page: 2,
      channelId: 'C1',
    });
    expect(TranscriptRef.decode(view.private_metadata)).toEqual({
      legId: '20260513223234-3EE9E',
      page: 1,
      channelId: 'C1',
    });
  });

  it('offers Previous and Next in the middle, only Previous at the end', () => {
    const middle = transcriptView(transcript([line(1, 'a')], { page: 2, hasNext: true }), ENGLISH, {
      channelId: undefined,
    });
    expect(buttons(middle.blocks).map((b) => b.action_id)).toEqual([
      ACTION_IDS.transcriptPrevious,
      ACTION_IDS.transcriptNext,
    ]);
    const last = transcriptView(transcript([line(1, 'a')], { page: 3 }), ENGLISH, { channelId: undefined });
    expect(buttons(last.blocks).map((b) => b.action_id)).toEqual([ACTION_IDS.transcriptPrevious]);
  });

  it('says when there is no transcript', () => {
    const view = transcriptView(transcript([]), ENGLISH, { channelId: undefined });
    expect(JSON.stringify(view.blocks)).toContain('no transcript for this call');
    expect(validateView(view)).toEqual([]);
  });

  it('keeps a page of very long, hostile lines within every limit, saying lines were shortened', () => {
    const long = `${HOSTILE} ${'&<>'.repeat(3000)}`;
    const lines = Array.from({ length: 20 }, (_, i) =>
      line(i, i === 0 ? 'short' : long, { speaker: HOSTILE }),
    );
    const view = transcriptView(transcript(lines, { page: 2, hasNext: true }), ENGLISH, { channelId: 'C1' });
    expect(validateView(view)).toEqual([]);
    expect(JSON.stringify(view.blocks).length).toBeLessThanOrEqual(SLACK_LIMITS.blocksJson);
    for (const text of mrkdwnOf(view.blocks)) expect(text).not.toMatch(LIVE);
    expect(mrkdwnOf(view.blocks).join('\n')).toContain('\nshort');
    const sections = view.blocks.filter((b) => b.type === 'section') as { text?: { verbatim?: boolean } }[];
    expect(sections.every((b) => b.text?.verbatim === true)).toBe(true);
    expect(JSON.stringify(view.blocks)).toContain('Long lines are shortened here');
    expect(view.private_metadata!.length).toBeLessThanOrEqual(SLACK_LIMITS.privateMetadata);
  });

  it('shares the room out: short lines whole, long ones get what is left', () => {
    const fitted = fitLines(['a'.repeat(10), 'b'.repeat(1000), 'c'.repeat(1000)], 610);
    expect(fitted[0]).toEqual({ text: 'a'.repeat(10), cut: false });
    expect(fitted[1]!.text.length).toBe(300);
    expect(fitted[1]!.cut).toBe(true);
    expect(fitLines(['x', 'y'], 100).every((f) => !f.cut)).toBe(true);
  });
});

const status: HomeModel['status'] = {
  pbx: 'answering',
  posting: 'webhook',
  cache: { kind: 'memory', healthy: true },
  directory: { state: 'loaded', size: 10 },
  emails: 'on',
  access: { kind: 'open' },
};

describe('the Home tab', () => {
  it('shows the match, the recent calls with Summary buttons and the admin status', () => {
    const view = homeView(
      {
        match: { kind: 'matched', extension: '3202', name: 'Leo Ball', via: 'email' },
        calls: {
          kind: 'page',
          subject: { ...subject, me: true },
          page: page(
            Array.from({ length: 10 }, (_, i) => call(i)),
            { total: 12, hasOlder: true },
          ),
        },
        status,
        at: 1_778_700_000_000,
      },
      ENGLISH,
    );
    expect(view.type).toBe('home');
    expect(validateView(view)).toEqual([]);
    const text = mrkdwnOf(view.blocks).join('\n');
    expect(text).toContain('matched to extension *3202* (Leo Ball), by your Slack email address');
    expect(text).toContain('Your calls, extension 3202 (Leo Ball)');
    expect(text).toContain('PBX: answering');
    expect(text).toContain('Automatic posting: on, by webhook');
    expect(text).toContain('Cache: memory');
    expect(buttons(view.blocks).filter((b) => b.action_id === ACTION_IDS.open)).toHaveLength(10);
    expect(buttons(view.blocks).filter((b) => b.action_id === ACTION_IDS.more)).toHaveLength(1);
  });

  it('says how to fix an unmatched account, and which feature is off and why', () => {
    const view = homeView(
      {
        match: {
          kind: 'unmatched',
          why: { message: 'The app may not read Slack profile emails <!channel>', hint: 'Ask the admin' },
        },
        calls: { kind: 'none' },
        status: {
          ...status,
          pbx: 'failing',
          posting: 'off',
          cache: { kind: 'redis', healthy: false },
          emails: 'no_scope',
        },
        at: 0,
      },
      ENGLISH,
    );
    expect(validateView(view)).toEqual([]);
    const text = mrkdwnOf(view.blocks).join('\n');
    expect(text).toContain(':warning: The app may not read Slack profile emails &lt;!channel&gt;');
    expect(text).toContain('Ask the admin');
    expect(text).toContain('lacks the scopes users:read and users:read.email');
    expect(text).toContain('Automatic posting: off');
    expect(text).toContain('Cache: Redis (not answering');
    expect(text).toContain('its last request failed');
    for (const t of mrkdwnOf(view.blocks)) expect(t).not.toMatch(LIVE);
  });

  it('shows a list that failed, and a refusal', () => {
    const failed = homeView(
      {
        match: { kind: 'matched', extension: '3202', name: HOSTILE, via: 'user_map' },
        calls: {
          kind: 'failed',
          why: { message: 'The PBX could not be reached.', hint: 'Try again in a minute.' },
        },
        status,
        at: 0,
      },
      ENGLISH,
    );
    expect(validateView(failed)).toEqual([]);
    for (const t of mrkdwnOf(failed.blocks)) expect(t).not.toMatch(LIVE);
    expect(mrkdwnOf(failed.blocks).join('\n')).toContain('USER_MAP_FILE');
    const refusal = homeRefusalView({ message: 'Sorry, not for you.', hint: 'Ask your admin.' }, ENGLISH);
    expect(validateView(refusal)).toEqual([]);
    expect(buttons(refusal.blocks)).toEqual([]);
  });
});

describe('the largest list, transcript page and Home tab, in each language', () => {
  const longName = `${HOSTILE} ${'名'.repeat(80)}`;
  const biggest = (i: number) =>
    call(i, {
      otherName: longName,
      otherNumber: `+1415555${String(i).padStart(4, '0')}`,
      // A gist is at most 120 characters (src/render/gist.ts).
      gist: `${HOSTILE} ${'要'.repeat(120)}`.slice(0, 120),
      internal: i % 3 === 0,
      startEpoch: i % 4 === 0 ? null : 1_778_666_400 + i * 60,
      durationSeconds: i % 5 === 0 ? null : 3725 + i,
    });
  const fullPage = page(
    Array.from({ length: 10 }, (_, i) => biggest(i)),
    { page: 1, total: 31, hasOlder: true, complete: false },
  );
  const longSubject = { party: { kind: 'extension', extension: '3202' }, me: true, name: longName } as const;

  it.each(LOCALES)(
    '%s: a full page of long, hostile calls with Newer, Older and the PBX clock note',
    (locale) => {
      const words = wordsFor(locale);
      const list = renderCallList(longSubject, fullPage, words);
      expect(validateMessage(list)).toEqual([]);
      for (const text of [...mrkdwnOf(list.blocks), list.text]) expect(text).not.toMatch(LIVE);
      expect(buttons(list.blocks).filter((b) => b.action_id === ACTION_IDS.more)).toHaveLength(2);
      const text = JSON.stringify(list);
      if (locale === 'zh-CN') {
        expect(list.text).toContain('最近7天：第 11–20 条，还有更多');
        expect(text).toContain('时间为 PBX 时钟');
        expect(text).toContain('（内部）');
        expect(text).not.toMatch(/newest first|of more|Older|Newer|Summary|PBX time|internal/);
      } else {
        expect(list.text).toContain('last 7 days: 11–20 of more');
        expect(text).not.toMatch(/[\u4e00-\u9fff]/);
      }
    },
  );

  it.each(LOCALES)('%s: a transcript page of long, hostile lines between Previous and Next', (locale) => {
    const words = wordsFor(locale);
    const lines = Array.from({ length: 20 }, (_, i) =>
      line(i, `${HOSTILE} ${'&<>'.repeat(3000)}`, { speaker: i === 3 ? '' : longName }),
    );
    const view = transcriptView(transcript(lines, { page: 2, hasNext: true }), words, { channelId: 'C1' });
    expect(validateView(view)).toEqual([]);
    expect(JSON.stringify(view.blocks).length).toBeLessThanOrEqual(SLACK_LIMITS.blocksJson);
    for (const text of mrkdwnOf(view.blocks)) expect(text).not.toMatch(LIVE);
    const text = JSON.stringify(view);
    if (locale === 'zh-CN') {
      expect(view.title.text).toBe('通话记录文本');
      expect(text).toContain('第 2 页');
      expect(text).toContain('未知说话人');
      expect(text).toContain('此处较长的内容已缩短');
      expect(buttons(view.blocks).map((b) => (b as unknown as { text: { text: string } }).text.text)).toEqual(
        ['上一页', '下一页'],
      );
    } else {
      expect(text).toContain('Unknown speaker');
      expect(text).toContain('Long lines are shortened here');
    }
  });

  it.each(LOCALES)(
    '%s: the Home tab with every part: match, DM switch, a full list, the whole status',
    (locale) => {
      const words = wordsFor(locale);
      const view = homeView(
        {
          match: { kind: 'matched', extension: '3202', name: longName, via: 'user_map' },
          calls: { kind: 'page', subject: longSubject, page: fullPage },
          status: {
            pbx: 'failing',
            posting: 'off',
            cache: { kind: 'redis', healthy: false },
            directory: { state: 'failed', size: 0 },
            emails: 'no_scope',
            access: { kind: 'rules', teams: 12, admins: 1, others: 'none', transcripts: 'leads' },
          },
          at: 1_778_700_000_000,
          dmMine: false,
        },
        words,
      );
      expect(validateView(view)).toEqual([]);
      for (const t of mrkdwnOf(view.blocks)) expect(t).not.toMatch(LIVE);
      const text = JSON.stringify(view);
      if (locale === 'zh-CN') {
        expect(text).toContain('依据机器人的成员列表（USER_MAP_FILE）');
        expect(text).toContain('把我的通话摘要发给我');
        expect(text).toContain('12 个团队，1 位管理员');
        expect(text).toContain('|2026年5月13日 19:20（UTC）>');
        expect(text).not.toMatch(/Status|Updated|Cache|matched to extension|Send me/);
      } else {
        expect(text).toContain('12 teams, 1 admin; members in no team see no calls');
        expect(text).toContain('|May 13, 2026, 19:20 UTC>');
      }
      const on = homeView(
        {
          match: { kind: 'matched', extension: '3202', name: '', via: 'email' },
          calls: { kind: 'none' },
          status,
          at: 0,
          dmMine: true,
        },
        words,
      );
      expect(validateView(on)).toEqual([]);
      const refusal = homeRefusalView({ message: 'x'.repeat(3000), hint: 'y'.repeat(2000) }, words);
      expect(validateView(refusal)).toEqual([]);
    },
  );
});
