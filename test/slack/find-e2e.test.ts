import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { ACTION_IDS, ListRef, TranscriptRef } from '../../src/slack/views/values.js';
import { botEnv } from '../helpers/env.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { appHomeOpenedEvent, commandForm, viewButtonPayload } from '../helpers/slack-payloads.js';
import { payloadForm, postSigned, postSignedJson } from '../helpers/slack-signing.js';

/**
 * Finding calls end to end over HTTP: signed requests to the bot's /slack/events, the PBX simulator
 * behind it, the strict local Slack in front: every form of the command, paging, the Home tab, the
 * transcript modal's pages, a member with no extension, an export that lists nothing, access refusals.
 * One file because one running bot, simulator and Slack serve every case (each start costs more than
 * the tests), and the Home tab's cases build on the throttle state the earlier ones leave.
 */

const SECRET = 'find-e2e-signing-secret';
const NUMBER = '+14155550123';
const HOUR = 3_600_000;
let pbx: PbxSimulator;
let slack: FakeSlackApi;
let app: RunningApp;
let events: string;

const pad = (n: number) => String(n).padStart(2, '0');
function wall(ms: number): { id: string; time: string } {
  const d = new Date(ms);
  const parts = [
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
  ];
  const [y, mo, da, h, mi, s] = parts.map((n, i) => (i === 0 ? String(n) : pad(n)));
  return { id: `${y}${mo}${da}${h}${mi}${s}`, time: `${y}/${mo}/${da} ${h}:${mi}:${s}` };
}

/** Call `i` (1 = newest) between the customer and 3202, `i * 10` hours ago; call 1 has a long transcript. */
function customerCall(i: number, now: number): SimLeg {
  const { id, time } = wall(now - i * 10 * HOUR);
  const inbound = i % 2 === 1;
  const summary = {
    id: 500 + i,
    html: `<p>Summary</p><ul><li>Call ${i} about invoice ${1000 + i}</li></ul>`,
    createdAt: Math.floor(now / 1000),
    updatedAt: Math.floor(now / 1000),
    name: 'Human Agent - Leo Ball',
    extNum: '3202',
  };
  return {
    legId: `${id}-${(0xa0000 + i).toString(16).toUpperCase()}`,
    uid: `${Math.floor(now / 1000) - i}.${i}`,
    callType: inbound ? 'Inbound' : 'Outbound',
    callFrom: inbound ? NUMBER : '3202',
    callTo: inbound ? '3202' : NUMBER,
    time,
    durationSeconds: 60 + i,
    summaries: inbound ? { callee: summary } : { caller: summary },
    ...(i === 1
      ? {
          transcript: Array.from({ length: 45 }, (_, k) => ({
            speaker: k % 2 === 0 ? '3202' : NUMBER,
            content:
              k === 3
                ? 'Please call <!channel> and <@U123> at <https://evil.example|the bank>'
                : `Line ${k + 1}`,
            atMs: k * 4000,
          })),
        }
      : {}),
  };
}

let legs: SimLeg[];
let mapDir: string;
let userMapFile: string;

