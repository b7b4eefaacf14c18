import { type Answer, json, parameterError, pbxAnswer } from './answer.js';
import { parseDisplayTime, toGoLayout } from './display-format.js';
import type { PbxSimulator, SimLeg } from './index.js';
import type { PbxData } from './pbx-data.js';
import { placeholderTranscript } from './sample-data.js';

/** `cdr/aidownload` and the file it names under `api/download/` (reference: Download AI Call Transcription Data). */
export interface AiExport {
  aiDownload(url: URL): Answer;
  download(pathname: string): Answer;
}

export type AiExportSettings = Pick<PbxSimulator, 'displayFormat' | 'formatErrorStyle' | 'downloadMode'>;

const DOWNLOAD_TTL_MS = 30 * 60 * 1000;
/** How legs' own times are written in SimLeg.time, whatever the PBX's display format. */
const LEG_TIME_FORMAT = 'YYYY/MM/DD HH:mm:ss';

export function createAiExport(data: PbxData, settings: AiExportSettings, now: () => number): AiExport {
  const files = new Map<string, { rows: unknown[]; expiresAt: number }>();
  let fileSeq = 0;

  function formatError(field: string): Answer {
    const shown =
      settings.formatErrorStyle === 'go' ? toGoLayout(settings.displayFormat) : settings.displayFormat;
    return parameterError([{ field, valid_msg: `${field} format invalid, valid format: ${shown}` }]);
  }

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
    const rows = [...data.legs()]
      // The export is "transcription data including the summary": a call enters it once a summary
      // of it is written, so a call whose summary is not ready yet is not in it at all.
      .filter((leg) => leg.summaries.caller !== undefined || leg.summaries.callee !== undefined)
      .filter((leg) => {
        const t = parseDisplayTime(leg.time, LEG_TIME_FORMAT);
        return t !== undefined && t >= start && t <= end;
      })
      // Keyword filters, as the docs call them: a party written containing the keyword matches.
      .filter((leg) => !callFrom || written(leg).callFrom.includes(callFrom))
      .filter((leg) => !callTo || written(leg).callTo.includes(callTo))
      .filter((leg) => !callType || leg.callType === callType)
      .map(exportRow);
    fileSeq += 1;
    const file = `PBX-AI_Transcription-${fileSeq}.json`;
    files.set(file, { rows, expiresAt: now() + DOWNLOAD_TTL_MS });
    return pbxAnswer(0, 'SUCCESS', { file, download_resource_url: `/api/download/${file}` });
  }

  function download(pathname: string): Answer {
    const mode = settings.downloadMode;
    if (typeof mode === 'object' && 'redirectTo' in mode) {
      return { status: 302, body: '', headers: { Location: mode.redirectTo } };
    }
    const file = decodeURIComponent(pathname.slice('/api/download/'.length));
    const entry = files.get(file);
    if (!entry || entry.expiresAt <= now())
      return { status: 404, body: '{"errcode":404,"errmsg":"NOT FOUND"}' };
    if (typeof mode === 'object') {
      // A valid JSON array padded past the size, so only a size cap (not a parse error) stops it.
      const pad = ' '.repeat(Math.max(0, mode.oversizeBytes));
      return { status: 200, body: `[${pad}${entry.rows.map((r) => JSON.stringify(r)).join(',')}]` };
    }
    return json(entry.rows);
  }

  return { aiDownload, download };
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
