import type { AuditSurface, AuditWhat } from '../../use-case/audit.js';
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
  /** Where the person acted and what they asked for, for the audit trail of a refusal. */
  readonly surface: AuditSurface;
  readonly what?: AuditWhat;
}

/**
 * How every handler starts: acknowledge, let the acknowledgements already waiting go first
 * (src/slack/server/after-acks.ts), then check who is asking. False when the person is not allowed (they
 * have been told why); the handler then stops.
 */
export async function begin(
  deps: Pick<SlackDeps, 'access' | 'guard' | 'logger' | 'afterAcks' | 'wordsOf'>,
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
  deps: Pick<SlackDeps, 'access' | 'guard' | 'logger' | 'wordsOf'>,
  { respond, who, refusal, surface, what }: Omit<Arrival, 'ack'>,
): Promise<boolean> {
  try {
    assertAdmitted(deps, who, { surface, what });
    return true;
  } catch (error) {
    await answerFailure(deps, respond, error, undefined, who, refusal);
    return false;
  }
}

/**
 * ALLOWED_USER_IDS and ALLOWED_CHANNEL_IDS for `who`: throws `not_allowed`, audited, when either
 * refuses them (for a check made later than the start, e.g. inside a modal's work).
 */
export function assertAdmitted(
  deps: Pick<SlackDeps, 'access' | 'guard'>,
  who: Requester,
  at: { readonly surface: AuditSurface; readonly what?: AuditWhat | undefined },
): void {
  try {
    assertAllowed(deps.access, who);
  } catch (error) {
    deps.guard.refused({
      member: who.userId ?? '',
      what: at.what ?? 'summary',
      surface: at.surface,
      ...(who.channelId !== undefined ? { channel: who.channelId } : {}),
      reason: 'allowed_ids',
    });
    throw error;
  }
}
