import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gemoji } from 'gemoji';
import type { AppExtension } from '../compose/bot.js';
import { DEFAULT_LOCALE, LOCALES, supportedLocale, wordsFor } from '../shared/i18n/index.js';
import type { Logger } from '../shared/log.js';
import { type DemoClient, DemoInputError } from './client.js';
import { readBody } from './local-slack/request-body.js';
import type { LocalSlackApi } from './local-slack/web-api.js';
import { type LocalUser, SLACKBOT } from './local-slack/workspace.js';
import { PAGE_CSS, pageHtml } from './page-html.js';

/**
 * The demo's HTTP surface on the bot's port: the local Slack's Web API and response_urls (the bot's
 * SLACK_API_URL points here), the page, its live stream and the person's actions. Everything the
 * page shows is data the page draws with textContent (src/demo/page); the headers below make sure
 * nothing else could run or load: a strict CSP, no sniffing, no referrer, no framing.
 */

export interface DemoRoutesOptions {
  readonly api: LocalSlackApi;
  readonly client: DemoClient;
  readonly me: LocalUser;
  /** Directory of the compiled page scripts (dist/src/demo/page). */
  readonly pageDir: URL;
  /** Message shortcuts as manifest.yml declares them. */
  readonly shortcuts: readonly { readonly callbackId: string; readonly name: string }[];
  /** "Simulate a finished call"; absent with a real PBX. Resolves with the new leg id. */
  readonly simulateCall?: () => Promise<string>;
  readonly logger: Logger;
  /** Host headers accepted (DNS rebinding: another site's name pointing at 127.0.0.1 gets 421). */
  readonly hosts: () => readonly string[];
  /**
   * After the language switch changed a member's Slack language: the bot forgets the language it
   * cached with their profile, so its next answer reads it again (src/demo/index.ts).
   */
  readonly languageChanged?: (userId: string) => Promise<void>;
}

/** The switch's choices: each catalogue names its own language ("English", "中文"). */
const LANGUAGES = LOCALES.map((locale) => ({
  locale,
  name: wordsFor(locale).t('demo.language.option'),
}));

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};
const PAGE_SCRIPTS = new Set(['app.js', 'blocks.js', 'mrkdwn.js', 'dom.js', 'emoji.js']);

/** Shortcode → emoji for the page (`:bell:`), every name of every emoji in gemoji's table. */
let emojiTable: string | undefined;
function emojiJson(): string {
  emojiTable ??= JSON.stringify(
    Object.fromEntries(gemoji.flatMap((entry) => entry.names.map((name) => [name, entry.emoji]))),
  );
  return emojiTable;
}
const MAX_ACTION_BYTES = 64 * 1024;
const MAX_MESSAGES = 400;

type Handler = (req: IncomingMessage & { params?: Record<string, string> }, res: ServerResponse) => void;

