/**
 * A small leveled logger that satisfies Bolt's `Logger` interface and scrubs secrets from every line
 * it writes: PBX tokens travel in URLs (`?access_token=`), so redaction happens here, at the last
 * edge, as well as where URLs and errors are built.
 */

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const LEVEL_ORDER: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

const REDACTIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/((?:access_token|refresh_token|token|password|secret|client_secret)=)[^&\s"'#]+/gi, '$1[REDACTED]'],
  [
    /("(?:access_token|refresh_token|password|client_secret|secret|token|signing_secret)"\s*:\s*")[^"]*(")/gi,
    '$1[REDACTED]$2',
  ],
  [/\bxox[abprse]-[A-Za-z0-9-]+/g, 'xox?-[REDACTED]'],
  [/\bxapp-[A-Za-z0-9-]+/g, 'xapp-[REDACTED]'],
];

/** Removes tokens and secrets from text: query parameters, JSON fields, Slack tokens and known values. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[REDACTED]');
  }
  for (const [pattern, replacement] of REDACTIONS) out = out.replace(pattern, replacement);
  return out;
}

export interface Logger {
  debug(...msg: unknown[]): void;
  info(...msg: unknown[]): void;
  warn(...msg: unknown[]): void;
  error(...msg: unknown[]): void;
  setLevel(level: string): void;
  getLevel(): LogLevel;
  setName(name: string): void;
  /** A logger for one part of the app, sharing level, sink and secrets. */
  child(name: string): Logger;
}

export type LogSink = (line: string) => void;

export interface LoggerOptions {
  readonly level?: LogLevel;
  readonly name?: string;
  /** Literal secret values to scrub wherever they appear (client secret, signing secret, …). */
  readonly secrets?: readonly string[];
  readonly sink?: LogSink;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const state = {
    level: options.level ?? 'info',
    secrets: options.secrets ?? [],
    sink: options.sink ?? ((line: string) => process.stderr.write(`${line}\n`)),
  };
  return makeLogger(state, options.name ?? 'callsummary');
}

interface SharedState {
  level: LogLevel;
  readonly secrets: readonly string[];
  readonly sink: LogSink;
}

function makeLogger(state: SharedState, initialName: string): Logger {
  let name = initialName;
  const write = (level: LogLevel, msg: unknown[]) => {
    if (LEVEL_ORDER[level] < LEVEL_ORDER[state.level]) return;
    const text = msg.map(formatPart).join(' ');
    state.sink(redact(`${new Date().toISOString()} ${level.toUpperCase()} [${name}] ${text}`, state.secrets));
  };
  return {
    debug: (...msg) => write('debug', msg),
    info: (...msg) => write('info', msg),
    warn: (...msg) => write('warn', msg),
    error: (...msg) => write('error', msg),
    setLevel: (level) => {
      const normalised = String(level).toLowerCase();
      if (normalised in LEVEL_ORDER) state.level = normalised as LogLevel;
    },
    getLevel: () => state.level,
    setName: (newName) => {
      name = newName;
    },
    child: (childName) => makeLogger(state, `${name}:${childName}`),
  };
}

function formatPart(part: unknown): string {
  if (typeof part === 'string') return part;
  if (part instanceof Error) {
    const code = (part as { code?: unknown }).code;
    const cause = part.cause instanceof Error ? ` (cause: ${part.cause.message})` : '';
    return `${part.name}${code === undefined ? '' : `[${String(code)}]`}: ${part.message}${cause}`;
  }
  try {
    return JSON.stringify(part);
  } catch {
    return String(part);
  }
}
