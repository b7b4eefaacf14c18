import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/compose/bot.js';
import { loadConfig } from '../../src/compose/config.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/demo/local-slack/index.js';
import {
  type PbxSimulator,
  type SimLeg,
  sampleData,
  startPbxSimulator,
} from '../../src/demo/pbx-simulator/index.js';
import { validateMessage, validateView } from '../../src/render/index.js';
import { en } from '../../src/shared/i18n/catalogues/en.js';
import { zhCN } from '../../src/shared/i18n/catalogues/zh-CN.js';
import { ACTION_IDS } from '../../src/slack/views/values.js';
import { botEnv } from '../helpers/env.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { appHomeOpenedEvent, commandForm, viewButtonPayload } from '../helpers/slack-payloads.js';
import { payloadForm, postSigned, postSignedJson } from '../helpers/slack-signing.js';

/**
 * Lists, transcripts and the Home tab in the reader's Slack language, end to end: the local Slack
 * answers `users.info` with each member's `locale`; the bot runs with DEFAULT_LOCALE=zh-CN and
 * CHANNEL_LOCALE=en, so a surface that wrote in English regardless, in the default language, or in
 * the channel's language instead of the member's, shows up. Every view and message passes Slack's
 * validation in both languages (the local Slack checks each, and the largest are checked again here).
 */

const SECRET = 'i18n-lists-signing-secret';
const NUMBER = '+14155550123';
const HOUR = 3_600_000;
let pbx: PbxSimulator;
let slack: FakeSlackApi;
let app: RunningApp;
let events: string;
let legs: SimLeg[];

const pad = (n: number) => String(n).padStart(2, '0');
function wall(ms: number): { id: string; time: string } {
  const d = new Date(ms);
  const [y, mo, da, h, mi, s] = [
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
  ].map((n, i) => (i === 0 ? String(n) : pad(n)));
  return { id: `${y}${mo}${da}${h}${mi}${s}`, time: `${y}/${mo}/${da} ${h}:${mi}:${s}` };
}

/** Call `i` (1 = newest) between the customer and 3202, `i * 10` hours ago; call 1 has a transcript. */
function customerCall(i: number, now: number): SimLeg {
  const { id, time } = wall(now - i * 10 * HOUR);
  const inbound = i % 2 === 1;
  const summary = {
    id: 700 + i,
    html: `<ul><li>Invoice ${1000 + i}</li></ul>`,
    createdAt: Math.floor(now / 1000),
    updatedAt: Math.floor(now / 1000),
    name: 'Leo Ball',
    extNum: '3202',
  };
  return {
    legId: `${id}-${(0xb0000 + i).toString(16).toUpperCase()}`,
    uid: `${Math.floor(now / 1000) - i}.${i}`,
    callType: inbound ? 'Inbound' : 'Outbound',
    callFrom: inbound ? NUMBER : '3202',
    callTo: inbound ? '3202' : NUMBER,
    time,
    durationSeconds: 60 + i,
    summaries: inbound ? { callee: summary } : { caller: summary },
    ...(i === 1
      ? {
          transcript: Array.from({ length: 25 }, (_, k) => ({
            speaker: k % 2 === 0 ? '3202' : NUMBER,
            content: `Line ${k + 1}`,
            atMs: k * 4000,
          })),
        }
      : {}),
  };
}

