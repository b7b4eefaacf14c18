import { loadConfig, readEnvironment } from '../compose/config.js';
import { openOneShotCore, terminalSafe } from '../compose/core.js';
import { assertNever } from '../shared/assert-never.js';
import { legIdShape } from '../shared/error-words.js';
import { CallSummaryError } from '../shared/errors.js';
import type { Words } from '../shared/i18n/index.js';
import { formatCallOffset, type TranscriptLine } from '../use-case/finding/transcripts.js';
import { tryParseLegId } from '../use-case/model/leg-id.js';
import { atMost, type CliIo, oneOf, processIo, readCommandLine, runOneShot, usage } from './args.js';

/**
 * `callsummary transcript <leg-id> [--format text|json]`: a call's whole conversation (speaker, time
 * into the call, text), read page by page through the use case behind the bot's Transcript modal
 * (pages cached like summaries). Exit 0 printed; 1 failed, or the PBX has no transcript (yet); 2 usage.
 */

const transcriptUsage = (words: Words) => words.t('cli.transcript.usage');

/** A bound on pages read for one call (TRANSCRIPT_PAGE_LINES each), whatever the PBX says is next. */
const TRANSCRIPT_MAX_PAGES = 500;

export type TranscriptFormat = 'text' | 'json';

export interface TranscriptArgs {
  readonly legId: string;
  readonly format: TranscriptFormat;
}

/** Pure: argv → arguments, or a `usage` error saying what is wrong. */
export function parseTranscriptArgs(argv: readonly string[], words: Words): TranscriptArgs {
  const { values, positionals } = readCommandLine(argv, { format: { type: 'string' } }, words);
  const format = oneOf('--format', values.format ?? 'text', ['text', 'json'], words);
  const [legId] = atMost(positionals, 1, words);
  if (legId === undefined) throw usage(words.t('cli.args.leg_id_needed'));
  const parsed = tryParseLegId(legId);
  if (parsed === undefined)
    throw usage(words.t('cli.args.not_leg_id', { input: legId.slice(0, 30), shape: legIdShape(words) }));
  return { legId: parsed.value, format };
}

/** `callsummary transcript …` in this process. */
export function main(argv: readonly string[]): Promise<number> {
  return runTranscript(argv, processIo(readEnvironment));
}

export function runTranscript(argv: readonly string[], io: CliIo): Promise<number> {
  const command = { name: 'transcript', usage: transcriptUsage, parse: parseTranscriptArgs };
  return runOneShot(command, argv, io, async (args, closeAtEnd) => {
    const config = loadConfig(io.env(), 'pbx');
    const session = await openOneShotCore(config, { stderr: io.stderr, lockoutDir: io.lockoutDir });
    closeAtEnd(() => session.close());
    const lines: TranscriptLine[] = [];
    let complete = false;
    for (let page = 1; page <= TRANSCRIPT_MAX_PAGES; page++) {
      const answer = await session.finding.transcripts.page(args.legId, page);
      lines.push(...answer.lines);
      if (!answer.hasNext) {
        complete = true;
        break;
      }
    }
    if (lines.length === 0) throw new CallSummaryError('no_transcript', { legId: args.legId });
    io.stdout(output(args.format, args.legId, lines, complete, io.words));
    return 0;
  });
}

function output(
  format: TranscriptFormat,
  legId: string,
  lines: readonly TranscriptLine[],
  complete: boolean,
  words: Words,
): string {
  switch (format) {
    case 'text':
      return transcriptAsText(legId, lines, complete, words);
    case 'json':
      return `${JSON.stringify({ legId, complete, lines }, null, 2)}\n`;
    default:
      return assertNever(format, 'format');
  }
}

/** Pure: `0:05  Leo Ball: text`, one line per utterance, for a terminal. */
export function transcriptAsText(
  legId: string,
  lines: readonly TranscriptLine[],
  complete: boolean,
  words: Words,
): string {
  const out = [words.t('cli.transcript.heading', { legId, count: lines.length }), ''];
  for (const line of lines) {
    // The offset is a column (a clock reading), the speaker and text the PBX's, as written.
    const at = line.atSeconds === null ? '' : `${formatCallOffset(line.atSeconds).padStart(5)}  `;
    const said = words.t('cli.transcript.line', {
      speaker: terminalSafe(line.speaker || words.t('transcript.unknownSpeaker')),
      text: terminalSafe(line.text),
    });
    out.push(`${at}${said}`);
  }
  if (!complete) out.push('', words.t('cli.transcript.cut', { pages: String(TRANSCRIPT_MAX_PAGES) }));
  return `${out.join('\n')}\n`;
}
