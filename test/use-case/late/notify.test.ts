import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunningApp } from '../../../src/compose/bot.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../../src/demo/local-slack/index.js';
import { newCdrEvent, type PbxSimulator, startPbxSimulator } from '../../../src/demo/pbx-simulator/index.js';
import { validateMessage } from '../../../src/render/index.js';
import { ACTION_IDS } from '../../../src/slack/views/values.js';
import { buttonClickPayload } from '../../helpers/slack-payloads.js';
import { payloadForm, postSigned } from '../../helpers/slack-signing.js';
import {
  ask,
  buttons,
  click,
  directMessages,
  SIGNING,
  startBot,
  unsummarisedCall,
  WEBHOOK_SECRET,
} from './harness.js';

let sim: PbxSimulator | undefined;
let slack: FakeSlackApi | undefined;
let app: RunningApp | undefined;

afterEach(async () => {
  vi.useRealTimers();
  await app?.stop();
  await slack?.close();
  await sim?.close();
  app = slack = sim = undefined;
});

async function setUp(env: Record<string, string> = {}) {
  sim = await startPbxSimulator();
  slack = await startFakeSlackApi({
    validate: (kind, body) =>
      kind === 'message'
        ? validateMessage(body as { text?: string; blocks?: unknown[] }, 'message', { allowMentions: true })
        : [],
  });
  const bot = await startBot(sim, slack, env);
  app = bot.app;
  const { leg, summary } = unsummarisedCall();
  sim.addLeg(leg);
  // The PBX's CDR at hang-up: the bot learns the leg's parties (caller outside, callee 3202).
  expect(await sim.pushWebhook(bot.webhook, WEBHOOK_SECRET, newCdrEvent(leg))).toBe(204);
  return { sim, slack, ...bot, leg, summary, target: { webhook: bot.webhook, secret: WEBHOOK_SECRET } };
}

describe('Notify me, with PBX events on', () => {
  it('watch → 30040 → one DM with Share, and the private answer replaced in place', async () => {
    const { sim, slack, events, leg, summary, target } = await setUp();
    const answer = await ask(slack, events, `${leg.legId} callee`);
    expect(answer.text).toContain('No AI summary yet for the callee');
    expect(buttons(answer.blocks).map((b) => b.action_id)).toEqual([ACTION_IDS.retry, ACTION_IDS.notify]);

    const confirmations = slack.callsTo('response_url').length;
    await click(slack, events, answer, ACTION_IDS.notify);
    await slack.waitFor('response_url', confirmations + 1);
    const said = slack.workspace.messages.filter(
      (m) => m.ephemeralTo === 'U1' && m.text.includes("I'll send it to you here"),
    );
    expect(said).toHaveLength(1);
    expect(said[0]!.text).toContain('I stop watching after 24 hours');
    // The answer the button sat on became the confirmation: nothing is added under it.
    expect(said[0]!.ts).toBe(answer.ts);

    // The AI writes the summary; the PBX says so (event 30040), twice, as PBXs re-send.
    await sim.writeSummaryLater(leg.legId, 'callee', summary, 0, target);
    await sim.rewriteSummary(leg.legId, 'callee', summary.html, target);
    await vi.waitFor(() => expect(directMessages(slack, 'U1')).toHaveLength(1), { timeout: 5000 });
    const dm = directMessages(slack, 'U1')[0]!;
    expect(dm.metadata).toEqual({
      event_type: 'call_summary_posted',
      event_payload: { leg_id: leg.legId, side: 'callee' },
    });
    expect(JSON.stringify(dm.blocks)).toContain('double charge');
    const share = buttons(dm.blocks).find((b) => b.action_id === ACTION_IDS.share);
    // Share from the DM goes where the person asked, not into the DM.
    expect(JSON.parse(share!.value!)).toMatchObject({ l: leg.legId, s: 'callee', c: 'C1' });

    // The private answer the button sat on now shows the summary.
    await vi.waitFor(() => expect(JSON.stringify(answer.blocks)).toContain('double charge'), {
      timeout: 5000,
    });
    expect(answer.edited).toBe(true);
    expect(buttons(answer.blocks).map((b) => b.action_id)).toContain(ACTION_IDS.share);
    // Nothing more: one DM, and the automatic post in the routed channel.
    await app!.stop();
    app = undefined;
    expect(directMessages(slack, 'U1')).toHaveLength(1);
    expect(slack.violations).toEqual([]);
  });

  it('a second click on the same answer is the same watch; a bad button value is told, not crashed', async () => {
    const { slack, events, leg } = await setUp();
    const answer = await ask(slack, events, `${leg.legId} callee`);
    await click(slack, events, answer, ACTION_IDS.notify);
    await click(slack, events, answer, ACTION_IDS.notify);
    await vi.waitFor(
      () => expect(slack.workspace.messages.some((m) => m.text.includes('already watching'))).toBe(true),
      { timeout: 5000 },
    );
  });

  it('refuses politely past the per-person limit (NOTIFY_MAX_PER_PERSON)', async () => {
    const { sim, slack, events, webhook } = await setUp({ NOTIFY_MAX_PER_PERSON: '2' });
    const legs = [1, 2, 3].map((n) => unsummarisedCall(n).leg);
    for (const leg of legs) {
      sim.addLeg(leg);
      await sim.pushWebhook(webhook, WEBHOOK_SECRET, newCdrEvent(leg));
    }
    for (const leg of legs) {
      const answer = await ask(slack, events, `${leg.legId} callee`);
      const before = slack.callsTo('response_url').length;
      await click(slack, events, answer, ACTION_IDS.notify);
      await slack.waitFor('response_url', before + 1);
    }
    const texts = slack.callsTo('response_url').map((c) => String(c.body.text));
    expect(texts.filter((t) => t.includes("I'll send it to you here"))).toHaveLength(2);
    expect(texts.filter((t) => t.includes('You already have 2 open "Notify me" requests'))).toHaveLength(1);
  });
});

