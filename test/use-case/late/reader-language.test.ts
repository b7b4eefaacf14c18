import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunningApp } from '../../../src/compose/bot.js';
import {
  type FakeSlackApi,
  type LocalMessage,
  startFakeSlackApi,
} from '../../../src/demo/local-slack/index.js';
import { newCdrEvent, type PbxSimulator, startPbxSimulator } from '../../../src/demo/pbx-simulator/index.js';
import { validateMessage } from '../../../src/render/index.js';
import { ACTION_IDS } from '../../../src/slack/views/values.js';
import {
  ask,
  buttons,
  click,
  directMessages,
  startBot,
  unsummarisedCall,
  WEBHOOK_SECRET,
} from './harness.js';

/**
 * Who reads what, in which language: "Notify me"'s confirmation and the DM it brings are the
 * clicker's (their Slack language, `users.info` include_locale); an automatic post and its "Updated"
 * line are the channel's (CHANNEL_LOCALE). Driven end to end: the bot, the PBX simulator's webhook
 * and the local Slack (which validates every message with the project's Block Kit validator).
 */

let sim: PbxSimulator | undefined;
let slack: FakeSlackApi | undefined;
let app: RunningApp | undefined;

afterEach(async () => {
  await app?.stop();
  await slack?.close();
  await sim?.close();
  app = slack = sim = undefined;
});

async function setUp(memberLocale: string | undefined, env: Record<string, string> = {}) {
  sim = await startPbxSimulator();
  slack = await startFakeSlackApi({
    // users.info (and with it the member's language) needs users:read.
    scopes: 'commands,chat:write,chat:write.public,users:read,users:read.email',
    users: [
      {
        id: 'U1',
        name: 'wei',
        realName: 'Wei Zhang',
        ...(memberLocale !== undefined ? { locale: memberLocale } : {}),
      },
    ],
    validate: (kind, body) =>
      kind === 'message'
        ? validateMessage(body as { text?: string; blocks?: unknown[] }, 'message', { allowMentions: true })
        : [],
  });
  const bot = await startBot(sim, slack, env);
  app = bot.app;
  const { leg, summary } = unsummarisedCall();
  sim.addLeg(leg);
  expect(await sim.pushWebhook(bot.webhook, WEBHOOK_SECRET, newCdrEvent(leg))).toBe(204);
  return { sim, slack, ...bot, leg, summary, target: { webhook: bot.webhook, secret: WEBHOOK_SECRET } };
}

/** Clicks Notify me on the "no summary yet" answer and resolves with the confirmation it became. */
async function notifyMe(s: FakeSlackApi, events: string, legId: string): Promise<LocalMessage> {
  const answer = await ask(s, events, `${legId} callee`);
  const before = s.callsTo('response_url').length;
  await click(s, events, answer, ACTION_IDS.notify);
  await s.waitFor('response_url', before + 1);
  return answer;
}

const channelPost = (s: FakeSlackApi) => s.workspace.messages.find((m) => m.channel === 'C0SUPPORT');
const all = (m: LocalMessage) => `${m.text} ${JSON.stringify(m.blocks)}`;

describe('notifications in the member’s language, channel posts in CHANNEL_LOCALE', () => {
  it('a zh-CN member: the confirmation, the DM and its update in Chinese; the channel post stays English', async () => {
    const { sim, slack, events, leg, summary, target } = await setUp('zh-CN');
    const confirmation = await notifyMe(slack, events, leg.legId);
    await vi.waitFor(() => expect(confirmation.text).toContain('摘要生成后我会在这里发给你'), {
      timeout: 5000,
    });
    expect(all(confirmation)).toContain(`通话 \`${leg.legId}\`，被叫方`);
    expect(all(confirmation)).not.toContain("I'll send it to you here");
    // Asked again and clicked again: the same watch, said in Chinese too.
    const again = await notifyMe(slack, events, leg.legId);
    await vi.waitFor(() => expect(again.text).toContain('我已在为你留意这通通话'), { timeout: 5000 });

    await sim.writeSummaryLater(leg.legId, 'callee', summary, 0, target);
    await vi.waitFor(() => expect(directMessages(slack, 'U1')).toHaveLength(1), { timeout: 5000 });
    const dm = directMessages(slack, 'U1')[0]!;
    expect(dm.text).toContain('你让我留意的通话摘要已生成。');
    expect(JSON.stringify(buttons(dm.blocks))).not.toContain('Share in channel');
    expect(JSON.stringify(dm.blocks)).toContain('分享到频道');
    expect(all(dm)).not.toContain('The summary you asked me to watch for');
    // The PBX's own summary is shown as written, never translated.
    expect(JSON.stringify(dm.blocks)).toContain('double charge');
    await vi.waitFor(() => expect(channelPost(slack)).toBeDefined(), { timeout: 5000 });

    await sim.rewriteSummary(leg.legId, 'callee', summary.html.replace('double charge', 'refund'), target);
    await vi.waitFor(() => expect(slack.callsTo('chat.update')).toHaveLength(2), { timeout: 5000 });
    expect(dm.text).toMatch(/^:pencil2: 已于 <!date\^\d+\^.*> 更新：PBX 重新生成了此摘要。/);
    expect(all(dm)).not.toContain('Updated');
    const post = channelPost(slack)!;
    expect(post.text).toContain('the PBX re-wrote this summary.');
    expect(all(post)).not.toContain('更新');
    expect(slack.violations).toEqual([]);
  });

  it('CHANNEL_LOCALE=zh-CN: the channel post’s update line in Chinese; an English member’s DM stays English', async () => {
    const { sim, slack, events, leg, summary, target } = await setUp('en-US', { CHANNEL_LOCALE: 'zh-CN' });
    const confirmation = await notifyMe(slack, events, leg.legId);
    await vi.waitFor(() => expect(confirmation.text).toContain("I'll send it to you here"), {
      timeout: 5000,
    });
    expect(all(confirmation)).toContain(`Call leg \`${leg.legId}\`, callee`);

    await sim.writeSummaryLater(leg.legId, 'callee', summary, 0, target);
    await vi.waitFor(() => expect(directMessages(slack, 'U1')).toHaveLength(1), { timeout: 5000 });
    await vi.waitFor(() => expect(channelPost(slack)).toBeDefined(), { timeout: 5000 });
    await sim.rewriteSummary(leg.legId, 'callee', summary.html.replace('double charge', 'refund'), target);
    await vi.waitFor(() => expect(slack.callsTo('chat.update')).toHaveLength(2), { timeout: 5000 });
    const post = channelPost(slack)!;
    expect(post.text).toContain('更新：PBX 重新生成了此摘要。');
    expect(all(post)).not.toContain('the PBX re-wrote this summary');
    const dm = directMessages(slack, 'U1')[0]!;
    expect(dm.text).toContain('Updated');
    expect(dm.text).toContain('The summary you asked me to watch for is ready.');
    expect(all(dm)).not.toContain('更新');
    expect(slack.violations).toEqual([]);
  });

  it('a member whose Slack language has no catalogue reads DEFAULT_LOCALE', async () => {
    const { slack, events, leg } = await setUp('ja-JP', { DEFAULT_LOCALE: 'zh-CN' });
    const confirmation = await notifyMe(slack, events, leg.legId);
    await vi.waitFor(() => expect(confirmation.text).toContain('摘要生成后我会在这里发给你'), {
      timeout: 5000,
    });
  });
});
