import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Each test file gets its own temporary directory (and so does every process it starts): the PBX
// login lockout is kept on disk per host for a day, so one file's deliberate failed logins must not
// stop another file's logins, nor a run's the next run's.
process.env.TMPDIR = mkdtempSync(join(tmpdir(), 'callsummary-test-'));