beforeAll(async () => {
  const now = Date.now();
  legs = Array.from({ length: 13 }, (_, k) => customerCall(k + 1, now));
  pbx = await startPbxSimulator({ extensions: sampleData().extensions, legs });
  slack = await startFakeSlackApi({
    validate: (kind, body) =>
      kind === 'view' ? validateView(body) : validateMessage(body as { text?: string; blocks?: unknown[] }),
    scopes: 'commands,chat:write,chat:write.public,users:read,users:read.email',
    // The same person's email three times over: each is matched to extension 3202.
    users: [
      { id: 'UZH', name: 'li', realName: 'Li Na', email: 'Leo.Ball@example.com', locale: 'zh-CN' },
      { id: 'UJA', name: 'sato', realName: 'Sato', email: 'Leo.Ball@example.com', locale: 'ja-JP' },
      { id: 'UEN', name: 'leo', realName: 'Leo Ball', email: 'Leo.Ball@example.com', locale: 'en-US' },
    ],
  });
  const config = loadConfig(
    botEnv(pbx, slack, {
      SLACK_BOT_TOKEN: 'xoxb-i18n',
      SLACK_SIGNING_SECRET: SECRET,
      YEASTAR_MAX_RETRIES: '0',
      YEASTAR_TIMEOUT_MS: '3000',
      YEASTAR_TIMEZONE: 'UTC',
      DEFAULT_LOCALE: 'zh-CN',
      CHANNEL_LOCALE: 'en',
    }),
    'bot',
  );
  app = await startApp(config, { logger: createMemoryLogger('error'), botId: 'BBOT', botUserId: 'UBOT' });
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
  readonly replace_original?: boolean;
}

let responseSeq = 0;
async function answered(send: (responseUrl: string) => Promise<{ status: number }>): Promise<Answer> {
  const id = `i18n-${++responseSeq}`;
  expect((await send(slack.responseUrl(id))).status).toBe(200);
  for (;;) {
    const found = slack.callsTo('response_url').find((c) => c.path === `/response/${id}`);
    if (found) return found.body as Answer;
    await slack.waitFor('response_url', slack.callsTo('response_url').length + 1);
  }
}

const ask = (text: string, user: string) =>
  answered((url) => postSigned(events, SECRET, commandForm(text, url, { user_id: user })));

type Button = { action_id: string; value: string; text: { text: string } };
function buttons(value: unknown): Button[] {
  const out: Button[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'button') out.push(o as unknown as Button);
      Object.values(o).forEach(walk);
    }
  };
  walk(value);
  return out;
}
const button = (blocks: unknown, actionId: string) => {
  const found = buttons(blocks).find((b) => b.action_id === actionId);
  expect(found, `a ${actionId} button`).toBeDefined();
  return found!;
};

/** Every text a person sees: text objects and the message's top-level text (not ids or values). */
function visible(value: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown, key: string) => {
    if (typeof v === 'string') {
      if (key === 'text') out.push(v);
    } else if (Array.isArray(v)) {
      for (const x of v) walk(x, '');
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, k);
    }
  };
  walk(value, '');
  return out.join('\n');
}

/**
 * The English words of these surfaces: each literal run of the `list`, `transcript` and `home`
 * messages with a word in it, less what the Chinese messages also write (PBX, USER_MAP_FILE, Redis).
 */
