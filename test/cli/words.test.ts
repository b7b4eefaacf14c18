import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { callsAsText } from '../../src/cli/calls-output.js';
import { runDoctor } from '../../src/cli/doctor.js';
import { helpText } from '../../src/cli/help.js';
import { transcriptAsText } from '../../src/cli/transcript.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/demo/local-slack/index.js';
import { type PbxSimulator, SAMPLE_LEGS, startPbxSimulator } from '../../src/demo/pbx-simulator/index.js';
import { ENGLISH, wordsFor } from '../../src/shared/i18n/index.js';
import { cleanUpCli, freePort, runCli, tempDir } from '../helpers/cli-process.js';
import { botEnv, simulatorEnv } from '../helpers/env.js';

/**
 * The command line in the terminal's language (LC_ALL, LC_MESSAGES, LANG): the built `callsummary`
 * run as a user runs it, in Simplified Chinese and in English; doctor's checklist in Chinese.
 */

const HAN = /\p{Script=Han}/u;
const LEG = SAMPLE_LEGS.docExample;

afterEach(cleanUpCli);

let pbx: PbxSimulator;
let slack: FakeSlackApi;
beforeAll(async () => {
  pbx = await startPbxSimulator();
  slack = await startFakeSlackApi({ botToken: 'xoxb-words' });
});
afterAll(async () => {
  await slack?.close();
  await pbx?.close();
});

/** A PBX address where nothing listens: every request is refused (exit 1, one line saying so). */
async function refusedPbxEnv(): Promise<Record<string, string>> {
  const port = await freePort();
  return simulatorEnv({ url: `http://127.0.0.1:${port}` }, { YEASTAR_MAX_RETRIES: '0' });
}

describe('callsummary in Simplified Chinese (LANG=zh_CN.UTF-8)', () => {
  const zh = { LANG: 'zh_CN.UTF-8' };

  it('prints its help in Chinese', async () => {
    const { code, stdout } = await runCli(['help'], { env: zh });
    expect(code).toBe(0);
    expect(stdout).toContain('用法：');
    expect(stdout).toContain('退出状态：0 成功，1 执行失败，2 用法错误。');
    expect(stdout).toContain('callsummary get <leg-id>');
    expect(stdout).not.toContain('Exit status');
  });

  it('says a usage problem in Chinese, with the usage line (exit 2)', async () => {
    const { code, stdout, stderr } = await runCli(['get', 'nope'], { env: zh });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'callsummary get: “nope”不是 leg id；leg id 的格式为 YYYYMMDDhhmmss-XXXXX（例如 20260513223234-3EE9E）。' +
        '用法：callsummary get <leg-id> [caller|callee] [--ext <number>] [--format text|json|blocks] [--refresh]\n',
    );
  });

  it('says an unknown option and an unknown command in Chinese (exit 2)', async () => {
    const option = await runCli(['calls', '3202', '--nope'], { env: zh });
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/^callsummary calls: 未知选项 --nope。用法：callsummary calls /);
    const command = await runCli(['frob'], { env: zh });
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/^callsummary: 未知命令“frob”\n\ncallsummary — 在 Slack 中/);
  });

  it('says a failure in one Chinese line with what to do (exit 1)', async () => {
    const { code, stdout, stderr } = await runCli(['get', LEG, 'callee', '--ext', '3202'], {
      env: { ...(await refusedPbxEnv()), ...zh },
    });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^callsummary: PBX 拒绝了登录（get_token）的连接/);
    expect(stderr).toContain('请让管理员检查 YEASTAR_BASE_URL');
    expect(stderr).not.toMatch(/The PBX|Ask the admin/);
  });

  it('follows LC_ALL over LANG, as POSIX has it', async () => {
    const { stdout } = await runCli(['help'], { env: { LANG: 'en_US.UTF-8', LC_ALL: 'zh_CN.UTF-8' } });
    expect(stdout).toContain('用法：');
  });
});

describe('callsummary in English (LANG=C)', () => {
  const c = { LANG: 'C' };

  it('prints its help, a usage problem and a failure in English', async () => {
    const help = await runCli(['help'], { env: c });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit status: 0 success, 1 the work failed, 2 usage.');
    expect(help.stdout).not.toMatch(HAN);

    const usage = await runCli(['get', 'nope'], { env: c });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe(
      'callsummary get: "nope" is not a leg id; a leg id looks like YYYYMMDDhhmmss-XXXXX (for example 20260513223234-3EE9E). ' +
        'usage: callsummary get <leg-id> [caller|callee] [--ext <number>] [--format text|json|blocks] [--refresh]\n',
    );

    const failed = await runCli(['get', LEG, 'callee', '--ext', '3202'], {
      env: { ...(await refusedPbxEnv()), ...c },
    });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^callsummary: The PBX refused the connection for the login \(get_token\)/);
    expect(failed.stderr).not.toMatch(HAN);
  });

  it('prints a summary with its heading in Chinese and the PBX text as written', async () => {
    const zh = await runCli(['get', LEG, 'callee'], {
      env: simulatorEnv(pbx, { YEASTAR_MAX_RETRIES: '0', LANG: 'zh_CN.UTF-8' }),
      cwd: tempDir(),
    });
    expect(zh.code).toBe(0);
    expect(zh.stdout.split('\n')[0]).toMatch(new RegExp(`— 被叫方 — leg ${LEG}`));
    // The summary itself is the PBX's (English in the simulator): never translated.
    expect(zh.stdout).toContain('Kristin Hale');
  });
});

