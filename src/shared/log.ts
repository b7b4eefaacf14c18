/**
 * A small leveled logger that satisfies Bolt's `Logger` interface and makes every line it writes safe
 * to keep and to show: PBX tokens travel in URLs (`?access_token=`), so redaction happens here, at the
 * last edge, as well as where URLs and errors are built; and what people type (leg ids, command text,
 * message text) can carry terminal escapes, line breaks and bidi overrides, so those are escaped here
 * too, after redaction, whoever built the line.
 *
 * Two formats (LOG_FORMAT): `text`, one readable line (`<time> <LEVEL> [<scope>] <message>`), and
 * `json`, one object a line for a log pipeline: `{"time","level","scope","message","fields"}`, where
 * `message` is the call's words, `fields` its objects merged (and an error as `fields.error`). Both
 * are redacted and escaped alike: the JSON's strings and keys one by one (so it stays valid JSON),
 * fields named like a secret (`token`, `password`, …) whatever their value.
 *
 * (Not pino: its redaction is by field path, while the secrets here travel inside text (URLs, error
 * messages, a PBX's answer); its `(fields, message)` calls are not the variadic Logger Bolt and the
 * Slack SDKs call; and its readable output needs another package. A few lines a request do not need
 * its speed.)
 */

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

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

/** A field whose value is a secret whatever it looks like (the JSON format's counterpart of the second pattern above). */
const SECRET_FIELD = /^(access_token|refresh_token|password|client_secret|secret|token|signing_secret)$/i;

/** Removes tokens and secrets from text: query parameters, JSON fields, Slack tokens and known values. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[REDACTED]');
  }
  for (const [pattern, replacement] of REDACTIONS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * C0 controls (ESC, BEL, CR, LF, …), DEL, C1 controls, and the bidi controls that reorder what a
 * terminal or log viewer shows (ALM, LRM, RLM, LRE…RLO, LRI…PDI: the "Trojan Source" set).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Writes control and bidi characters as visible escapes (`\u001b`, `\u202e`, `\n`), so one logged value stays one line of plain text. */
export function escapeControls(text: string): string {
  return text.replace(
    UNSAFE_CHARACTERS,
    (c) => NAMED_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
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
  /** `text` (default) or `json`. */
  readonly format?: LogFormat;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const state = {
    level: options.level ?? 'info',
    secrets: options.secrets ?? [],
    sink: options.sink ?? ((line: string) => process.stderr.write(`${line}\n`)),
    format: options.format ?? 'text',
  };
  return makeLogger(state, options.name ?? 'callsummary');
}

interface SharedState {
  level: LogLevel;
  readonly secrets: readonly string[];
  readonly sink: LogSink;
  readonly format: LogFormat;
}

function makeLogger(state: SharedState, initialName: string): Logger {
  let name = initialName;
  const write = (level: LogLevel, msg: unknown[]) => {
    if (LEVEL_ORDER[level] < LEVEL_ORDER[state.level]) return;
    const time = new Date().toISOString();
    if (state.format === 'json') {
      state.sink(jsonLine({ time, level, scope: name, ...messageAndFields(msg) }, state.secrets));
      return;
    }
    const text = msg.map(formatPart).join(' ');
    const line = `${time} ${level.toUpperCase()} [${name}] ${text}`;
    state.sink(escapeControls(redact(line, state.secrets)));
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

/** A call's parts for the JSON format: its words (strings, and whatever is not an object) and its fields. */
function messageAndFields(parts: readonly unknown[]): { message: string; fields: Record<string, unknown> } {
  const words: string[] = [];
  const fields: Record<string, unknown> = {};
  for (const part of parts) {
    if (part instanceof Error && !('error' in fields)) fields.error = formatPart(part);
    else if (isPlainObject(part)) {
      for (const [key, value] of Object.entries(part)) fields[key] = plain(value);
    } else words.push(formatPart(part));
  }
  return { message: words.join(' '), fields };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A field's value as JSON data: an error as its words, anything JSON cannot hold as text. */
function plain(value: unknown): unknown {
  if (value instanceof Error) return formatPart(value);
  if (value === undefined) return undefined;
  try {
    return JSON.parse(JSON.stringify(value) ?? 'null');
  } catch {
    return String(value);
  }
}

/** One JSON line: every string (and key) redacted on its own, secret-named fields whatever their value, then escaped. */
function jsonLine(entry: Record<string, unknown>, secrets: readonly string[]): string {
  const scrub = (value: unknown): unknown => {
    if (typeof value === 'string') return redact(value, secrets);
    if (Array.isArray(value)) return value.map(scrub);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        redact(key, secrets),
        SECRET_FIELD.test(key) && inner !== null ? '[REDACTED]' : scrub(inner),
      ]),
    );
  };
  // JSON.stringify escapes C0 controls itself; the rest (DEL, C1, bidi) become \u escapes JSON reads back.
  return escapeControls(JSON.stringify(scrub(entry)));
}
