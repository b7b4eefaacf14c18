import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { runServe } from '../../src/cli/serve.js';
import { isUnconfigured } from '../../src/compose/unconfigured.js';
import { runDemo } from '../../src/demo/index.js';
import { SUPPORT_ALERT } from '../../src/demo/setup.js';
import { ENGLISH } from '../../src/shared/i18n/index.js';

/** `callsummary demo` and `serve` with nothing configured, over real loopback HTTP (no browser). */

let stop: ((signal: string) => void) | undefined;
let exited: Promise<number> | undefined;

afterEach(async () => {
  stop?.('SIGTERM');
  if (exited) expect(await exited).toBe(0);
  stop = undefined;
  exited = undefined;
});

/** Starts `serve` with this environment and resolves with the URL its first line names. */
async function serveWith(env: NodeJS.ProcessEnv): Promise<{ url: string; firstLine: string }> {
  let out = '';
  const stopSignal = new Promise<string>((resolve) => {
    stop = resolve;
  });
  let ready: (value: { url: string; firstLine: string }) => void = () => undefined;
  const started = new Promise<{ url: string; firstLine: string }>((resolve) => {
    ready = resolve;
  });
  exited = runServe({
    words: ENGLISH,
    env: () => env,
    stdout: (text) => {
      out += text;
      const firstLine = out.split('\n')[0] ?? '';
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(firstLine)?.[0];
      if (url) ready({ url, firstLine });
    },
    stderr: () => undefined,
    stopSignal,
  });
  const { url, firstLine } = await started;
  // The first line comes before the server listens: wait until it answers.
  for (let i = 0; i < 100; i++) {
    if ((await fetch(`${url}healthz`).catch(() => undefined))?.ok) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url, firstLine };
}

