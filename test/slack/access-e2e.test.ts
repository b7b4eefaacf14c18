import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockoutDir } from '../../src/cache/host-token-store.js';
import { type RunningApp, startApp } from '../../src/compose/bot.js';
import { loadConfig } from '../../src/compose/config.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/demo/local-slack/index.js';
import { type PbxSimulator, type SimLeg, startPbxSimulator } from '../../src/demo/pbx-simulator/index.js';
import { validateMessage, validateView } from '../../src/render/index.js';
import {
  ACTION_IDS,
  CALLBACK_IDS,
  ListRef,
  LookupRef,
  PostTarget,
  SummaryViewRef,
  TranscriptRef,
} from '../../src/slack/views/values.js';
import type { AuditRecord } from '../../src/use-case/audit.js';
import type { CallSummary } from '../../src/use-case/model/call-summary.js';
import { botEnv } from '../helpers/env.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { appHomeOpenedEvent, commandForm, viewButtonPayload } from '../helpers/slack-payloads.js';
import { payloadForm, postSigned, postSignedJson } from '../helpers/slack-signing.js';

/**
 * Who sees which calls, on every surface, over signed HTTP to a started bot (PBX simulator behind
 * it, the strict local Slack in front): member × surface → shown, hidden (left out of a list) or
 * refused. Every button is sent with the value another person's answer carried (a replay), every view
 * with the private_metadata another person's modal carried: the bot must decide for the clicker.
 * A surface that forgets the check shows Ann's summary to Bob and fails its row here.
 */

const SECRET = 'access-e2e-signing-secret';
const HOUR = 3_600_000;
const NUMBER = '+14155550123';

// Members: Ann (3201) and Bob (3202) are agents of Support; Lena leads it; Ada is an admin.
const ANN = 'UANN';
const BOB = 'UBOB';
const LEAD = 'ULENA';
const ADMIN = 'UADA';
const MEMBERS = [ANN, BOB, LEAD, ADMIN] as const;
type Member = (typeof MEMBERS)[number];

/** What a surface showed a member: the call's content, none of it (a list without it), or a refusal. */
type Outcome = 'shown' | 'hidden' | 'refused';

const ACCESS = `default: own
admins: [${ADMIN}]
teams:
  - name: Support
    extensions: ["3200-3299"]
    leads: [${LEAD}]
transcripts: everyone
`;

// Markers: summary text that must reach only those who may see it.
const ANN_SUMMARY = 'MARKANN customer asked about invoice';
const BOB_SUMMARY = 'MARKBOB customer asked about delivery';
const ANN_TRANSCRIPT = 'TRANSCRIPTANN my invoice is wrong';
const INT_ANN = 'MARKINTANN Ann asked Bob for help';
const INT_BOB = 'MARKINTBOB Bob agreed to help Ann';

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

function summary(html: string, extNum: string, id: number, now: number) {
  return {
    id,
    html: `<p>Summary</p><ul><li>${html}</li></ul>`,
    createdAt: Math.floor(now / 1000),
    updatedAt: Math.floor(now / 1000),
    name: extNum,
    extNum,
  };
}

function leg(
  hoursAgo: number,
  suffix: string,
  from: string,
  to: string,
  now: number,
  rest: Partial<SimLeg>,
): SimLeg {
  const { id, time } = wall(now - hoursAgo * HOUR);
  return {
    legId: `${id}-${suffix}`,
    uid: `${Math.floor(now / 1000) - hoursAgo}.${hoursAgo}`,
    callType: from.startsWith('+') ? 'Inbound' : to.startsWith('+') ? 'Outbound' : 'Internal',
    callFrom: from,
    callTo: to,
    time,
    summaries: {},
    ...rest,
  };
}

let pbx: PbxSimulator;
let slack: FakeSlackApi;
let app: RunningApp;
let events: string;
let dir: string;
let auditFile: string;
let L: { ann: SimLeg; bob: SimLeg; internal: SimLeg; late: SimLeg };
let listAt: number;

