import type { CallSummary } from '../call-summary.js';
import { loadConfig } from '../config.js';
import { assertNever, CallSummaryError, describeError, isCallSummaryError } from '../errors.js';
import { LEG_ID_SHAPE, parseSide, type Side, tryParseLegId } from '../leg-id.js';
import { createLogger } from '../log.js';
import { renderSummary, whoOf } from '../render/index.js';
import { summaryToPlainText } from '../render/plain-text.js';
import { createMemorySummaryCaches, createSummaryService, type SideResult } from '../summary-service.js';
import { createPbxClient } from '../yeastar/client.js';
import { createCliTokenStore } from './login-lockout.js';

/**
 * `callsummary get <leg-id> [caller|callee] [--ext <number>] [--format text|json|blocks]`: one lookup through
 * the same use case the bot uses. Exit 0 found; 1 failed or no summary (one line on stderr saying why
 * and what to do); 2 usage, including a malformed leg id or configuration. The token is revoked before
 * exit (frees one of the PBX's 8 token slots).
 */

export const GET_USAGE =
  'usage: callsummary get <leg-id> [caller|callee] [--ext <number>] [--format text|json|blocks] [--refresh]';

export type GetFormat = 'text' | 'json' | 'blocks';

export interface GetArgs {
  readonly legId: string;
  readonly side: Side | undefined;
  readonly extension: string | undefined;
  readonly format: GetFormat;
  readonly refresh: boolean;
}

export interface CliIo {
  /** Read inside the command's error handling (an unreadable .env is a reported failure, not a crash). */
  readonly env: () => NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Where the login lockout is kept across runs (tests); default `lockoutDir()`. */
  readonly lockoutDir?: string;
}

/** Pure: argv → arguments, or a `usage` error saying what is wrong. */
export function parseGetArgs(argv: readonly string[]): GetArgs {
  const positional: string[] = [];
  let extension: string | undefined;
  let format: GetFormat = 'text';
  let refresh = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') ? (arg.split(/=(.*)/s, 2) as [string, string?]) : [arg];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw usage(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--ext':
        extension = value();
        if (!/^\d{1,20}$/.test(extension))
          throw usage(`--ext takes an extension number, not "${extension.slice(0, 20)}"`);
        break;
      case '--format': {
        const f = value();
        if (f !== 'text' && f !== 'json' && f !== 'blocks')
          throw usage(`--format is text, json or blocks, not "${f.slice(0, 20)}"`);
        format = f;
        break;
      }
      case '--refresh':
        refresh = true;
        break;
      default:
        if (arg.startsWith('-')) throw usage(`unknown option ${arg.slice(0, 30)}`);
        positional.push(arg);
    }
  }
  const [legId, sideWord, ...extra] = positional;
  if (legId === undefined) throw usage('a leg id is needed');
  if (extra.length > 0) throw usage(`unexpected "${extra[0]!.slice(0, 30)}"`);
  // A malformed leg id is a wrong invocation (exit 2), said with the shape it should have.
  if (tryParseLegId(legId) === undefined)
    throw usage(`"${legId.slice(0, 30)}" is not a leg id; a leg id looks like ${LEG_ID_SHAPE}`);
  const side = sideWord === undefined ? undefined : parseSide(sideWord);
  if (sideWord !== undefined && side === undefined) {
    throw usage(`the side is caller or callee, not "${sideWord.slice(0, 20)}"`);
  }
  return { legId, side, extension, format, refresh };
}

function usage(message: string): CallSummaryError {
  return new CallSummaryError('usage', { problem: message });
}

export async function runGet(argv: readonly string[], io: CliIo): Promise<number> {
  let args: GetArgs;
  try {
    args = parseGetArgs(argv);
  } catch (error) {
    // A usage error names what was wrong, then how the command is used.
    io.stderr(`callsummary get: ${(error as Error).message}. ${GET_USAGE}\n`);
    return 2;
  }
  let close: (() => Promise<void>) | undefined;
  try {
    const config = loadConfig(io.env(), 'pbx');
    // Logs only with LOG_LEVEL=debug: otherwise stderr carries the one line that explains a failure.
    const logger = createLogger({
      level: config.logLevel,
      secrets: [config.pbx.clientSecret],
      sink: config.logLevel === 'debug' ? (line) => io.stderr(`${line}\n`) : () => undefined,
    });
    // The login lockout outlives this run: five runs with a wrong secret must not get the IP blocked.
    const store = createCliTokenStore(io.lockoutDir === undefined ? {} : { dir: io.lockoutDir });
    const pbx = createPbxClient(config.pbx, { logger, store });
    close = () => pbx.close({ revoke: true });
    const service = createSummaryService({
      pbx,
      caches: createMemorySummaryCaches({ ttlSeconds: config.cache.ttlSeconds }),
      logger,
      pbxTimeZone: config.find.pbxTimeZone,
    });
    const lookup = await service.lookup({
      legId: args.legId,
      side: args.side,
      extension: args.extension,
      refresh: args.refresh,
    });
    const found = lookup.results.flatMap((r) => (r.status === 'found' ? [r.summary] : []));
    if (found.length === 0) throw nothingFound(lookup.legId, lookup.results);
    io.stdout(output(found, args.format));
    return 0;
  } catch (error) {
    const { message, hint } = describeError(error);
    io.stderr(`callsummary: ${oneLine(message)} ${oneLine(hint)}\n`);
    // Missing or malformed configuration is a wrong invocation, as for `serve`.
    return isCallSummaryError(error, 'config_invalid') ? 2 : 1;
  } finally {
    await close?.().catch(() => undefined);
  }
}

/** Why no side had a summary, as one error: an outside number when that is all there is. */
function nothingFound(legId: string, results: readonly SideResult[]): CallSummaryError {
  const outside = results.filter((r) => r.status === 'outside_number');
  if (outside.length === results.length && outside[0]) {
    return new CallSummaryError('outside_number', { legId, side: outside[0].side });
  }
  return new CallSummaryError('no_summary', {
    legId,
    sides: results.map((r) => ({ side: r.side, outsideNumber: r.status === 'outside_number' })),
  });
}

function output(found: readonly CallSummary[], format: GetFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(found, null, 2)}\n`;
    case 'blocks':
      // One `{ text, blocks }` message per summary, as the bot would post it.
      return `${JSON.stringify(
        found.map((summary) => {
          const { text, blocks } = renderSummary(summary);
          return { text, blocks };
        }),
        null,
        2,
      )}\n`;
    case 'text':
      return found.map(asText).join('\n');
    default:
      return assertNever(format, 'format');
  }
}

function asText(summary: CallSummary): string {
  const when = summary.createdAt === null ? '' : ` — ${new Date(summary.createdAt * 1000).toISOString()}`;
  return `${whoOf(summary)} — ${summary.side} — leg ${summary.legId}${when}\n\n${summaryToPlainText(summary.html)}\n`;
}

function oneLine(text: string): string {
  // A heading ending in ':' over a list reads "heading: item; item", not "heading:; item; item".
  return text
    .replace(/:\s*\n\s*-?\s*/g, ': ')
    .replace(/\s*\n\s*-?\s*/g, '; ')
    .trim();
}
