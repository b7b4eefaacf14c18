import { describe, expect, it } from 'vitest';
import { validateMessage } from '../../src/render/index.js';
import { CallSummaryError } from '../../src/shared/errors.js';
import { ENGLISH } from '../../src/shared/i18n/index.js';
import type { SlackDeps } from '../../src/slack/deps.js';
import { lookupButton } from '../../src/slack/listeners/actions/lookup-action.js';
import { callsummaryCommand } from '../../src/slack/listeners/commands/callsummary.js';
import { createAfterAcks } from '../../src/slack/server/after-acks.js';
import { errorMessage } from '../../src/slack/views/answers.js';
import type { ResponseBody } from '../../src/slack/views/types.js';
import { ACTION_IDS, LookupRef } from '../../src/slack/views/values.js';
import { parseCallQuery } from '../../src/use-case/model/call-query.js';
import type { SummaryLookup, SummaryRequest, SummaryService } from '../../src/use-case/summaries.js';
import { callContextFake, callSummary, found as foundResult } from '../helpers/call-summary.js';
import { createMemoryClaims } from '../helpers/memory-claims.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { slackSenders } from '../helpers/slack-deps.js';

const LEG = '20260513223234-3EE9E';

const summary = (side: 'caller' | 'callee') =>
  callSummary({
    legId: LEG,
    side,
    html: `<p>${side} summary</p>`,
    name: 'Ann',
    id: 1,
    createdAt: 1,
    updatedAt: 1,
  });

function fakeDeps(
  answer: (request: SummaryRequest) => SummaryLookup | Promise<SummaryLookup>,
  access: SlackDeps['access'] = { allowedChannelIds: undefined, allowedUserIds: undefined },
) {
  const requests: SummaryRequest[] = [];
  const logger = createMemoryLogger();
  const summaries: SummaryService = {
    lookup: async (request) => {
      requests.push(request);
      return answer(request);
    },
    rememberLeg: async () => {},
    rememberSummary: async () => {},
    callContext: callContextFake,
  };
  const deps: SlackDeps = {
    summaries,
    render: (s) => ({
      text: `${s.side}: ${s.html}`,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: s.html } }],
    }),
    access,
    logger,
    claims: createMemoryClaims(),
    ...slackSenders(logger),
    afterAcks: createAfterAcks(),
  };
  return { deps, requests, logger };
}

function harness() {
  const events: string[] = [];
  const bodies: ResponseBody[] = [];
  return {
    events,
    bodies,
    ack: async () => {
      events.push('ack');
    },
    respond: async (body: ResponseBody) => {
      events.push('respond');
      bodies.push(body);
    },
  };
}

const command = (text: string) => ({ text, user_id: 'U1', channel_id: 'C1' });

function buttonIds(body: ResponseBody): string[] {
  return (body.blocks ?? []).flatMap((b) =>
    b.type === 'actions' ? b.elements.map((e) => ('action_id' in e ? String(e.action_id) : '')) : [],
  );
}

describe('the command parses with the one grammar (src/use-case/model/call-query.ts)', () => {
  const parse = (text: string) => parseCallQuery(text, { defaultDays: 7 });
  it('reads leg id, side words and extension as before', () => {
    expect(parse('  HELP ')).toEqual({ kind: 'help' });
    expect(parse(`${LEG.toLowerCase()}`)).toEqual({
      kind: 'leg',
      legId: LEG,
      side: undefined,
      extension: undefined,
    });
    expect(parse(`${LEG} src`)).toEqual({ kind: 'leg', legId: LEG, side: 'caller', extension: undefined });
    expect(parse(`${LEG} to 3202`)).toEqual({ kind: 'leg', legId: LEG, side: 'callee', extension: '3202' });
  });

  it('rejects a bad leg id and stray words with a coded error', () => {
    expect(() => parse('2026051322-ZZ')).toThrow(expect.objectContaining({ code: 'bad_leg_id' }));
    expect(() => parse(`${LEG} sideways`)).toThrow(expect.objectContaining({ code: 'usage' }));
    expect(() => parse(`${LEG} 3202`)).toThrow(expect.objectContaining({ code: 'usage' }));
  });
});

