import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { renderSummary, type Surface } from '../render/index.js';
import { describeError } from '../shared/errors.js';
import { BodyTooLargeError, readCappedText } from '../shared/http/capped-body.js';
import type { Words } from '../shared/i18n/index.js';
import type { CallSummary } from '../use-case/model/call-summary.js';
import { oneOf, readCommandLine, usage, usageProblem } from './args.js';
import { cliWords } from './words.js';

/**
 * `callsummary render [file|-] [--surface message|modal]`: summary HTML, or a whole `getaisummary`
 * JSON answer, → `{ "text", "blocks" }` for Slack's Block Kit Builder. I/O is passed in so tests
 * drive it directly.
 */
export interface RenderIo {
  readonly stdin: AsyncIterable<string | Uint8Array>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The words the command answers in: the process's `cliWords()`; tests choose. */
  readonly words: Words;
  /** Opens a file's bytes (tests); default a read stream, read with the same size cap as stdin. */
  readonly openFile?: (path: string) => Promise<{ bytes: AsyncIterable<string | Uint8Array>; size?: number }>;
}

/** Summaries are a few KB; anything this large is not one, and reading it unbounded is a risk. */
const MAX_INPUT_BYTES = 16 * 1024 * 1024;

export interface RenderArgs {
  readonly surface: Surface;
  /** A file, or `-` for stdin. */
  readonly source: string;
}

/** Pure: argv → arguments, or a `usage` error saying what is wrong. */
function parseRenderArgs(argv: readonly string[], words: Words): RenderArgs {
  const { values, positionals } = readCommandLine(argv, { surface: { type: 'string' } }, words);
  const surface = oneOf('--surface', values.surface ?? 'message', ['message', 'modal'], words);
  if (positionals.length > 1) throw usage(words.t('cli.render.only_one_file'));
  return { surface, source: positionals[0] ?? '-' };
}

/**
 * A summary from HTML or from a `getaisummary` answer (data.src or data.dst, whichever is there), read
 * by the PBX client's own schema. That schema is evaluated only for JSON input.
 */
export async function summaryFromInput(input: string, words: Words): Promise<CallSummary> {
  const trimmed = input.trimStart();
  if (isBareHtml(input)) return htmlSummary(input);
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch (error) {
    throw new Error(words.t('cli.render.not_json', { reason: (error as Error).message }));
  }
  const { summaryAnswerSchema, summaryFromAnswer } = await import('../yeastar/summary-answer.js');
  const answer = summaryAnswerSchema.safeParse(json);
  if (!answer.success) {
    throw new Error(words.t('cli.render.not_summary_answer'));
  }
  const summary = summaryFromAnswer(answer.data);
  if (!summary) throw new Error(words.t('cli.render.no_summary'));
  return summary;
}

/** Anything but a JSON object is taken as the summary's HTML itself. */
function isBareHtml(input: string): boolean {
  return !input.trimStart().startsWith('{');
}

function htmlSummary(html: string): CallSummary {
  // Bare HTML says nothing of whose summary it is: rendered unattributed (see runRender).
  return {
    legId: '',
    side: 'caller',
    html,
    name: '',
    extNum: '',
    avatar: '',
    id: null,
    createdAt: null,
    updatedAt: null,
  };
}

async function openFile(path: string): Promise<{ bytes: AsyncIterable<Uint8Array>; size: number }> {
  // stat first: a missing file fails here with its errno code, not later inside the stream.
  const { size } = await stat(path);
  return { bytes: createReadStream(path), size };
}

/** `callsummary render …` in this process: stdin, stdout and stderr. */
export function main(argv: readonly string[]): Promise<number> {
  return runRender(argv, {
    stdin: process.stdin,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    words: cliWords(),
  });
}

export async function runRender(argv: readonly string[], io: RenderIo): Promise<number> {
  const { words } = io;
  let args: RenderArgs;
  try {
    args = parseRenderArgs(argv, words);
  } catch (error) {
    io.stderr(`callsummary render: ${usageProblem(error, words)}\n${words.t('cli.render.usage')}\n`);
    return 2;
  }
  let input: string;
  try {
    if (args.source === '-') {
      input = await readCappedText(io.stdin, { maxBytes: MAX_INPUT_BYTES });
    } else {
      const file = await (io.openFile ?? openFile)(args.source);
      input = await readCappedText(file.bytes, { maxBytes: MAX_INPUT_BYTES, declaredBytes: file.size });
    }
  } catch (error) {
    // An errno code (ENOENT) is said as the system names it.
    const reason =
      error instanceof BodyTooLargeError
        ? words.t('cli.render.too_large', { bytes: String(MAX_INPUT_BYTES) })
        : ((error as NodeJS.ErrnoException).code ?? describeError(error, 'cli', words).message);
    const source = args.source === '-' ? words.t('cli.render.stdin') : args.source;
    io.stderr(`callsummary render: ${words.t('cli.render.cannot_read', { source, reason })}\n`);
    return 1;
  }
  let summary: CallSummary;
  try {
    summary = await summaryFromInput(input, words);
  } catch (error) {
    io.stderr(`callsummary render: ${(error as Error).message}\n`);
    return 1;
  }
  const { text, blocks } = renderSummary(summary, {
    words: cliWords(),
    surface: args.surface,
    unattributed: isBareHtml(input),
  });
  io.stdout(`${JSON.stringify({ text, blocks }, null, 2)}\n`);
  return 0;
}
