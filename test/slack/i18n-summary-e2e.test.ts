import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/compose/bot.js';
import { loadConfig } from '../../src/compose/config.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/demo/local-slack/index.js';
import { type PbxSimulator, SAMPLE_LEGS, startPbxSimulator } from '../../src/demo/pbx-simulator/index.js';
import { validateMessage, validateView } from '../../src/render/index.js';
import { botEnv } from '../helpers/env.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { buttonClickPayload, commandForm } from '../helpers/slack-payloads.js';
import { payloadForm, postSigned } from '../helpers/slack-signing.js';

/**
 * The summary's surfaces in the reader's language, end to end through the signed Slack server: a
 * member whose Slack language is zh-CN reads the words around the summary (header, call context,
 * buttons, help, the shortcut's modal) in Chinese, an English member in English, and a copy shared in
 * a channel is in CHANNEL_LOCALE (here `en`) whoever shared it. The PBX's summary text is never
 * translated. Every message and view Slack receives passes the project's Block Kit validator.
 */

const SECRET = 'i18n-summary-secret';
const ZH = 'UZH0001';
const EN = 'UEN0001';
let pbx: PbxSimulator;
let slack: FakeSlackApi;
let app: RunningApp;
let events: string;

beforeAll(async () => {
  pbx = await startPbxSimulator();
  slack = await startFakeSlackApi({
    validate: (kind, body) =>
      kind === 'view'
        ? validateView(body)
        : validateMessage(body as { text?: string; blocks?: unknown[] }, 'message', {
            allowMentions:
              (body as { response_type?: string }).response_type === 'in_channel' ||
              JSON.stringify((body as { metadata?: unknown }).metadata ?? '').includes('call_summary_posted'),
          }),
    scopes: 'commands,chat:write,chat:write.public,users:read,users:read.email',
    users: [
      { id: ZH, name: 'li', realName: 'Li Wei', email: 'li.wei@example.com', locale: 'zh-CN' },
      { id: EN, name: 'ann', realName: 'Ann Lee', email: 'ann.lee@example.com', locale: 'en-US' },
    ],
  });
  const config = loadConfig(
    botEnv(pbx, slack, {
      SLACK_SIGNING_SECRET: SECRET,
      YEASTAR_MAX_RETRIES: '0',
      YEASTAR_TIMEOUT_MS: '2000',
      CHANNEL_LOCALE: 'en',
    }),
    'bot',
  );
  app = await startApp(config, { logger: createMemoryLogger('warn'), botId: 'BBOT', botUserId: 'UBOT' });
  events = `http://127.0.0.1:${app.port}/slack/events`;
});

afterAll(async () => {
  await app?.stop();
  await slack?.close();
  await pbx?.close();
});

interface Answer {
  readonly text?: string;
  readonly blocks?: unknown[];
}

async function ask(text: string, user: string, id: string): Promise<Answer> {
  const form = commandForm(text, slack.responseUrl(id), { user_id: user });
  expect((await postSigned(events, SECRET, form)).status).toBe(200);
  const calls = await slack.waitFor('response_url', slack.callsTo('response_url').length + 1);
  const answer = calls.find((c) => c.path === `/response/${id}`);
  expect(answer).toBeDefined();
  return answer!.body as Answer;
}