const ENGLISH_FRAGMENTS = (() => {
  const mine = (key: string) => /^(list|transcript|home)\./.test(key);
  const chinese = Object.entries(zhCN)
    .filter(([key]) => mine(key))
    .map(([, message]) => message)
    .join('\n');
  const literals = (elements: MessageFormatElement[], into: string[]) => {
    for (const element of elements) {
      if (element.type === TYPE.literal) into.push(element.value);
      if (element.type === TYPE.plural || element.type === TYPE.select) {
        for (const option of Object.values(element.options)) literals(option.value, into);
      }
    }
    return into;
  };
  const found = new Set<string>();
  for (const [key, message] of Object.entries(en)) {
    if (!mine(key)) continue;
    for (const literal of literals(parse(message, { ignoreTag: true }), [])) {
      for (const piece of literal.split(/[`*_:;,.()·|<>^{}\n]+/)) {
        const words = piece.trim();
        if (/[A-Za-z]{4,}/.test(words) && !chinese.includes(words) && !/^(PBX|UTC)$/.test(words))
          found.add(words);
      }
    }
  }
  return [...found];
})();

function expectNoEnglish(shown: string) {
  const english = ENGLISH_FRAGMENTS.filter((fragment) => shown.includes(fragment));
  expect(english, shown).toEqual([]);
}

/** Clicks a button of a private answer in C1 (answered through `responseUrl`, or with a modal). */
function press(b: Button, user: string, triggerId: string, responseUrl = slack.responseUrl()) {
  return postSigned(
    events,
    SECRET,
    payloadForm({
      type: 'block_actions',
      user: { id: user, username: user, team_id: 'T0' },
      team: { id: 'T0', domain: 'fake' },
      channel: { id: 'C1', name: 'support' },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: triggerId,
      response_url: responseUrl,
      container: { type: 'message', message_ts: '1.1', channel_id: 'C1', is_ephemeral: true },
      actions: [
        {
          type: 'button',
          action_id: b.action_id,
          block_id: 'b',
          value: b.value,
          text: { type: 'plain_text', text: 'x' },
          action_ts: '1.2',
        },
      ],
    }),
  );
}

/** A click answered through its response_url: resolves with that answer. */
const click = (b: Button, user: string) => answered((url) => press(b, user, 'trig', url));

function viewOf(id: string): Record<string, unknown> {
  const stored = slack.workspace.views.get(id)!;
  return { ...stored.view, id: stored.id, hash: stored.hash };
}

async function homeOf(user: string): Promise<{ type: string; blocks: unknown[] }> {
  const before = slack.callsTo('views.publish').length;
  expect((await postSignedJson(events, SECRET, appHomeOpenedEvent(user))).status).toBe(200);
  const all = await slack.waitFor('views.publish', before + 1);
  const mine = all.filter((c) => c.body.user_id === user);
  return mine.at(-1)!.body.view as { type: string; blocks: unknown[] };
}

describe('a member whose Slack language is zh-CN reads lists, transcripts and the Home tab in Chinese', () => {
  it('a number list, its Older page and Newer, in Chinese', async () => {
    const first = await ask('+1 (415) 555-0123', 'UZH');
    expect(first.text).toBe('与 +1 415 555 0123 的通话，最近7天：第 1–10 条，共 13 条，最新的在前');
    expect(validateMessage(first)).toEqual([]);
    const shown = visible(first);
    expect(shown).toContain('↙ 呼入');
    expect(shown).toContain('↗ 呼出');
    expect(shown).toContain('1分01秒');
    expect(shown).toContain('Invoice 1001');
    // The date token's fallback is the reader's too.
    expect(shown).toMatch(
      /<!date\^\d+\^\{date_short_pretty\} \{time\}\|\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d（UTC）>/,
    );
    expect(buttons(first.blocks).filter((b) => b.action_id === ACTION_IDS.open)[0]!.text.text).toBe('摘要');
    expect(button(first.blocks, ACTION_IDS.more).text.text).toBe('较早');
    expectNoEnglish(shown);

    const older = await click(button(first.blocks, ACTION_IDS.more), 'UZH');
    expect(older.replace_original).toBe(true);
    expect(older.text).toBe('与 +1 415 555 0123 的通话，最近7天：第 11–13 条，共 13 条，最新的在前');
    expect(button(older.blocks, ACTION_IDS.more).text.text).toBe('较新');
    expectNoEnglish(visible(older));
    expect(slack.violations).toEqual([]);
  });

  it('an extension list with a period, and an empty one with its hint', async () => {
    const day = await ask('3202 24h', 'UZH');
    expect(day.text).toBe(
      '分机 3202（Human Agent - Leo Ball）的通话，最近24小时：第 1–2 条，共 2 条，最新的在前',
    );
    expectNoEnglish(visible(day));
    const none = await ask('3202 1h', 'UZH');
    expect(none.text).toBe('最近1小时内没有分机 3202（Human Agent - Leo Ball）的通话。');
    expect(visible(none)).toContain('/callsummary 3202 31d');
    expectNoEnglish(visible(none));
  });

  it('the transcript modal and its next page', async () => {
    const summary = await ask(`${legs[0]!.legId} callee`, 'UZH');
    const opens = slack.callsTo('views.open').length;
    const updates = slack.callsTo('views.update').length;
    await press(button(summary.blocks, ACTION_IDS.transcript), 'UZH', slack.triggerId('UZH'));
    const loading = (await slack.waitFor('views.open', opens + 1))[opens]!.body.view as {
      title: { text: string };
      blocks: unknown[];
    };
    expect(loading.title.text).toBe('通话记录文本');
    expect(visible(loading)).toContain('正在获取通话记录文本');
    const first = (await slack.waitFor('views.update', updates + 1))[updates]!;
    const view = first.body.view as { title: { text: string }; close: { text: string }; blocks: unknown[] };
    expect(validateView(view)).toEqual([]);
    expect(view.title.text).toBe('通话记录文本');
    expect(view.close.text).toBe('关闭');
    expect(visible(view)).toContain('第 1 页');
    expect(visible(view)).toContain('Line 1');
    expect(button(view.blocks, ACTION_IDS.transcriptNext).text.text).toBe('下一页');
    expectNoEnglish(visible(view));

    const viewId = String(first.body.view_id);
    const next = button(view.blocks, ACTION_IDS.transcriptNext);
    await postSigned(
      events,
      SECRET,
      payloadForm(
        viewButtonPayload({
          user: 'UZH',
          triggerId: slack.triggerId('UZH'),
          view: viewOf(viewId),
          actionId: next.action_id,
          value: next.value,
        }),
      ),
    );
    const page2 = (await slack.waitFor('views.update', updates + 2))[updates + 1]!.body.view as {
      blocks: unknown[];
    };
    expect(visible(page2)).toContain('第 2 页');
    expect(visible(page2)).toContain('Line 21');
    expect(button(page2.blocks, ACTION_IDS.transcriptPrevious).text.text).toBe('上一页');
    expectNoEnglish(visible(page2));
    expect(slack.violations).toEqual([]);
  });

  it('the Home tab', async () => {
    const home = await homeOf('UZH');
    expect(home.type).toBe('home');
    expect(validateView(home)).toEqual([]);
    const shown = visible(home);
    expect(shown).toContain('通话摘要');
    expect(shown).toContain(
      '你的 Slack 账号已匹配到分机 *3202*（Human Agent - Leo Ball），依据你的 Slack 邮箱地址。',
    );
    expect(shown).toContain('*你的通话，分机 3202（Human Agent - Leo Ball）*，最近7天：第 1–10 条，共 13 条');
    expect(shown).toContain('*状态*（供管理员查看）');
    expect(shown).toContain('更新于 <!date^');
    expect(button(home.blocks, ACTION_IDS.more).text.text).toBe('较早');
    expectNoEnglish(shown);
    expect(slack.violations).toEqual([]);
  });
});

describe('a language with no catalogue falls back to DEFAULT_LOCALE; English stays English', () => {
  it('ja-JP reads Chinese (DEFAULT_LOCALE=zh-CN), the list and the Home tab', async () => {
    const list = await ask(NUMBER, 'UJA');
    expect(list.text).toBe('与 +1 415 555 0123 的通话，最近7天：第 1–10 条，共 13 条，最新的在前');
    expectNoEnglish(visible(list));
    const home = await homeOf('UJA');
    expect(visible(home)).toContain('你的通话，分机 3202');
    expectNoEnglish(visible(home));
  });

  it('en-US reads English, though the default is Chinese: the list, the transcript and the Home tab', async () => {
    const list = await ask(NUMBER, 'UEN');
    expect(list.text).toBe('Calls with +1 415 555 0123, last 7 days: 1–10 of 13, newest first');
    expect(validateMessage(list)).toEqual([]);
    expect(visible(list)).toMatch(/\|[A-Z][a-z]{2} \d{1,2}, \d{4}, \d\d:\d\d UTC>/);
    expect(visible(list)).not.toMatch(/[\u4e00-\u9fff]/);
    expect(button(list.blocks, ACTION_IDS.more).text.text).toBe('Older');

    const summary = await ask(`${legs[0]!.legId} callee`, 'UEN');
    const updates = slack.callsTo('views.update').length;
    await press(button(summary.blocks, ACTION_IDS.transcript), 'UEN', slack.triggerId('UEN'));
    const transcript = (await slack.waitFor('views.update', updates + 1))[updates]!.body.view as {
      title: { text: string };
      blocks: unknown[];
    };
    expect(validateView(transcript)).toEqual([]);
    expect(transcript.title.text).toBe('Transcript');
    expect(visible(transcript)).toContain('page 1');
    expect(visible(transcript)).not.toMatch(/[\u4e00-\u9fff]/);

    const home = await homeOf('UEN');
    expect(validateView(home)).toEqual([]);
    expect(visible(home)).toContain('Your calls, extension 3202 (Human Agent - Leo Ball)');
    expect(visible(home)).toContain('*Status* (for admins)');
    expect(visible(home)).not.toMatch(/[\u4e00-\u9fff]/);
    expect(slack.violations).toEqual([]);
  });
});
