import { CallSummaryError, type PbxRequestName } from '../shared/errors.js';
import { classifyErrcode, MAX_ERRMSG_CHARS, PbxApiError } from './errcodes.js';
import type { Attempt, PbxTransport } from './transport.js';

/**
 * One try at a file the PBX offers for download (the AI transcription export): the body is the file
 * itself, handed to a reader as it arrives, with a byte cap. An expired token or link is answered with
 * the API's error JSON instead of the file: the reader returns it as such, and it is raised as the API
 * error it is, so a 10004 renews the token like any other request and an errcode -2 is retried like
 * any other.
 */
export const DOWNLOAD_WHAT: PbxRequestName = 'export_download';

/** What a reader made of one download: the file's value, or the PBX's error answer in its place. */
export type FileRead<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errcode: number; readonly errmsg: string; readonly body: unknown };

/** Reads one download's body (called afresh for each try). */
export type FileReader<T> = (chunks: AsyncIterable<Uint8Array>) => Promise<FileRead<T>>;

export async function downloadOnce<T>(
  transport: PbxTransport,
  url: URL,
  token: string,
  maxBytes: number,
  read: FileReader<T>,
): Promise<Attempt<T>> {
  const what = DOWNLOAD_WHAT;
  const result = await transport.stream(
    { method: 'GET', url, token, what, maxBytes, tooLarge: 'export_too_large' },
    async (chunks, status) => {
      if (status !== 200) throw new CallSummaryError('pbx_bad_response', { what, problem: 'status', status });
      return read(chunks);
    },
  );
  if (!result.ok) return result;
  const file = result.value;
  if (file.ok) return { ok: true, value: file.value };
  const errmsg = transport.scrub(file.errmsg, token).slice(0, MAX_ERRMSG_CHARS);
  const { code, transient } = classifyErrcode(file.errcode, errmsg);
  const body = transport.scrubBody(file.body, token);
  return {
    ok: false,
    transient,
    error: new PbxApiError(code, { what, errcode: file.errcode, errmsg }, body),
  };
}
