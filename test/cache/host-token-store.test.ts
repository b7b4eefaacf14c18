import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFileLoginLockouts, lockoutDir } from '../../src/cache/host-token-store.js';
import { runDoctor } from '../../src/cli/doctor.js';
import { runGet } from '../../src/cli/get.js';
import { startFakeSlackApi } from '../../src/demo/local-slack/index.js';
import {
  type PbxSimulator,
  SAMPLE_LEGS,
  SIM_CLIENT_SECRET,
  sampleData,
  startPbxSimulator,
} from '../../src/demo/pbx-simulator/index.js';
import { ENGLISH } from '../../src/shared/i18n/index.js';
import { cleanUpCli, freePort, runCli, startCli } from '../helpers/cli-process.js';
import { simulatorEnv } from '../helpers/env.js';
import { commandForm } from '../helpers/slack-payloads.js';
import { postSigned } from '../helpers/slack-signing.js';

const WRONG_SECRET = 'a-wrong-secret-for-the-cli';
const CREDENTIALS_MESSAGE =
  'The PBX rejected the API credentials (check YEASTAR_CLIENT_ID / YEASTAR_CLIENT_SECRET)';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function simulator(): Promise<PbxSimulator> {
  const sim = await startPbxSimulator(sampleData());
  cleanups.push(() => sim.close());
  return sim;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'callsummary-lockout-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function pbxEnv(sim: PbxSimulator, secret: string, cooldownSeconds = 300): NodeJS.ProcessEnv {
  return simulatorEnv(sim, {
    YEASTAR_CLIENT_SECRET: secret,
    YEASTAR_MAX_RETRIES: '0',
    YEASTAR_LOGIN_COOLDOWN_SECONDS: String(cooldownSeconds),
  });
}