describe('callsummary doctor in Simplified Chinese', () => {
  it('prints its checklist in Chinese', async () => {
    let out = '';
    const code = await runDoctor({
      env: () => botEnv(pbx, slack, { YEASTAR_MAX_RETRIES: '0', SLACK_BOT_TOKEN: 'xoxb-words' }),
      stdout: (text) => {
        out += text;
      },
      words: wordsFor('zh-CN'),
      lockoutDir: tempDir(),
    });
    expect(code).toBe(0);
    expect(out).toContain('通过    配置（PBX）');
    expect(out).toContain(`通过    PBX 登录 ${pbx.url}`);
    expect(out).toContain('通过    PBX 分机查询');
    expect(out).toMatch(/通过 {4}Slack auth\.test（工作区 /);
    // The fake Slack grants no users:read: a note with its fix, in Chinese.
    expect(out).toContain('提示    “我的通话”和主页标签无法按邮箱匹配成员');
    expect(out).toContain('        修复：请在 OAuth & Permissions 中添加 users:read, users:read.email');
    expect(out).not.toMatch(/\b(passed|FAILED|note|fix:)\b/);
  });

  it('says a failed check and its fix in Chinese', async () => {
    const env = await refusedPbxEnv();
    let out = '';
    const code = await runDoctor({
      env: () => env,
      stdout: (text) => {
        out += text;
      },
      words: wordsFor('zh-CN'),
      lockoutDir: tempDir(),
    });
    expect(code).toBe(1);
    expect(out).toContain(
      `失败    PBX 登录 ${env.YEASTAR_BASE_URL}\n        修复：PBX 拒绝了登录（get_token）的连接`,
    );
    expect(out).toContain('请让管理员检查 YEASTAR_BASE_URL');
    expect(out).not.toContain('callsummary doctor');
  });
});

describe('the help', () => {
  it('is the same read straight from the catalogue as through the formatter, in each language', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const env = { LANG: locale === 'en' ? 'C' : 'zh_CN.UTF-8' };
      expect(helpText(env)).toBe(wordsFor(locale).t('cli.help.text'));
    }
    expect(helpText({})).toBe(ENGLISH.t('cli.help.text'));
  });
});

describe('the text outputs in Chinese', () => {
  const call = {
    legId: '20260513223234-3EE9E',
    start: { year: 2026, month: 5, day: 13, hour: 22, minute: 32, second: 34 },
    startEpoch: null,
    direction: 'in' as const,
    internal: false,
    otherNumber: '+14155550123',
    otherName: 'Kristin Hale',
    durationSeconds: 192,
    gist: '',
    summarySide: 'callee' as const,
  };
  const subject = {
    party: { kind: 'extension' as const, extension: '3202' },
    name: 'Leo Ball',
    member: 'U0123ABCD',
  };

  it('lists calls with Chinese headings and columns, the PBX names as written', () => {
    const text = callsAsText(subject, { hours: 7 * 24, label: '7d' }, [call], undefined, wordsFor('zh-CN'));
    expect(text.split('\n').slice(0, 4)).toEqual([
      'U0123ABCD 的分机 3202（Leo Ball）的通话，最近 7 天：1 个，最新的在前',
      '时间：PBX 的时钟（YEASTAR_TIMEZONE 可指定其时区）。',
      '',
      '2026-05-13 22:32  呼入        Kristin Hale（+14155550123）  3:12  20260513223234-3EE9E  被叫方',
    ]);
    expect(text).toContain('    （还没有摘要）');
    const english = callsAsText(subject, { hours: 7 * 24, label: '7d' }, [call], 'Asia/Shanghai', ENGLISH);
    expect(english).toContain("Calls of U0123ABCD's extension 3202 (Leo Ball), last 7d: 1, newest first");
    expect(english).toContain('Times: Asia/Shanghai time.');
  });

  it('says there were no calls, and that the extension does not exist, in Chinese', () => {
    const text = callsAsText(
      { party: { kind: 'extension', extension: '3299' }, name: '', member: undefined, exists: false },
      { hours: 48, label: '2d' },
      [],
      undefined,
      wordsFor('zh-CN'),
    );
    expect(text).toBe('最近 2 天内没有分机 3299的通话。PBX 上没有分机 3299。\n');
  });

  it('heads a transcript in Chinese and keeps what was said as written', () => {
    const text = transcriptAsText(
      call.legId,
      [{ speaker: 'Leo Ball', number: '3202', atSeconds: 5, text: 'Hello, how can I help?' }],
      false,
      wordsFor('zh-CN'),
    );
    expect(text).toBe(
      `${call.legId} 的通话记录文本：共 1 行\n\n 0:05  Leo Ball：Hello, how can I help?\n\n（已在 500 页后截断）\n`,
    );
  });
});
