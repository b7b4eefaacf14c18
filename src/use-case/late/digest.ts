import { createHash } from 'node:crypto';
import type { CallSummary } from '../model/call-summary.js';

/**
 * What makes two summaries "the same content": the HTML the PBX's model wrote. A re-delivered event
 * carries the same HTML; a re-written summary another. Short, since it travels in button values.
 */
export function summaryDigest(summary: Pick<CallSummary, 'html'>): string {
  return createHash('sha256').update(summary.html).digest('hex').slice(0, 16);
}
