import type { CallSummary } from '../call-summary.js';
import { loadConfig } from '../config.js';
import { assertNever, CallSummaryError, describeError, isCallSummaryError } from '../errors.js';
import { LEG_ID_SHAPE, parseSide, type Side, tryParseLegId } from '../leg-id.js';
import { createLogger } from '../log.js';
import { renderSummary, whoOf } from '../render/index.js';
import { summaryToPlainText } from '../render/plain-text.js';
import { createSummaryService, type SideResult } from '../summary-service.js';
import { createPbxClient } from '../yeastar/client.js';
import { oneLine, readArgs, usage } from './args.js';

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
  for (const { arg, flag, value } of readArgs(argv)) {
    switch (flag) {
      case '--ext': {
        const ext = value();
        if (!/^\d{1,20}$/.test(ext))
          throw usage(`--ext takes an extension number, not "${ext.slice(0, 20)}"`);
        extension = ext;
        break;
      }
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
    // The bot's own cache stack: with CACHE_URL, the replicas' shared cache and token; without it,
    // memory, with the login lockout in the host's file that `serve` and `doctor` use too (so runs and
    // restarts with a wrong secret together never get the IP blocked).
    const { createCache } = await import('../cache/index.js');
    const cache = createCache(config.cache, {
      logger,
      pbxBaseUrl: config.pbx.baseUrl,
      lockLoginsOnHost: true,
      ...(io.lockoutDir === undefined ? {} : { lockoutDir: io.lockoutDir }),
    });
    close = () => cache.close();
    const pbx = createPbxClient(config.pbx, { logger, store: cache.tokenStore });
    // A token shared through Redis is the replicas' own: it stays. A token of this run alone is given
    // back (it holds one of the PBX's 8 slots until it expires otherwise).
    close = async () => {
      await pbx.close({ revoke: config.cache.url === undefined }).catch(() => undefined);
      await cache.close();
    };
    const service = createSummaryService({
      pbx: cache.coalescePbx(pbx),
      caches: cache.summaryCaches,
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
