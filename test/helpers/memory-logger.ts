import { createLogger, type Logger, type LogLevel } from '../../src/shared/log.js';

/** A logger that keeps its lines, for tests that assert what was (and was not) logged. */
export function createMemoryLogger(level: LogLevel = 'debug'): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level, sink: (line) => lines.push(line) });
  return Object.assign(logger, { lines });
}
