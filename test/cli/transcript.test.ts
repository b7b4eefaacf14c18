import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseTranscriptArgs, runTranscript, transcriptAsText } from '../../src/cli/transcript.js';
import {
  type PbxSimulator,
  SAMPLE_LEGS,
  sampleData,
  startPbxSimulator,
} from '../../src/demo/pbx-simulator/index.js';
import { ENGLISH } from '../../src/shared/i18n/index.js';
import { TRANSCRIPT_PAGE_LINES } from '../../src/use-case/finding/transcripts.js';
import { simulatorEnv } from '../helpers/env.js';

/** `callsummary transcript` over real HTTP against the simulator's week (long transcripts page). */
const sims: PbxSimulator[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function setup() {
  const data = sampleData({ week: { endingAt: Date.UTC(2026, 4, 14, 12) } });
  const sim = await startPbxSimulator(data);
  sims.push(sim);
  return { sim, legs: data.legs };
}

async function run(sim: PbxSimulator, argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'callsummary-transcript-test-'));
  dirs.push(dir);
  const code = await runTranscript(argv, {
    words: ENGLISH,
    env: () => simulatorEnv(sim, { YEASTAR_MAX_RETRIES: '0' }),
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    lockoutDir: dir,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('callsummary transcript', () => {
  it('prints a long conversation whole, reading every page once', async () => {
    const { sim, legs } = await setup();
    const long = legs.find((l) => (l.transcript?.length ?? 0) > 2 * TRANSCRIPT_PAGE_LINES)!;
    const spoken = long.transcript!;
    const { code, stdout, stderr } = await run(sim, [long.legId.toLowerCase()]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`Transcript of ${long.legId}: ${spoken.length} lines`);
    const body = lines.slice(2);
    expect(body).toHaveLength(spoken.length);
    // Time into the call, who spoke, what they said.
    expect(body[0]).toMatch(new RegExp(`^ 0:01  .+: ${spoken[0]!.content}$`));
    expect(body.at(-1)).toContain(spoken.at(-1)!.content);
    expect(sim.stats.count('cdr/getaicontext')).toBe(Math.ceil(spoken.length / TRANSCRIPT_PAGE_LINES));
    expect(sim.validTokenCount).toBe(0);
  });

  it('prints JSON lines with speaker, number and seconds into the call', async () => {
    const { sim } = await setup();
    const { code, stdout } = await run(sim, [SAMPLE_LEGS.docExample, '--format', 'json']);
    expect(code).toBe(0);
    const answer = JSON.parse(stdout) as {
      legId: string;
      complete: boolean;
      lines: { speaker: string; number: string; atSeconds: number | null; text: string }[];
    };
    expect(answer.legId).toBe(SAMPLE_LEGS.docExample);
    expect(answer.complete).toBe(true);
    expect(answer.lines.length).toBeGreaterThan(0);
    expect(answer.lines[0]).toEqual({
      speaker: expect.any(String),
      number: expect.any(String),
      atSeconds: expect.any(Number),
      text: expect.any(String),
    });
  });

  it('says in one line, exit 1, when the PBX has no transcript of the leg', async () => {
    const { sim } = await setup();
    const { code, stdout, stderr } = await run(sim, ['20260514111111-FFFFF']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('The PBX has no transcript for 20260514111111-FFFFF (yet).');
  });

  it('refuses a malformed invocation with exit 2 and the usage, asking the PBX nothing', async () => {
    const { sim } = await setup();
    for (const argv of [
      [],
      ['not-a-leg'],
      [SAMPLE_LEGS.docExample, 'extra'],
      [SAMPLE_LEGS.docExample, '--format', 'blocks'],
    ]) {
      const { code, stderr } = await run(sim, argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stderr).toContain('usage: callsummary transcript');
    }
    expect(sim.stats.count()).toBe(0);
  });
});

describe('transcript text', () => {
  it('keeps terminal control sequences in PBX text from reaching the terminal', () => {
    expect(parseTranscriptArgs([SAMPLE_LEGS.docExample], ENGLISH)).toEqual({
      legId: SAMPLE_LEGS.docExample,
      format: 'text',
    });
    const text = transcriptAsText(
      SAMPLE_LEGS.docExample,
      [{ speaker: 'Eve\u001b]0;owned\u0007', number: '1', atSeconds: 65, text: 'hi\u001b[2J there\r\nnext' }],
      true,
      ENGLISH,
    );
    const controls = [...text].filter(
      (c) => c !== '\n' && (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
    );
    expect(controls).toEqual([]);
    expect(text).toContain(' 1:05  Eve ]0;owned: hi [2J there next');
  });
});
