import { renderBlocks } from './blocks.js';
import { append, clear, h } from './dom.js';
import { setEmoji } from './emoji.js';
import { mrkdwn, setUserNames } from './mrkdwn.js';

/**
 * The demo page: plays the Slack client against the local Slack. It fetches the workspace as JSON,
 * redraws on every change pushed over server-sent events, and sends what the person does to
 * /demo/act/…, where the local Slack turns it into the signed request Slack would send the app.
 *
 * (Over 300 lines: the page's one state and its drawing of every pane — channels, messages, thread,
 * modal, Home — which share that state; Block Kit and mrkdwn drawing are in ./blocks.ts, ./mrkdwn.ts.)
 */

interface PageMessage {
  channel: string;
  ts: string;
  author: string;
  bot: boolean;
  text: string;
  blocks: unknown[] | null;
  threadTs: string | null;
  ephemeral: boolean;
  edited: boolean;
}
interface PageView {
  id: string;
  view: Record<string, unknown>;
  depth?: number;
}
interface PageState {
  version: number;
  me: { id: string; name: string };
  /** The person's Slack language, and the languages the bot writes in. */
  language: string;
  languages: { locale: string; name: string }[];
  users: Record<string, string>;
  channels: { id: string; name: string }[];
  dm: { id: string; name: string };
  shortcuts: { callbackId: string; name: string }[];
  simulator: boolean;
  messages: PageMessage[];
  modal: PageView | null;
  home: PageView | null;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
let state: PageState | undefined;
let current = '';
let appTab: 'home' | 'messages' = 'home';
let thread: { channel: string; ts: string } | undefined;
let openMenu: string | undefined;
const choices = new Map<string, string>();
let modalErrors: Record<string, string> = {};
let modalShown: string | undefined;
/** Messages seen per conversation (top-level ones): more than that is unread, marked in the sidebar. */
const seen = new Map<string, number>();
/** Top-level messages drawn per conversation the last time (to bring a new one into view). */
const shownCount = new Map<string, number>();

async function act(action: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await fetch(`/demo/act/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-callsummary-demo': '1' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  notice(response.ok ? undefined : String(answer.error ?? `The demo answered ${response.status}.`));
  return answer;
}

function notice(text: string | undefined): void {
  const box = $('notice');
  box.hidden = text === undefined;
  box.textContent = text ?? '';
}

/** Each frame of /demo/stream is the whole page state, newest last. */
function apply(next: PageState): void {
  state = next;
  setUserNames(state.users);
  if (current === '') current = state.channels[0]?.id ?? state.dm.id;
  draw();
}

/** Top-level messages of a conversation that everyone (or you) can see. */
function countOf(s: PageState, channel: string): number {
  return s.messages.filter((m) => m.channel === channel && m.threadTs === null).length;
}

/** A sidebar entry, bold with a count when it has messages you have not seen. */
function navButton(s: PageState, id: string, label: string): HTMLElement {
  const unread = id === current ? 0 : Math.max(0, countOf(s, id) - (seen.get(id) ?? 0));
  const button = h(
    'button',
    { type: 'button', current: id === current, onClick: () => go(id) },
    label,
    unread > 0 ? h('span', { class: 'unread-count', label: `${unread} unread` }, String(unread)) : null,
  );
  if (unread > 0) button.classList.add('unread');
  return h('li', {}, button);
}

function draw(): void {
  if (!state) return;
  const s = state;
  // What is on screen is seen; on the first frame, everything already there.
  if (seen.size === 0) for (const c of [...s.channels.map((x) => x.id), s.dm.id]) seen.set(c, countOf(s, c));
  seen.set(current, countOf(s, current));
  const channels = $('channels');
  clear(channels);
  for (const c of s.channels) append(channels, navButton(s, c.id, `# ${c.name}`));
  const apps = $('apps');
  clear(apps);
  append(apps, navButton(s, s.dm.id, s.dm.name));
  drawLanguage(s);
  const simulate = $<HTMLButtonElement>('simulate');
  simulate.disabled = !s.simulator;
  if (!s.simulator)
    $('sim-note').textContent = 'The demo is using your PBX: make a real call to see an automatic post.';

  const isApp = current === s.dm.id;
  const channel = s.channels.find((c) => c.id === current);
  $('title').textContent = isApp ? s.dm.name : `# ${channel?.name ?? current}`;
  const tabs = $('tabs');
  clear(tabs);
  if (isApp) {
    for (const tab of ['home', 'messages'] as const) {
      append(
        tabs,
        h(
          'button',
          { type: 'button', role: 'tab', selected: appTab === tab, onClick: () => openTab(tab) },
          tab === 'home' ? 'Home' : 'Messages',
        ),
      );
    }
  }
  // manifest.yml: the app's Messages tab is read-only, and Home has no composer at all.
  $('composer').hidden = isApp;
  $('read-only').hidden = !(isApp && appTab === 'messages');
  drawMessages(s);
  drawThread(s);
  drawModal(s);
}

function drawMessages(s: PageState): void {
  const list = $('messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  clear(list);
  if (current === s.dm.id && appTab === 'home') {
    list.appendChild(
      s.home
        ? h('div', { class: 'home' }, renderBlocks(arrayOf(s.home.view.blocks), viewInteraction(s.home.id)))
        : h('p', { class: 'empty' }, 'The app has not published a Home tab.'),
    );
    return;
  }
  const top = s.messages.filter((m) => m.channel === current && m.threadTs === null);
  if (top.length === 0)
    list.appendChild(h('p', { class: 'empty' }, 'No messages yet. Try /callsummary 20260513223234-3EE9E'));
  for (const m of top) list.appendChild(messageView(s, m, true));
  // A new message (an answer to what you just asked, most often) is brought into view, as in Slack;
  // so is the newest one when you open a conversation.
  const grew = top.length > (shownCount.get(current) ?? Number.POSITIVE_INFINITY);
  if (atBottom || grew || !shownCount.has(current)) list.scrollTop = list.scrollHeight;
  shownCount.set(current, top.length);
}

function drawThread(s: PageState): void {
  const pane = $('thread');
  pane.hidden = thread === undefined;
  if (!thread) return;
  const { channel, ts } = thread;
  const list = $('thread-messages');
  clear(list);
  const parent = s.messages.find((m) => m.channel === channel && m.ts === ts);
  if (parent) list.appendChild(messageView(s, parent, false));
  for (const m of s.messages.filter((r) => r.channel === channel && r.threadTs === ts))
    list.appendChild(messageView(s, m, false));
}

/** Drawn messages, reused while nothing about them changed: a change redraws only what changed. */
const drawn = new Map<string, { signature: string; node: HTMLElement }>();

function messageView(s: PageState, m: PageMessage, inChannel: boolean): HTMLElement {
  const key = `${m.channel}/${m.ts}`;
  const replies = inChannel
    ? s.messages.filter((r) => r.channel === m.channel && r.threadTs === m.ts).length
    : 0;
  const signature = `${replies}|${openMenu === key}|${m.edited}|${m.text}|${JSON.stringify(m.blocks)}`;
  const cacheKey = `${key}|${inChannel}`;
  const cached = drawn.get(cacheKey);
  if (cached?.signature === signature) return cached.node;
  const node = drawMessage(s, m, key, replies);
  drawn.set(cacheKey, { signature, node });
  return node;
}

function drawMessage(s: PageState, m: PageMessage, key: string, replies: number): HTMLElement {
  const time = new Date(Number(m.ts.split('.')[0]) * 1000).toLocaleTimeString([], {
    hour: 'numeric',
    minute: '2-digit',
  });
  const body =
    m.blocks && m.blocks.length > 0
      ? renderBlocks(m.blocks, messageInteraction(m))
      : h('div', {}, mrkdwn(m.text));
  const menu =
    openMenu === key
      ? h(
          'div',
          { class: 'menu', role: 'menu' },
          ...s.shortcuts.map((sc) =>
            h(
              'button',
              { type: 'button', role: 'menuitem', onClick: () => shortcut(m, sc.callbackId) },
              sc.name,
            ),
          ),
        )
      : null;
  const toggle = h(
    'button',
    {
      type: 'button',
      class: 'btn menu-button',
      label: 'More actions',
      onClick: () => {
        openMenu = openMenu === key ? undefined : key;
        draw();
      },
    },
    '⋮',
  );
  toggle.setAttribute('aria-expanded', String(openMenu === key));
  return h(
    'article',
    { class: `message${m.ephemeral ? ' ephemeral' : ''}` },
    h(
      'div',
      {},
      h('span', { class: 'author' }, m.author),
      m.bot ? h('span', { class: 'app-tag' }, 'APP') : null,
      h('span', { class: 'time' }, time),
      m.edited ? h('span', { class: 'edited' }, ' (edited)') : null,
    ),
    body,
    m.ephemeral ? h('div', { class: 'only-you' }, 'Only visible to you') : null,
    replies > 0
      ? h(
          'button',
          { type: 'button', class: 'replies', onClick: () => openThread(m) },
          `${replies} ${replies === 1 ? 'reply' : 'replies'}`,
        )
      : null,
    m.ephemeral || s.shortcuts.length === 0 ? null : toggle,
    menu,
  );
}

function messageInteraction(m: PageMessage) {
  return {
    click: (blockId: string, element: Record<string, unknown>) =>
      void act('click', { channel: m.channel, ts: m.ts, blockId, actionId: element.action_id }),
    choose: (blockId: string, element: Record<string, unknown>, value: string) =>
      void act('click', { channel: m.channel, ts: m.ts, blockId, actionId: element.action_id, value }),
  };
}

function viewInteraction(viewId: string, errors: Record<string, string> = {}) {
  return {
    errors,
    click: (blockId: string, element: Record<string, unknown>) =>
      void act('view-action', { viewId, blockId, actionId: element.action_id }),
    choose: (blockId: string, element: Record<string, unknown>, value: string) => {
      choices.set(`${viewId}/${blockId}/${String(element.action_id)}`, value);
      void act('view-action', { viewId, blockId, actionId: element.action_id, value });
    },
    chosen: (blockId: string, actionId: string) => choices.get(`${viewId}/${blockId}/${actionId}`),
  };
}

function drawModal(s: PageState): void {
  const layer = $('modal-layer');
  layer.hidden = s.modal === null;
  if (!s.modal) {
    clear(layer);
    modalShown = undefined;
    return;
  }
  const { id, view } = s.modal;
  if (modalShown !== id) {
    modalErrors = {};
    modalShown = id;
  }
  const text = (v: unknown) =>
    typeof v === 'object' && v !== null && typeof (v as { text?: unknown }).text === 'string'
      ? (v as { text: string }).text
      : '';
  const submit = text(view.submit);
  clear(layer);
  append(
    layer,
    h(
      'div',
      { class: 'modal', role: 'dialog', label: text(view.title) },
      h('div', { class: 'modal-title' }, text(view.title)),
      h('div', { class: 'modal-body' }, renderBlocks(arrayOf(view.blocks), viewInteraction(id, modalErrors))),
      h(
        'div',
        { class: 'modal-footer' },
        h(
          'button',
          { type: 'button', class: 'btn', onClick: () => void act('close', { viewId: id }) },
          text(view.close) || 'Cancel',
        ),
        submit
          ? h(
              'button',
              { type: 'button', class: 'btn btn-primary', onClick: () => void submitModal(id) },
              submit,
            )
          : null,
      ),
    ),
  );
}

async function submitModal(viewId: string): Promise<void> {
  const answer = await act('submit', { viewId });
  modalErrors = (answer.errors as Record<string, string> | undefined) ?? {};
  draw();
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function go(id: string): void {
  shownCount.delete(id);
  current = id;
  thread = undefined;
  openMenu = undefined;
  if (state && id === state.dm.id) void act('tab', { tab: appTab });
  draw();
}

function openTab(tab: 'home' | 'messages'): void {
  appTab = tab;
  void act('tab', { tab });
  draw();
}

function openThread(m: PageMessage): void {
  thread = { channel: m.channel, ts: m.ts };
  draw();
}

function shortcut(m: PageMessage, callbackId: string): void {
  openMenu = undefined;
  thread = { channel: m.channel, ts: m.ts };
  void act('shortcut', { channel: m.channel, ts: m.ts, callbackId });
  draw();
}

function wireComposer(formId: string, inputId: string, inThread: boolean): void {
  const form = $<HTMLFormElement>(formId);
  const input = $<HTMLTextAreaElement>(inputId);
  const send = async () => {
    const text = input.value;
    if (text.trim() === '' || !state) return;
    input.value = '';
    const channel = inThread && thread ? thread.channel : current;
    await act('say', { channel, text, ...(inThread && thread ? { threadTs: thread.ts } : {}) });
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void send();
    }
  });
}

/** The language switch: one option per catalogue, the person's Slack language chosen. */
function drawLanguage(s: PageState): void {
  const select = $<HTMLSelectElement>('language');
  const shown = [...select.options].map((o) => `${o.value}=${o.text}`).join(',');
  if (shown !== s.languages.map((l) => `${l.locale}=${l.name}`).join(',')) {
    clear(select);
    for (const l of s.languages) {
      const option = document.createElement('option');
      option.value = l.locale;
      option.textContent = l.name;
      select.appendChild(option);
    }
  }
  // While a change is on its way, a frame drawn before it landed must not put the old language back.
  if (!select.disabled) select.value = s.language;
}

function start(): void {
  // Sets the demo member's Slack language: the bot's next answers to them come in it.
  const language = $<HTMLSelectElement>('language');
  language.addEventListener('change', () => {
    language.disabled = true;
    void act('language', { locale: language.value })
      .then((answer) => answer.error === undefined)
      .catch(() => false)
      .then((changed) => {
        language.disabled = false;
        // Refused or lost: show the language the bot still uses. Done: the stream's next frame says it.
        if (!changed && state) drawLanguage(state);
      });
  });
  wireComposer('composer', 'composer-input', false);
  wireComposer('thread-composer', 'thread-input', true);
  $('thread-close').addEventListener('click', () => {
    thread = undefined;
    draw();
  });
  $('simulate').addEventListener('click', () => {
    void act('simulate-call', {}).then((answer) => {
      // Its summary is written a little later: the composer offers to ask for it now.
      const legId = answer.legId;
      if (typeof legId !== 'string') return;
      const input = $<HTMLTextAreaElement>('composer-input');
      input.value = `/callsummary ${legId}`;
      input.focus();
    });
  });
  // The shortcode table comes once; messages drawn before it are drawn again with their emoji.
  void fetch('/demo/assets/emoji.json')
    .then((response) => response.json() as Promise<Record<string, string>>)
    .then((names) => {
      setEmoji(names);
      drawn.clear();
      draw();
    })
    .catch(() => undefined);
  const events = new EventSource('/demo/stream');
  events.addEventListener('state', (event) =>
    apply(JSON.parse((event as MessageEvent<string>).data) as PageState),
  );
}

start();