beforeAll(async () => {
  const now = Date.now();
  legs = Array.from({ length: 13 }, (_, k) => customerCall(k + 1, now));
  mapDir = mkdtempSync(join(tmpdir(), 'callsummary-usermap-'));
  userMapFile = join(mapDir, 'users.yml');
  writeFileSync(userMapFile, 'U04: "3203"\n');
  const { extensions } = sampleData();
  pbx = await startPbxSimulator({ extensions, legs });
  slack = await startFakeSlackApi({
    validate: (kind, body) =>
      kind === 'view' ? validateView(body) : validateMessage(body as { text?: string; blocks?: unknown[] }),
    scopes: 'commands,chat:write,chat:write.public,users:read,users:read.email',
    users: [
      { id: 'U1', name: 'leo', realName: 'Leo Ball', email: 'Leo.Ball@example.com' },
      { id: 'U2', name: 'nobody', realName: 'No Body', email: 'nobody@example.com' },
      { id: 'U3', name: 'old', realName: 'Old Install' },
      // No email the PBX knows, but named in USER_MAP_FILE.
      { id: 'U04', name: 'kris', realName: 'Kris Mapped', email: 'kris@elsewhere.example' },
      { id: 'U9', name: 'eve', realName: 'Eve Outsider', email: 'kristin.hale@example.com' },
    ],
  });
  const config = loadConfig(
    botEnv(pbx, slack, {
      SLACK_BOT_TOKEN: 'xoxb-find',
      SLACK_SIGNING_SECRET: SECRET,
      YEASTAR_MAX_RETRIES: '0',
      YEASTAR_TIMEOUT_MS: '3000',
      YEASTAR_TIMEZONE: 'UTC',
      ALLOWED_USER_IDS: 'U1,U2,U3,U04',
      USER_MAP_FILE: userMapFile,
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
  if (mapDir) rmSync(mapDir, { recursive: true, force: true });
});

interface Answer {
  readonly response_type?: string;
  readonly replace_original?: boolean;
  readonly text?: string;
  readonly blocks?: unknown[];
}

let responseSeq = 0;

/** Sends a request that is answered through a fresh response_url and resolves with that answer. */
async function answered(send: (responseUrl: string) => Promise<{ status: number }>): Promise<Answer> {
  const id = `find-${++responseSeq}`;
  const ack = await send(slack.responseUrl(id));
  expect(ack.status).toBe(200);
  for (;;) {
    const found = slack.callsTo('response_url').find((c) => c.path === `/response/${id}`);
    if (found) return found.body as Answer;
    await slack.waitFor('response_url', slack.callsTo('response_url').length + 1);
  }
}

const ask = (text: string, user = 'U1') =>
  answered((url) => postSigned(events, SECRET, commandForm(text, url, { user_id: user })));

function buttons(value: unknown): { action_id: string; value: string }[] {
  const out: { action_id: string; value: string }[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'button') out.push(o as unknown as { action_id: string; value: string });
      Object.values(o).forEach(walk);
    }
  };
  walk(value);
  return out;
}

const button = (answer: { blocks?: unknown }, actionId: string) => {
  const found = buttons(answer.blocks).find((b) => b.action_id === actionId);
  expect(found, `a ${actionId} button`).toBeDefined();
  return found!;
};

/** A click on a button of a private answer in C1 (`block_actions` with the message's response_url). */
function messageClick(
  b: { action_id: string; value: string },
  user: string,
  triggerId: string,
  responseUrl: string,
) {
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
const click = (b: { action_id: string; value: string }, user = 'U1') =>
  answered((url) => messageClick(b, user, 'trig', url));

/** The view as Slack hands it back with a click inside it. */
function viewOf(id: string): Record<string, unknown> {
  const stored = slack.workspace.views.get(id)!;
  return { ...stored.view, id: stored.id, hash: stored.hash };
}

const calls = (answer: Answer) => buttons(answer.blocks).filter((b) => b.action_id === ACTION_IDS.open);
const text = (answer: { blocks?: unknown }) => JSON.stringify(answer.blocks);

describe('/callsummary finds calls without a leg id', () => {
  it('by a number typed with spaces, dashes and parentheses: 10 calls, newest first, and Older', async () => {
    const first = await ask('+1 (415) 555-0123');
    expect(first.response_type).toBe('ephemeral');
    expect(first.text).toBe('Calls with +1 415 555 0123, last 7 days: 1–10 of 13, newest first');
    const listed = calls(first);
    expect(listed).toHaveLength(10);
    expect(JSON.parse(listed[0]!.value)).toEqual({ l: legs[0]!.legId, s: 'callee', e: null });
    expect(JSON.parse(listed[1]!.value)).toEqual({ l: legs[1]!.legId, s: 'caller', e: null });
    expect(text(first)).toContain('Call 1 about invoice 1001');
    expect(text(first)).toContain('<!date^');

    const older = await click(button(first, ACTION_IDS.more));
    expect(older.replace_original).toBe(true);
    expect(older.text).toBe('Calls with +1 415 555 0123, last 7 days: 11–13 of 13, newest first');
    expect(calls(older).map((b) => JSON.parse(b.value).l)).toEqual(legs.slice(10).map((l) => l.legId));
    // Only Newer now, back to the first page of the same list.
    const paging = buttons(older.blocks).filter((b) => b.action_id === ACTION_IDS.more);
    expect(paging.map((b) => ListRef.decode(b.value)?.page)).toEqual([0]);
    const newer = await click(paging[0]!);
    expect(newer.text).toBe(first.text);
    expect(slack.violations).toEqual([]);
  });

  it('by extension with a period: only the calls in it', async () => {
    const day = await ask('3202 24h');
    expect(day.text).toBe(
      'Calls of extension 3202 (Human Agent - Leo Ball), last 24 hours: 1–2 of 2, newest first',
    );
    expect(calls(day)).toHaveLength(2);
  });

  it('says when the export lists nothing in the period, and how to look further back', async () => {
    const none = await ask('3202 1h');
    expect(none.text).toBe('No calls of extension 3202 (Human Agent - Leo Ball) in the last hour.');
    expect(text(none)).toContain('/callsummary 3202 31d');
    const stranger = await ask('415-555-9999');
    expect(stranger.text).toBe('No calls with +1 415 555 9999 in the last 7 days.');
    // After the longest period, the hint does not suggest the search just run.
    const longest = await ask('415-555-9999 31d');
    expect(text(longest)).not.toContain('/callsummary');
    expect(text(longest)).toContain('31 days is as far back as a list looks');
  });

  it('an extension the PBX does not have is said so, not "no calls"', async () => {
    const none = await ask('9999');
    expect(none.text).toContain('The PBX has no extension 9999.');
    expect(none.text).not.toContain('No calls');
  });

  it('a leg id without its suffix is answered with the leg id’s shape, not searched as a number', async () => {
    const answer = await ask('20260513223234');
    expect(answer.text).toContain('is a call time without the rest of its leg id');
    expect(answer.text).toContain('YYYYMMDDhhmmss-XXXXX');
  });

  it('"me" and nothing: the person’s own calls, matched by Slack email', async () => {
    for (const form of ['me', '', 'ME 7d']) {
      const mine = await ask(form);
      expect(mine.text).toBe(
        'Your calls, extension 3202 (Human Agent - Leo Ball), last 7 days: 1–10 of 13, newest first',
      );
    }
  });

  it('"me" through USER_MAP_FILE when the Slack email matches no extension', async () => {
    const mapped = await ask('me', 'U04');
    expect(mapped.text).toBe('No calls of yours, extension 3203 (Kristin Hale), in the last 7 days.');
    expect(text(mapped)).toContain('/callsummary me 31d');
  });

  it('a member with no matching extension is told so, how to fix it, and the usage', async () => {
    const nobody = await ask('me', 'U2');
    expect(nobody.text).toContain('No PBX extension has the email address');
    expect(nobody.text).toContain('USER_MAP_FILE');
    expect(text(nobody)).toContain('*Usage:*');
  });

  it('an installation without users:read says which feature is off and why', async () => {
    slack.inject('users.info', { error: 'missing_scope' });
    const old = await ask('me', 'U3');
    expect(old.text).toContain('users:read and users:read.email');
    expect(old.text).toContain('reinstall');
  });

  it('help lists every form', async () => {
    const help = await ask('help');
    for (const form of ['leg-id', '+1 415 555 0123', '`3202`', '`me`', '`24h`', '`help`']) {
      expect(help.text).toContain(form);
    }
  });

  it('refuses people outside the allowed lists, for the command and for a list’s buttons', async () => {
    const refused = await ask(NUMBER, 'U9');
    expect(refused.text).toContain('not available to you');
    const list = await ask(NUMBER);
    const older = await click(button(list, ACTION_IDS.more), 'U9');
    expect(older.text).toContain('not available to you');
    expect(older.replace_original).toBe(false);
    const open = await click(calls(list)[0]!, 'U9');
    expect(open.text).toContain('not available to you');
    // Transcript: refused in the conversation, and no modal is opened.
    const opens = slack.callsTo('views.open').length;
    const summary = await ask(`${legs[0]!.legId} callee`);
    const transcript = await click(button(summary, ACTION_IDS.transcript), 'U9');
    expect(transcript.text).toContain('not available to you');
    expect(slack.callsTo('views.open')).toHaveLength(opens);
  });
});

describe('a listed call opens its summary and its transcript', () => {
  it('Summary answers beside the list exactly like /callsummary <leg-id> <side>, with Transcript', async () => {
    const list = await ask(NUMBER);
    const opened = await click(calls(list)[0]!);
    expect(opened.replace_original).toBe(false);
    const direct = await ask(`${legs[0]!.legId} callee`);
    expect(opened.blocks).toEqual(direct.blocks);
    expect(buttons(opened.blocks).map((b) => b.action_id)).toEqual([
      'callsummary_share',
      'callsummary_show_side',
      'callsummary_refresh',
      ACTION_IDS.transcript,
    ]);
  });

  it('Transcript opens a modal with the click’s trigger; Next and Previous update it', async () => {
    const answer = await ask(`${legs[0]!.legId} callee`);
    const before = slack.callsTo('views.update').length;
    const trigger = slack.triggerId('U1');
    const opens = slack.callsTo('views.open').length;
    const ack = await messageClick(button(answer, ACTION_IDS.transcript), 'U1', trigger, slack.responseUrl());
    expect(ack.status).toBe(200);
    const opened = (await slack.waitFor('views.open', opens + 1))[opens];
    expect(opened!.body.trigger_id).toBe(trigger);
    const updates = await slack.waitFor('views.update', before + 1);
    const first = updates[before]!;
    const view = first.body.view as { private_metadata: string; blocks: unknown[] };
    expect(TranscriptRef.decode(view.private_metadata)).toEqual({
      legId: legs[0]!.legId,
      page: 1,
      channelId: 'C1',
    });
    expect(text(view)).toContain('Line 1');
    expect(text(view)).toContain('&lt;!channel&gt;');
    expect(text(view)).not.toContain('<!channel>');
    expect(buttons(view.blocks).map((b) => b.action_id)).toEqual([ACTION_IDS.transcriptNext]);

    const viewId = String(first.body.view_id);
    const next = async (b: { action_id: string; value: string }, expected: number, user = 'U1') => {
      await postSigned(
        events,
        SECRET,
        payloadForm(
          viewButtonPayload({
            user,
            triggerId: slack.triggerId(user),
            view: viewOf(viewId),
            actionId: b.action_id,
            value: b.value,
          }),
        ),
      );
      const all = await slack.waitFor('views.update', expected);
      return all[expected - 1]!.body.view as { blocks: unknown[] };
    };
    const page2 = await next(button(view, ACTION_IDS.transcriptNext), before + 2);
    expect(text(page2)).toContain('page 2');
    expect(text(page2)).toContain('Line 21');
    const page3 = await next(button(page2, ACTION_IDS.transcriptNext), before + 3);
    expect(text(page3)).toContain('Line 45');
    expect(buttons(page3.blocks).map((b) => b.action_id)).toEqual([ACTION_IDS.transcriptPrevious]);
    const back = await next(button(page3, ACTION_IDS.transcriptPrevious), before + 4);
    expect(text(back)).toContain('page 2');
    // Someone not allowed (a forged click in that view): the modal shows the refusal, not the page.
    const refused = await next(button(back, ACTION_IDS.transcriptNext), before + 5, 'U9');
    expect(text(refused)).toContain('not available to you');
    expect(text(refused)).not.toContain('Line 41');
    expect(slack.violations).toEqual([]);
  });
});

describe('the App Home tab', () => {
  const published = (user: string) => slack.callsTo('views.publish').filter((c) => c.body.user_id === user);

  it('is published when opened: the person’s calls, their match and the status; at most once a minute', async () => {
    expect((await postSignedJson(events, SECRET, appHomeOpenedEvent('U1'))).status).toBe(200);
    await slack.waitFor('views.publish', slack.callsTo('views.publish').length + 1);
    const [home] = published('U1');
    const view = home!.body.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    expect(text(view)).toContain('matched to extension *3202*');
    expect(text(view)).toContain('Your calls, extension 3202');
    expect(text(view)).toContain('Automatic posting: off');
    expect(text(view)).toContain('Cache: memory');
    expect(buttons(view.blocks).filter((b) => b.action_id === ACTION_IDS.open)).toHaveLength(10);

    // Opened again at once: not drawn again. (U2's tab, published after, shows the events were handled.)
    await postSignedJson(events, SECRET, appHomeOpenedEvent('U1'));
    await postSignedJson(events, SECRET, appHomeOpenedEvent('U2'));
    await slack.waitFor('views.publish', slack.callsTo('views.publish').length + 1);
    expect(published('U2')).toHaveLength(1);
    expect(published('U1')).toHaveLength(1);
    const u2 = published('U2')[0]!.body.view as { blocks: unknown[] };
    expect(text(u2)).toContain('No PBX extension has the email address');
    // The Messages tab is not drawn.
    await postSignedJson(events, SECRET, appHomeOpenedEvent('U3', 'messages'));
    expect(published('U3')).toHaveLength(0);
  });

  it('says a member matched through USER_MAP_FILE is, and shows their (empty) list', async () => {
    await postSignedJson(events, SECRET, appHomeOpenedEvent('U04'));
    await slack.waitFor('views.publish', slack.callsTo('views.publish').length + 1);
    const view = published('U04')[0]!.body.view as { blocks: unknown[] };
    expect(text(view)).toContain(
      "matched to extension *3203* (Kristin Hale), by the bot's member list (USER_MAP_FILE)",
    );
    expect(text(view)).toContain('No calls of yours, extension 3203 (Kristin Hale), in the last 7 days.');
  });

  it('refuses a person who is not allowed', async () => {
    await postSignedJson(events, SECRET, appHomeOpenedEvent('U9'));
    await slack.waitFor('views.publish', slack.callsTo('views.publish').length + 1);
    const view = published('U9')[0]!.body.view as { blocks: unknown[] };
    expect(text(view)).toContain('not available to you');
    expect(buttons(view.blocks)).toEqual([]);
  });

  it('Older pages the tab; Summary opens the call in a modal, whose Transcript is pushed over it', async () => {
    const home = slack.workspace.views.get(
      [...slack.workspace.views.values()].find((v) => v.kind === 'home' && v.user === 'U1')!.id,
    )!;
    const more = button(home.view as { blocks: unknown[] }, ACTION_IDS.more);
    expect(ListRef.decode(more.value)).toMatchObject({ me: true, page: 1 });
    const before = published('U1').length;
    await postSigned(
      events,
      SECRET,
      payloadForm(
        viewButtonPayload({
          user: 'U1',
          triggerId: slack.triggerId('U1'),
          view: viewOf(home.id),
          actionId: more.action_id,
          value: more.value,
        }),
      ),
    );
    await slack.waitFor('views.publish', slack.callsTo('views.publish').length + 1);
    expect(published('U1')).toHaveLength(before + 1);
    const paged = published('U1').at(-1)!.body.view as { blocks: unknown[] };
    expect(text(paged)).toContain('11–13 of 13');

    const summary = buttons(paged.blocks).find((b) => b.action_id === ACTION_IDS.open)!;
    const updates = slack.callsTo('views.update').length;
    await postSigned(
      events,
      SECRET,
      payloadForm(
        viewButtonPayload({
          user: 'U1',
          triggerId: slack.triggerId('U1'),
          view: viewOf(home.id),
          actionId: summary.action_id,
          value: summary.value,
        }),
      ),
    );
    const filled = (await slack.waitFor('views.update', updates + 1))[updates]!;
    const modal = filled.body.view as { type: string; blocks: unknown[] };
    expect(modal.type).toBe('modal');
    expect(text(modal)).toContain('Call 11 about invoice 1011');
    const transcript = button(modal, ACTION_IDS.transcript);
    const pushes = slack.callsTo('views.push').length;
    await postSigned(
      events,
      SECRET,
      payloadForm(
        viewButtonPayload({
          user: 'U1',
          triggerId: slack.triggerId('U1'),
          view: viewOf(String(filled.body.view_id)),
          actionId: transcript.action_id,
          value: transcript.value,
        }),
      ),
    );
    await slack.waitFor('views.push', pushes + 1);
    const shown = (await slack.waitFor('views.update', updates + 2))[updates + 1]!;
    expect(
      TranscriptRef.decode((shown.body.view as { private_metadata: string }).private_metadata),
    ).toMatchObject({
      legId: legs[10]!.legId,
      page: 1,
    });
    expect(slack.violations).toEqual([]);
  });
});
