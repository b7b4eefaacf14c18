import { loadConfig, readEnvironment } from '../compose/config.js';
import { openOneShotCore } from '../compose/core.js';
import { renderSummary } from '../render/index.js';
import { cleanText } from '../render/model.js';
import { summaryToPlainText } from '../render/plain-text.js';
import { assertNever } from '../shared/assert-never.js';
import { legIdShape } from '../shared/error-words.js';
import { CallSummaryError } from '../shared/errors.js';
import type { Words } from '../shared/i18n/index.js';
import type { CallSummary } from '../use-case/model/call-summary.js';
import { parseSide, type Side, tryParseLegId } from '../use-case/model/leg-id.js';
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

const getUsage = (words: Words) => words.t('cli.get.usage');

export type GetFormat = 'text' | 'json' | 'blocks';

export interface GetArgs {
  readonly legId: string;
  readonly side: Side | undefined;
  readonly extension: string | undefined;
  readonly format: GetFormat;
  readonly refresh: boolean;
}

/** Pure: argv → arguments, or a `usage` error saying what is wrong. */
export function parseGetArgs(argv: readonly string[], words: Words): GetArgs {
  const { values, positionals } = readCommandLine(
    argv,
    {
      ext: { type: 'string' },
      format: { type: 'string' },
      refresh: { type: 'boolean' },
    },
    words,
  );
  const extension = values.ext;
  if (extension !== undefined && !isExtensionNumber(extension))
    throw usage(words.t('cli.get.ext_not_number', { value: extension.slice(0, 20) }));
  const format = oneOf('--format', values.format ?? 'text', ['text', 'json', 'blocks'], words);
  const [legId, sideWord] = atMost(positionals, 2, words);
  if (legId === undefined) throw usage(words.t('cli.args.leg_id_needed'));
  // A malformed leg id is a wrong invocation (exit 2), said with the shape it should have.
  if (tryParseLegId(legId) === undefined)
    throw usage(words.t('cli.args.not_leg_id', { input: legId.slice(0, 30), shape: legIdShape(words) }));
  const side = sideWord === undefined ? undefined : parseSide(sideWord);
  if (sideWord !== undefined && side === undefined) {
    throw usage(words.t('cli.get.bad_side', { value: sideWord.slice(0, 20) }));
  }
  return { legId, side, extension, format, refresh: values.refresh ?? false };
}

/** `callsummary get …` in this process. */
export function main(argv: readonly string[]): Promise<number> {
  return runGet(argv, processIo(readEnvironment));
}

export function runGet(argv: readonly string[], io: CliIo): Promise<number> {
  const command = { name: 'get', usage: getUsage, parse: parseGetArgs };
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
    io.stdout(output(found, args.format, io.words));
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

function output(found: readonly CallSummary[], format: GetFormat, words: Words): string {
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
      return found.map((summary) => asText(summary, words)).join('\n');
    default:
      return assertNever(format, 'format');
  }
}

/** The summary for a terminal: who, which side, the leg and when (ISO 8601, UTC), then the PBX's text as written. */
function asText(summary: CallSummary, words: Words): string {
  const values = { who: whoOf(summary, words), side: summary.side, legId: summary.legId };
  const heading =
    summary.createdAt === null
      ? words.t('cli.get.heading', values)
      : words.t('cli.get.heading_at', { ...values, at: new Date(summary.createdAt * 1000).toISOString() });
  return `${heading}\n\n${summaryToPlainText(summary.html)}\n`;
}

/** `Leo Ball (3202)`, `extension 3202`, or `unknown extension`: the PBX's name and number, cleaned. */
function whoOf(summary: Pick<CallSummary, 'name' | 'extNum'>, words: Words): string {
  const name = cleanText(summary.name).replace(/\s+/g, ' ').trim();
  const extension = cleanText(summary.extNum).replace(/\s+/g, ' ').trim();
  if (name !== '' && extension !== '') return words.t('cli.get.who.named', { name, extension });
  if (name !== '') return name;
  if (extension !== '') return words.t('cli.get.who.extension', { extension });
  return words.t('cli.get.who.unknown');
}