describe('posted summaries stay true', () => {
  it('a re-written summary updates every posted copy once, in place; the same content again changes nothing', async () => {
    const { sim, slack, events, leg, summary, target } = await setUp();
    const answer = await ask(slack, events, `${leg.legId} callee`);
    await click(slack, events, answer, ACTION_IDS.notify);
    await vi.waitFor(() => expect(slack.callsTo('response_url').length).toBeGreaterThanOrEqual(2), {
      timeout: 5000,
    });

    await sim.writeSummaryLater(leg.legId, 'callee', summary, 0, target);
    // Two copies: the automatic post in the routed channel and the notification.
    await vi.waitFor(
      () => {
        expect(slack.workspace.messages.filter((m) => m.channel === 'C0SUPPORT')).toHaveLength(1);
        expect(directMessages(slack, 'U1')).toHaveLength(1);
      },
      { timeout: 5000 },
    );
    // Share from the DM: posted where the person asked (C1), attributed to them — a third copy.
    const dm = directMessages(slack, 'U1')[0]!;
    const share = buttons(dm.blocks).find((b) => b.action_id === ACTION_IDS.share)!;
    const payload = {
      ...buttonClickPayload(
        { actionId: ACTION_IDS.share, blockId: share.block_id, value: share.value!, text: 'Share' },
        slack.responseUrl('dm-share', {
          channel: dm.channel,
          user: 'U1',
          original: { channel: dm.channel, ts: dm.ts },
        }),
      ),
      channel: { id: dm.channel, name: 'directmessage' },
    };
    expect((await postSigned(events, SIGNING, payloadForm(payload))).status).toBe(200);
    await vi.waitFor(
      () =>
        expect(slack.workspace.messages.filter((m) => m.channel === 'C1' && !m.ephemeralTo)).toHaveLength(1),
      { timeout: 5000 },
    );
    const shared = slack.workspace.messages.find((m) => m.channel === 'C1' && !m.ephemeralTo)!;
    expect(JSON.stringify(shared.blocks)).toContain('Shared by <@U1>');
    // The copy is not posted through the DM's response_url; the person is told there where it went.
    await vi.waitFor(() =>
      expect(slack.callsTo('response_url').filter((c) => c.path === '/response/dm-share')).toHaveLength(1),
    );
    const told = slack.callsTo('response_url').find((c) => c.path === '/response/dm-share')!;
    expect(told.body.replace_original).toBe(false);
    const permalink = `https://local.slack.invalid/archives/C1/p${shared.ts.replace('.', '')}`;
    expect(String(told.body.text)).toBe(`Shared: ${permalink}`);
    expect(JSON.stringify(told.body.blocks)).toContain(
      `{"type":"link","url":"${permalink}","text":"see the post"}`,
    );
    const copies = [slack.workspace.messages.find((m) => m.channel === 'C0SUPPORT')!, dm, shared];
    expect(slack.callsTo('chat.update')).toHaveLength(0);

    const corrected = summary.html.replace('double charge', 'triple charge');
    await sim.rewriteSummary(leg.legId, 'callee', corrected, target);
    await sim.rewriteSummary(leg.legId, 'callee', corrected, target);
    await vi.waitFor(() => expect(slack.callsTo('chat.update')).toHaveLength(3), { timeout: 5000 });
    for (const copy of copies) {
      expect(JSON.stringify(copy.blocks)).toContain('triple charge');
      expect(copy.text).toContain('Updated');
      expect(copy.metadata).toEqual({
        event_type: 'call_summary_posted',
        event_payload: { leg_id: leg.legId, side: 'callee' },
      });
    }
    // The DM is updated, never sent again; the channel got no second post.
    expect(directMessages(slack, 'U1')).toHaveLength(1);
    expect(slack.callsTo('chat.postMessage').filter((c) => c.body.channel === 'C0SUPPORT')).toHaveLength(1);
    await app!.stop();
    app = undefined;
    expect(slack.callsTo('chat.update')).toHaveLength(3);
    // The shared copy keeps who shared it.
    expect(JSON.stringify(copies[2]!.blocks)).toContain('Shared by <@U1>');
    expect(slack.violations).toEqual([]);
  });

  it('a copy shared from a private answer is updated too (posted by the Web API, so Slack says where)', async () => {
    const { sim, slack, events, leg, summary, target } = await setUp();
    await sim.writeSummaryLater(leg.legId, 'callee', summary, 0, target);
    await vi.waitFor(
      () => expect(slack.workspace.messages.filter((m) => m.channel === 'C0SUPPORT')).toHaveLength(1),
      { timeout: 5000 },
    );
    const answer = await ask(slack, events, `${leg.legId} callee`);
    await click(slack, events, answer, ACTION_IDS.share);
    await vi.waitFor(
      () =>
        expect(slack.workspace.messages.filter((m) => m.channel === 'C1' && !m.ephemeralTo)).toHaveLength(1),
      { timeout: 5000 },
    );
    const shared = slack.workspace.messages.find((m) => m.channel === 'C1' && !m.ephemeralTo)!;
    await sim.rewriteSummary(
      leg.legId,
      'callee',
      summary.html.replace('double charge', 'triple charge'),
      target,
    );
    // The automatic post and the share.
    await vi.waitFor(() => expect(slack.callsTo('chat.update')).toHaveLength(2), { timeout: 5000 });
    expect(JSON.stringify(shared.blocks)).toContain('triple charge');
    expect(JSON.stringify(shared.blocks)).toContain('Shared by <@U1>');
    expect(slack.violations).toEqual([]);
  });

  it('Refresh says in place what it found: "updated" when the summary was re-written, else "unchanged"', async () => {
    const { sim, slack, events, leg, summary, target } = await setUp();
    await sim.writeSummaryLater(leg.legId, 'callee', summary, 0, target);
    const answer = await ask(slack, events, `${leg.legId} callee`);
    expect(JSON.stringify(answer.blocks)).toContain('double charge');
    await sim.rewriteSummary(leg.legId, 'callee', summary.html.replace('double charge', 'refund'), target);
    const before = slack.callsTo('response_url').length;
    await click(slack, events, answer, ACTION_IDS.refresh);
    await slack.waitFor('response_url', before + 1);
    await vi.waitFor(() => expect(answer.text).toMatch(/^Checked at \d\d:\d\d UTC: updated\./), {
      timeout: 5000,
    });
    expect(JSON.stringify(answer.blocks)).toMatch(
      /Checked at <!date\^\d+\^\{time\}\|\d\d:\d\d UTC>: updated\./,
    );
    expect(answer.edited).toBe(true);
    // A second Refresh that finds the same content says so.
    await click(slack, events, answer, ACTION_IDS.refresh);
    await slack.waitFor('response_url', before + 2);
    await vi.waitFor(() => expect(answer.text).toMatch(/^Checked at \d\d:\d\d UTC: unchanged\./), {
      timeout: 5000,
    });
  });
});