beforeAll(async () => {
  const now = Date.now();
  listAt = now;
  L = {
    ann: leg(2, 'A0001', NUMBER, '3201', now, {
      summaries: { callee: summary(ANN_SUMMARY, '3201', 1, now) },
      transcript: [
        { speaker: NUMBER, content: ANN_TRANSCRIPT, atMs: 0 },
        { speaker: '3201', content: 'Let me look at it.', atMs: 3000 },
      ],
    }),
    bob: leg(3, 'B0002', NUMBER, '3202', now, {
      summaries: { callee: summary(BOB_SUMMARY, '3202', 2, now) },
    }),
    internal: leg(4, 'C0003', '3201', '3202', now, {
      summaries: {
        caller: summary(INT_ANN, '3201', 3, now),
        callee: summary(INT_BOB, '3202', 4, now),
      },
    }),
    late: leg(1, 'D0004', NUMBER, '3201', now, {}),
  };
  dir = mkdtempSync(join(tmpdir(), 'callsummary-access-'));
  const userMap = join(dir, 'users.yml');
  writeFileSync(userMap, `${ANN}: "3201"\n${BOB}: "3202"\n`);
  const accessFile = join(dir, 'access.yml');
  writeFileSync(accessFile, ACCESS);
  auditFile = join(dir, 'audit.log');
  pbx = await startPbxSimulator({
    extensions: [
      { id: 11, number: '3201', name: 'Ann Agent', email: 'ann@example.com' },
      { id: 12, number: '3202', name: 'Bob Agent', email: 'bob@example.com' },
    ],
    legs: [L.ann, L.bob, L.internal, L.late],
  });
  slack = await startFakeSlackApi({
    validate: (kind, body) =>
      kind === 'view'
        ? validateView(body)
        : validateMessage(body as { text?: string; blocks?: unknown[] }, 'message', {
            allowMentions: true,
          }),
    scopes: 'commands,chat:write,chat:write.public,users:read,users:read.email',
    users: MEMBERS.map((id) => ({ id, name: id.toLowerCase(), realName: id, email: `${id}@people.example` })),
  });
  const config = loadConfig(
    botEnv(pbx, slack, {
      SLACK_BOT_TOKEN: 'xoxb-access',
      SLACK_SIGNING_SECRET: SECRET,
      YEASTAR_MAX_RETRIES: '0',
      YEASTAR_TIMEOUT_MS: '3000',
      YEASTAR_TIMEZONE: 'UTC',
      USER_MAP_FILE: userMap,
      ACCESS_FILE: accessFile,
      AUDIT_LOG_FILE: auditFile,
    }),
    'bot',
  );
  app = await startApp(config, { logger: createMemoryLogger('error'), botId: 'BBOT', botUserId: 'UBOT' });
  events = `http://127.0.0.1:${app.port}/slack/events`;
  // The late leg is in no AI export before its summary is written: its parties come from the PBX's
  // call-end event (30012), as the event intake records them.
  await app.core.summaries.rememberLeg(L.late.legId, { caller: NUMBER, callee: '3201' });
});

