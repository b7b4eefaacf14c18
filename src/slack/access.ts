import { CallSummaryError } from '../shared/errors.js';

/** Who may see summaries (call summaries are customer data). Undefined list: everyone. */
export interface AccessPolicy {
  readonly allowedChannelIds: readonly string[] | undefined;
  readonly allowedUserIds: readonly string[] | undefined;
}

export interface Requester {
  readonly userId: string | undefined;
  readonly channelId: string | undefined;
}

/** Both lists apply when both are set: the person must be allowed and so must the channel. */
export function isAllowed(policy: AccessPolicy, who: Requester): boolean {
  const { allowedChannelIds: channels, allowedUserIds: users } = policy;
  // Stryker disable next-line ConditionalExpression: a list of ids never includes undefined; the check says so for the reader
  if (users && !(who.userId !== undefined && users.includes(who.userId))) return false;
  // Stryker disable next-line ConditionalExpression: as above
  if (channels && !(who.channelId !== undefined && channels.includes(who.channelId))) return false;
  return true;
}

export function assertAllowed(policy: AccessPolicy, who: Requester): void {
  if (!isAllowed(policy, who)) {
    throw new CallSummaryError('not_allowed', { userId: who.userId, channelId: who.channelId });
  }
}
