import { describe, expect, it } from 'vitest';
import { createDirectory } from '../../../src/use-case/finding/directory.js';
import { createMembers, type MemberDeps } from '../../../src/use-case/finding/members.js';
import type { EmailLookup } from '../../../src/use-case/ports.js';
import { createMemoryLogger } from '../../helpers/memory-logger.js';
import { ttlMap } from '../../helpers/ttl-map.js';

const DIRECTORY = createDirectory(
  [
    { id: 42, number: '3202', name: 'Human Agent - Leo Ball', email: 'leo.ball@example.com' },
    { id: 131, number: '3210', name: 'Sofia Lindqvist', email: 'Sofia.Lindqvist@Example.com' },
  ],
  0,
);
const EMAILS: Record<string, EmailLookup> = {
  ULEO: { kind: 'email', email: 'leo.ball@example.com' },
  USOFIA: { kind: 'email', email: 'sofia.lindqvist@example.com', locale: 'zh-CN' },
  UNOBODY: { kind: 'email', email: 'someone.else@example.com' },
  UBOT: { kind: 'none', locale: 'ja-JP' },
};

function members(overrides: Partial<MemberDeps> = {}) {
  const asked: string[] = [];
  const cache = ttlMap<{ email: string | null; locale?: string | null }>(3_600_000, Date.now);
  const service = createMembers({
    userMap: undefined,
    emailOf: async (userId) => {
      asked.push(userId);
      return EMAILS[userId] ?? { kind: 'none' };
    },
    emailUnavailable: 'no_scope',
    directory: async () => DIRECTORY,
    cache,
    logger: createMemoryLogger(),
    ...overrides,
  });
  return { service, asked };
}

describe("a Slack member's extension", () => {
  it('is the extension whose email is their profile email, any case; Slack is asked once', async () => {
    const { service, asked } = members();
    expect(await service.match('USOFIA')).toEqual({
      kind: 'matched',
      extension: '3210',
      name: 'Sofia Lindqvist',
      via: 'email',
    });
    await service.match('USOFIA');
    expect(asked).toEqual(['USOFIA']);
  });

  it('says why there is none: no email, no extension with it, no directory, no scope', async () => {
    expect(await members().service.match('UBOT')).toEqual({ kind: 'unmatched', reason: 'no_email' });
    expect(await members().service.match('UNOBODY')).toEqual({ kind: 'unmatched', reason: 'no_extension' });
    expect(await members({ directory: async () => undefined }).service.match('ULEO')).toEqual({
      kind: 'unmatched',
      reason: 'no_directory',
    });
    expect(await members({ emailOf: undefined }).service.match('ULEO')).toEqual({
      kind: 'unmatched',
      reason: 'no_scope',
    });
    expect(
      await members({ emailOf: undefined, emailUnavailable: 'not_mapped' }).service.match('ULEO'),
    ).toEqual({ kind: 'unmatched', reason: 'not_mapped' });
    const scopeLost = members({ emailOf: async () => ({ kind: 'no_scope' }) });
    expect(await scopeLost.service.match('ULEO')).toEqual({ kind: 'unmatched', reason: 'no_scope' });
  });

  it('is what USER_MAP_FILE says when it names them, without asking Slack', async () => {
    const { service, asked } = members({ userMap: new Map([['UNOBODY', '3202']]) });
    expect(await service.match('UNOBODY')).toEqual({
      kind: 'matched',
      extension: '3202',
      name: 'Human Agent - Leo Ball',
      via: 'user_map',
    });
    expect(asked).toEqual([]);
  });

  it("reads the member's Slack language with their email, in one users.info cached for both", async () => {
    const { service, asked } = members();
    expect(await service.localeOf('USOFIA')).toBe('zh-CN');
    expect(await service.match('USOFIA')).toMatchObject({ kind: 'matched', extension: '3210' });
    expect(await service.localeOf('USOFIA')).toBe('zh-CN');
    expect(await service.localeOf('UBOT')).toBe('ja-JP');
    expect(await service.localeOf('ULEO')).toBeUndefined();
    expect(asked).toEqual(['USOFIA', 'UBOT', 'ULEO']);
  });

  it('asks again for an entry cached before languages were read, and never fails for a language', async () => {
    const { service, asked } = members();
    await service.match('USOFIA');
    const old = members({
      cache: { get: async () => ({ email: 'sofia.lindqvist@example.com' }), set: async () => {} },
    });
    expect(await old.service.localeOf('USOFIA')).toBe('zh-CN');
    expect(old.asked).toEqual(['USOFIA']);
    expect(asked).toEqual(['USOFIA']);
    const down = members({
      emailOf: async () => {
        throw new Error('Slack unreachable');
      },
    });
    expect(await down.service.localeOf('USOFIA')).toBeUndefined();
  });
});
