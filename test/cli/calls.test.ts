import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCallsArgs, runCalls } from '../../src/cli/calls.js';
import { startFakeSlackApi } from '../../src/demo/local-slack/index.js';
import {
  type PbxSimulator,
  type SimLeg,
  sampleData,
  startPbxSimulator,
} from '../../src/demo/pbx-simulator/index.js';
import { validateMessage } from '../../src/render/validate.js';
import { ENGLISH } from '../../src/shared/i18n/index.js';
import { cleanUpCli, tempDir as cliTempDir, runCli } from '../helpers/cli-process.js';
import { simulatorEnv } from '../helpers/env.js';

/**
 * `callsummary calls` over real HTTP against the simulator's realistic week, ending now (the command
 * reads the real clock). Expected lists are worked out from the simulator's own data: the calls whose
 * summary is written (the export holds only those), of that party.
 */
const sims: PbxSimulator[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'callsummary-calls-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function week() {
  const data = sampleData({ week: { endingAt: Date.now() } });
  const sim = await startPbxSimulator(data);
  sims.push(sim);
  return { sim, legs: data.legs };
}

/** Written, and in the week (the sample's own legs are from May 2026, long before it). */
const summarised = (leg: SimLeg) =>
  (leg.summaries.caller !== undefined || leg.summaries.callee !== undefined) &&
  Date.parse(`${leg.time.replaceAll('/', '-').replace(' ', 'T')}Z`) > Date.now() - 8 * 86_400_000;

