import { describe, expect, it } from 'vitest';
import { validateMessage } from '../../src/render/index.js';
import { type Locale, wordsFor } from '../../src/shared/i18n/index.js';
import { createLateSlack, notificationMessage } from '../../src/slack/send/late-slack.js';
import { createSlackRenderer } from '../../src/slack/views/summary-budget.js';
import type { PostedCopy, Watch } from '../../src/use-case/ports.js';
import { callContextFake, callOf, callSummary } from '../helpers/call-summary.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';

/**
 * The Slack edge of late summaries writes each message in its reader's words: a DM in the person's
 * Slack language, a copy in a channel in CHANNEL_LOCALE. Both languages stay within Block Kit's limits.
 */

const render = createSlackRenderer();
const summary = callSummary();

type Sent = { channel: string; text: string; blocks: unknown[] };

/** Late Slack over a recording client; U0ZH reads Chinese, everyone else English; channels read `channel`. */
function lateSlack(channel: Locale) {
  const posted: Sent[] = [];
  const updated: Sent[] = [];
  const slack = createLateSlack({
    client: {
      chat: {
        postMessage: async (args: Sent) => {
          posted.push(args);
          return { ok: true, channel: `D${args.channel.slice(1)}`, ts: '1.000100' };
        },
        update: async (args: Sent) => {
          updated.push(args);
          return { ok: true };
        },
      },
    } as never,
    respondTo: () => async () => {},
    render,
    callContext: callContextFake,
    logger: createMemoryLogger(),
    wordsOf: async (userId) => wordsFor(userId === 'U0ZH' ? 'zh-CN' : 'en'),
    channelWords: wordsFor(channel),
  });
  return { slack, posted, updated };
}

const copy = (kind: PostedCopy['kind'], userId?: string): PostedCopy => ({
  channel: kind === 'notify' || kind === 'dm' ? 'D0ZH' : 'C0SUPPORT',
  ts: '1.000100',
  kind,
  userId,
  digest: 'd',
});

describe('late summaries in their readers’ words', () => {
  it.each(['en', 'zh-CN'] as const)(
    '%s: the notification and the DM of one’s own call fit Block Kit',
    (locale) => {
      const words = wordsFor(locale);
      const call = callOf(summary);
      for (const message of [
        notificationMessage(summary, call, render, 'C0123ABCD', words),
        notificationMessage(summary, call, render, undefined, words, 'mine'),
      ]) {
        expect(validateMessage(message)).toEqual([]);
      }
    },
  );

  it('the DM of one’s own call (the Home tab’s choice) is in the person’s language, without Share', async () => {
    const { slack, posted } = lateSlack('en');
    await slack.sendMine('U0ZH', summary);
    expect(posted[0]!.text).toContain('这是你的通话摘要。');
    expect(JSON.stringify(posted[0]!.blocks)).not.toContain('分享到频道');
    expect(posted[0]!.text).not.toContain('A summary of your call');
  });

  it('a watch that ends without its summary is told in the watcher’s language', async () => {
    const { slack, posted } = lateSlack('en');
    const watch = { legId: summary.legId, userId: 'U0ZH' } as Watch;
    await slack.ended(watch, { kind: 'outside_number', side: 'caller' });
    expect(posted[0]!.text).toBe(
      `已停止留意通话 ${summary.legId}：其主叫方是外部号码，只有分机才有 AI 摘要，因此不会有摘要。`,
    );
  });

  it('an updated copy: the person’s words in their DM, the channel’s in a post and a share', async () => {
    const { slack, updated } = lateSlack('zh-CN');
    await slack.update(copy('dm', 'U0EN'), summary, 1_780_000_000_000);
    await slack.update(copy('notify', 'U0EN'), summary, 1_780_000_000_000);
    await slack.update(copy('post'), summary, 1_780_000_000_000);
    await slack.update(copy('share', 'U0EN'), summary, 1_780_000_000_000);
    const [dm, notify, post, share] = updated;
    expect(dm!.text).toContain('the PBX re-wrote this summary. A summary of your call.');
    expect(notify!.text).toContain('The summary you asked me to watch for is ready.');
    expect(post!.text).toMatch(/^:pencil2: 已于 <!date\^1780000000\^.*> 更新：PBX 重新生成了此摘要。/);
    expect(JSON.stringify(share!.blocks)).toContain('由 <@U0EN> 分享');
    for (const message of updated) {
      expect(validateMessage(message, 'message', { allowMentions: true })).toEqual([]);
    }
  });
});