function buttons(answer: Answer): { action_id?: string; value?: string; text: { text: string } }[] {
  return (answer.blocks as { type: string; elements?: [] }[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? []);
}

/** English sentences this scope writes; none may reach a Chinese reader. */
const ENGLISH_WORDS = [
  'Call summary',
  'Incoming call',
  'Outgoing call',
  'Internal call',
  'talked ',
  'Share in channel',
  'Refresh',
  'Transcript',
  'Show caller',
  'Usage',
  'Post in thread',
  'Looking up',
  'Close',
];

function expectNoEnglish(json: string) {
  for (const phrase of ENGLISH_WORDS) expect(json, phrase).not.toContain(phrase);
}

describe('a summary in the reader’s language', () => {
  it('answers /callsummary in Chinese to a zh-CN member; the summary stays as the PBX wrote it', async () => {
    const answer = await ask(`${SAMPLE_LEGS.docExample} callee`, ZH, 'zh-leg');
    const json = JSON.stringify(answer.blocks);
    expect(json).toContain('通话摘要 · ');
    expect(json).toContain('被叫方');
    expect(json).toContain('呼入');
    expect(json).toMatch(/ · 通话 \d+分\d\d秒 · /);
    expect(buttons(answer).map((b) => b.text.text)).toEqual(['分享到频道', '查看主叫方', '刷新', '通话转写']);
    // The PBX's own text, untranslated.
    expect(json).toContain('Kristin Hale was transferred to a human agent');
    expectNoEnglish(json);
    // The date token's fallback is Chinese too.
    expect(json).toMatch(
      /<!date\^\d+\^\{date_short_pretty\} \{time\}\|\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d（UTC）>/,
    );
    expect(slack.violations).toEqual([]);
  });

  it('answers the same in English to an en-US member', async () => {
    const answer = await ask(`${SAMPLE_LEGS.docExample} callee`, EN, 'en-leg');
    const json = JSON.stringify(answer.blocks);
    expect(json).toContain('Call summary · ');
    expect(json).toContain('Incoming call');
    expect(json).toMatch(/ · talked \d+m \d\ds · /);
    expect(buttons(answer).map((b) => b.text.text)).toEqual([
      'Share in channel',
      'Show caller',
      'Refresh',
      'Transcript',
    ]);
    expect(json).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('shares a zh-CN member’s summary into the channel in CHANNEL_LOCALE (English)', async () => {
    const answer = await ask(`${SAMPLE_LEGS.docExample} callee`, ZH, 'zh-to-share');
    const share = buttons(answer).find((b) => b.action_id === 'callsummary_share')!;
    const click = buttonClickPayload(
      {
        actionId: 'callsummary_share',
        blockId: 'callsummary_buttons',
        value: share.value!,
        text: share.text.text,
      },
      slack.responseUrl('zh-shared'),
    );
    const payload = { ...click, user: { id: ZH, username: 'li', team_id: 'T0' } };
    const before = slack.callsTo('chat.postMessage').length;
    expect((await postSigned(events, SECRET, payloadForm(payload))).status).toBe(200);
    const posts = await slack.waitFor('chat.postMessage', before + 1);
    const shared = posts[before]!;
    expect(shared.error).toBeUndefined();
    const json = JSON.stringify(shared.body.blocks);
    expect(json).toContain('Call summary · ');
    expect(json).toContain('Incoming call');
    expect(json).toContain(`Shared by <@${ZH}>`);
    expect(`${json}${String(shared.body.text)}`).not.toMatch(/[\u4e00-\u9fff]/);
    expect(slack.violations).toEqual([]);
  });

  it('gives the help in Chinese', async () => {
    const answer = await ask('help', ZH, 'zh-help');
    expect(answer.text).toContain('*用法：* `/callsummary …`');
    expect(answer.text).toContain('你自己的通话');
    expect(answer.text).toContain('&lt;leg-id&gt;');
    expect(answer.text).not.toContain('Usage');
    expect(answer.text).not.toContain('your own calls');
  });

  it('fills the shortcut’s modal in Chinese', async () => {
    const before = { open: slack.callsTo('views.open').length, update: slack.callsTo('views.update').length };
    const payload = shortcut(ZH, SAMPLE_LEGS.internalBoth, 'zh-shortcut');
    expect((await postSigned(events, SECRET, payloadForm(payload))).status).toBe(200);
    const opened = (await slack.waitFor('views.open', before.open + 1))[before.open]!;
    const loading = JSON.stringify(opened.body.view);
    expect(loading).toContain('正在查找通话摘要');
    expect(loading).toContain('"text":"通话摘要"');
    const updated = (await slack.waitFor('views.update', before.update + 1))[before.update]!;
    const view = updated.body.view as Record<string, unknown>;
    const json = JSON.stringify(view);
    expect(json).toContain('发到消息列');
    expect(json).toContain('要发到消息列中的摘要');
    expect(json).toContain('内部通话');
    expectNoEnglish(json);
    expect(validateView(view)).toEqual([]);

    // Submitted without a choice: the error under the select is Chinese. With one: the reply in the
    // thread, which the whole channel reads, is in CHANNEL_LOCALE.
    const submit = (value: string | undefined) => ({
      type: 'view_submission',
      team: { id: 'T0', domain: 'fake' },
      user: { id: ZH, name: 'li' },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: 'trig-zh',
      view: {
        id: 'V1',
        type: 'modal',
        callback_id: 'callsummary_post',
        private_metadata: view.private_metadata,
        state: {
          values:
            value === undefined
              ? {}
              : { callsummary_choice: { choice: { type: 'static_select', selected_option: { value } } } },
        },
        hash: 'h1',
      },
    });
    const refused = await postSigned(events, SECRET, payloadForm(submit(undefined)));
    expect(JSON.parse(refused.text)).toEqual({
      response_action: 'errors',
      errors: { callsummary_choice: '请选择要发到消息列中的摘要。' },
    });
    const posts = slack.callsTo('chat.postMessage').length;
    const chosen = payloadForm(submit(`${SAMPLE_LEGS.internalBoth}|callee`));
    expect((await postSigned(events, SECRET, chosen)).status).toBe(200);
    const reply = (await slack.waitFor('chat.postMessage', posts + 1))[posts]!;
    expect(reply.body.thread_ts).toBe('333.3');
    const replyJson = JSON.stringify(reply.body.blocks);
    expect(replyJson).toContain('Call summary · ');
    expect(replyJson).toContain('Internal call');
    expect(replyJson).not.toMatch(/[\u4e00-\u9fff]/);
    expect(slack.violations).toEqual([]);
  });
});

describe('the largest answer and modal fit Slack in both languages', () => {
  for (const [user, language] of [
    [ZH, 'zh-CN'],
    [EN, 'en'],
  ] as const) {
    it(`${language}: both sides of a call in one answer, and in the shortcut’s modal`, async () => {
      const answer = await ask(SAMPLE_LEGS.internalBoth, user, `both-${language}`);
      expect(validateMessage({ text: answer.text ?? '', blocks: answer.blocks ?? [] })).toEqual([]);
      expect(JSON.stringify(answer.blocks).match(/"type":"header"/g)).toHaveLength(2);
      const before = slack.callsTo('views.update').length;
      expect(
        (
          await postSigned(
            events,
            SECRET,
            payloadForm(shortcut(user, SAMPLE_LEGS.internalBoth, `m-${language}`)),
          )
        ).status,
      ).toBe(200);
      const updated = (await slack.waitFor('views.update', before + 1))[before]!;
      expect(validateView(updated.body.view as Record<string, unknown>)).toEqual([]);
      expect(slack.violations).toEqual([]);
    });
  }
});

function shortcut(user: string, legId: string, responseId: string) {
  return {
    type: 'message_action',
    callback_id: 'callsummary_from_message',
    trigger_id: slack.triggerId(user),
    response_url: slack.responseUrl(responseId),
    user: { id: user, name: 'someone' },
    channel: { id: 'C1', name: 'support' },
    team: { id: 'T0', domain: 'fake' },
    message_ts: '333.3',
    message: { type: 'message', ts: '333.3', text: `PBX alert: leg ${legId}` },
    token: 'legacy',
    action_ts: '1.0',
  };
}