export function demoExtension(options: DemoRoutesOptions): AppExtension {
  const { api, client, me } = options;
  const streams = new Set<ServerResponse>();
  let version = 0;
  let pending = false;
  const unsubscribe = api.workspace.onChange(() => {
    version += 1;
    if (pending) return;
    pending = true;
    // Many changes in one turn (a reply and its parent's count) make one notification.
    setImmediate(() => {
      pending = false;
      if (streams.size === 0) return;
      const frame = stateFrame();
      for (const res of streams) res.write(frame);
    });
  });
  const heartbeat = setInterval(() => {
    for (const res of streams) res.write(': keep-alive\n\n');
  }, 15_000);
  heartbeat.unref();

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer) => {
    res.writeHead(status, { 'content-type': type, ...SECURITY_HEADERS }).end(body);
  };
  const sendJson = (res: ServerResponse, status: number, body: unknown) =>
    send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
  const fromThisHost = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (options.hosts().includes(req.headers.host ?? '')) return true;
    send(res, 421, 'text/plain; charset=utf-8', 'This demo answers only at its own address.');
    return false;
  };
  const guarded =
    (handler: Handler): Handler =>
    (req, res) => {
      if (!fromThisHost(req, res)) return;
      try {
        handler(req, res);
      } catch (error) {
        options.logger.warn('demo: a page request failed', error);
        if (!res.headersSent) sendJson(res, 500, { error: 'The demo could not do that.' });
      }
    };

  const actions: Record<string, (input: Record<string, unknown>) => Promise<unknown>> = {
    say: (input) => client.say(input.channel, input.text, input.threadTs),
    click: (input) => client.clickInMessage(input),
    'view-action': (input) => client.actInView(input),
    shortcut: (input) => client.shortcut(input),
    submit: (input) => client.submit(input),
    close: (input) => client.close(input),
    tab: (input) => client.openTab(input.tab),
    // As if the person picked another language in their Slack preferences.
    language: async (input) => {
      const locale = LOCALES.find((l) => l === input.locale);
      if (!locale) throw new DemoInputError(`The demo speaks ${LOCALES.join(' and ')}.`);
      api.workspace.setLocale(me.id, locale);
      await options.languageChanged?.(me.id);
      return { locale };
    },
    'simulate-call': async () => {
      if (!options.simulateCall) throw new DemoInputError('The demo is using a real PBX: make a real call.');
      return { legId: await options.simulateCall() };
    },
  };

  const act: Handler = (req, res) => {
    const name = req.params?.action ?? '';
    const run = Object.hasOwn(actions, name) ? actions[name] : undefined;
    // A JSON body and a custom header: a form on another site cannot post here without a CORS preflight.
    if (
      !run ||
      req.headers['x-callsummary-demo'] !== '1' ||
      !(req.headers['content-type'] ?? '').startsWith('application/json')
    ) {
      sendJson(res, 400, { error: 'Not a demo action.' });
      return;
    }
    void (async () => {
      const raw = await readBody(req, MAX_ACTION_BYTES);
      let input: unknown;
      try {
        input = JSON.parse(raw ?? '');
      } catch {
        sendJson(res, 400, { error: 'Not a demo action.' });
        return;
      }
      try {
        const result = await run(
          typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {},
        );
        sendJson(res, 200, result ?? {});
      } catch (error) {
        if (error instanceof DemoInputError) sendJson(res, 400, { error: error.message });
        else {
          options.logger.warn(`demo: ${name} failed`, error);
          sendJson(res, 502, { error: 'The app did not answer. Its log says why.' });
        }
      }
    })();
  };

  /** What the page draws: this person's view of the workspace. */
  const pageState = () => {
    const ws = api.workspace;
    const dm = `D${me.id.slice(1)}`;
    const visible = ws.messages.filter(
      (m) =>
        !m.deleted &&
        (m.ephemeralTo === undefined || m.ephemeralTo === me.id) &&
        (ws.channels.has(m.channel) || m.channel === dm),
    );
    const stack = ws.stacks.get(me.id) ?? [];
    const top = stack.length > 0 ? ws.views.get(stack[stack.length - 1]!) : undefined;
    const home = [...ws.views.values()].find((v) => v.kind === 'home' && v.user === me.id);
    return {
      version,
      me: { id: me.id, name: me.realName },
      language: supportedLocale(ws.users.get(me.id)?.locale) ?? DEFAULT_LOCALE,
      languages: LANGUAGES,
      users: Object.fromEntries([...ws.users.values()].map((u) => [u.id, u.realName])),
      channels: [...ws.channels.values()].map((c) => ({ id: c.id, name: c.name ?? c.id })),
      dm: { id: dm, name: 'callsummary' },
      shortcuts: options.shortcuts,
      simulator: options.simulateCall !== undefined,
      messages: visible.slice(-MAX_MESSAGES).map((m) => ({
        channel: m.channel,
        ts: m.ts,
        author: m.user
          ? m.user === SLACKBOT
            ? 'Slackbot'
            : (ws.users.get(m.user)?.realName ?? m.user)
          : 'callsummary',
        bot: m.user === undefined,
        text: m.text,
        blocks: m.blocks ?? null,
        threadTs: m.threadTs ?? null,
        ephemeral: m.ephemeralTo !== undefined,
        edited: m.edited === true,
      })),
      modal: top ? { id: top.id, view: top.view, depth: stack.length } : null,
      home: home ? { id: home.id, view: home.view } : null,
    };
  };
  // The state itself goes down the stream (not a "changed, fetch it" ping): one request less between
  // the bot's answer and the page drawing it.
  const stateFrame = () => `event: state\ndata: ${JSON.stringify(pageState())}\n\n`;
  const state: Handler = (_req, res) => sendJson(res, 200, pageState());

  const stream: Handler = (req, res) => {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      ...SECURITY_HEADERS,
      connection: 'keep-alive',
    });
    res.write(stateFrame());
    streams.add(res);
    req.on('close', () => streams.delete(res));
  };

  const asset: Handler = (req, res) => {
    const file = req.params?.file ?? '';
    if (file === 'page.css') {
      send(res, 200, 'text/css; charset=utf-8', PAGE_CSS);
      return;
    }
    if (file === 'emoji.json') {
      send(res, 200, 'application/json; charset=utf-8', emojiJson());
      return;
    }
    if (!PAGE_SCRIPTS.has(file)) {
      send(res, 404, 'text/plain; charset=utf-8', 'Not found');
      return;
    }
    readFile(new URL(file, options.pageDir)).then(
      (body) => send(res, 200, 'text/javascript; charset=utf-8', body),
      () => send(res, 500, 'text/plain; charset=utf-8', 'The page scripts are missing: run npm run build.'),
    );
  };

  const slackApi: Handler = (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://local').pathname;
    api.handle(req, res, pathname).catch((error: unknown) => {
      options.logger.warn('local Slack: a request failed', error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  };

  return {
    routes: [
      {
        path: '/',
        method: 'GET',
        handler: guarded((_req, res) => send(res, 200, 'text/html; charset=utf-8', pageHtml())),
      },
      { path: '/demo/assets/:file', method: 'GET', handler: guarded(asset) },
      { path: '/demo/state', method: 'GET', handler: guarded(state) },
      { path: '/demo/stream', method: 'GET', handler: guarded(stream) },
      { path: '/demo/act/:action', method: 'POST', handler: guarded(act) },
      // The local Slack too: a page elsewhere whose name points at 127.0.0.1 (DNS rebinding) or a
      // request naming another host gets 421 before anything is read.
      { path: '/api/:method', method: ['GET', 'POST'], handler: guarded(slackApi) },
      { path: '/response/:id', method: 'POST', handler: guarded(slackApi) },
    ],
    async stop() {
      unsubscribe();
      clearInterval(heartbeat);
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}