/** One `callsummary get` run, as a new process would make it: nothing shared but the lockout directory. */
async function get(sim: PbxSimulator, dir: string, secret: string, cooldownSeconds?: number) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runGet([SAMPLE_LEGS.docExample, 'callee'], {
    words: ENGLISH,
    env: () => pbxEnv(sim, secret, cooldownSeconds),
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    lockoutDir: dir,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

function expectRefused(result: { code: number; stderr: string }): void {
  expect(result.code).toBe(1);
  expect(result.stderr).toContain(CREDENTIALS_MESSAGE);
  expect(result.stderr).not.toContain(WRONG_SECRET);
  expect(result.stderr).not.toMatch(/blocked|70004/i);
}

const lockoutFiles = (dir: string) => readdirSync(dir).filter((name) => /^login-[0-9a-f]+\.json$/.test(name));

describe('callsummary get: the login lockout outlives the run', () => {
  it('5 runs with a wrong secret make at most 2 logins, even across the cool-down', async () => {
    const sim = await simulator();
    const dir = tempDir();
    expectRefused(await get(sim, dir, WRONG_SECRET, 1));
    expectRefused(await get(sim, dir, WRONG_SECRET, 1));
    expect(sim.stats.count('get_token')).toBe(1);
    await sleep(1100);
    for (let run = 0; run < 3; run++) expectRefused(await get(sim, dir, WRONG_SECRET, 1));
    expect(sim.stats.count('get_token')).toBe(2);

    // The record names no secret and only its owner can read it.
    const [file] = lockoutFiles(dir);
    expect(file).toBeDefined();
    expect(readFileSync(join(dir, file!), 'utf8')).not.toContain(WRONG_SECRET);
    expect(statSync(join(dir, file!)).mode & 0o777).toBe(0o600);

    // New (right) credentials have no record: tried at once, and the IP was never blocked.
    const fixed = await get(sim, dir, SIM_CLIENT_SECRET, 1);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain('Leo Ball');
    expect(sim.stats.count('get_token')).toBe(3);
  });

  it('5 runs, each with another wrong secret, make at most 4 failed logins: the PBX never blocks the IP', async () => {
    const sim = await simulator();
    const dir = tempDir();
    const secrets = Array.from({ length: 5 }, (_, i) => `${WRONG_SECRET}-${i}`);
    for (const secret of secrets) expectRefused(await get(sim, dir, secret));
    // The fifth was refused on this host's count of failed logins to the PBX, whatever the secret.
    expect(sim.stats.count('get_token')).toBe(4);
    const right = await get(sim, dir, SIM_CLIENT_SECRET);
    expect(right.code).toBe(1);
    expect(right.stderr).toContain(CREDENTIALS_MESSAGE);
    expect(sim.stats.count('get_token')).toBe(4);
    // That count is a file of its own, named by the PBX's digest, with no secret in it.
    const pbxFiles = readdirSync(dir).filter((name) => /^login-pbx-[0-9a-f]+\.json$/.test(name));
    expect(pbxFiles).toHaveLength(1);
    const record = readFileSync(join(dir, pbxFiles[0]!), 'utf8');
    expect(JSON.parse(record)).toMatchObject({ failures: 4 });
    for (const secret of secrets) expect(record).not.toContain(secret);

    // Deleting the record (docs/operating.md) lets the right secret in: the IP was never blocked.
    rmSync(join(dir, pbxFiles[0]!));
    const fixed = await get(sim, dir, SIM_CLIENT_SECRET);
    expect(fixed.code).toBe(0);
    expect(sim.stats.count('get_token')).toBe(5);
  });

  it('5 runs started together make one login: the lock file lets each see the others’ failure', async () => {
    const sim = await simulator();
    const dir = tempDir();
    const results = await Promise.all(Array.from({ length: 5 }, () => get(sim, dir, WRONG_SECRET)));
    for (const result of results) expectRefused(result);
    expect(sim.stats.count('get_token')).toBe(1);
    expect(readdirSync(dir)).not.toContain('login.lock');
  });

  it('a corrupt or unreadable lockout file reads as no record and never crashes the command', async () => {
    const sim = await simulator();
    const dir = tempDir();
    expectRefused(await get(sim, dir, WRONG_SECRET));
    const [file] = lockoutFiles(dir);
    writeFileSync(join(dir, file!), '{"failures": 2, "lockedUn');
    expectRefused(await get(sim, dir, WRONG_SECRET));
    expect(sim.stats.count('get_token')).toBe(2);
    // Rewritten whole: the next run is refused without a login.
    expect(JSON.parse(readFileSync(join(dir, file!), 'utf8'))).toMatchObject({ failures: 1 });
    expectRefused(await get(sim, dir, WRONG_SECRET));
    expect(sim.stats.count('get_token')).toBe(2);

    // A directory where the file should be: unreadable and unwritable, still no crash.
    const other = await simulator();
    const blockedDir = tempDir();
    expectRefused(await get(other, blockedDir, WRONG_SECRET));
    const [otherFile] = lockoutFiles(blockedDir);
    rmSync(join(blockedDir, otherFile!));
    mkdirSync(join(blockedDir, otherFile!));
    expectRefused(await get(other, blockedDir, WRONG_SECRET));
    expect(other.stats.count('get_token')).toBe(2);
  });

  it('doctor shares the record with get', async () => {
    const sim = await simulator();
    const dir = tempDir();
    expectRefused(await get(sim, dir, WRONG_SECRET));
    for (let run = 0; run < 3; run++) {
      const out: string[] = [];
      const code = await runDoctor({
        words: ENGLISH,
        env: () => pbxEnv(sim, WRONG_SECRET),
        stdout: (t) => out.push(t),
        lockoutDir: dir,
      });
      expect(code).toBe(1);
      expect(out.join('')).toMatch(/FAILED\s+PBX login/);
      expect(out.join('')).toContain('YEASTAR_CLIENT_SECRET');
    }
    expect(sim.stats.count('get_token')).toBe(1);
  });
});

describe('file login lockouts', () => {
  it('count failures, forget them after a day or on success, in a 0700 directory', async () => {
    const clock = { now: Date.UTC(2026, 4, 14, 12) };
    const dir = join(tempDir(), 'nested');
    const lockouts = createFileLoginLockouts({ dir, now: () => clock.now });
    expect(await lockouts.loginLockout('abc')).toBeUndefined();
    await lockouts.recordLoginFailure('abc', clock.now + 1000);
    // Another run (a new store over the same directory) sees the count and adds to it.
    const nextRun = () => createFileLoginLockouts({ dir, now: () => clock.now });
    expect(await nextRun().recordLoginFailure('abc', clock.now + 2000)).toEqual({
      failures: 2,
      lockedUntil: clock.now + 2000,
    });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(await nextRun().loginLockout('other')).toBeUndefined();

    clock.now += 24 * 60 * 60 * 1000 + 1;
    expect(await nextRun().loginLockout('abc')).toBeUndefined();

    await nextRun().recordLoginFailure('abc', clock.now + 1000);
    await nextRun().clearLoginLockout('abc');
    expect(await nextRun().loginLockout('abc')).toBeUndefined();
  });

  it('live per user under the system temporary directory', () => {
    expect(lockoutDir()).toBe(join(tmpdir(), `callsummary-${process.getuid?.() ?? ''}`));
  });
});

// Processes in a row: slow on a busy host, so the time limit is the processes', not vitest's default.
describe('the built command', { timeout: 180_000 }, () => {
  afterEach(() => cleanUpCli());

  it('5 runs of `callsummary get` with a wrong secret make at most 2 logins', async () => {
    const sim = await simulator();
    const tmp = tempDir();
    const env = { ...(pbxEnv(sim, WRONG_SECRET, 1) as Record<string, string>), TMPDIR: tmp };
    const codes: (number | null)[] = [];
    for (let run = 0; run < 5; run++) {
      if (run === 2) await sleep(1100);
      const result = await runCli(['get', SAMPLE_LEGS.docExample, 'callee'], { env });
      codes.push(result.code);
      expect(result.stderr).toContain(CREDENTIALS_MESSAGE);
      expect(result.stderr).not.toMatch(/blocked|70004/i);
    }
    expect(codes).toEqual([1, 1, 1, 1, 1]);
    expect(sim.stats.count('get_token')).toBe(2);
    expect(readdirSync(tmp).filter((name) => name.startsWith('callsummary-'))).toHaveLength(1);
  });
  it('4 restarts of `serve` and a `get` run with a wrong secret make at most 2 failed logins together', async () => {
    const sim = await simulator();
    const slack = await startFakeSlackApi();
    cleanups.push(() => slack.close());
    // One host: every process shares the temporary directory, where the lockout file lives.
    const host = tempDir();
    const env = {
      ...(pbxEnv(sim, WRONG_SECRET, 1) as Record<string, string>),
      SLACK_BOT_TOKEN: 'xoxb-restarts',
      SLACK_SIGNING_SECRET: 'restarts-signing-secret',
      SLACK_API_URL: slack.apiUrl,
    };
    for (let restart = 0; restart < 4; restart++) {
      const port = await freePort();
      const serve = startCli(['serve'], { cwd: host, env: { ...env, PORT: String(port) } });
      const base = `http://127.0.0.1:${port}`;
      await vi.waitFor(async () => expect((await fetch(`${base}/healthz`)).status).toBe(200), {
        timeout: 20_000,
        interval: 100,
      });
      // A readiness probe and a command: each would log in if the lockout allowed it.
      await fetch(`${base}/readyz`);
      const id = `restart-${restart}`;
      const ack = await postSigned(
        `${base}/slack/events`,
        'restarts-signing-secret',
        commandForm(`${SAMPLE_LEGS.docExample} callee`, slack.responseUrl(id)),
      );
      expect(ack.status).toBe(200);
      await vi.waitFor(
        () => expect(slack.callsTo('response_url').some((c) => c.path === `/response/${id}`)).toBe(true),
        { timeout: 30_000, interval: 100 },
      );
      serve.child.kill('SIGTERM');
      expect((await serve.exited).code).toBe(0);
      // Past the 1 s cool-down: the next process may try again, if the count allows it.
      await sleep(1100);
    }
    const get = await runCli(['get', SAMPLE_LEGS.docExample, 'callee'], { cwd: host, env });
    expect(get.code).toBe(1);
    expect(get.stderr).toContain(CREDENTIALS_MESSAGE);
    expect(sim.stats.count('get_token')).toBe(2);
    const answers = slack.callsTo('response_url').map((c) => JSON.stringify(c.body));
    expect(answers.every((answer) => answer.includes(CREDENTIALS_MESSAGE))).toBe(true);
  });
});