/** The outside number with the most summarised calls in the week, and those calls' leg ids, newest first. */
function busiestCustomer(legs: readonly SimLeg[]): { number: string; legIds: string[] } {
  const byNumber = new Map<string, string[]>();
  for (const leg of legs.filter(summarised)) {
    for (const party of [leg.callFrom, leg.callTo]) {
      if (!party.startsWith('+')) continue;
      byNumber.set(party, [...(byNumber.get(party) ?? []), leg.legId]);
    }
  }
  const [number, legIds] = [...byNumber.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
  return { number, legIds: [...new Set(legIds)].sort().reverse() };
}

async function run(sim: PbxSimulator, argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCalls(argv, {
    words: ENGLISH,
    env: () => simulatorEnv(sim, { YEASTAR_MAX_RETRIES: '0', ...env }),
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    lockoutDir: tempDir(),
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('callsummary calls', () => {
  it('lists the calls with a number typed with spaces and dashes, newest first, from exports filtered by it', async () => {
    const { sim, legs } = await week();
    const { number, legIds } = busiestCustomer(legs);
    // "+1415…" typed "+1 415-555 0123"-style: split over words, with a dash.
    const typed = [number.slice(0, 2), `${number.slice(2, 5)}-${number.slice(5, 8)}`, number.slice(8)];
    const { code, stdout, stderr } = await run(sim, [...typed]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`Calls with ${number}, last 7d: ${legIds.length}, newest first`);
    expect(lines[1]).toBe("Times: the PBX's clock (YEASTAR_TIMEZONE names its time zone).");
    const listed = lines.flatMap((line) => /\b(\d{14}-[0-9A-F]{5})\b/.exec(line)?.[1] ?? []);
    expect(listed).toEqual(legIds);
    // YEASTAR_TIMEZONE unset: the PBX's own clock (system/information) makes the week exact, so an
    // outside number's week is one window, asked as caller and as callee.
    expect(sim.stats.count('system/information')).toBe(1);
    const exports = sim.stats.queries('cdr/aidownload');
    expect(exports).toHaveLength(2);
    for (const query of exports)
      expect(query.get('call_from') ?? query.get('call_to')).toBe(number.slice(-7));
    // A window with no call is answered 60001, with no file to download.
    expect(sim.stats.count('api/download')).toBeLessThanOrEqual(exports.length);
    // The run's own token is given back.
    expect(sim.validTokenCount).toBe(0);
  });

  it('prints JSON with the period, the window and every call', async () => {
    const { sim, legs } = await week();
    const { number, legIds } = busiestCustomer(legs);
    const { code, stdout } = await run(sim, [number, '--days', '7', '--format=json']);
    expect(code).toBe(0);
    const answer = JSON.parse(stdout) as {
      party: unknown;
      period: string;
      total: number;
      timeZone: string | null;
      calls: { legId: string; direction: string; summarySide: string | null; gist: string }[];
    };
    expect(answer.party).toEqual({ kind: 'number', number });
    expect(answer.period).toBe('7d');
    expect(answer.timeZone).toBeNull();
    expect(answer.total).toBe(legIds.length);
    expect(answer.calls.map((c) => c.legId)).toEqual(legIds);
    for (const call of answer.calls) {
      const leg = legs.find((l) => l.legId === call.legId)!;
      expect(call.direction).toBe(leg.callFrom === number ? 'in' : 'out');
      expect(call.summarySide).toBe(leg.callFrom === number ? 'callee' : 'caller');
      expect(call.gist).not.toBe('');
    }
  });

  it('names the time zone when YEASTAR_TIMEZONE is set, and gives each call its instant', async () => {
    const { sim, legs } = await week();
    const { number, legIds } = busiestCustomer(legs);
    const env = { YEASTAR_TIMEZONE: 'UTC' };
    const text = await run(sim, [number], env);
    expect(text.stdout.split('\n')[1]).toBe('Times: UTC time.');
    const json = await run(sim, [number, '--format', 'json'], env);
    const answer = JSON.parse(json.stdout) as {
      timeZone: string;
      calls: { legId: string; startEpoch: number }[];
    };
    expect(answer.timeZone).toBe('UTC');
    const newest = legs.find((l) => l.legId === legIds[0])!;
    expect(answer.calls[0]!.startEpoch).toBe(
      Date.parse(`${newest.time.replaceAll('/', '-').replace(' ', 'T')}Z`) / 1000,
    );
  });

  it('prints the first page as the Slack list shows it with --format blocks, valid Block Kit', async () => {
    const { sim, legs } = await week();
    const { number, legIds } = busiestCustomer(legs);
    const { code, stdout } = await run(sim, [number, '--format', 'blocks']);
    expect(code).toBe(0);
    const message = JSON.parse(stdout) as { text: string; blocks: unknown[] };
    expect(validateMessage(message)).toEqual([]);
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('callsummary_open');
    expect(json).toContain(legIds[0]);
  });

  it("says an extension's list is empty, and for which period", async () => {
    const { sim } = await week();
    const { code, stdout, stderr } = await run(sim, ['3299', '--days', '2']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe('No calls of extension 3299 in the last 2d. The PBX has no extension 3299.\n');
    // An extension that exists and made no calls.
    sim.addExtension({ id: 999, number: '3298', name: 'Quiet Desk' });
    const quiet = await run(sim, ['3298', '--days', '2']);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toBe('No calls of extension 3298 (Quiet Desk) in the last 2d.\n');
  });

  it("lists an extension's calls with its name, inbound, outbound and internal", async () => {
    const { sim, legs } = await week();
    const ext = '3202';
    const expected = legs
      .filter((l) => summarised(l) && (l.callFrom === ext || l.callTo === ext))
      .map((l) => l.legId)
      .sort()
      .reverse();
    const { code, stdout } = await run(sim, [ext]);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toContain(
      `Calls of extension ${ext} (Human Agent - Leo Ball), last 7d: ${expected.length},`,
    );
    const listed = stdout.split('\n').flatMap((line) => /\b(\d{14}-[0-9A-F]{5})\b/.exec(line)?.[1] ?? []);
    expect(listed).toEqual(expected);
  });

  it("lists a member's calls through USER_MAP_FILE; a member it does not name is one line and exit 1", async () => {
    const { sim } = await week();
    const file = join(tempDir(), 'users.yml');
    writeFileSync(file, 'U0123ABCD: "3203"\n');
    const mapped = await run(sim, ['--user', 'U0123ABCD'], { USER_MAP_FILE: file });
    expect(mapped.code).toBe(0);
    expect(mapped.stdout.split('\n')[0]).toMatch(
      /^(Calls|No calls) of U0123ABCD's extension 3203 \(Kristin Hale\)/,
    );

    const unmapped = await run(sim, ['--user', 'UOTHER1'], { USER_MAP_FILE: file });
    expect(unmapped.code).toBe(1);
    expect(unmapped.stdout).toBe('');
    expect(unmapped.stderr.trim().split('\n')).toHaveLength(1);
    expect(unmapped.stderr).toContain('USER_MAP_FILE does not name UOTHER1');
  });

  it("lists a member's calls by their Slack profile email when SLACK_BOT_TOKEN is set", async () => {
    const { sim } = await week();
    const slack = await startFakeSlackApi({
      users: [
        { id: 'USOFIA', name: 'sofia', realName: 'Sofia Lindqvist', email: 'sofia.lindqvist@example.com' },
      ],
      scopes: 'commands,chat:write,users:read,users:read.email',
    });
    cleanups.push(() => slack.close());
    const env = { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: slack.apiUrl };
    const { code, stdout, stderr } = await run(sim, ['--user', 'USOFIA'], env);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/^(Calls|No calls) of USOFIA's extension 3210 \(Sofia Lindqvist\)/);
    expect(slack.calls.map((c) => c.method)).toEqual(['users.info']);

    const noEmail = await run(sim, ['--user', 'UNOBODY'], env);
    expect(noEmail.code).toBe(1);
    expect(noEmail.stderr).toContain('Slack has no email address for UNOBODY');
  });

  it('refuses a malformed invocation with exit 2 and the usage, asking the PBX nothing', async () => {
    const { sim } = await week();
    for (const argv of [
      [],
      ['--days', '40', '3202'],
      ['3202', '--user', 'U0123ABCD'],
      ['20260513223234-3EE9E'],
      ['3202', '7d'],
      ['not-a-number'],
      ['3202', '--format', 'html'],
      ['--user', 'someone'],
    ]) {
      const { code, stdout, stderr } = await run(sim, argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain('usage: callsummary calls');
      expect(stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(sim.stats.count()).toBe(0);
  });

  it('says the PBX is unreachable in one line, exit 1', async () => {
    const { sim } = await week();
    const { code, stderr } = await run(sim, ['3202'], { YEASTAR_BASE_URL: 'http://127.0.0.1:9' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^callsummary: /);
  });
});

describe('parseCallsArgs', () => {
  it('reads numbers, extensions, members, days and formats', () => {
    expect(parseCallsArgs(['+1', '(415)', '555-0123'], ENGLISH)).toEqual({
      who: { kind: 'party', party: { kind: 'number', number: '+14155550123' }, typed: '+1 (415) 555-0123' },
      days: undefined,
      format: 'text',
    });
    expect(parseCallsArgs(['3202', '--days=3', '--format', 'json'], ENGLISH)).toMatchObject({
      who: { kind: 'party', party: { kind: 'extension', extension: '3202' } },
      days: 3,
      format: 'json',
    });
    expect(parseCallsArgs(['--user', 'W0456EFGH'], ENGLISH)).toMatchObject({
      who: { kind: 'user', userId: 'W0456EFGH' },
    });
  });
});

describe('the built command', () => {
  afterEach(cleanUpCli);

  it('--help lists calls and transcript', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain(
      'callsummary calls <number|extension|--user U…> [--days N] [--format text|json|blocks]',
    );
    expect(stdout).toContain('callsummary transcript <leg-id> [--format text|json]');
  });

  it('runs calls and transcript as child processes: output on stdout, exit 0; a bad leg id is exit 2', async () => {
    const { sim, legs } = await week();
    const { number, legIds } = busiestCustomer(legs);
    const env = simulatorEnv(sim, { TMPDIR: cliTempDir() });
    const calls = await runCli(['calls', number, '--format', 'json'], { env });
    expect(calls.stderr).toBe('');
    expect(calls.code).toBe(0);
    expect((JSON.parse(calls.stdout) as { total: number }).total).toBe(legIds.length);
    const transcript = await runCli(['transcript', legIds[0]!], { env });
    expect(transcript.code).toBe(0);
    expect(transcript.stdout).toContain(`Transcript of ${legIds[0]}`);
    const bad = await runCli(['transcript', 'nope'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
