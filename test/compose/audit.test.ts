import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAuditTrail } from '../../src/compose/audit.js';
import { CallSummaryError } from '../../src/shared/errors.js';
import type { AuditRecord } from '../../src/use-case/audit.js';
import { cleanUpCli, tempDir } from '../helpers/cli-process.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';

afterEach(cleanUpCli);

const RECORD: AuditRecord = {
  member: 'U0123ANN',
  what: 'summary',
  leg: '20260513223234-3EE9E',
  side: 'callee',
  surface: 'command',
  outcome: 'allowed',
};

describe('the audit trail', () => {
  it('logs one structured line per record under the scope audit', () => {
    const logger = createMemoryLogger('info');
    const trail = openAuditTrail(logger, undefined);
    trail.sink(RECORD);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatch(
      /INFO \[callsummary:audit\] summary allowed \{"member":"U0123ANN","what":"summary","leg":"20260513223234-3EE9E","side":"callee","surface":"command","outcome":"allowed"\}$/,
    );
    trail.close();
  });

  it('appends one JSON line per record to AUDIT_LOG_FILE, created 0600', () => {
    const path = join(tempDir(), 'audit.log');
    const trail = openAuditTrail(createMemoryLogger('error'), path, () => Date.UTC(2026, 4, 13, 22, 32));
    trail.sink(RECORD);
    trail.sink({ ...RECORD, outcome: 'refused', reason: 'access_file' });
    trail.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const lines = readFileSync(path, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { at: '2026-05-13T22:32:00.000Z', ...RECORD },
      { at: '2026-05-13T22:32:00.000Z', ...RECORD, outcome: 'refused', reason: 'access_file' },
    ]);
    // Appended, never truncated: a restart adds to what was there.
    const again = openAuditTrail(createMemoryLogger('error'), path);
    again.sink(RECORD);
    again.close();
    expect(readFileSync(path, 'utf8').trimEnd().split('\n')).toHaveLength(3);
  });

  it('narrows an existing file readable by others to 0600', () => {
    const path = join(tempDir(), 'audit.log');
    writeFileSync(path, '');
    chmodSync(path, 0o644);
    openAuditTrail(createMemoryLogger('error'), path).close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('stops the start, naming AUDIT_LOG_FILE, when the file cannot be opened', () => {
    const path = join(tempDir(), 'missing', 'audit.log');
    let error: unknown;
    try {
      openAuditTrail(createMemoryLogger('error'), path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CallSummaryError);
    expect((error as CallSummaryError).code).toBe('config_invalid');
    expect((error as CallSummaryError).message).toContain(`AUDIT_LOG_FILE ${path} is invalid`);
  });

  it.runIf(existsSync('/dev/full'))('logs a failed write once per run of failures and goes on', () => {
    const logger = createMemoryLogger('error');
    // Every write to /dev/full fails with ENOSPC, as to a full disk.
    const trail = openAuditTrail(logger, '/dev/full');
    expect(() => {
      trail.sink(RECORD);
      trail.sink(RECORD);
    }).not.toThrow();
    trail.close();
    expect(logger.lines.filter((l) => l.includes('could not append to AUDIT_LOG_FILE'))).toHaveLength(1);
  });
});
