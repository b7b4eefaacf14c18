import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../../src/events/envelope.js';
import { validateMessage, validateView } from '../../../src/render/index.js';
import { ENGLISH } from '../../../src/shared/i18n/index.js';
import { copyMessage, notificationMessage } from '../../../src/slack/send/late-slack.js';
import { lookupMessage } from '../../../src/slack/views/answers.js';
import { homeView } from '../../../src/slack/views/home.js';
import { summariesView } from '../../../src/slack/views/post-modal.js';
import { postedSummaryMessage } from '../../../src/slack/views/posted.js';
import { createSlackRenderer } from '../../../src/slack/views/summary-budget.js';
import { summaryView } from '../../../src/slack/views/summary-modal.js';
import type { SlackMessage } from '../../../src/slack/views/types.js';
import { ACTION_IDS } from '../../../src/slack/views/values.js';
import { callContextOf } from '../../../src/use-case/model/call-context.js';
import type { CallSummary } from '../../../src/use-case/model/call-summary.js';
import type { SummaryLookup } from '../../../src/use-case/summaries.js';
import { callSummary, DOC_LEG } from '../../helpers/call-summary.js';

/**
 * Every surface that shows a summary shows which call it is, drawn by the one function
 * (src/render/call-context.ts), and stays valid Block Kit by the project's validator.
 */

const render = createSlackRenderer();
const summary = callSummary();
const call = callContextOf({
  legId: DOC_LEG,
  side: 'callee',
  summary,
  facts: {
    caller: '4155550123',
    callee: '3202',
    callerName: 'Ann Lee',
    callType: 'Inbound',
    talkSeconds: 75,
  },
  timeZone: 'UTC',
  phoneRegion: 'US',
});
const CONTEXT = 'Incoming call · Ann Lee +1 415 555 0123 → Human Agent - Leo Ball (3202)';
const WHEN = '<!date^1778711554^{date_short_pretty} at {time}|May 13, 2026, 22:32 UTC> · talked 1m 15s';
const lookup: SummaryLookup = {
  legId: DOC_LEG,
  results: [
    { side: 'caller', status: 'outside_number', number: '4155550123' },
    { side: 'callee', status: 'found', summary, cached: false, call },
  ],
};

function expectContext(message: SlackMessage | { blocks?: unknown }) {
  const json = JSON.stringify(message.blocks);
  expect(json).toContain(CONTEXT);
  expect(json).toContain(JSON.stringify(WHEN).slice(1, -1));
  // When the summary was written is not when the call was.
  expect(json).not.toContain(String(summary.createdAt));
}

const buttons = (blocks: readonly unknown[]) =>
  (blocks as KnownBlock[]).flatMap((b) =>
    b.type === 'actions' ? b.elements.map((e) => (e as { action_id?: string }).action_id) : [],
  );

