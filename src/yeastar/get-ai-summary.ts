import type { CallSummary } from '../use-case/model/call-summary.js';
import type { Side } from '../use-case/model/leg-id.js';
import { NOT_FOUND_ERRCODES, PbxApiError } from './errcodes.js';
import type { PbxHttp } from './http.js';
import { type SummaryAnswer, summaryAnswerSchema, summaryFromAnswer } from './summary-answer.js';
import type { TokenManager } from './tokens.js';

/**
 * `GET /openapi/v2.0/cdr/getaisummary` (v2.0 only), asked for one side of one leg. "No summary"
 * (empty data, or a not-found errcode; the real answer is undocumented) is `null`, not an error.
 */
export async function fetchSummary(
  http: PbxHttp,
  tokens: TokenManager,
  legId: string,
  side: Side,
  extensionId: number,
): Promise<CallSummary | null> {
  let answer: SummaryAnswer;
  try {
    answer = await tokens.withToken((token) =>
      http.call(
        {
          method: 'GET',
          path: '/openapi/v2.0/cdr/getaisummary',
          query: { cdr_id: legId, [side === 'caller' ? 'src_ext_id' : 'dst_ext_id']: extensionId },
          token,
          what: 'summary_request',
        },
        summaryAnswerSchema,
      ),
    );
  } catch (error) {
    if (error instanceof PbxApiError && NOT_FOUND_ERRCODES.has(error.errcode)) return null;
    throw error;
  }
  return summaryFromAnswer(answer, { legId, side });
}
