import { loadConfig, readEnvironment } from '../compose/config.js';
import { openOneShotCore } from '../compose/core.js';
import { renderSummary, whoOf } from '../render/index.js';
import { summaryToPlainText } from '../render/plain-text.js';
import { assertNever } from '../shared/assert-never.js';
import { CallSummaryError } from '../shared/errors.js';
import type { CallSummary } from '../use-case/model/call-summary.js';
import { LEG_ID_SHAPE, parseSide, type Side, tryParseLegId } from '../use-case/model/leg-id.js';
import { isExtensionNumber } from '../use-case/model/party-number.js';
import type { SideResult } from '../use-case/summaries.js';
import { atMost, type CliIo, oneOf, processIo, readCommandLine, runOneShot, usage } from './args.js';
import { cliWords } from './words.js';

/**
 * `callsummary get <leg-id> [caller|callee] [--ext <number>] [--format text|json|blocks]`: one lookup through
 * the same use case the bot uses. Exit 0 found; 1 failed or no summary (one line on stderr saying why
 * and what to do); 2 usage, including a malformed leg id or configuration. The token is revoked before
 * exit (frees one of the PBX's 8 token slots).
 */

const GET_USAGE =
  'usage: callsummary get <leg-id> [caller|callee] [--ext <number>] [--format text|json|blocks] [--refresh]';

export type GetFormat = 'text' | 'json' | 'blocks';

export interface GetArgs {
  readonly legId: string;
  readonly side: Side | undefined;
  readonly extension: string | undefined;
  readonly format: GetFormat;
  readonly refresh: boolean;
}

/** Pure: argv → arguments, or a `usage` error saying what is wrong. */
export function parseGetArgs(argv: readonly string[]): GetArgs {
  const { values, positionals } = readCommandLine(argv, {
    ext: { type: 'string' },
    format: { type: 'string' },
    refresh: { type: 'boolean' },
  });
  const extension = values.ext;
  if (extension !== undefined && !isExtensionNumber(extension))
    throw usage(`--ext takes an extension number, not "${extension.slice(0, 20)}"`);
  const format = oneOf('--format', values.format ?? 'text', ['text', 'json', 'blocks']);
  const [legId, sideWord] = atMost(positionals, 2);
  if (legId === undefined) throw usage('a leg id is needed');
  // A malformed leg id is a wrong invocation (exit 2), said with the shape it should have.
  if (tryParseLegId(legId) === undefined)
    throw usage(`"${legId.slice(0, 30)}" is not a leg id; a leg id looks like ${LEG_ID_SHAPE}`);
  const side = sideWord === undefined ? undefined : parseSide(sideWord);
  if (sideWord !== undefined && side === undefined) {
    throw usage(`the side is caller or callee, not "${sideWord.slice(0, 20)}"`);
  }
  return { legId, side, extension, format, refresh: values.refresh ?? false };
}

/** `callsummary get …` in this process. */
export function main(argv: readonly string[]): Promise<number> {
  return runGet(argv, processIo(readEnvironment));
}

export function runGet(argv: readonly string[], io: CliIo): Promise<number> {
  const command = { name: 'get', usage: GET_USAGE, parse: parseGetArgs };
  return runOneShot(command, argv, io, async (args, closeAtEnd) => {
    const config = loadConfig(io.env(), 'pbx');
    const session = await openOneShotCore(config, { stderr: io.stderr, lockoutDir: io.lockoutDir });
    closeAtEnd(() => session.close());
    const lookup = await session.summaries.lookup({
      legId: args.legId,
      side: args.side,
      extension: args.extension,
      refresh: args.refresh,
    });
    const found = lookup.results.flatMap((r) => (r.status === 'found' ? [r.summary] : []));
    if (found.length === 0) throw nothingFound(lookup.legId, lookup.results);
    io.stdout(output(found, args.format));
    return 0;
  });
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
          const { text, blocks } = renderSummary(summary, { words: cliWords() });
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
  return `${whoOf(summary, cliWords())} — ${summary.side} — leg ${summary.legId}${when}\n\n${summaryToPlainText(summary.html)}\n`;
}
