import { describe, expect, it } from 'vitest';
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET } from '../../src/demo/pbx-simulator/index.js';
import { isCallSummaryError } from '../../src/shared/errors.js';
import { createMemoryTokenStore, pbxLoginKey, type TokenStore } from '../../src/yeastar/token-store.js';
import { createTokenManager } from '../../src/yeastar/tokens.js';
import { simAndClientPerTest } from '../helpers/pbx-client.js';

const setup = simAndClientPerTest();

describe('token manager against the simulator', () => {
  it('gets one token for 100 concurrent callers', async () => {
    const { sim, client } = await setup();
    const tokens = await Promise.all(Array.from({ length: 100 }, () => client.tokens.token()));
    expect(new Set(tokens).size).toBe(1);
    expect(sim.stats.count('get_token')).toBe(1);
  });

  it('renews through refresh_token before expiry, and reuses the token until then', async () => {
    const { sim, client, clock } = await setup({ accessTokenTtlSeconds: 100 });
    const first = await client.tokens.token();
    clock.now += 80_000;
    expect(await client.tokens.token()).toBe(first);
    clock.now += 12_000; // inside the 10 % margin, still valid at the PBX
    const second = await client.tokens.token();
    expect(second).not.toBe(first);
    expect(sim.stats.count('refresh_token')).toBe(1);
    expect(sim.stats.count('get_token')).toBe(1);
    await expect(client.findExtensionId('3202')).resolves.toBe(42);
  });

  it('falls back to get_token once when the refresh fails', async () => {
    const { sim, client, clock } = await setup({ accessTokenTtlSeconds: 100 });
    await client.tokens.token();
    sim.injectFault('refresh_token', { errcode: 10004, errmsg: 'TOKEN EXPIRED' });
    clock.now += 95_000;
    await client.tokens.token();
    expect(sim.stats.count('refresh_token')).toBe(1);
    expect(sim.stats.count('get_token')).toBe(2);
  });

  it('on 10004 renews once and retries once; late 10004s for the old token keep the fresh one', async () => {
    const { sim, client } = await setup();
    await client.tokens.token();
    sim.expireAllTokens();
    const ids = await Promise.all(Array.from({ length: 5 }, () => client.findExtensionId('3202')));
    expect(ids).toEqual([42, 42, 42, 42, 42]);
    // One renewal for all five 10004s (refresh or login), and one retry each.
    expect(sim.stats.count('get_token') + sim.stats.count('refresh_token')).toBe(2);
    expect(sim.stats.count('extension/search')).toBe(10);
  });

  it('retries a request only once on 10004', async () => {
    const { sim, client } = await setup();
    sim.injectFault('extension/search', { errcode: 10004, errmsg: 'TOKEN EXPIRED' }, 2);
    const error = await client.findExtensionId('3202').catch((e: unknown) => e);
    expect(isCallSummaryError(error)).toBe(true);
    expect(error).toMatchObject({ errcode: 10004 });
    expect(sim.stats.count('extension/search')).toBe(2);
  });

  it('never makes more than 2 failed logins: 100 concurrent requests, a cool-down, then no more', async () => {
    const { sim, client, clock } = await setup({}, { clientSecret: 'wrong-secret-value' });
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, () => client.findExtensionId('3202')),
    );
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    for (const r of results) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'pbx_credentials_rejected' });
      expect(((r as PromiseRejectedResult).reason as Error).message).toContain('YEASTAR_CLIENT_SECRET');
    }
    expect(sim.stats.count('get_token')).toBe(1);
    // During the cool-down requests fail at once.
    await expect(client.tokens.token()).rejects.toMatchObject({ code: 'pbx_credentials_rejected' });
    expect(sim.stats.count('get_token')).toBe(1);
    clock.now += 301_000;
    await Promise.allSettled(Array.from({ length: 100 }, () => client.tokens.token()));
    expect(sim.stats.count('get_token')).toBe(2);
    clock.now += 3_600_000;
    await expect(client.tokens.token()).rejects.toMatchObject({ code: 'pbx_credentials_rejected' });
    expect(sim.stats.count('get_token')).toBe(2);
  });

  it('counts a login refused with any non-transient errcode as failed, so firmware codes never reach 5', async () => {
    // Prior art sees rejected credentials as errcode 1 or 10002/10003 on some firmware; Yeastar documents
    // -1. Whatever the code, at most 2 logins fail, however many requests and cool-downs follow.
    for (const [errcode, errmsg] of [
      [1, 'PARTIAL SUCCESS'],
      [10002, 'API VERSION OUT OF MAINTENANCE'],
      [10003, 'API VERSION UNSUPPORTED'],
      [40002, 'PARAMETER ERROR'],
    ] as const) {
      const { sim, client, clock, logger } = await setup();
      sim.injectFault('get_token', { errcode, errmsg }, 1000);
      for (let round = 0; round < 5; round++) {
        await Promise.allSettled(Array.from({ length: 20 }, () => client.findExtensionId('3202')));
        clock.now += 3_600_000;
      }
      expect(sim.stats.count('get_token')).toBe(2);
      expect(logger.lines.join('\n')).toContain(`PBX login failed (errcode ${errcode}; 2/2)`);
    }
  });

  it('does not count a login the PBX could not answer (HTTP 5xx, -2) toward the lockout', async () => {
    const { sim, client } = await setup();
    sim.injectFault('get_token', 'http500', 3);
    await expect(client.tokens.token()).rejects.toMatchObject({ code: 'pbx_unreachable' });
    // 3 answered 500 (1 + 2 retries); the next login succeeds: no lockout was recorded.
    await expect(client.tokens.token()).resolves.toEqual(expect.any(String));
    expect(sim.stats.count('get_token')).toBe(4);
  });

  it('keeps the lockout in the token store, per credentials: a changed secret is tried at once', async () => {
    const { sim, client, clock, logger } = await setup({}, { clientSecret: 'wrong-secret-value' });
    const store = createMemoryTokenStore();
    const manager = (secret: string) =>
      createTokenManager({
        http: client.http,
        store,
        clientId: SIM_CLIENT_ID,
        clientSecret: secret,
        loginCooldownMs: 300_000,
        logger,
        now: () => clock.now,
      });
    const wrong = manager('wrong-secret-value');
    await expect(wrong.token()).rejects.toMatchObject({ code: 'pbx_credentials_rejected' });
    // A second manager over the same store (another replica) with the same credentials: refused at once.
    const refused = await manager('wrong-secret-value')
      .token()
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({
      code: 'pbx_credentials_rejected',
      details: { lockedOut: true, failedLogins: 1 },
    });
    expect((refused as Error).message).toContain(
      'The PBX rejected the API credentials (check YEASTAR_CLIENT_ID / YEASTAR_CLIENT_SECRET)',
    );
    expect(sim.stats.count('get_token')).toBe(1);
    // New credentials have no record.
    await expect(manager(SIM_CLIENT_SECRET).token()).resolves.toEqual(expect.any(String));
    expect(sim.stats.count('get_token')).toBe(2);
    expect(logger.lines.join('\n')).not.toContain('wrong-secret-value');
  });

  it('stops before the PBX blocks the IP: five starts with five different wrong secrets make 4 failed logins', async () => {
    const { sim, client, clock, logger } = await setup();
    // One store for every start: the host's lockout file, or Redis, in the bot.
    const store = createMemoryTokenStore();
    const start = (secret: string) =>
      createTokenManager({
        http: client.http,
        store,
        clientId: SIM_CLIENT_ID,
        clientSecret: secret,
        loginCooldownMs: 300_000,
        logger,
        now: () => clock.now,
      });
    for (let i = 1; i <= 4; i++) {
      await expect(start(`mistyped-secret-${i}`).token()).rejects.toMatchObject({
        code: 'pbx_credentials_rejected',
      });
    }
    expect(sim.stats.count('get_token')).toBe(4);
    expect(logger.lines.join('\n')).toContain(
      '4/4 failed logins to this PBX in a row, whatever the credentials',
    );

    // The fifth start is refused without asking the PBX, whatever its secret (the right one too):
    // one more failure would have the PBX block the IP.
    const fifth = start('mistyped-secret-5');
    const refused = await fifth.token().catch((e: unknown) => e);
    expect(refused).toMatchObject({
      code: 'pbx_credentials_rejected',
      details: { lockedOut: true, failedLogins: 4, anyCredentials: true },
    });
    expect((refused as { details: object }).details).not.toHaveProperty('retryAfter');
    expect(fifth.state()).toEqual({ valid: false, refusal: 'pbx_credentials_rejected' });
    // No time lifts it: only a success, the record's end, or its deletion.
    clock.now += 3_600_000;
    await expect(start(SIM_CLIENT_SECRET).token()).rejects.toMatchObject({
      code: 'pbx_credentials_rejected',
    });
    expect(sim.stats.count('get_token')).toBe(4);
    expect(logger.lines.join('\n')).not.toMatch(/mistyped-secret/);

    // The PBX never blocked the IP: with the record deleted, the right secret logs in.
    await store.clearLoginLockout(pbxLoginKey(sim.url));
    await expect(start(SIM_CLIENT_SECRET).token()).resolves.toEqual(expect.any(String));
    expect(sim.stats.count('get_token')).toBe(5);
  });

  it('counts failed logins to the PBX in a row: a successful login, with any credentials, starts the count again', async () => {
    const { sim, client, clock, logger } = await setup();
    const store: TokenStore = createMemoryTokenStore();
    const start = (secret: string) =>
      createTokenManager({
        http: client.http,
        store,
        clientId: SIM_CLIENT_ID,
        clientSecret: secret,
        loginCooldownMs: 300_000,
        logger,
        now: () => clock.now,
      });
    const fail = (secret: string) =>
      expect(start(secret).token()).rejects.toMatchObject({ code: 'pbx_credentials_rejected' });
    for (let i = 1; i <= 3; i++) await fail(`wrong-${i}`);
    // Forgotten at once, so that the next starts log in instead of taking it from the store.
    await store.clearIf(await start(SIM_CLIENT_SECRET).token());
    expect(sim.stats.count('get_token')).toBe(4);
    // The count starts again: 4 more failed logins reach the PBX, then none.
    for (let i = 4; i <= 8; i++) await fail(`wrong-${i}`);
    expect(sim.stats.count('get_token')).toBe(8);
  });

  it('backs off for minutes after the token limit (60002), without logging in again', async () => {
    const { sim, client, clock } = await setup();
    sim.injectFault('get_token', { errcode: 60002, errmsg: 'MAX LIMITATION' });
    await expect(client.tokens.token()).rejects.toMatchObject({ code: 'pbx_token_limit' });
    await expect(client.tokens.token()).rejects.toMatchObject({ code: 'pbx_token_limit' });
    expect(sim.stats.count('get_token')).toBe(1);
    clock.now += 301_000;
    await expect(client.tokens.token()).resolves.toEqual(expect.any(String));
    expect(sim.stats.count('get_token')).toBe(2);
  });

  it('revokes the token with del_token', async () => {
    const { sim, client } = await setup();
    await client.tokens.token();
    expect(sim.validTokenCount).toBe(1);
    await client.tokens.revoke();
    expect(sim.validTokenCount).toBe(0);
  });
});
