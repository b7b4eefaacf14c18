import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/cli/doctor.js';
import { type PbxSimulator, sampleData, startPbxSimulator } from '../../src/demo/pbx-simulator/index.js';
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
