import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type RunningApp, startApp } from '../../../src/compose/bot.js';
import { loadConfig } from '../../../src/compose/config.js';
import { startFakeSlackApi } from '../../../src/demo/local-slack/index.js';
import {
  type PbxSimulator,
  SAMPLE_LEGS,
  sampleData,
  startPbxSimulator,
} from '../../../src/demo/pbx-simulator/index.js';
import { CallSummaryError } from '../../../src/shared/errors.js';
import { slackEmailLookup } from '../../../src/slack/send/member-email.js';
import { createSlackWebClient } from '../../../src/slack/send/web-client.js';
import { defaultPeriod } from '../../../src/use-case/model/call-query.js';
import { botEnv } from '../../helpers/env.js';
import { createMemoryLogger } from '../../helpers/memory-logger.js';
import { testFinding } from '../../helpers/slack-deps.js';

/**
 * Finding calls as the bot composes it (src/use-case/finding/index.ts, built once in startApp): over the simulator's
 * realistic week and the local Slack, every piece reads through the shared cache, and the extension
 * directory is loaded with the app and stopped with it.
 */
const NOW = Date.UTC(2026, 4, 14, 12, 0, 0);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function simulator(): Promise<PbxSimulator> {
  const sim = await startPbxSimulator({ ...sampleData({ week: { endingAt: NOW } }), now: () => NOW });
  cleanups.push(() => sim.close());
  return sim;
}

async function bot(
  env: Record<string, string> = {},
  beforeStart: (sim: PbxSimulator) => void = () => undefined,
): Promise<{ sim: PbxSimulator; app: RunningApp }> {
  const sim = await simulator();
  beforeStart(sim);
  const slack = await startFakeSlackApi();
  cleanups.push(() => slack.close());
  const config = loadConfig(botEnv(sim, slack, env), 'bot');
  const app = await startApp(config, { logger: createMemoryLogger('error'), botId: 'B', botUserId: 'U' });
  cleanups.push(() => app.stop());
  return { sim, app };
}

describe('finding calls in the running bot', () => {
  it('loads the extension directory at start, in the background', async () => {
    const { sim, app } = await bot();
    await vi.waitFor(() => expect(app.core.finding.directory.status().state).toBe('loaded'), {
      timeout: 10_000,
    });
    expect(app.core.finding.directory.status().size).toBe(10);
    expect(sim.stats.count('extension/list')).toBe(1);
    expect(app.core.finding.recentDays).toBe(7);
  });

  it('resolves a cold `<leg-id> callee 3202` through the directory: one PBX request, the summary', async () => {
    const { sim, app } = await bot();
    await vi.waitFor(() => expect(app.core.finding.directory.status().state).toBe('loaded'), {
      timeout: 10_000,
    });
    await vi.waitFor(() => expect(app.core.pbx.tokens.state().valid).toBe(true), { timeout: 10_000 });
    sim.stats.reset();
    const lookup = await app.core.summaries.lookup({
      legId: SAMPLE_LEGS.docExample,
      side: 'callee',
      extension: '3202',
    });
    expect(lookup.results[0]).toMatchObject({ side: 'callee', status: 'found' });
    expect(sim.stats.count()).toBe(1);
    expect(sim.stats.count('cdr/getaisummary')).toBe(1);
    expect(sim.stats.count('extension/search')).toBe(0);
  });

  it('falls back to the extension search while the directory cannot be read', async () => {
    const { sim, app } = await bot({ YEASTAR_MAX_RETRIES: '0' }, (sim) =>
      sim.injectFault('extension/list', 'http502', 100),
    );
    await vi.waitFor(() => expect(app.core.finding.directory.status().state).toBe('failed'), {
      timeout: 10_000,
    });
    await vi.waitFor(() => expect(app.core.pbx.tokens.state().valid).toBe(true), { timeout: 10_000 });
    sim.stats.reset();
    const lookup = await app.core.summaries.lookup({
      legId: SAMPLE_LEGS.docExample,
      side: 'callee',
      extension: '3202',
    });
    expect(lookup.results[0]).toMatchObject({ side: 'callee', status: 'found' });
    // The failed directory is not asked again within a minute: the search, then the summary.
    expect(sim.stats.count('extension/list')).toBe(0);
    expect(sim.stats.count('extension/search')).toBe(1);
    expect(sim.stats.count('cdr/getaisummary')).toBe(1);
  });

  it('refuses to start with a USER_MAP_FILE that has mistakes, naming the line', async () => {
    const sim = await simulator();
    const slack = await startFakeSlackApi();
    cleanups.push(() => slack.close());
    const dir = mkdtempSync(join(tmpdir(), 'callsummary-usermap-'));
    const file = join(dir, 'users.yml');
    writeFileSync(file, 'U0123ABCD: "3202"\nnot-a-member: "3203"\n');
    const config = loadConfig(botEnv(sim, slack, { USER_MAP_FILE: file }), 'bot');
    const started = startApp(config, { logger: createMemoryLogger('error'), botId: 'B', botUserId: 'U' });
    await expect(started).rejects.toBeInstanceOf(CallSummaryError);
    await expect(started).rejects.toMatchObject({
      code: 'config_invalid',
      details: { problems: [expect.stringContaining('line 2')] },
    });
    expect(sim.stats.count()).toBe(0);
  });

  it('matches members through USER_MAP_FILE when it names them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'callsummary-usermap-'));
    const file = join(dir, 'users.yml');
    writeFileSync(file, 'U0123ABCD: "3203"\n');
    const { app } = await bot({ USER_MAP_FILE: file });
    expect(await app.core.finding.members.match('U0123ABCD')).toEqual({
      kind: 'matched',
      extension: '3203',
      name: 'Kristin Hale',
      via: 'user_map',
    });
  });
});

