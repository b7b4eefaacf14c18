import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/cli/doctor.js';
import { type PbxSimulator, sampleData, startPbxSimulator } from '../../src/demo/pbx-simulator/index.js';
import { ENGLISH } from '../../src/shared/i18n/index.js';
import { simulatorEnv } from '../helpers/env.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('callsummary doctor against a large PBX', () => {
  it('probes the extension search with one page_size=1 request, not a walk through every extension', async () => {
    const data = sampleData();
    // 1,000 extensions that all contain a 0: paging through them 100 at a time took 10 requests.
    const extensions = [
      ...data.extensions,
      ...Array.from({ length: 1000 }, (_, i) => ({
        id: 5000 + i,
        number: `7${String(i).padStart(3, '0')}0`,
        name: `E${i}`,
      })),
    ];
    const sim: PbxSimulator = await startPbxSimulator({ ...data, extensions });
    const lockoutDir = mkdtempSync(join(tmpdir(), 'callsummary-doctor-'));
    cleanups.push(
      () => sim.close(),
      async () => rmSync(lockoutDir, { recursive: true, force: true }),
    );
    let out = '';
    await runDoctor({
      words: ENGLISH,
      env: () => simulatorEnv(sim),
      stdout: (t) => {
        out += t;
      },
      lockoutDir,
    });
    expect(out).toContain('passed  PBX extension search');
    expect(sim.stats.count('extension/search')).toBe(1);
    expect(out).toContain('passed  PBX extension list (the directory for finding calls)');
    expect(sim.stats.count('extension/list')).toBe(1);
  });

  it('says when the API application may not read the extension list, and checks USER_MAP_FILE', async () => {
    const sim: PbxSimulator = await startPbxSimulator(sampleData());
    const dir = mkdtempSync(join(tmpdir(), 'callsummary-doctor-'));
    cleanups.push(
      () => sim.close(),
      async () => rmSync(dir, { recursive: true, force: true }),
    );
    sim.injectFault('extension/list', { errcode: 10005, errmsg: 'ACCESS DENIED' });
    const userMap = join(dir, 'users.yml');
    writeFileSync(userMap, 'U0123ABCD: "3202"\nU0456EFGH: 0100\n');
    let out = '';
    const code = await runDoctor({
      words: ENGLISH,
      env: () => simulatorEnv(sim, { USER_MAP_FILE: userMap }),
      stdout: (t) => {
        out += t;
      },
      lockoutDir: dir,
    });
    expect(code).toBe(1);
    expect(out).toContain('FAILED  PBX extension list (the directory for finding calls)');
    expect(out).toContain('FAILED  USER_MAP_FILE');
    expect(out).toContain('line 2: U0456EFGH: write the extension in quotes ("0100")');
    expect(out).toContain('passed  PBX extension search');
  });
});

describe("callsummary doctor on the PBX's clock and its AI export", () => {
  async function doctorAgainst(sim: PbxSimulator, env: Record<string, string> = {}) {
    const lockoutDir = mkdtempSync(join(tmpdir(), 'callsummary-doctor-'));
    cleanups.push(async () => rmSync(lockoutDir, { recursive: true, force: true }));
    let out = '';
    const code = await runDoctor({
      words: ENGLISH,
      env: () => simulatorEnv(sim, { YEASTAR_MAX_RETRIES: '0', ...env }),
      stdout: (t) => {
        out += t;
      },
      lockoutDir,
    });
    return { code, out };
  }

  async function simulator(options: Parameters<typeof startPbxSimulator>[0] = {}) {
    const sim = await startPbxSimulator({ ...sampleData(), ...options });
    cleanups.push(() => sim.close());
    return sim;
  }

  it('says what the bot will use, and that the export answers for the last minute (60001: nothing in it)', async () => {
    const sim = await simulator({ timeZone: 'Asia/Kolkata' });
    const { out } = await doctorAgainst(sim);
    expect(out).toContain(
      'passed  PBX clock (system/information): display format "YYYY/MM/DD HH:mm:ss", UTC+05:30, firmware 84.21.0.117',
    );
    expect(out).toContain(
      'passed  PBX AI transcription export (cdr/aidownload, the last minute): answered, no transcribed call in it',
    );
    expect(sim.stats.count('cdr/aidownload')).toBe(1);
    expect(sim.stats.count('get_token')).toBe(1);
  });

  it('says the API application lacks the CDR/AI permission when the export answers 10005', async () => {
    const sim = await simulator();
    sim.injectFault('cdr/aidownload', { errcode: 10005, errmsg: 'ACCESS DENIED' });
    const { code, out } = await doctorAgainst(sim);
    expect(code).toBe(1);
    expect(out).toContain('FAILED  PBX AI transcription export (cdr/aidownload, the last minute)');
    expect(out).toContain(
      'fix: The API application lacks the CDR/AI permission (errcode 10005 ACCESS DENIED): on the PBX, Integrations > API > Permissions, grant CDR and AI call transcription read.',
    );
  });

  it('names the format a 40002 names, and notes a PBX without system/information (10001)', async () => {
    const sim = await simulator({ displayFormat: 'DD/MM/YYYY HH:mm:ss' });
    sim.injectFault('system/information', { errcode: 10001, errmsg: 'INTERFACE NOT EXISTED' });
    const { code, out } = await doctorAgainst(sim);
    expect(out).toContain(
      'note    PBX clock (system/information): this PBX does not answer it (errcode 10001 INTERFACE NOT EXISTED)',
    );
    expect(out).toContain("fix: set YEASTAR_TIMEZONE to the PBX's time zone");
    expect(out).toContain('passed  PBX AI transcription export');
    expect(out).toContain('named its display format "DD/MM/YYYY HH:mm:ss" (errcode 40002)');
    expect(out).toContain('fix: set YEASTAR_TIME_FORMAT=DD/MM/YYYY HH:mm:ss');
    expect(code).toBe(1); // only the Slack checks fail here (no Slack configured)
    expect(out).not.toContain('FAILED  PBX');
  });

  it('asks for YEASTAR_TIME_FORMAT when a 40002 names no format', async () => {
    const sim = await simulator();
    sim.injectFault('cdr/aidownload', { errcode: 40002, errmsg: 'PARAMETER ERROR' });
    const { out } = await doctorAgainst(sim);
    expect(out).toContain('FAILED  PBX AI transcription export');
    expect(out).toContain(
      "set YEASTAR_TIME_FORMAT to the PBX's display format (System > Date and Time > Display Format)",
    );
  });
});