describe('/callsummary handler', () => {
  it('acks before looking up, then answers privately with the summary and buttons', async () => {
    const h = harness();
    const { deps, requests } = fakeDeps(() => {
      h.events.push('lookup');
      return {
        legId: LEG,
        results: [foundResult(summary('caller'))],
      };
    });
    await callsummaryCommand(deps)({ command: command(`${LEG} caller`), ack: h.ack, respond: h.respond });
    expect(h.events).toEqual(['ack', 'lookup', 'respond']);
    expect(requests).toEqual([{ legId: LEG, side: 'caller', extension: undefined }]);
    const body = h.bodies[0]!;
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('caller summary');
    expect(buttonIds(body)).toEqual([
      ACTION_IDS.share,
      ACTION_IDS.showSide,
      ACTION_IDS.refresh,
      ACTION_IDS.transcript,
    ]);
  });

  it('prints every form for help (and for text that is no string), without a lookup', async () => {
    for (const text of ['help', ' HELP ', ['help', 'x'] as unknown as string]) {
      const h = harness();
      const { deps, requests } = fakeDeps(() => {
        throw new Error('no lookup expected');
      });
      await callsummaryCommand(deps)({ command: command(text), ack: h.ack, respond: h.respond });
      expect(requests).toHaveLength(0);
      // Escaped: unescaped, Slack reads `<leg-id>` as a link and shows "leg-id".
      expect(h.bodies[0]!.text).toContain('&lt;leg-id&gt; [caller|callee] [extension]');
      for (const form of ['`+1 415 555 0123`', '`3202`', '`me`', '`24h`', '`help`'])
        expect(h.bodies[0]!.text).toContain(form);
      expect(validateMessage(h.bodies[0]!)).toEqual([]);
    }
  });

  it('explains a bad leg id with the expected shape', async () => {
    const h = harness();
    const { deps } = fakeDeps(() => {
      throw new Error('no lookup expected');
    });
    await callsummaryCommand(deps)({ command: command('20260513-zz'), ack: h.ack, respond: h.respond });
    expect(h.events).toEqual(['ack', 'respond']);
    expect(h.bodies[0]!.text).toContain('YYYYMMDDhhmmss');
    const other = harness();
    await callsummaryCommand(deps)({ command: command('not-a-leg'), ack: other.ack, respond: other.respond });
    expect(other.bodies[0]!.text).toContain('is not a leg id, a phone number, an extension or a period');
    expect(other.bodies[0]!.text).toContain('/callsummary help');
  });

  it.each(['<!channel>', '<@U123ABC>', '<#C123|general>', '<!subteam^S1>', '<https://evil.example|bank>'])(
    'quotes what was typed (%s) without making it live, in the text and the blocks',
    async (typed) => {
      for (const text of [typed, `${LEG} ${typed}`]) {
        const h = harness();
        const { deps } = fakeDeps(() => {
          throw new Error('no lookup expected');
        });
        await callsummaryCommand(deps)({ command: command(text), ack: h.ack, respond: h.respond });
        const body = h.bodies[0]!;
        expect(body.text).toContain('&lt;');
        expect(validateMessage(body)).toEqual([]);
      }
    },
  );

  it('offers Try again and Notify me when there is no summary yet, and says so for an outside number', async () => {
    const h = harness();
    const { deps } = fakeDeps(() => ({
      legId: LEG,
      results: [
        { side: 'caller', status: 'outside_number', number: '+15550100' },
        { side: 'callee', status: 'none' },
      ],
    }));
    await callsummaryCommand(deps)({ command: command(LEG), ack: h.ack, respond: h.respond });
    const body = h.bodies[0]!;
    // No side was asked for: the outside caller is no news (only extensions have summaries).
    expect(body.text).not.toContain('outside number');
    expect(body.text).toContain('No AI summary yet for the callee');
    // Notify me carries the same leg and side as Try again: the callee, not the outside caller.
    expect(buttonIds(body)).toEqual([ACTION_IDS.retry, ACTION_IDS.notify]);
    const notify = (body.blocks as { type: string; elements?: { action_id?: string; value?: string }[] }[])
      .flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []))
      .find((e) => e.action_id === ACTION_IDS.notify);
    expect(JSON.parse(notify!.value!)).toEqual({ l: LEG, s: 'callee', e: null });
  });

  it("says a side is a queue, and how to ask for the agent's summary, rather than an outside number", async () => {
    const h = harness();
    const { deps } = fakeDeps(() => ({
      legId: LEG,
      results: [
        {
          side: 'callee',
          status: 'outside_number',
          number: '6400',
          group: { kind: 'queue', id: 1, number: '6400', name: 'Support Queue' },
        },
      ],
    }));
    await callsummaryCommand(deps)({ command: command(`${LEG} callee`), ack: h.ack, respond: h.respond });
    const body = h.bodies[0]!;
    expect(body.text).toContain('queue 6400 (Support Queue)');
    expect(body.text).toContain("Give the agent's extension");
    expect(body.text).not.toContain('outside number');
    expect(validateMessage(body)).toEqual([]);
  });

  it.each([
    ['pbx_unreachable', 'Try again', true],
    ['pbx_timeout', 'Try again', true],
    ['pbx_credentials_rejected', 'callsummary doctor', false],
  ] as const)('answers %s with what to do', async (code, hint, retry) => {
    const h = harness();
    const errors = {
      pbx_unreachable: () =>
        new CallSummaryError('pbx_unreachable', { what: 'summary_request', failure: 'network' }),
      pbx_timeout: () => new CallSummaryError('pbx_timeout', { what: 'summary_request', timeoutMs: 1000 }),
      pbx_credentials_rejected: () => new CallSummaryError('pbx_credentials_rejected', {}),
    };
    const { deps, logger } = fakeDeps(() => {
      throw errors[code]();
    });
    await callsummaryCommand(deps)({ command: command(`${LEG} callee`), ack: h.ack, respond: h.respond });
    const body = h.bodies[0]!;
    expect(body.text).toContain(hint);
    expect(body.text).not.toMatch(/at .*\.ts:\d+/);
    expect(buttonIds(body)).toEqual(retry ? [ACTION_IDS.retry] : []);
    expect(logger.lines.some((l) => l.includes(code))).toBe(true);
  });

  it('refuses people outside the allowed lists, politely and without a lookup', async () => {
    const h = harness();
    const { deps, requests, logger } = fakeDeps(() => ({ legId: LEG, results: [] }), {
      allowedChannelIds: ['C9'],
      allowedUserIds: undefined,
    });
    await callsummaryCommand(deps)({ command: command(LEG), ack: h.ack, respond: h.respond });
    expect(requests).toHaveLength(0);
    expect(h.bodies[0]!.response_type).toBe('ephemeral');
    expect(h.bodies[0]!.text).toContain('not available to you');
    expect(logger.lines.some((l) => l.includes('refused'))).toBe(true);
  });
});

