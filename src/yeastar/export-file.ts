import { JSONParser } from '@streamparser/json';
import { CallSummaryError } from '../shared/errors.js';
import type { FileRead } from './download.js';

/**
 * The AI transcription export's file, read as it arrives: a JSON list of rows (or `{ data: [...] }`),
 * each row handed to `keep` as soon as it is complete and then let go. A row carries the whole
 * transcript and the summary (about 4 KB on a real floor, far more for a long call), and a file may
 * hold thousands: held whole, the text and its parsed rows cost several times the file's size; read
 * this way, memory is the rows kept (the export rows' few fields) plus the one row being read.
 *
 * Transcript fields are deleted from each row before anything else sees it, so no row that leaves
 * this file keeps a transcript. Which names the firmware uses is not documented (public code reads
 * `ai_transcription`, reference §4), so the likely others go too.
 *
 * The PBX may put an API answer where the file should be (an expired token or link, errcode 10004):
 * an object with a non-zero `errcode` and no rows is returned as that answer. A UTF-8 byte-order mark
 * before the JSON is skipped (some firmware writes one).
 */
export const TRANSCRIPT_KEYS: readonly string[] = [
  'ai_transcription',
  'ai_transcript',
  'transcription',
  'transcript',
  'ai_context',
];

/** The rows of an export file that `keep` kept, how many rows it had, and the first row's field names. */
export interface ExportFile<R> {
  readonly rows: R[];
  readonly rowCount: number;
  /** The first row's field names (for the log line when no row could be read); never its values. */
  readonly firstRowKeys: readonly string[];
}

const BOM = [0xef, 0xbb, 0xbf] as const;
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** Reads one download of the export file; `keep` turns a raw row into what is kept, or drops it. */
export function exportFileReader<R>(
  keep: (row: unknown) => R | undefined,
): (chunks: AsyncIterable<Uint8Array>) => Promise<FileRead<ExportFile<R>>> {
  return async (chunks) => {
    const rows: R[] = [];
    let rowCount = 0;
    let firstRowKeys: readonly string[] = [];
    let errcode: unknown;
    let errmsg: unknown;
    let parser: JSONParser | undefined;
    let rootIsObject = false;

    const onRow = (value: unknown) => {
      rowCount += 1;
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const row = value as Record<string, unknown>;
        if (rowCount === 1) firstRowKeys = Object.keys(row).slice(0, 40);
        for (const key of TRANSCRIPT_KEYS) delete row[key];
      }
      const kept = keep(value);
      if (kept !== undefined) rows.push(kept);
    };

    /** The parser for the root the first byte announces: rows under `$.*`, or under `$.data.*`. */
    const parserFor = (first: number): JSONParser => {
      rootIsObject = first === 0x7b; // {
      if (!rootIsObject && first !== 0x5b) throw notList(); // [
      const created = new JSONParser({
        // Only rows (and an answer's errcode / errmsg) are emitted; keepStack false lets each emitted
        // row go instead of piling up in the list the parser would otherwise build beside it.
        paths: rootIsObject ? ['$.data.*', '$.errcode', '$.errmsg'] : ['$.*'],
        keepStack: false,
      });
      created.onValue = ({ value, key, stack }) => {
        if (stack.length === 1 && key === 'errcode') errcode = value;
        else if (stack.length === 1 && key === 'errmsg') errmsg = value;
        else onRow(value);
      };
      return created;
    };

    const write = (bytes: Uint8Array) => {
      try {
        parser?.write(bytes);
      } catch {
        throw notList();
      }
    };

    // Before the JSON: a byte-order mark, then whitespace; the first other byte says what the root is.
    let head = Buffer.alloc(0);
    const begin = (final: boolean): boolean => {
      if (!final && head.length < BOM.length && BOM.slice(0, head.length).every((b, i) => head[i] === b)) {
        return false; // perhaps the start of a byte-order mark split across chunks
      }
      let at = head.length >= BOM.length && BOM.every((b, i) => head[i] === b) ? BOM.length : 0;
      while (at < head.length && WHITESPACE.has(head[at] as number)) at += 1;
      if (at === head.length) {
        head = Buffer.alloc(0);
        return false;
      }
      parser = parserFor(head[at] as number);
      write(head.subarray(at));
      return true;
    };

    for await (const chunk of chunks) {
      if (parser) {
        write(chunk);
        continue;
      }
      head = Buffer.concat([head, chunk]);
      begin(false);
    }
    if (!parser && head.length > 0) begin(true);
    if (!parser) throw notList();
    try {
      if (!parser.isEnded) parser.end();
    } catch {
      throw notList();
    }
    if (rootIsObject && rowCount === 0) {
      const code = typeof errcode === 'string' && /^-?\d+$/.test(errcode.trim()) ? Number(errcode) : errcode;
      if (typeof code === 'number' && code !== 0) {
        const message = typeof errmsg === 'string' ? errmsg : '';
        return { ok: false, errcode: code, errmsg: message, body: { errcode: code, errmsg: message } };
      }
      // An object with neither rows nor `errcode: 0` is not the export.
      if (code !== 0) throw notList();
    }
    return { ok: true, value: { rows, rowCount, firstRowKeys } };
  };
}

function notList(): CallSummaryError {
  return new CallSummaryError('pbx_bad_response', {
    what: 'ai_export',
    problem: 'export_not_list',
  });
}
