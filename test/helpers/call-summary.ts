import { DOC_EXAMPLE_SUMMARY_HTML } from '../../src/demo/pbx-simulator/index.js';
import { type CallContext, callContextOf } from '../../src/use-case/model/call-context.js';
import type { CallSummary } from '../../src/use-case/model/call-summary.js';
import type { LegParties } from '../../src/use-case/ports.js';
import type { SummaryLookup } from '../../src/use-case/summaries.js';

/** The leg of the source document's example (get-ai-call-summary.md). */
export const DOC_LEG = '20260513223234-3EE9E';

/** A summary as the source document's example has it (callee 3202), with any field replaced. */
export function callSummary(overrides: Partial<CallSummary> = {}): CallSummary {
  return {
    legId: DOC_LEG,
    side: 'callee',
    html: DOC_EXAMPLE_SUMMARY_HTML,
    name: 'Human Agent - Leo Ball',
    extNum: '3202',
    avatar: '',
    id: 53,
    createdAt: 1778682824,
    updatedAt: 1778682824,
    ...overrides,
  };
}

/** The context the summary use case gives a summary when nothing else is known of its leg. */
export function callOf(summary: CallSummary, facts?: LegParties): CallContext {
  return callContextOf({ legId: summary.legId, side: summary.side, summary, facts });
}

/** The summary use case's `callContext`, over nothing but the summary (and facts given). */
export const callContextFake = async (summary: CallSummary, facts?: LegParties): Promise<CallContext> =>
  callOf(summary, facts);

/** A side's result that found `summary`. */
export function found(summary: CallSummary, cached = false) {
  return { side: summary.side, status: 'found' as const, cached, summary, call: callOf(summary) };
}

/** A lookup that found this one summary, not from the cache. */
export function foundLookup(summary: CallSummary): SummaryLookup {
  return { legId: summary.legId, results: [found(summary)] };
}
