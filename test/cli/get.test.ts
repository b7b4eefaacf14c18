import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseGetArgs, runGet } from '../../src/cli/get.js';
import {
  type PbxSimulator,
  SAMPLE_LEGS,
  sampleData,
  startPbxSimulator,
} from '../../src/demo/pbx-simulator/index.js';
import { ENGLISH } from '../../src/shared/i18n/index.js';
import { simulatorEnv } from '../helpers/env.js';

const sims: PbxSimulator[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function lockoutTempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'callsummary-get-test-'));
  dirs.push(dir);
  return dir;
}

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const sim = await startPbxSimulator(sampleData());
  sims.push(sim);
  const out: string[] = [];
  const err: string[] = [];
  const code = await runGet(argv, {
    words: ENGLISH,
    env: () => simulatorEnv(sim, { YEASTAR_MAX_RETRIES: '0', ...env }),
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    // A login lockout of this test's own, not the user's (login-lockout.test.ts covers it).
    lockoutDir: lockoutTempDir(),
  });
  return { code, stdout: out.join(''), stderr: err.join(''), sim };
}

describe('callsummary get', () => {
  it("prints the source document's example summary for the callee, and revokes the token", async () => {
    const { code, stdout, stderr, sim } = await run([SAMPLE_LEGS.docExample, 'callee']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Human Agent - Leo Ball (3202)');
    expect(stdout).toContain('callee');
    expect(stdout).toContain('Kristin Hale was transferred to a human agent regarding a login issue.');
    expect(stdout).toContain('Provide Kristin Hale with an estimated resolution time.');
    expect(stdout).not.toContain('<li>');
    expect(sim.validTokenCount).toBe(0);
  });

  it('prints normalised summaries as JSON for every side that has one', async () => {
    const { code, stdout } = await run([SAMPLE_LEGS.internalBoth, '--format', 'json']);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { side: string; legId: string }[];
    expect(parsed.map((s) => s.side)).toEqual(['caller', 'callee']);
    expect(parsed[0]!.legId).toBe(SAMPLE_LEGS.internalBoth);
  });

  it('prints the Block Kit message the bot would post with --format blocks', async () => {
    const { code, stdout } = await run([SAMPLE_LEGS.docExample, 'callee', '--format=blocks']);
    expect(code).toBe(0);
    const [message] = JSON.parse(stdout) as { text: string; blocks: unknown[] }[];
    expect(message!.text).toContain('Leo Ball');
    expect(message!.blocks.length).toBeGreaterThan(0);
  });

  it('fails with one line when the asked side is an outside number', async () => {
    const { code, stdout, stderr } = await run([SAMPLE_LEGS.docExample, 'caller']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('outside number; only extensions have AI summaries');
  });

  it('says a call from minutes ago is not transcribed yet, then prints it once its summary is written', async () => {
    const sim = await startPbxSimulator(sampleData());
    sims.push(sim);
    // A leg from two minutes ago (a PBX on UTC: its wall clock is ours), with no summary written yet.
    const at = new Date(Date.now() - 120_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const date = `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}`;
    const time = `${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}`;
    const legId = `${date}${time}-0A1B2`;
    sim.addLeg({
      legId,
      uid: '1.1',
      callType: 'Internal',
      callFrom: '3202',
      callTo: '3203',
      time: `${date.slice(0, 4)}/${date.slice(4, 6)}/${date.slice(6)} ${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4)}`,
      summaries: {},
    });
    const get = async () => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runGet([legId, 'callee'], {
        words: ENGLISH,
        env: () => simulatorEnv(sim, { YEASTAR_MAX_RETRIES: '0' }),
        stdout: (t) => out.push(t),
        stderr: (t) => err.push(t),
        lockoutDir: lockoutTempDir(),
      });
      return { code, stdout: out.join(''), stderr: err.join('') };
    };
    const early = await get();
    expect(early.code).toBe(1);
    expect(early.stderr.trim().split('\n')).toHaveLength(1);
    expect(early.stderr).toContain("is not in the PBX's AI transcription export yet");
    expect(early.stderr).toContain('Try again in a few minutes');
    sim.setSummary(legId, 'callee', {
      id: 5,
      html: '<p>Written a few minutes later</p>',
      createdAt: Math.floor(Date.now() / 1000),
      updatedAt: Math.floor(Date.now() / 1000),
      name: 'Kristin Hale',
      extNum: '3203',
    });
    const later = await get();
    expect(later.stderr).toBe('');
    expect(later.stdout).toContain('Written a few minutes later');
  });

  it('fails with one line when no side has a summary yet', async () => {
    // The extension is given: a call whose summary is not written yet is not in the AI export.
    const { code, stderr } = await run([SAMPLE_LEGS.noSummaryYet, '--ext', '3203']);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('No AI summary');
  });

  it('fails with one line, without the secret, when the credentials are rejected', async () => {
    const { code, stderr } = await run([SAMPLE_LEGS.docExample, 'callee'], {
      YEASTAR_CLIENT_SECRET: 'a-wrong-secret-value',
    });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('YEASTAR_CLIENT_SECRET');
    expect(stderr).not.toContain('a-wrong-secret-value');
  });

  it('exits 2 with one line listing missing configuration', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runGet([SAMPLE_LEGS.docExample], {
      words: ENGLISH,
      env: () => ({}),
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
    });
    expect(code).toBe(2);
    expect(err.join('').trim().split('\n')).toHaveLength(1);
    expect(err.join('')).toContain('YEASTAR_BASE_URL');
  });

  it('exits 2 for a malformed leg id (showing the shape) and for other usage errors', async () => {
    const bad = await run(['2026-05-13']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('YYYYMMDDhhmmss-XXXXX');
    for (const argv of [
      [],
      [SAMPLE_LEGS.docExample, 'sideways'],
      [SAMPLE_LEGS.docExample, '--format', 'xml'],
    ]) {
      const usage = await run(argv);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('usage: callsummary get');
    }
  });
});

describe('parseGetArgs', () => {
  it('reads the leg id, side, extension and format in any order', () => {
    expect(parseGetArgs(['--ext=3202', SAMPLE_LEGS.docExample, 'dst', '--format', 'json'], ENGLISH)).toEqual({
      legId: SAMPLE_LEGS.docExample,
      side: 'callee',
      extension: '3202',
      format: 'json',
      refresh: false,
    });
  });
  it('rejects unknown options and extra words', () => {
    expect(() => parseGetArgs(['x', '--nope'], ENGLISH)).toThrow(/unknown option/);
    expect(() => parseGetArgs(['x', 'caller', 'more'], ENGLISH)).toThrow(/unexpected/);
    expect(() => parseGetArgs(['x', '--ext', 'abc'], ENGLISH)).toThrow(/extension number/);
    // An extension is 1 to 7 digits, as /callsummary takes it.
    expect(() => parseGetArgs(['x', '--ext', '12345678'], ENGLISH)).toThrow(/extension number/);
    expect(parseGetArgs(['20260513223234-3EE9E', 'caller', '--ext', '1234567'], ENGLISH)).toMatchObject({
      extension: '1234567',
    });
  });
});