function getWithHost(url: string, host: string, method = 'GET'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serve with nothing configured runs the demo', () => {
  it('says so in its first line, with the URL, and serves the page, the local Slack and the bot', async () => {
    const { url, firstLine } = await serveWith({ PORT: '0', LOG_LEVEL: 'error' });
    expect(firstLine).toContain('this is the demo');
    expect(firstLine).toContain('127.0.0.1 only');
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('Simulate a finished call');
    // The bot's own endpoint, with its signature check: an unsigned request is refused.
    const unsigned = await fetch(`${url}slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'command=%2Fcallsummary&text=help',
    });
    expect(unsigned.status).toBe(401);
    // The local Slack's Web API refuses a token other than this run's.
    const api = await fetch(`${url}api/auth.test`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-guess' },
    });
    expect(await api.json()).toMatchObject({ ok: false, error: 'invalid_auth' });
  });

  it('serves GET /metrics on its port, as the bot does', async () => {
    const { url } = await serveWith({ PORT: '0', LOG_LEVEL: 'error' });
    const metrics = await fetch(`${url}metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toContain('callsummary_answers_total{surface="command",outcome="ok"}');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('keeps its own cache in memory whatever CACHE_URL says: never a replica of a real bot', async () => {
    const { url } = await serveWith({ PORT: '0', LOG_LEVEL: 'error', CACHE_URL: 'redis://127.0.0.1:9/0' });
    const ready = await fetch(`${url}readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { cache: 'ok' } });
  });

  it('answers only at its own address and takes actions only from its own page', async () => {
    const { url } = await serveWith({ PORT: '0', LOG_LEVEL: 'error' });
    expect(await getWithHost(url, 'evil.example')).toBe(421);
    // The local Slack too (a DNS-rebinding page posting to it): refused before its body is read.
    expect(await getWithHost(`${url}api/auth.test`, 'evil.example')).toBe(421);
    expect(await getWithHost(`${url}response/any`, 'evil.example', 'POST')).toBe(421);
    const forged = await fetch(`${url}demo/act/say`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ channel: 'C0DEMOSUPPORT', text: 'hi' }),
    });
    expect(forged.status).toBe(400);
    const state = (await (await fetch(`${url}demo/state`)).json()) as { messages: { text: string }[] };
    // Only the call alert #support starts with.
    expect(state.messages.map((m) => m.text)).toEqual([SUPPORT_ALERT]);
    // From the page itself: posted in a channel; not in your DM with the app (its Messages tab is
    // read-only, as manifest.yml says).
    const act = (channel: string) =>
      fetch(`${url}demo/act/say`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-callsummary-demo': '1' },
        body: JSON.stringify({ channel, text: 'a <b>typed</b> note' }),
      });
    const dm = await act('D0DEMOLEO');
    expect(dm.status).toBe(400);
    expect(await dm.json()).toEqual({ error: 'Sending messages to this app has been turned off.' });
    expect((await act('C0DEMOSUPPORT')).status).toBe(200);
    expect((await act('C0NOSUCH')).status).toBe(400);
    const after = (await (await fetch(`${url}demo/state`)).json()) as {
      messages: { channel: string; text: string }[];
    };
    // Typed text is sent escaped, as Slack's client sends it: never markup.
    expect(after.messages.at(-1)).toMatchObject({
      channel: 'C0DEMOSUPPORT',
      text: 'a &lt;b&gt;typed&lt;/b&gt; note',
    });
    // A command no app has is answered as Slack answers it, to you alone, and never sent to the app.
    const typo = await fetch(`${url}demo/act/say`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-callsummary-demo': '1' },
      body: JSON.stringify({ channel: 'C0DEMOSUPPORT', text: '/callsumary 20260513223234-3EE9E' }),
    });
    expect(typo.status).toBe(200);
    const last = (
      (await (await fetch(`${url}demo/state`)).json()) as {
        messages: { author: string; text: string; ephemeral: boolean }[];
      }
    ).messages.at(-1);
    expect(last).toMatchObject({
      author: 'Slackbot',
      ephemeral: true,
      text: '/callsumary is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands.',
    });
  });

  it('has the app’s Home tab: opening it draws your calls, and a call’s Summary opens in a modal', async () => {
    const { url } = await serveWith({ PORT: '0', LOG_LEVEL: 'error' });
    const act = (action: string, body: unknown) =>
      fetch(`${url}demo/act/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-callsummary-demo': '1' },
        body: JSON.stringify(body),
      });
    type View = { id: string; view: { title?: { text: string }; blocks: Record<string, unknown>[] } };
    const state = async () =>
      (await (await fetch(`${url}demo/state`)).json()) as { home: View | null; modal: View | null };
    /** The page redraws from the state as it changes; this polls it the same way. */
    const until = async <T>(pick: (s: Awaited<ReturnType<typeof state>>) => T | undefined): Promise<T> => {
      for (;;) {
        const found = pick(await state());
        if (found !== undefined) return found;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    expect((await act('tab', { tab: 'home' })).status).toBe(200);
    const home = await until((s) => s.home ?? undefined);
    const drawn = JSON.stringify(home.view.blocks);
    // You are Leo Ball, extension 3202 (same email on the PBX): the simulator's week has your calls.
    expect(drawn).toContain('matched to extension *3202*');
    expect(drawn).toContain('Your calls, extension 3202');
    expect(drawn).toContain('Automatic posting: on, by webhook');
    const index = home.view.blocks.findIndex(
      (b) => (b.accessory as { action_id?: string } | undefined)?.action_id === 'callsummary_open',
    );
    expect(index).toBeGreaterThan(0);
    const blockId = String(home.view.blocks[index]!.block_id ?? `b${index}`);
    expect(
      (await act('view-action', { viewId: home.id, blockId, actionId: 'callsummary_open' })).status,
    ).toBe(200);
    const modal = await until((s) =>
      s.modal && !JSON.stringify(s.modal.view.blocks).includes('Looking up') ? s.modal : undefined,
    );
    expect(modal.view.title?.text).toBe('Call summary');
    expect(JSON.stringify(modal.view.blocks)).toContain('callsummary_transcript');
  });

  it('listens on 127.0.0.1 only', async () => {
    const { url } = await serveWith({ PORT: '0', LOG_LEVEL: 'error' });
    const port = new URL(url).port;
    const other = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    if (other === undefined) return;
    await expect(
      fetch(`http://${other}:${port}/healthz`, { signal: AbortSignal.timeout(2000) }),
    ).rejects.toThrow();
  });
});

describe('callsummary demo', () => {
  it('a simulated call asked about early: "no summary yet", Notify me, and the summary arrives in the app\'s Messages', async () => {
    let out = '';
    let ready: (url: string) => void = () => undefined;
    const up = new Promise<string>((resolve) => {
      ready = resolve;
    });
    const stopSignal = new Promise<string>((resolve) => {
      stop = resolve;
    });
    exited = runDemo(['--port', '0'], {
      env: () => ({ LOG_LEVEL: 'error' }),
      stdout: (text) => {
        out += text;
      },
      stderr: () => undefined,
      stopSignal,
      summaryDelayMs: 1500,
      onReady: (demo) => ready(demo.url),
    });
    const url = await up;
    expect(out).toContain('callsummary demo');
    const act = async (action: string, body: unknown) => {
      const response = await fetch(`${url}demo/act/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-callsummary-demo': '1' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
      return (await response.json()) as Record<string, unknown>;
    };
    type Message = {
      channel: string;
      ts: string;
      text: string;
      blocks?: { type: string; block_id?: string; elements?: { action_id?: string }[] }[];
    };
    const messages = async () =>
      ((await (await fetch(`${url}demo/state`)).json()) as { messages: Message[] }).messages;
    const until = async (pick: (all: Message[]) => Message | undefined): Promise<Message> => {
      for (;;) {
        const found = pick(await messages());
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const { legId } = await act('simulate-call', {});
    expect(typeof legId).toBe('string');
    // Asked at once, in #support: the summary is not written yet.
    await act('say', { channel: 'C0DEMOSUPPORT', text: `/callsummary ${String(legId)} callee` });
    const answer = await until((all) => all.find((m) => m.text.includes('No AI summary yet')));
    const notify = answer.blocks
      ?.filter((b) => b.type === 'actions')
      .find((b) => b.elements?.some((e) => e.action_id === 'callsummary_notify'));
    expect(notify).toBeDefined();
    await act('click', {
      channel: answer.channel,
      ts: answer.ts,
      blockId: notify!.block_id,
      actionId: 'callsummary_notify',
    });
    await until((all) => all.find((m) => m.text.includes("I'll send it to you here")));
    // The simulated PBX writes the summary and sends 30040: it arrives in your DM with the app.
    const dm = await until((all) =>
      all.find((m) => m.channel === 'D0DEMOLEO' && m.text.includes('The summary you asked me to watch for')),
    );
    expect(dm.text).toContain('Dana Whitfield');
    // And the private answer you clicked on now shows it too.
    await until((all) => all.find((m) => m.ts === answer.ts && m.text.includes('Dana Whitfield')));
  });

  it('the language switch sets your Slack language: the bot answers you in it at once', async () => {
    let ready: (url: string) => void = () => undefined;
    const up = new Promise<string>((resolve) => {
      ready = resolve;
    });
    const stopSignal = new Promise<string>((resolve) => {
      stop = resolve;
    });
    exited = runDemo(['--port', '0'], {
      env: () => ({ LOG_LEVEL: 'error' }),
      stdout: () => undefined,
      stderr: () => undefined,
      stopSignal,
      summaryDelayMs: 1000,
      onReady: (demo) => ready(demo.url),
    });
    const url = await up;
    const post = (action: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${url}demo/act/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-callsummary-demo': '1', ...headers },
        body: JSON.stringify(body),
      });
    const act = async (action: string, body: unknown) => {
      const response = await post(action, body);
      expect(response.status).toBe(200);
      return (await response.json()) as Record<string, unknown>;
    };
    type Message = {
      channel: string;
      ts: string;
      text: string;
      blocks?: { type: string; block_id?: string; elements?: { action_id?: string }[] }[];
    };
    type State = { language: string; languages: { locale: string; name: string }[]; messages: Message[] };
    const state = async () => (await (await fetch(`${url}demo/state`)).json()) as State;
    const until = async (pick: (all: Message[]) => Message | undefined): Promise<Message> => {
      for (;;) {
        const found = pick((await state()).messages);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    /** A call asked about before its summary is written, and Notify me clicked on the answer. */
    const notifyMe = async () => {
      const { legId } = await act('simulate-call', {});
      await act('say', { channel: 'C0DEMOSUPPORT', text: `/callsummary ${String(legId)} callee` });
      const answer = await until((all) =>
        all.find(
          (m) => m.text.includes(String(legId)) && JSON.stringify(m.blocks).includes('callsummary_notify'),
        ),
      );
      const row = answer.blocks
        ?.filter((b) => b.type === 'actions')
        .find((b) => b.elements?.some((e) => e.action_id === 'callsummary_notify'));
      await act('click', {
        channel: answer.channel,
        ts: answer.ts,
        blockId: row!.block_id,
        actionId: 'callsummary_notify',
      });
      return answer.ts;
    };

    const before = await state();
    expect(before.language).toBe('en');
    expect(before.languages).toEqual([
      { locale: 'en', name: 'English' },
      { locale: 'zh-CN', name: '中文' },
    ]);
    // In English first: the bot reads (and caches) the member's language from users.info.
    const first = await notifyMe();
    await until((all) => all.find((m) => m.ts === first && m.text.includes("I'll send it to you here")));
    await until((all) =>
      all.find((m) => m.channel === 'D0DEMOLEO' && m.text.includes('The summary you asked')),
    );

    // Only the page may switch, and only to a language the bot writes.
    expect((await post('language', { locale: 'zh-CN' }, { 'x-callsummary-demo': '0' })).status).toBe(400);
    expect((await post('language', { locale: 'fr' })).status).toBe(400);
    expect(await act('language', { locale: 'zh-CN' })).toEqual({ locale: 'zh-CN' });
    expect((await state()).language).toBe('zh-CN');
    const second = await notifyMe();
    await until((all) => all.find((m) => m.ts === second && m.text.includes('摘要生成后我会在这里发给你')));
    await until((all) =>
      all.find((m) => m.channel === 'D0DEMOLEO' && m.text.includes('你让我留意的通话摘要已生成')),
    );

    await act('language', { locale: 'en' });
    const third = await notifyMe();
    await until((all) => all.find((m) => m.ts === third && m.text.includes("I'll send it to you here")));
  });

  it('never starts when Slack is configured', async () => {
    let err = '';
    const code = await runDemo([], {
      env: () => ({ SLACK_BOT_TOKEN: 'xoxb-real' }),
      stdout: () => undefined,
      stderr: (text) => {
        err += text;
      },
      stopSignal: new Promise(() => {}),
    });
    expect(code).toBe(2);
    expect(err).toContain('SLACK_BOT_TOKEN');
    expect(err).toContain('callsummary serve');
  });

  it('refuses a bad --port with its usage', async () => {
    let err = '';
    const io = { env: () => ({}), stdout: () => undefined, stopSignal: new Promise<string>(() => {}) };
    expect(await runDemo(['--port', 'x'], { ...io, stderr: (t) => (err += t) })).toBe(2);
    expect(err).toContain('Usage: callsummary demo [--port N]');
  });

  it('counts only SLACK_* and YEASTAR_* variables as configuration', () => {
    expect(isUnconfigured({ PORT: '4000', LOG_LEVEL: 'debug', PATH: '/bin' })).toBe(true);
    expect(isUnconfigured({ YEASTAR_BASE_URL: 'https://pbx.example' })).toBe(false);
    expect(isUnconfigured({ SLACK_APP_TOKEN: 'xapp-1' })).toBe(false);
    expect(isUnconfigured({ SLACK_BOT_TOKEN: '  ' })).toBe(true);
  });
});
