import { describe, expect, it } from 'vitest';
import { CallSummaryError } from '../../src/shared/errors.js';
import { type AccessPolicy, assertAllowed, isAllowed } from '../../src/slack/access.js';

/** ALLOWED_USER_IDS and ALLOWED_CHANNEL_IDS: who is let in at all, before any access rule. */
const open: AccessPolicy = { allowedChannelIds: undefined, allowedUserIds: undefined };
const users: AccessPolicy = { allowedChannelIds: undefined, allowedUserIds: ['U1', 'U2'] };
const channels: AccessPolicy = { allowedChannelIds: ['C1'], allowedUserIds: undefined };
const both: AccessPolicy = { allowedChannelIds: ['C1'], allowedUserIds: ['U1'] };

describe('who is let in (ALLOWED_*)', () => {
  it('lets everyone in when neither list is set, a request naming no one included', () => {
    expect(isAllowed(open, { userId: 'U9', channelId: 'C9' })).toBe(true);
    expect(isAllowed(open, { userId: undefined, channelId: undefined })).toBe(true);
  });

  it('lets in the people listed, and no one else', () => {
    expect(isAllowed(users, { userId: 'U1', channelId: 'C9' })).toBe(true);
    expect(isAllowed(users, { userId: 'U2', channelId: undefined })).toBe(true);
    expect(isAllowed(users, { userId: 'U3', channelId: 'C1' })).toBe(false);
  });

  it('refuses a request that names no person while the people are listed', () => {
    expect(isAllowed(users, { userId: undefined, channelId: 'C1' })).toBe(false);
    expect(isAllowed(users, { userId: '', channelId: 'C1' })).toBe(false);
  });

  it('lets in the conversations listed, and refuses one that names none (the Home tab)', () => {
    expect(isAllowed(channels, { userId: 'U9', channelId: 'C1' })).toBe(true);
    expect(isAllowed(channels, { userId: 'U9', channelId: 'C2' })).toBe(false);
    expect(isAllowed(channels, { userId: 'U9', channelId: undefined })).toBe(false);
  });

  it('needs both the person and the conversation when both lists are set', () => {
    expect(isAllowed(both, { userId: 'U1', channelId: 'C1' })).toBe(true);
    expect(isAllowed(both, { userId: 'U1', channelId: 'C2' })).toBe(false);
    expect(isAllowed(both, { userId: 'U2', channelId: 'C1' })).toBe(false);
    expect(isAllowed(both, { userId: undefined, channelId: 'C1' })).toBe(false);
  });

  it('throws not_allowed with who and where, and nothing when let in', () => {
    expect(() => assertAllowed(users, { userId: 'U1', channelId: 'C1' })).not.toThrow();
    let error: unknown;
    try {
      assertAllowed(users, { userId: undefined, channelId: 'C1' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CallSummaryError);
    expect(error).toMatchObject({ code: 'not_allowed', details: { userId: undefined, channelId: 'C1' } });
  });
});
