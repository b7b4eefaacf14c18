import { assertAllowed, type Requester } from '../access.js';
import type { SlackDeps } from '../deps.js';
import type { Respond, ResponseBody } from '../views/types.js';
import { answerFailure } from './answer-failure.js';

export interface Arrival {
  readonly ack: () => Promise<void>;
  readonly respond: Respond;
  readonly who: Requester;
  /** Fields the refusal is sent with (a button's refusal must not replace the answer it sits on). */
  readonly refusal?: Partial<ResponseBody>;
}

/**
 * How every handler starts: acknowledge, let the acknowledgements already waiting go first
 * (src/slack/server/after-acks.ts), then check who is asking. False when the person is not allowed (they
 * have been told why); the handler then stops.
 */
export async function begin(
  deps: Pick<SlackDeps, 'access' | 'logger' | 'afterAcks'>,
  arrival: Arrival,
): Promise<boolean> {
  await acknowledge(deps, arrival.ack);
  return admit(deps, arrival);
}

/** The first half, for a handler that must read its payload before it knows who is asking. */
export async function acknowledge(
  deps: Pick<SlackDeps, 'afterAcks'>,
  ack: () => Promise<void>,
): Promise<void> {
  await ack();
  await deps.afterAcks();
}

export async function admit(
  deps: Pick<SlackDeps, 'access' | 'logger'>,
  { respond, who, refusal }: Omit<Arrival, 'ack'>,
): Promise<boolean> {
  try {
    assertAllowed(deps.access, who);
    return true;
  } catch (error) {
    await answerFailure(deps, respond, error, undefined, who, refusal);
    return false;
  }
}