afterAll(async () => {
  await app?.stop();
  await slack?.close();
  await pbx?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function audits(): (AuditRecord & { at: string })[] {
  const text = readFileSync(auditFile, 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

async function until(done: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Slack calls stop arriving: none for 150 ms. */
async function settled(): Promise<void> {
  let count = -1;
  while (count !== slack.calls.length) {
    count = slack.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

interface Acted {
  /** Everything the bot sent to Slack for this request, as text. */
  readonly sent: string;
  readonly audit: readonly AuditRecord[];
}

/**
 * One request; waits for its first audit record or answer to Slack, then for the bot to finish (a
 * member matched to no extension asking for "me" is told so, which shows nothing and audits nothing).
 */
async function act(member: Member, send: () => Promise<{ status: number }>): Promise<Acted> {
  const callsBefore = slack.calls.length;
  const auditsBefore = audits().length;
  expect((await send()).status).toBe(200);
  await until(
    () =>
      audits().length > auditsBefore || slack.calls.slice(callsBefore).some((c) => c.method !== 'users.info'),
    `what ${member} asked to be done`,
  );
  await settled();
  return {
    sent: JSON.stringify(slack.calls.slice(callsBefore).map((c) => c.body)),
    audit: audits().slice(auditsBefore),
  };
}

let seq = 0;
const fresh = (what: string) => `${what}-${++seq}`;

const command = (member: Member, text: string) =>
  postSigned(
    events,
    SECRET,
    commandForm(text, slack.responseUrl(fresh('cmd')), { user_id: member, channel_id: 'C1' }),
  );

/** A button of a private answer in C1, clicked by `member` with `value` (whoever's answer it was). */
const messageClick = (member: Member, actionId: string, value: string) =>
  postSigned(
    events,
    SECRET,
    payloadForm({
      type: 'block_actions',
      user: { id: member, username: member, team_id: 'T0' },
      team: { id: 'T0', domain: 'fake' },
      channel: { id: 'C1', name: 'support' },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: slack.triggerId(member),
      response_url: slack.responseUrl(fresh('click')),
      container: { type: 'message', message_ts: '1.1', channel_id: 'C1', is_ephemeral: true },
      actions: [
        {
          type: 'button',
          action_id: actionId,
          block_id: 'b',
          value,
          text: { type: 'plain_text', text: 'x' },
          action_ts: '1.2',
        },
      ],
    }),
  );

/** A button inside a view (a modal, the Home tab) as Slack sends it: no channel, no response_url. */
const viewClick = (member: Member, view: Record<string, unknown>, actionId: string, value: string) =>
  postSigned(
    events,
    SECRET,
    payloadForm(
      viewButtonPayload({ user: member, triggerId: slack.triggerId(member), view, actionId, value }),
    ),
  );

const annCallee = () => LookupRef.encode({ legId: L.ann.legId, side: 'callee', extension: undefined });

/** The rows of the matrix: what each surface shows each member of Ann's call (or of her list). */
interface Row {
  readonly surface: string;
  readonly expect: Readonly<Record<Member, Outcome>>;
  /** What must reach Slack only for those who may see it. */
  readonly marker: string;
  readonly send: (member: Member) => Promise<{ status: number }>;
}

const ONLY_ANN_LEAD_ADMIN = { [ANN]: 'shown', [BOB]: 'refused', [LEAD]: 'shown', [ADMIN]: 'shown' } as const;

const ROWS: readonly Row[] = [
  {
    surface: '/callsummary <leg>',
    expect: ONLY_ANN_LEAD_ADMIN,
    marker: 'MARKANN',
    send: (m) => command(m, L.ann.legId),
  },
  {
    surface: '/callsummary <leg> callee <extension named by the asker>',
    expect: { [ANN]: 'shown', [BOB]: 'refused', [LEAD]: 'shown', [ADMIN]: 'shown' },
    marker: 'MARKANN',
    // Bob names his own extension for Ann's side: the leg's parties decide, not what he names.
    send: (m) => command(m, `${L.ann.legId} callee ${m === BOB ? '3202' : '3201'}`),
  },
  {
    surface: '/callsummary <outside number>',
    expect: { [ANN]: 'shown', [BOB]: 'hidden', [LEAD]: 'shown', [ADMIN]: 'shown' },
    marker: 'MARKANN',
    send: (m) => command(m, NUMBER),
  },
  {
    surface: '/callsummary <extension>',
    expect: ONLY_ANN_LEAD_ADMIN,
    marker: 'MARKANN',
    send: (m) => command(m, '3201'),
  },
  {
    surface: '/callsummary me',
    expect: { [ANN]: 'shown', [BOB]: 'hidden', [LEAD]: 'hidden', [ADMIN]: 'hidden' },
    marker: 'MARKANN',
    send: (m) => command(m, 'me'),
  },
  {
    surface: 'Summary (a listed call) replayed',
    expect: ONLY_ANN_LEAD_ADMIN,
    marker: 'MARKANN',
    send: (m) => messageClick(m, ACTION_IDS.open, annCallee()),
  },
  {
    surface: 'Show other side replayed',
    expect: ONLY_ANN_LEAD_ADMIN,
    marker: 'MARKANN',
    send: (m) => messageClick(m, ACTION_IDS.showSide, annCallee()),
  },
  {
    surface: 'Refresh replayed',
    expect: ONLY_ANN_LEAD_ADMIN,
    marker: 'MARKANN',
    send: (m) => messageClick(m, ACTION_IDS.refresh, annCallee()),
  },
  {
    surface: 'Try again replayed',
    expect: ONLY_ANN_LEAD_ADMIN,
    marker: 'MARKANN',
    send: (m) => messageClick(m, ACTION_IDS.retry, annCallee()),
  },
  {
    surface: 'Share replayed',
    expect: ONLY_ANN_LEAD_ADMIN,
    marker: 'MARKANN',
    send: (m) => messageClick(m, ACTION_IDS.share, annCallee()),
  },
  {
    surface: 'Older of an extension list replayed',
    expect: ONLY_ANN_LEAD_ADMIN,
    marker: 'MARKANN',
    send: (m) =>
      messageClick(
        m,
        ACTION_IDS.more,
        ListRef.encode({
          party: { kind: 'extension', extension: '3201' },
          me: true,
          period: { hours: 168, label: '7d' },
          page: 0,
          at: listAt,
        }),
      ),
  },
  {
    surface: 'Older of a number list replayed',
    expect: { [ANN]: 'shown', [BOB]: 'hidden', [LEAD]: 'shown', [ADMIN]: 'shown' },
    marker: 'MARKANN',
    send: (m) =>
      messageClick(
        m,
        ACTION_IDS.more,
        ListRef.encode({
          party: { kind: 'number', number: NUMBER },
          me: false,
          period: { hours: 168, label: '7d' },
          page: 0,
          at: listAt,
        }),
      ),
  },
  {
    surface: 'Transcript replayed',
    expect: ONLY_ANN_LEAD_ADMIN,
    marker: 'TRANSCRIPTANN',
    send: (m) =>
      messageClick(
        m,
        ACTION_IDS.transcript,
        TranscriptRef.encode({ legId: L.ann.legId, page: 1, channelId: undefined }),
      ),
  },
  {
    surface: 'Transcript page in a replayed modal',
    expect: ONLY_ANN_LEAD_ADMIN,
    marker: 'TRANSCRIPTANN',
    send: (m) => {
      const ref = TranscriptRef.encode({ legId: L.ann.legId, page: 1, channelId: undefined });
      return viewClick(
        m,
        { id: fresh('VT'), type: 'modal', callback_id: CALLBACK_IDS.transcriptModal, private_metadata: ref },
        ACTION_IDS.transcriptNext,
        ref,
      );
    },
  },
  {
    surface: 'Notify me replayed',
    expect: ONLY_ANN_LEAD_ADMIN,
    marker: "I'll send it to you here",
    send: (m) =>
      messageClick(
        m,
        ACTION_IDS.notify,
        LookupRef.encode({ legId: L.late.legId, side: 'callee', extension: undefined }),
      ),
  },
  {
    surface: 'the message shortcut',
    expect: ONLY_ANN_LEAD_ADMIN,
    marker: 'MARKANN',
    send: (m) =>
      postSigned(
        events,
        SECRET,
        payloadForm({
          type: 'message_action',
          callback_id: CALLBACK_IDS.fromMessage,
          trigger_id: slack.triggerId(m),
          response_url: slack.responseUrl(fresh('sc')),
          user: { id: m, name: m },
          channel: { id: 'C1', name: 'support' },
          team: { id: 'T0', domain: 'fake' },
          message_ts: '900.1',
          message: { type: 'message', ts: '900.1', text: `alert ${L.ann.legId}` },
          token: 'legacy',
          action_ts: '1.0',
        }),
      ),
  },
  {
    surface: 'the shortcut modal’s submission replayed',
    expect: ONLY_ANN_LEAD_ADMIN,
    marker: 'MARKANN',
    send: (m) =>
      postSigned(
        events,
        SECRET,
        payloadForm({
          type: 'view_submission',
          team: { id: 'T0', domain: 'fake' },
          user: { id: m, name: m },
          api_app_id: 'A1',
          token: 'legacy',
          trigger_id: 'trig',
          view: {
            id: fresh('VP'),
            type: 'modal',
            callback_id: CALLBACK_IDS.postModal,
            private_metadata: PostTarget.encode({
              channelId: 'C1',
              threadTs: `${++seq}.5`,
              offered: [`${L.ann.legId}|callee`],
              responseUrl: slack.responseUrl(fresh('post')),
            }),
            state: { values: {} },
            hash: 'h',
          },
        }),
      ),
  },
  {
    surface: 'the Home tab',
    expect: { [ANN]: 'shown', [BOB]: 'hidden', [LEAD]: 'hidden', [ADMIN]: 'hidden' },
    marker: 'MARKANN',
    send: (m) => postSignedJson(events, SECRET, appHomeOpenedEvent(m)),
  },
  {
    surface: 'Summary on the Home tab replayed',
    expect: ONLY_ANN_LEAD_ADMIN,
    marker: 'MARKANN',
    send: (m) => viewClick(m, { id: fresh('VH'), type: 'home' }, ACTION_IDS.open, annCallee()),
  },
  {
    surface: 'Show other side in a replayed summary modal',
    expect: ONLY_ANN_LEAD_ADMIN,
    marker: 'MARKANN',
    send: (m) =>
      viewClick(
        m,
        {
          id: fresh('VS'),
          type: 'modal',
          callback_id: CALLBACK_IDS.summaryModal,
          private_metadata: SummaryViewRef.encode({
            legId: L.ann.legId,
            side: 'caller',
            channelId: undefined,
          }),
        },
        ACTION_IDS.showSide,
        annCallee(),
      ),
  },
  {
    surface: 'Refresh in a replayed summary modal',
    expect: ONLY_ANN_LEAD_ADMIN,
    marker: 'MARKANN',
    send: (m) =>
      viewClick(
        m,
        {
          id: fresh('VR'),
          type: 'modal',
          callback_id: CALLBACK_IDS.summaryModal,
          private_metadata: SummaryViewRef.encode({
            legId: L.ann.legId,
            side: 'callee',
            channelId: undefined,
          }),
        },
        ACTION_IDS.refresh,
        annCallee(),
      ),
  },
];

describe('who sees Ann’s call, surface by surface (signed HTTP, started bot)', () => {
  const cases = ROWS.flatMap((row) =>
    MEMBERS.map((member) => [row.surface, member, row.expect[member], row] as const),
  );
  it.each(cases)('%s — %s: %s', async (_surface, member, outcome, row) => {
    const { sent, audit } = await act(member, () => row.send(member));
    const mine = audit.filter((r) => r.member === member);
    if (outcome === 'shown') {
      expect(sent).toContain(row.marker);
      expect(mine.some((r) => r.outcome === 'allowed')).toBe(true);
    } else {
      expect(sent).not.toContain(row.marker);
      expect(sent).not.toContain('MARKANN');
      expect(sent).not.toContain('TRANSCRIPTANN');
    }
    if (outcome === 'refused') {
      expect(mine.some((r) => r.outcome === 'refused')).toBe(true);
      expect(sent).toMatch(/may not (see|read)/);
    }
    // The audit trail never carries summary or transcript text.
    expect(JSON.stringify(audit)).not.toMatch(/MARK|TRANSCRIPT/);
  });
});

describe('one side of a call, the other side still shown', () => {
  it('shows Ann her side of the internal call and says the other is not shown; Bob the reverse', async () => {
    const ann = await act(ANN, () => command(ANN, L.internal.legId));
    expect(ann.sent).toContain('MARKINTANN');
    expect(ann.sent).not.toContain('MARKINTBOB');
    expect(ann.sent).toContain("callee's side of this call is not shown");
    const bob = await act(BOB, () => command(BOB, L.internal.legId));
    expect(bob.sent).toContain('MARKINTBOB');
    expect(bob.sent).not.toContain('MARKINTANN');
    expect(bob.audit.map((r) => [r.side, r.outcome])).toEqual([
      ['caller', 'refused'],
      ['callee', 'allowed'],
    ]);
  });
});

describe('notifications', () => {
  it('sends a late summary only to a watcher who may see it, whoever made the watch', async () => {
    // Bob's watch could not be made through the button (refused above): made here as if it had been.
    for (const userId of [ANN, BOB]) {
      await app.core.late.watch({
        legId: L.late.legId,
        side: 'callee',
        userId,
        channelId: 'C1',
        responseUrl: undefined,
      });
    }
    const late: CallSummary = {
      legId: L.late.legId,
      side: 'callee',
      html: '<p>Summary</p><ul><li>MARKLATE written late</li></ul>',
      name: 'Ann Agent',
      extNum: '3201',
      avatar: '',
      id: 9,
      createdAt: 1,
      updatedAt: 1,
    };
    const before = slack.callsTo('chat.postMessage').length;
    const auditsBefore = audits().length;
    await app.core.late.summaryReady(late);
    const dms = slack.callsTo('chat.postMessage').slice(before);
    const sentTo = dms.filter((c) => JSON.stringify(c.body).includes('MARKLATE')).map((c) => c.body.channel);
    // Ann, and Lena and Ada, who watched it through the button above; never Bob.
    expect(sentTo.sort()).toEqual([ADMIN, ANN, LEAD].sort());
    expect(
      audits()
        .slice(auditsBefore)
        .map((r) => [r.member, r.surface, r.outcome]),
    ).toEqual(
      expect.arrayContaining([
        [ANN, 'notification', 'allowed'],
        [BOB, 'notification', 'refused'],
      ]),
    );
  });
});

describe('the audit file', () => {
  it('is one JSON line per record, without summary text, and readable by its owner only', async () => {
    expect(statSync(auditFile).mode & 0o777).toBe(0o600);
    const all = audits();
    expect(all.length).toBeGreaterThan(ROWS.length);
    for (const record of all) {
      expect(Object.keys(record)).toEqual(
        expect.arrayContaining(['at', 'member', 'what', 'surface', 'outcome']),
      );
    }
    expect(readFileSync(auditFile, 'utf8')).not.toMatch(/MARK|TRANSCRIPT|invoice/);
  });

  it('no file the bot writes holds summary or transcript text: the lockout files, the audit file', () => {
    const dirs = [lockoutDir(), dir];
    for (const d of dirs) {
      if (!existsSync(d)) continue;
      for (const name of readdirSync(d)) {
        const path = join(d, name);
        if (!statSync(path).isFile()) continue;
        expect(readFileSync(path, 'utf8'), path).not.toMatch(/MARK|TRANSCRIPT|invoice|delivery/);
      }
    }
  });

  it('sent nothing that fails the renderer validator', () => {
    expect(slack.violations).toEqual([]);
  });
});
