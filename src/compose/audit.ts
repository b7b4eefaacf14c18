import { closeSync, fchmodSync, fstatSync, openSync, writeSync } from 'node:fs';
import { CallSummaryError } from '../shared/errors.js';
import type { Logger } from '../shared/log.js';
import type { AuditRecord, AuditSink } from '../use-case/audit.js';

/**
 * The audit trail's two ends: every record is one line under the log scope `audit`, and with
 * AUDIT_LOG_FILE one JSON line appended to that file, created 0600 (it names who looked at which
 * call). The file is opened at start, so a path that cannot be written stops the start (exit 2); a
 * write that fails later is logged and the bot goes on answering. No record carries summary or
 * transcript text (src/use-case/audit.ts).
 */
export interface AuditTrail {
  readonly sink: AuditSink;
  close(): void;
}

export function openAuditTrail(
  logger: Logger,
  file: string | undefined,
  now: () => number = Date.now,
): AuditTrail {
  const log = logger.child('audit');
  let fd: number | undefined;
  if (file !== undefined) {
    try {
      fd = openSync(file, 'a', 0o600);
    } catch (error) {
      throw new CallSummaryError('config_invalid', {
        source: `AUDIT_LOG_FILE ${file}`,
        problems: [`could not be opened for appending (${(error as NodeJS.ErrnoException).code ?? 'error'})`],
      });
    }
  }
  if (fd !== undefined) narrow(fd, log);
  let failing = false;
  return {
    sink(record: AuditRecord) {
      log.info(`${record.what} ${record.outcome}`, record);
      if (fd === undefined) return;
      try {
        writeSync(fd, `${JSON.stringify({ at: new Date(now()).toISOString(), ...record })}\n`);
        failing = false;
      } catch (error) {
        // Said once per run of failures: a full disk must not flood the log.
        if (!failing) log.error('could not append to AUDIT_LOG_FILE', error);
        failing = true;
      }
    },
    close() {
      if (fd === undefined) return;
      try {
        closeSync(fd);
      } catch {
        // Already closed.
      }
      fd = undefined;
    },
  };
}

/**
 * The mode given to `open` applies only to a file it creates: a regular file that existed readable by
 * others is narrowed to 0600 (best effort: one owned by someone else keeps its mode, and says so).
 */
function narrow(fd: number, log: Logger): void {
  try {
    const stat = fstatSync(fd);
    if (stat.isFile() && (stat.mode & 0o077) !== 0) fchmodSync(fd, 0o600);
  } catch (error) {
    log.warn('AUDIT_LOG_FILE is readable by others and its mode could not be narrowed to 0600', error);
  }
}
