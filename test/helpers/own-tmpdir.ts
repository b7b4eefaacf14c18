import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

// Each test file gets its own temporary directory (and so does every process it starts): the PBX
// login lockout is kept on disk per host for a day, so one file's deliberate failed logins must not
// stop another file's logins, nor a run's the next run's. A worker runs several files one after
// another, so the system's directory is remembered before the first file changes TMPDIR.
process.env.CALLSUMMARY_TEST_TMPROOT ??= tmpdir();
const dir = mkdtempSync(join(process.env.CALLSUMMARY_TEST_TMPROOT, 'callsummary-test-'));
process.env.TMPDIR = dir;

afterAll(() => rmSync(dir, { recursive: true, force: true }));