describe('createFinding', () => {
  it('starts and stops the directory refresh: no timer is left running after stop', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const sim = await simulator();
    const finding = testFinding(createMemoryLogger(), { pbxUrl: sim.url, now: () => NOW });
    const before = vi.getTimerCount();
    finding.start();
    expect(vi.getTimerCount()).toBe(before + 1);
    await finding.directory.current();
    finding.stop();
    expect(vi.getTimerCount()).toBe(before);
  });

  it('lists a number typed with spaces through exports filtered by it, then from the cache; opens its transcript once', async () => {
    const sim = await simulator();
    const finding = testFinding(createMemoryLogger(), { pbxUrl: sim.url, now: () => NOW });
    await finding.directory.current();
    sim.stats.reset();
    const request = {
      party: { kind: 'number', number: '+14155550123' },
      period: defaultPeriod(finding.recentDays),
    } as const;
    const page = await finding.callLists.list(request);
    expect(page.calls.map((c) => c.legId)).toContain(SAMPLE_LEGS.docExample);
    // Exports filtered by the number (as caller, as callee), and their files.
    expect(sim.stats.count('cdr/aidownload')).toBeGreaterThan(0);
    expect(sim.stats.queries('cdr/aidownload').every((q) => q.has('call_from') || q.has('call_to'))).toBe(
      true,
    );
    const afterList = sim.stats.count();
    await finding.callLists.list(request);
    expect(sim.stats.count()).toBe(afterList);

    const transcript = await finding.transcripts.page(SAMPLE_LEGS.docExample);
    expect(transcript.lines.length).toBeGreaterThan(0);
    expect(sim.stats.count('cdr/getaicontext')).toBe(1);
    await finding.transcripts.page(SAMPLE_LEGS.docExample);
    expect(sim.stats.count('cdr/getaicontext')).toBe(1);
  });

  it('matches a member by their Slack profile email, and says when the app may not read emails', async () => {
    const sim = await simulator();
    const users = [{ id: 'ULEO', name: 'leo', realName: 'Leo Ball', email: 'Leo.Ball@example.com' }];
    const logger = createMemoryLogger();
    const withEmails = await startFakeSlackApi({
      users,
      scopes: 'commands,chat:write,users:read,users:read.email',
    });
    cleanups.push(() => withEmails.close());
    const withoutEmails = await startFakeSlackApi({ users, scopes: 'commands,chat:write,users:read' });
    cleanups.push(() => withoutEmails.close());
    const client = (apiUrl: string) => createSlackWebClient({ botToken: 'xoxb-test', apiUrl }, logger);

    const finding = testFinding(logger, { pbxUrl: sim.url, slackClient: client(withEmails.apiUrl) });
    expect(await finding.members.match('ULEO')).toEqual({
      kind: 'matched',
      extension: '3202',
      name: 'Human Agent - Leo Ball',
      via: 'email',
    });
    expect(await finding.members.match('UNOBODY')).toEqual({ kind: 'unmatched', reason: 'no_email' });

    const lookup = slackEmailLookup(client(withoutEmails.apiUrl));
    expect(await lookup('ULEO')).toEqual({ kind: 'no_scope' });
    const noScopes = await startFakeSlackApi({ users, scopes: 'commands,chat:write' });
    cleanups.push(() => noScopes.close());
    expect(await slackEmailLookup(client(noScopes.apiUrl))('ULEO')).toEqual({ kind: 'no_scope' });
  });

  it('matches through USER_MAP_FILE only when there is no Slack (the CLI), and says how to fix it', async () => {
    const sim = await simulator();
    const finding = testFinding(createMemoryLogger(), {
      pbxUrl: sim.url,
      userMap: new Map([['U0123ABCD', '3210']]),
    });
    expect(await finding.members.match('U0123ABCD')).toMatchObject({ kind: 'matched', extension: '3210' });
    expect(await finding.members.match('UOTHER')).toEqual({ kind: 'unmatched', reason: 'not_mapped' });
  });
});
