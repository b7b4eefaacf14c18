import { CallSummaryError } from '../../shared/errors.js';
import type { Requester } from '../access.js';
import type { SlackDeps } from '../deps.js';
import { describeForSlack } from '../send/slack-errors.js';
import { errorMessage } from '../views/answers.js';
import type { Respond, ResponseBody } from '../views/types.js';
import type { LookupRef } from '../views/values.js';

/**
 * Logs a failure (never the summary) and tells the person what to do, offering Try again only when
 * asking again may help, in the person's own language. Never throws: a person who cannot be reached
 * at all is logged.
 */
export async function answerFailure(
  deps: Pick<SlackDeps, 'logger' | 'answers' | 'wordsOf'>,
  respond: Respond,
  error: unknown,
  ref: LookupRef | undefined,
  who: Requester,
  extra: Partial<ResponseBody> = {},
): Promise<void> {
  const code = error instanceof CallSummaryError ? error.code : 'unexpected';
  deps.answers?.failed(error);
  // Refusals are in the audit trail already; the log says only that one happened.
  if (code === 'not_allowed' || code === 'access_refused')
    deps.logger.warn('refused', { code, user: who.userId, channel: who.channelId });
  else deps.logger.warn('lookup failed', { code, user: who.userId, channel: who.channelId }, error);
  try {
    const words = await deps.wordsOf(who.userId);
    const { retryable } = describeForSlack(error, words);
    await respond({
      response_type: 'ephemeral',
      ...extra,
      ...errorMessage(error, words, retryable ? ref : undefined),
    });
  } catch (respondError) {
    deps.logger.error('could not answer the person by any route', respondError);
  }
}
