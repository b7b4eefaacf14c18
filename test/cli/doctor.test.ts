import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/cli/doctor.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/demo/local-slack/index.js';
import { type PbxSimulator, startPbxSimulator } from '../../src/demo/pbx-simulator/index.js';
import { ENGLISH } from '../../src/shared/i18n/index.js';
import { cleanUpCli, tempDir } from '../helpers/cli-process.js';
import { botEnv } from '../helpers/env.js';

afterEach(cleanUpCli);

let pbx: PbxSimulator;
let slack: FakeSlackApi;
/**
 * The login lockout of these runs only: the host's own directory is shared with every run on the
 * machine, where a wrong secret tried against a simulator on the same port would lock these out.
 */
let lockoutDir: string;

beforeAll(async () => {
  pbx = await startPbxSimulator();
  slack = await startFakeSlackApi({ botToken: 'xoxb-doctor' });
  lockoutDir = mkdtempSync(join(tmpdir(), 'callsummary-doctor-'));
});
afterAll(async () => {
  await slack?.close();
  await pbx?.close();
  if (lockoutDir) rmSync(lockoutDir, { recursive: true, force: true });
});

async function doctor(env: NodeJS.ProcessEnv) {
  let out = '';
  const code = await runDoctor({ words: ENGLISH, env: () => env, stdout: (t) => (out += t), lockoutDir });
  return { code, out };
}

const env = () => botEnv(pbx, slack, { YEASTAR_MAX_RETRIES: '0', SLACK_BOT_TOKEN: 'xoxb-doctor' });

describe('callsummary doctor', () => {
  it('passes every check against the simulator and the fake Slack, and revokes its token', async () => {
    const { code, out } = await doctor(env());
    expect(out).not.toContain('FAILED');
    expect(out).toContain('passed  Slack scopes');
    // An installation from before "my calls": a note with the fix, not a failure.
    expect(out).toContain('note    "my calls" and the Home tab cannot match members by email');
    expect(out).toContain('fix: add users:read, users:read.email');
    expect(code).toBe(0);
    expect(pbx.validTokenCount).toBe(0);
  });

  it('passes the scopes of "my calls" when the installation has them', async () => {
    const granted = await startFakeSlackApi({
      botToken: 'xoxb-doctor',
      scopes: 'commands,chat:write,chat:write.public,users:read,users:read.email',
    });
    try {
      const { code, out } = await doctor(
        botEnv(pbx, granted, { YEASTAR_MAX_RETRIES: '0', SLACK_BOT_TOKEN: 'xoxb-doctor' }),
      );
      expect(out).toContain('passed  Slack scopes for "my calls" by email (users:read, users:read.email)');
      expect(out).not.toContain('note    "my calls"');
      expect(code).toBe(0);
    } finally {
      await granted.close();
    }
  });

  it('fails with the fix for a wrong Slack token, without printing it', async () => {
    const { code, out } = await doctor({ ...env(), SLACK_BOT_TOKEN: 'xoxb-wrong-token' });
    expect(code).toBe(1);
    expect(out).toContain('FAILED  Slack auth.test');
    expect(out).toContain('invalid_auth');
    expect(out).not.toContain('xoxb-wrong-token');
  });

  it('says that everyone let in sees every call when there is no ACCESS_FILE', async () => {
    const { out } = await doctor(env());
    expect(out).toContain(
      'note    no ACCESS_FILE: everyone let in (ALLOWED_CHANNEL_IDS, ALLOWED_USER_IDS) sees every call',
    );
  });

  it('passes an ACCESS_FILE and says what it holds; fails one with mistakes, naming the line', async () => {
    const good = join(tempDir(), 'access.yml');
    writeFileSync(good, 'admins: [UADMIN]\nteams:\n  - name: Support\n    extensions: ["3200-3299"]\n');
    const passed = await doctor({ ...env(), ACCESS_FILE: good });
    expect(passed.out).toContain(
      'passed  ACCESS_FILE (1 team, 1 admin; members in no team see their own calls)',
    );
    expect(passed.out).not.toContain('no ACCESS_FILE');
    const bad = join(tempDir(), 'access-bad.yml');
    writeFileSync(bad, 'default: own\nteam: []\n');
    const failed = await doctor({ ...env(), ACCESS_FILE: bad });
    expect(failed.code).toBe(1);
    expect(failed.out).toContain('FAILED  ACCESS_FILE');
    expect(failed.out).toContain('line 2: team: unknown key');
  });

  it('fails on missing configuration', async () => {
    const { code, out } = await doctor({});
    expect(code).toBe(1);
    expect(out).toContain('YEASTAR_BASE_URL');
  });
});
