import { type Answer, parameterError, pbxAnswer } from './answer.js';
import { parseDisplayTime, toGoLayout } from './display-format.js';
import type { PbxSimulator, SimLeg } from './index.js';
import type { PbxData } from './pbx-data.js';
import { placeholderTranscript } from './sample-data.js';

/**
 * `cdr/aidownload` and the file it names under `api/download/` (reference: Download AI Call
 * Transcription Data), as a PBX answers them:
 *
 * - `call_from` / `call_to` are keyword filters (the docs call them so): a row matches when its number
 *   contains the value, so `320` also brings 3202's and 32020's calls; `call_type` is one of Internal,
 *   Inbound, Outbound;
 * - a window with no transcribed call in it is answered 60001 DATA NOT FOUND, with no file;
 * - one export task runs at a time: an export asked for while another's file is not yet downloaded
 *   (for at most EXPORT_TASK_MS) is answered 70082 OVERLOAD_TASK_RUNNING, and so, with `busyEvery`,
 *   is every Nth export ("now and then");
 * - the file is written piece by piece, row by row, so a busy floor's week costs memory only while
 *   it is sent.
 */
export interface AiExport {
  aiDownload(url: URL): Answer;
  download(pathname: string): Answer;
  /** Exports asked for while another was running (each answered 70082). */
  readonly overlaps: number;
}

export type AiExportSettings = Pick<
  PbxSimulator,
  'displayFormat' | 'formatErrorStyle' | 'downloadMode' | 'busyEvery'
>;

const DOWNLOAD_TTL_MS = 30 * 60 * 1000;
/**
 * How long an export task counts as running when its file is never downloaded (real time, not the
 * simulator's clock, which tests hold still: the overlap of two exports is a matter of real time).
 */
export const EXPORT_TASK_MS = 10_000;
/** How legs' own times are written in SimLeg.time, whatever the PBX's display format. */
const LEG_TIME_FORMAT = 'YYYY/MM/DD HH:mm:ss';
const CALL_TYPES = ['Internal', 'Inbound', 'Outbound'] as const;

interface ExportFile {
  /** The rows, made when the file is sent (a busy floor's are made up then). */
  readonly rows: () => Iterable<SimLeg>;
  readonly expiresAt: number;
  /** Until the file is downloaded (or EXPORT_TASK_MS passes: `performance.now()`), its task is running. */
  runningUntil: number;
}