describe('call context on every surface', () => {
  it('the private answer, without the outside-number sentence when no side was asked', () => {
    const message = lookupMessage(lookup, render, ENGLISH, {
      asked: { legId: DOC_LEG, side: undefined, extension: undefined },
      interactive: true,
    });
    expect(validateMessage(message)).toEqual([]);
    expectContext(message);
    expect(message.text).toContain(CONTEXT);
    expect(JSON.stringify(message)).not.toContain('outside number');
    expect(JSON.stringify(message.blocks)).not.toContain('callee side');
  });

  it('the private answer for a side asked for names the side', () => {
    const message = lookupMessage(lookup, render, ENGLISH, {
      asked: { legId: DOC_LEG, side: 'callee', extension: undefined },
      interactive: true,
    });
    expect(validateMessage(message)).toEqual([]);
    expectContext(message);
    expect(JSON.stringify(message.blocks)).toContain('callee side');
  });

  it('a share', () => {
    const message = lookupMessage({ legId: DOC_LEG, results: [lookup.results[1]!] }, render, ENGLISH, {
      asked: { legId: DOC_LEG, side: undefined, extension: undefined },
      interactive: false,
      sharedBy: 'U0123ABCD',
    });
    expect(validateMessage(message, 'message', { allowMentions: true })).toEqual([]);
    expectContext(message);
  });

  it('a thread reply and an automatic post carry Transcript (and Show other side only for an extension)', () => {
    const message = postedSummaryMessage(summary, call, render, ENGLISH);
    expect(validateMessage(message)).toEqual([]);
    expectContext(message);
    expect(buttons(message.blocks)).toEqual([ACTION_IDS.transcript]);
    const internal = callContextOf({
      legId: DOC_LEG,
      side: 'callee',
      summary,
      facts: { caller: '3203', callee: '3202' },
    });
    const posted = postedSummaryMessage(summary, internal, render, ENGLISH);
    expect(buttons(posted.blocks)).toEqual([ACTION_IDS.showSide, ACTION_IDS.transcript]);
    // Its answer comes beside the post, never in its place.
    const showSide = (posted.blocks.at(-1) as { elements: { value: string }[] }).elements[0]!.value;
    expect(JSON.parse(showSide)).toEqual({ l: DOC_LEG, s: 'caller', e: null, p: 1 });
  });

  it("an automatic post from a 30040: the event's time_start and talk_duration", () => {
    const event = parseEvent({
      type: 30040,
      msg: {
        call_id: DOC_LEG,
        call_from: '4155550123',
        call_to: '3202',
        ext_num: '3202',
        call_type: 'Inbound',
        time_start: '2026/05/13 22:31:05',
        talk_duration: 75,
        summary: '<p>Hello</p>',
      },
    });
    if (event.kind !== 'summary') throw new Error(event.kind);
    const fromEvent = callContextOf({
      legId: event.legId,
      side: event.summary.side,
      summary: event.summary,
      facts: event.parties,
      timeZone: 'UTC',
    });
    const message = postedSummaryMessage(event.summary, fromEvent, render, ENGLISH);
    expect(validateMessage(message)).toEqual([]);
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('Incoming call · +1 415 555 0123 → extension 3202');
    expect(json).toContain('|May 13, 2026, 22:31 UTC> · talked 1m 15s');
  });

  it('a notification, with Share, Transcript', () => {
    const message = notificationMessage(summary, call, render, 'C0123ABCD', ENGLISH);
    expect(validateMessage(message)).toEqual([]);
    expectContext(message);
    expect(buttons(message.blocks)).toEqual([ACTION_IDS.share, ACTION_IDS.transcript]);
  });

  it.each(['post', 'share', 'notify'] as const)('a %s copy brought up to date', (kind) => {
    const message = copyMessage(
      { kind, userId: 'U0123ABCD', shareIn: 'C0123ABCD' },
      summary,
      call,
      render,
      ENGLISH,
    );
    expect(validateMessage(message, 'message', { allowMentions: kind === 'share' })).toEqual([]);
    expectContext(message);
  });

  it('the summary modal (from Home) and the shortcut’s modal', () => {
    const modal = summaryView(
      lookup,
      render,
      { legId: DOC_LEG, side: 'callee', channelId: undefined },
      ENGLISH,
    );
    expect(validateView(modal)).toEqual([]);
    expectContext(modal);
    const other: CallSummary = { ...summary, side: 'caller', extNum: '3203', name: 'Mia Chen' };
    const both = callContextOf({
      legId: DOC_LEG,
      side: 'caller',
      summary: other,
      facts: { caller: '3203', callee: '3202' },
    });
    const shortcut = summariesView(
      [
        lookup,
        {
          legId: DOC_LEG,
          results: [{ side: 'caller', status: 'found', summary: other, cached: false, call: both }],
        },
      ],
      render,
      { channelId: 'C0123ABCD', threadTs: '1.2' },
      ENGLISH,
    );
    expect(validateView(shortcut)).toEqual([]);
    expectContext(shortcut);
    expect(JSON.stringify(shortcut.blocks)).toContain('Internal call · Mia Chen (3203) → extension 3202');
  });

  it('the Home tab: each call drawn with the same time, party and talk time', () => {
    const view = homeView(
      {
        match: { kind: 'matched', extension: '3202', name: 'Leo Ball', via: 'email' },
        calls: {
          kind: 'page',
          subject: { party: { kind: 'extension', extension: '3202' }, me: true, name: 'Leo Ball' },
          page: {
            complete: true,
            party: { kind: 'extension', extension: '3202' },
            period: { hours: 168, label: '7d' },
            window: {
              start: { year: 2026, month: 5, day: 6, hour: 0, minute: 0, second: 0 },
              end: { year: 2026, month: 5, day: 14, hour: 0, minute: 0, second: 0 },
              exact: true,
            },
            at: 0,
            page: 0,
            total: 1,
            hasOlder: false,
            calls: [
              {
                legId: DOC_LEG,
                start: { year: 2026, month: 5, day: 13, hour: 22, minute: 32, second: 34 },
                startEpoch: 1778711554,
                direction: 'in',
                internal: false,
                otherNumber: '4155550123',
                otherName: 'Ann Lee',
                durationSeconds: 75,
                gist: 'Login loop',
                summarySide: 'callee',
              },
            ],
          },
        },
        status: {
          pbx: 'answering',
          posting: 'off',
          cache: { kind: 'memory', healthy: true },
          directory: { state: 'loaded', size: 3 },
          emails: 'on',
          access: { kind: 'open' },
        },
        at: 0,
        phoneRegion: 'US',
      },
      ENGLISH,
    );
    expect(validateView(view)).toEqual([]);
    const json = JSON.stringify(view.blocks);
    expect(json).toContain(
      '<!date^1778711554^{date_short_pretty} at {time}|May 13, 2026, 22:32 UTC> · ↙ in · Ann Lee +1 415 555 0123 · 1m 15s',
    );
  });
});
