import { CallSummaryError } from '../shared/errors.js';
import { classifyErrcode, errorAnswerIn, PbxApiError } from './errcodes.js';
import type { Attempt, PbxTransport } from './transport.js';

/**
 * One try at a file the PBX offers for download (the AI transcription export): the body is the file
 * itself, read with a byte cap. An expired token or link is answered with the API's error JSON instead
 * of the file: it is raised as the API error it is, so a 10004 renews the token like any other request
 * and an errcode -2 is retried like any other.
 */
export const DOWNLOAD_WHAT = 'the export download';

export async function downloadOnce(
  transport: PbxTransport,
  url: URL,
  token: string,
  maxBytes: number,
): Promise<Attempt<string>> {
  const what = DOWNLOAD_WHAT;
  const result = await transport.exchange({
    method: 'GET',
    url,
    token,
    what,
    maxBytes,
    tooLarge: 'export_too_large',
  });
  if (!result.ok) return result;
  const { status, text } = result.value;
  if (status !== 200) {
    const error = new CallSummaryError('pbx_bad_response', { what, problem: 'status', status });
    return { ok: false, transient: false, error };
  }
  const failed = errorAnswerIn(text);
  if (!failed) return { ok: true, value: text };
  const errmsg = transport.scrub(failed.errmsg, token);
  const { code, transient } = classifyErrcode(failed.errcode, errmsg);
  const body = transport.scrubBody(failed.body, token);
  return {
    ok: false,
    transient,
    error: new PbxApiError(code, { what, errcode: failed.errcode, errmsg }, body),
  };
}