export function createAiExport(data: PbxData, settings: AiExportSettings, now: () => number): AiExport {
  const files = new Map<string, ExportFile>();
  let fileSeq = 0;
  let asked = 0;
  let overlaps = 0;

  function formatError(field: string): Answer {
    const shown =
      settings.formatErrorStyle === 'go' ? toGoLayout(settings.displayFormat) : settings.displayFormat;
    return parameterError([{ field, valid_msg: `${field} format invalid, valid format: ${shown}` }]);
  }

  const running = () => [...files.values()].some((file) => file.runningUntil > performance.now());

  function aiDownload(url: URL): Answer {
    const startText = url.searchParams.get('start_time');
    const endText = url.searchParams.get('end_time');
    if (!startText) return parameterError([{ field: 'start_time' }]);
    if (!endText) return parameterError([{ field: 'end_time' }]);
    const start = parseDisplayTime(startText, settings.displayFormat);
    if (start === undefined) return formatError('start_time');
    const end = parseDisplayTime(endText, settings.displayFormat);
    if (end === undefined) return formatError('end_time');
    const callFrom = url.searchParams.get('call_from');
    const callTo = url.searchParams.get('call_to');
    const callType = url.searchParams.get('call_type');
    if (callType && !CALL_TYPES.some((t) => t.toLowerCase() === callType.toLowerCase())) {
      return parameterError([{ field: 'call_type', value: callType }]);
    }
    asked += 1;
    if (running()) {
      overlaps += 1;
      return pbxAnswer(70082, 'OVERLOAD_TASK_RUNNING');
    }
    if (settings.busyEvery > 0 && asked % settings.busyEvery === 0) {
      return pbxAnswer(70082, 'OVERLOAD_TASK_RUNNING');
    }
    const rows = function* (): Generator<SimLeg> {
      for (const leg of data.legsBetween(start, end, (l) => parseDisplayTime(l.time, LEG_TIME_FORMAT))) {
        // The export is "transcription data including the summary": a call enters it once a summary
        // of it is written, so a call whose summary is not ready yet is not in it at all.
        if (leg.summaries.caller === undefined && leg.summaries.callee === undefined) continue;
        const parties = written(leg);
        if (callFrom && !parties.callFrom.includes(callFrom)) continue;
        if (callTo && !parties.callTo.includes(callTo)) continue;
        if (callType && leg.callType.toLowerCase() !== callType.toLowerCase()) continue;
        yield leg;
      }
    };
    if (rows().next().done) return pbxAnswer(60001, 'DATA NOT FOUND');
    fileSeq += 1;
    const file = `PBX-AI_Transcription-${fileSeq}.json`;
    files.set(file, {
      rows,
      expiresAt: now() + DOWNLOAD_TTL_MS,
      runningUntil: performance.now() + EXPORT_TASK_MS,
    });
    return pbxAnswer(0, 'SUCCESS', { file, download_resource_url: `/api/download/${file}` });
  }

  function download(pathname: string): Answer {
    const mode = settings.downloadMode;
    const name = decodeURIComponent(pathname.slice('/api/download/'.length));
    const entry = files.get(name);
    const done = () => {
      if (entry) entry.runningUntil = 0;
    };
    if (typeof mode === 'object' && 'redirectTo' in mode) {
      done();
      return { status: 302, body: '', headers: { Location: mode.redirectTo } };
    }
    if (!entry || entry.expiresAt <= now())
      return { status: 404, body: '{"errcode":404,"errmsg":"NOT FOUND"}' };
    if (typeof mode === 'object') {
      // A valid JSON array padded past the size, so only a size cap (not a parse error) stops it.
      const pad = ' '.repeat(Math.max(0, mode.oversizeBytes));
      return { status: 200, body: `[${pad}`, pieces: rowPieces(entry.rows(), ''), onSent: done };
    }
    // Some firmware writes a UTF-8 byte-order mark before the JSON.
    const opening = mode === 'bom' ? '\uFEFF[' : '[';
    return { status: 200, body: opening, pieces: rowPieces(entry.rows(), ''), onSent: done };
  }

  return {
    aiDownload,
    download,
    get overlaps() {
      return overlaps;
    },
  };
}

/** The rows as JSON, one piece each, then the closing bracket. */
function* rowPieces(rows: Iterable<SimLeg>, separator: string): Generator<string> {
  let first = true;
  for (const leg of rows) {
    yield `${first ? '' : `,${separator}`}${JSON.stringify(exportRow(leg))}`;
    first = false;
  }
  yield ']';
}

/** The parties as the export writes them: an outside number perhaps without its `+`. */
function written(leg: SimLeg): { callFrom: string; callTo: string } {
  if (leg.writtenNumber === undefined) return { callFrom: leg.callFrom, callTo: leg.callTo };
  return leg.callType === 'Inbound'
    ? { callFrom: leg.writtenNumber, callTo: leg.callTo }
    : { callFrom: leg.callFrom, callTo: leg.writtenNumber };
}

function exportRow(leg: SimLeg): Record<string, unknown> {
  const summary = leg.summaries.callee ?? leg.summaries.caller;
  return {
    leg_id: leg.legId,
    uid: leg.uid,
    call_type: leg.callType,
    time: leg.time,
    call_from: written(leg).callFrom,
    call_to: written(leg).callTo,
    call_duration: leg.durationSeconds ?? 60,
    ai_transcription: (leg.transcript ?? placeholderTranscript(leg)).map((line) => ({
      type: 'speak',
      content: line.content,
      timestamp: line.atMs,
      source_number: line.speaker,
    })),
    ai_summary: summary?.html ?? '',
  };
}
