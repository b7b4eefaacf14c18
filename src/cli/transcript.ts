import { loadConfig, readEnvironment } from '../compose/config.js';
import { openOneShotCore, terminalSafe } from '../compose/core.js';
import { assertNever } from '../shared/assert-never.js';
import { CallSummaryError } from '../shared/errors.js';
import { formatCallOffset, type TranscriptLine } from '../use-case/finding/transcripts.js';
import { LEG_ID_SHAPE, tryParseLegId } from '../use-case/model/leg-id.js';
import { atMost, type CliIo, oneOf, processIo, readCommandLine, runOneShot, usage } from './args.js';

/**
 * `callsummary transcript <leg-id> [--format text|json]`: a call's whole conversation (speaker, time
 * into the call, text), read page by page through the use case behind the bot's Transcript modal
 * (pages cached like summaries). Exit 0 printed; 1 failed, or the PBX has no transcript (yet); 2 usage.
 */

const TRANSCRIPT_USAGE = 'usage: callsummary transcript <leg-id> [--format text|json]';

/** A bound on pages read for one call (TRANSCRIPT_PAGE_LINES each), whatever the PBX says is next. */
const TRANSCRIPT_MAX_PAGES = 500;

export type TranscriptFormat = 'text' | 'json';

export interface TranscriptArgs {
  readonly legId: string;
  readonly format: TranscriptFormat;
}

/** Pure: argv → arguments, or a `usage` error saying what is wrong. */
export function parseTranscriptArgs(argv: readonly string[]): TranscriptArgs {
  const { values, positionals } = readCommandLine(argv, { format: { type: 'string' } });
  const format = oneOf('--format', values.format ?? 'text', ['text', 'json']);
  const [legId] = atMost(positionals, 1);
  if (legId === undefined) throw usage('a leg id is needed');
  const parsed = tryParseLegId(legId);
  if (parsed === undefined)
    throw usage(`"${legId.slice(0, 30)}" is not a leg id; a leg id looks like ${LEG_ID_SHAPE}`);
  return { legId: parsed.value, format };
}

/** `callsummary transcript …` in this process. */
export function main(argv: readonly string[]): Promise<number> {
  return runTranscript(argv, processIo(readEnvironment));
}

export function runTranscript(argv: readonly string[], io: CliIo): Promise<number> {
  const command = { name: 'transcript', usage: TRANSCRIPT_USAGE, parse: parseTranscriptArgs };
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
    io.stdout(output(args.format, args.legId, lines, complete));
    return 0;
  });
}

function output(
  format: TranscriptFormat,
  legId: string,
  lines: readonly TranscriptLine[],
  complete: boolean,
): string {
  switch (format) {
    case 'text':
      return transcriptAsText(legId, lines, complete);
    case 'json':
      return `${JSON.stringify({ legId, complete, lines }, null, 2)}\n`;
    default:
      return assertNever(format, 'format');
  }
}

/** Pure: `0:05  Leo Ball: text`, one line per utterance, for a terminal. */
export function transcriptAsText(legId: string, lines: readonly TranscriptLine[], complete: boolean): string {
  const out = [`Transcript of ${legId}: ${lines.length} lines`, ''];
  for (const line of lines) {
    const at = line.atSeconds === null ? '' : `${formatCallOffset(line.atSeconds).padStart(5)}  `;
    out.push(`${at}${terminalSafe(line.speaker || 'Unknown speaker')}: ${terminalSafe(line.text)}`);
  }
  if (!complete) out.push('', `(cut after ${TRANSCRIPT_MAX_PAGES} pages)`);
  return `${out.join('\n')}\n`;
}
