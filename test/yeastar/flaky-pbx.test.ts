import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runGet } from '../../src/cli/get.js';
import {
  type PbxSimulator,
  SAMPLE_LEGS,
  sampleData,
  startPbxSimulator,
} from '../../src/demo/pbx-simulator/index.js';
import { ENGLISH } from '../../src/shared/i18n/index.js';
import { simulatorEnv } from '../helpers/env.js';
import { type FlakyProxy, startFlakyProxy } from '../helpers/flaky-proxy.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function flakyPbx(
  fails?: Parameters<typeof startFlakyProxy>[1],
): Promise<{ sim: PbxSimulator; proxy: FlakyProxy; lockoutDir: string }> {
  const sim = await startPbxSimulator(sampleData());
  const proxy = await startFlakyProxy(sim.url, fails);
  const lockoutDir = mkdtempSync(join(tmpdir(), 'callsummary-flaky-'));
  cleanups.push(
    () => sim.close(),
    () => proxy.close(),
    async () => rmSync(lockoutDir, { recursive: true, force: true }),
  );
  return { sim, proxy, lockoutDir };
}

async function get(argv: string[], baseUrl: string, lockoutDir: string, env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runGet(argv, {
    words: ENGLISH,
    env: () => ({ ...simulatorEnv({ url: baseUrl }), ...env }),
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    lockoutDir,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('a PBX that answers every second request with HTTP 503', () => {
  it('still answers `callsummary get` of a leg whose parties come from the AI export', async () => {
    const { proxy, lockoutDir } = await flakyPbx();
    // No --ext: the callee's extension is found through cdr/aidownload and the export file download.
    const { code, stdout, stderr } = await get([SAMPLE_LEGS.docExample, 'callee'], proxy.url, lockoutDir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Kristin Hale was transferred to a human agent');
    // The export file itself was among the requests answered 503, and was asked for again.
    expect(proxy.failed.some((path) => path.startsWith('/api/download/'))).toBe(true);
    expect(proxy.forwarded.some((path) => path.startsWith('/api/download/'))).toBe(true);
  });

  it('says the export download failed with HTTP 503 when it keeps failing, not that it timed out', async () => {
    const { proxy, lockoutDir } = await flakyPbx((path) => path.startsWith('/api/download/'));
    const { code, stderr } = await get([SAMPLE_LEGS.docExample, 'callee'], proxy.url, lockoutDir, {
      YEASTAR_MAX_RETRIES: '1',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('The PBX failed to answer the export download (HTTP 503)');
    expect(stderr).not.toMatch(/did not answer/);
    // Asked once, then once more (YEASTAR_MAX_RETRIES=1).
    expect(proxy.failed.filter((path) => path.startsWith('/api/download/'))).toHaveLength(2);
  });
});