describe('summary buttons', () => {
  const found = (r: SummaryRequest): SummaryLookup => ({
    legId: LEG,
    results: [foundResult(summary(r.side ?? 'caller'), true)],
  });
  const value = JSON.stringify({ l: LEG, s: 'caller', e: null });

  it('share posts the summary in the channel, attributed, without buttons', async () => {
    const h = harness();
    const { deps } = fakeDeps(found);
    await lookupButton(
      deps,
      'share',
    )({ ack: h.ack, respond: h.respond, userId: 'U7', channelId: 'C1', value });
    const body = h.bodies[0]!;
    expect(body).toMatchObject({
      response_type: 'in_channel',
      replace_original: false,
      metadata: { event_type: 'call_summary_posted', event_payload: { leg_id: LEG, side: 'caller' } },
    });
    expect(JSON.stringify(body.blocks)).toContain('Shared by <@U7>');
    expect(buttonIds(body)).toEqual([]);
  });

  it('share posts each side as its own message with the call_summary_posted metadata', async () => {
    const h = harness();
    const { deps } = fakeDeps(() => ({
      legId: LEG,
      results: [foundResult(summary('caller'), true), foundResult(summary('callee'), true)],
    }));
    await lookupButton(
      deps,
      'share',
    )({
      ack: h.ack,
      respond: h.respond,
      userId: 'U7',
      channelId: 'C1',
      value: JSON.stringify({ l: LEG, s: null, e: null }),
    });
    expect(h.bodies.map((b) => [b.response_type, b.metadata])).toEqual([
      ['in_channel', { event_type: 'call_summary_posted', event_payload: { leg_id: LEG, side: 'caller' } }],
      ['in_channel', { event_type: 'call_summary_posted', event_payload: { leg_id: LEG, side: 'callee' } }],
    ]);
    expect(h.bodies[0]!.text).toContain('caller summary');
    expect(h.bodies[0]!.text).not.toContain('callee summary');
  });

  it('share answers privately when there is no summary left to share', async () => {
    const h = harness();
    const { deps } = fakeDeps(() => ({ legId: LEG, results: [{ side: 'caller', status: 'none' }] }));
    await lookupButton(
      deps,
      'share',
    )({ ack: h.ack, respond: h.respond, userId: 'U7', channelId: 'C1', value });
    expect(h.bodies).toHaveLength(1);
    expect(h.bodies[0]).toMatchObject({ response_type: 'ephemeral' });
    expect(h.bodies[0]!.text).toContain('No AI summary yet');
  });

  it('refresh bypasses the cache and replaces the private answer', async () => {
    const h = harness();
    const { deps, requests } = fakeDeps(found);
    await lookupButton(
      deps,
      'refresh',
    )({ ack: h.ack, respond: h.respond, userId: 'U7', channelId: 'C1', value });
    expect(requests[0]).toMatchObject({ legId: LEG, side: 'caller', refresh: true });
    expect(h.bodies[0]).toMatchObject({ response_type: 'ephemeral', replace_original: true });
  });

  it('Try again says in place what the check found: still nothing, or the summary', async () => {
    let written = false;
    const { deps } = fakeDeps((r) =>
      written ? found(r) : { legId: LEG, results: [{ side: 'caller', status: 'none', recent: true }] },
    );
    const h = harness();
    const retry = lookupButton(deps, 'retry');
    await retry({ ack: h.ack, respond: h.respond, userId: 'U7', channelId: 'C1', value });
    expect(h.bodies[0]).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(h.bodies[0]!.text).toMatch(/^Checked at \d\d:\d\d UTC: unchanged\. No AI summary yet/);
    expect(JSON.stringify(h.bodies[0]!.blocks)).toMatch(
      /Checked at <!date\^\d+\^\{time\}\|\d\d:\d\d UTC>: unchanged/,
    );
    written = true;
    await retry({ ack: h.ack, respond: h.respond, userId: 'U7', channelId: 'C1', value });
    expect(h.bodies[1]).toMatchObject({ replace_original: true });
    expect(h.bodies[1]!.text).toMatch(/^Checked at \d\d:\d\d UTC: updated\. /);
    expect(buttonIds(h.bodies[1]!)).toContain(ACTION_IDS.share);
  });

  it('Try again that fails says so in place, with Try again again', async () => {
    const { deps } = fakeDeps(() => {
      throw new CallSummaryError('pbx_timeout', { what: 'summary_request', timeoutMs: 10_000 });
    });
    const h = harness();
    await lookupButton(
      deps,
      'retry',
    )({ ack: h.ack, respond: h.respond, userId: 'U7', channelId: 'C1', value });
    expect(h.bodies[0]).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(JSON.stringify(h.bodies[0]!.blocks)).toContain(': unchanged.');
    expect(h.bodies[0]!.text).toContain('did not answer');
    expect(buttonIds(h.bodies[0]!)).toContain(ACTION_IDS.retry);
  });

  it('a button on a post others see answers beside it, never in its place', async () => {
    const h = harness();
    const { deps } = fakeDeps(found);
    await lookupButton(
      deps,
      'show_side',
    )({
      ack: h.ack,
      respond: h.respond,
      userId: 'U7',
      channelId: 'C1',
      value: JSON.stringify({ l: LEG, s: 'caller', e: null, p: 1 }),
    });
    expect(h.bodies[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false });
  });

  it('the Show callee button asks for the other side', async () => {
    const h = harness();
    const { deps } = fakeDeps(found);
    await callsummaryCommand(deps)({ command: command(`${LEG} caller`), ack: h.ack, respond: h.respond });
    const actions = h.bodies[0]!.blocks!.find((b) => b.type === 'actions');
    const show =
      actions?.type === 'actions'
        ? actions.elements.find((e) => 'action_id' in e && e.action_id === ACTION_IDS.showSide)
        : undefined;
    expect(show && 'value' in show ? LookupRef.decode(String(show.value)) : undefined).toEqual({
      legId: LEG,
      side: 'callee',
      extension: undefined,
    });
  });

  it('a tampered button value gets an answer, not a crash', async () => {
    const h = harness();
    const { deps, requests } = fakeDeps(found);
    await lookupButton(
      deps,
      'share',
    )({ ack: h.ack, respond: h.respond, userId: 'U7', channelId: 'C1', value: '{"l":' });
    expect(requests).toHaveLength(0);
    expect(h.bodies[0]!.text).toContain('out of date');
  });

  it('buttons respect access control too', async () => {
    const h = harness();
    const { deps, requests } = fakeDeps(found, { allowedChannelIds: undefined, allowedUserIds: ['U1'] });
    await lookupButton(
      deps,
      'share',
    )({ ack: h.ack, respond: h.respond, userId: 'U7', channelId: 'C1', value });
    expect(requests).toHaveLength(0);
    expect(h.bodies[0]!.text).toContain('not available to you');
  });
});

describe('error answers', () => {
  it('stay valid Block Kit however long the error is, even when escaping multiplies it', () => {
    for (const text of ['&'.repeat(10_000), '<'.repeat(10_000), 'x'.repeat(100_000)]) {
      const message = errorMessage(
        new CallSummaryError('pbx_api', { what: 'summary_request', errcode: -1, errmsg: text }),
        ENGLISH,
        {
          legId: '20260513223234-3EE9E',
          side: 'caller',
          extension: undefined,
        },
      );
      expect(validateMessage(message)).toEqual([]);
      expect(message.text.length).toBeLessThan(4000);
    }
  });
});
