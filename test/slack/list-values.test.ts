import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/compose/bot.js';
import { loadConfig } from '../../src/compose/config.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/demo/local-slack/index.js';
import { type PbxSimulator, sampleData, startPbxSimulator } from '../../src/demo/pbx-simulator/index.js';
import { listTimeInRange } from '../../src/slack/listeners/actions/older-calls.js';
import { ACTION_IDS, ListRef } from '../../src/slack/views/values.js';
import { botEnv } from '../helpers/env.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { buttonClickPayload } from '../helpers/slack-payloads.js';
import { payloadForm, postSigned } from '../helpers/slack-signing.js';

/**
 * A list's buttons carry its subject, page and the instant it was made; Slack gives them back
 * untouched but a request can carry anything. Values no answer of ours could have carried are
 * answered politely, never "Something went wrong" or a page that does not exist.
 */
const SECRET = 'list-values-secret';
let pbx: PbxSimulator;
let slack: FakeSlackApi;
let app: RunningApp;
let events: string;
let dir: string;

beforeAll(async () => {
  pbx = await startPbxSimulator(sampleData({ week: { endingAt: Date.now(), timeZone: 'UTC' } }));
  slack = await startFakeSlackApi();
  dir = mkdtempSync(join(tmpdir(), 'callsummary-list-values-'));
  const userMap = join(dir, 'users.yml');
  writeFileSync(userMap, 'U1: "3202"\n');
  const config = loadConfig(
    botEnv(pbx, slack, {
      SLACK_SIGNING_SECRET: SECRET,
      YEASTAR_MAX_RETRIES: '0',
      YEASTAR_TIMEZONE: 'UTC',
      USER_MAP_FILE: userMap,
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
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let seq = 0;
async function older(ref: Parameters<typeof ListRef.encode>[0]): Promise<string> {
  const id = `older-${++seq}`;
  const payload = buttonClickPayload(
    {
      actionId: ACTION_IDS.more,
      blockId: 'callsummary_list_more',
      value: ListRef.encode(ref),
      text: 'Older',
    },
    slack.responseUrl(id),
  );
  expect((await postSigned(events, SECRET, payloadForm(payload))).status).toBe(200);
  for (let i = 0; i < 400; i++) {
    const answer = slack.callsTo('response_url').find((c) => c.path === `/response/${id}`);
    if (answer) return String(answer.body.text);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('no answer');
}

const week = { hours: 168, label: '7d' };
const ext = (extension: string) => ({ kind: 'extension', extension }) as const;

describe('a list’s button values, bounded', () => {
  it('says a list made long ago, or ahead of the clock, is out of date', async () => {
    for (const at of [0, Date.now() - 40 * 24 * 3_600_000, Date.now() + 10 * 365 * 24 * 3_600_000]) {
      const text = await older({ party: ext('3202'), me: true, period: week, page: 1, at });
      expect(text).toContain('This button is out of date');
      expect(text).not.toContain('Something went wrong');
    }
  });

  it('shows the last page for a page past the end', async () => {
    const text = await older({ party: ext('3202'), me: true, period: week, page: 10_000, at: Date.now() });
    const range = /: (\d+)–(\d+) of (\d+)/.exec(text);
    expect(range, text).not.toBeNull();
    const [, first, last, total] = range!.map(Number) as [number, number, number, number];
    expect(last).toBe(total);
    expect(first).toBeLessThanOrEqual(last);
    expect(total - first).toBeLessThan(10);
  });

  it('does not call another’s extension yours because the button says so', async () => {
    const text = await older({ party: ext('3205'), me: true, period: week, page: 0, at: Date.now() });
    expect(text).not.toContain('Your calls');
    expect(text).toMatch(/^(Calls of extension 3205|No calls of extension 3205)/);
    const own = await older({ party: ext('3202'), me: true, period: week, page: 0, at: Date.now() });
    expect(own).toMatch(/^(Your calls, extension 3202|No calls of yours)/);
  });

  it('takes a list made within the longest period, and a little skew ahead', () => {
    const now = Date.UTC(2026, 4, 20);
    expect(listTimeInRange(now, now)).toBe(true);
    expect(listTimeInRange(now - 31 * 24 * 3_600_000, now)).toBe(true);
    expect(listTimeInRange(now - 31 * 24 * 3_600_000 - 1, now)).toBe(false);
    expect(listTimeInRange(now + 5 * 60_000, now)).toBe(true);
    expect(listTimeInRange(now + 5 * 60_000 + 1, now)).toBe(false);
  });
});
