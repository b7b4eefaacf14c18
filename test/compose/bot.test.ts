import { afterEach, describe, expect, it, vi } from 'vitest';
import { keyPrefix } from '../../src/cache/typed.js';
import { type BuildOptions, type RunningApp, startApp } from '../../src/compose/bot.js';
import { loadConfig } from '../../src/compose/config.js';
import { startFakeSlackApi } from '../../src/demo/local-slack/index.js';
import { type PbxSimulator, SAMPLE_LEGS, startPbxSimulator } from '../../src/demo/pbx-simulator/index.js';
import { botEnv } from '../helpers/env.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { deleteRedisKeys, describeRedis, REDIS_URL } from '../helpers/redis.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';

/** Starts the bot against the simulator (it takes its token at start), stops it; counts del_token. */
async function revocationsOnStop(env: Record<string, string> = {}): Promise<number> {
  const sim = await startPbxSimulator();
  const slack = await startFakeSlackApi();
  try {
    const config = loadConfig(botEnv(sim, slack, env), 'bot');
    const app = await startApp(config, { logger: createMemoryLogger('warn'), botId: 'B', botUserId: 'U' });
    const ready = async () => expect((await fetch(`http://127.0.0.1:${app.port}/readyz`)).status).toBe(200);
    await vi.waitFor(ready, { timeout: 10_000, interval: 50 });
    await vi.waitFor(() => expect(app.core.pbx.tokens.state().valid).toBe(true), { timeout: 10_000 });
    expect(sim.stats.count('get_token')).toBe(1);
    await app.stop();
    return sim.stats.count('del_token');
  } finally {
    if (env.CACHE_URL) await deleteRedisKeys(keyPrefix(sim.url));
    await slack.close();
    await sim.close();
  }
}

describe('stopping the bot', () => {
  it('revokes its own PBX token (frees one of the PBX’s 8 slots)', async () => {
    expect(await revocationsOnStop()).toBe(1);
  });
});

describeRedis('stopping one of several replicas', () => {
  it('leaves the token the replicas share through Redis to the others', async () => {
    expect(await revocationsOnStop({ CACHE_URL: REDIS_URL })).toBe(0);
  });
});

describe('readiness (GET /readyz)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    vi.useRealTimers();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function bot(
    env: Record<string, string> = {},
    options: BuildOptions & { readonly pbxUrl?: (sim: PbxSimulator) => Promise<string> } = {},
  ): Promise<{ sim: PbxSimulator; app: RunningApp }> {
    const sim = await startPbxSimulator();
    cleanups.push(() => sim.close());
    const slack = await startFakeSlackApi();
    cleanups.push(() => slack.close());
    const { pbxUrl, ...build } = options;
    const pbx = { url: pbxUrl ? await pbxUrl(sim) : sim.url };
    const config = loadConfig(botEnv(pbx, slack, { YEASTAR_MAX_RETRIES: '0', ...env }), 'bot');
    const app = await startApp(config, {
      logger: createMemoryLogger('error'),
      botId: 'B',
      botUserId: 'U',
      ...build,
    });
    cleanups.push(() => app.stop());
    return { sim, app };
  }

  const probe = async (app: RunningApp) => {
    const response = await fetch(`http://127.0.0.1:${app.port}/readyz`);
    return { status: response.status, ...((await response.json()) as { checks: Record<string, string> }) };
  };

  it('reads state: probes never reach the PBX, let alone log in', async () => {
    const { sim, app } = await bot();
    await vi.waitFor(() => expect(app.core.pbx.tokens.state().valid).toBe(true), { timeout: 10_000 });
    const before = sim.stats.count();
    for (let i = 0; i < 6; i++)
      expect((await probe(app)).checks).toEqual({ config: 'ok', pbx: 'ok', pbx_token: 'ok', cache: 'ok' });
    expect(sim.stats.count()).toBe(before);
    expect(sim.stats.count('get_token')).toBe(1);
  });

  it('says the PBX is failing while its last exchange failed, and ready again once one succeeds', async () => {
    const { sim, app } = await bot();
    await vi.waitFor(async () => expect((await probe(app)).status).toBe(200));
    sim.injectFault('cdr/aidownload', 'http502', 10);
    await expect(
      app.core.summaries.lookup({ legId: SAMPLE_LEGS.docExample, side: 'callee' }),
    ).rejects.toThrow();
    // The token is still good: only the PBX check fails.
    expect(await probe(app)).toMatchObject({ status: 503, checks: { pbx: 'failing', pbx_token: 'ok' } });
    sim.clearFaults();
    const lookup = await app.core.summaries.lookup({ legId: SAMPLE_LEGS.docExample, side: 'callee' });
    expect(lookup.results[0]?.status).toBe('found');
    expect(await probe(app)).toMatchObject({ status: 200, checks: { pbx: 'ok', pbx_token: 'ok' } });
  });

  it('says the token is failing once the PBX rejected the credentials, after one login at start', async () => {
    const { sim, app } = await bot(
      { YEASTAR_CLIENT_SECRET: 'a-wrong-secret-for-readiness' },
      { pbxProbeIntervalMs: 20 },
    );
    await vi.waitFor(async () => expect((await probe(app)).checks.pbx_token).toBe('failing'));
    expect((await probe(app)).status).toBe(503);
    for (let i = 0; i < 5; i++) await probe(app);
    // The PBX answers (the background probe, without a token, gets its 10004): only the token fails.
    await vi.waitFor(async () =>
      expect((await probe(app)).checks).toMatchObject({ pbx: 'ok', pbx_token: 'failing' }),
    );
    expect(sim.stats.count('get_token')).toBe(1);
  });

  it('stays not ready while the PBX is down, past the minute, and turns ready by itself once it answers, never logging in', async () => {
    const logger = createMemoryLogger('info');
    let proxy: Awaited<ReturnType<typeof startTcpProxy>> | undefined;
    const { sim, app } = await bot(
      {},
      {
        logger,
        pbxProbeIntervalMs: 20,
        // The PBX behind a TCP proxy the test cuts and restores: down, then back at the same address.
        pbxUrl: async (target) => {
          proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(target.url).port) });
          cleanups.push(() => proxy!.close());
          return `http://127.0.0.1:${new URL(proxy.url).port}`;
        },
      },
    );
    await vi.waitFor(async () => expect((await probe(app)).status).toBe(200), { timeout: 10_000 });
    await vi.waitFor(() => expect(app.core.pbx.tokens.state().valid).toBe(true), { timeout: 10_000 });
    const logins = sim.stats.count('get_token');
    const probesBefore = sim.stats.count('system/information');

    proxy!.cut();
    await expect(
      app.core.summaries.lookup({ legId: SAMPLE_LEGS.docExample, side: 'callee' }),
    ).rejects.toThrow();
    expect(await probe(app)).toMatchObject({ status: 503, checks: { pbx: 'failing', pbx_token: 'ok' } });
    const refusedBefore = proxy!.refused;
    // More than a minute on, the PBX still down and asked meanwhile: still failing.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 61_000);
    await vi.waitFor(() => expect(proxy!.refused).toBeGreaterThanOrEqual(refusedBefore + 3), {
      timeout: 10_000,
    });
    expect(await probe(app)).toMatchObject({ status: 503, checks: { pbx: 'failing', pbx_token: 'ok' } });

    // Back: ready again with no request from anyone, through the probe.
    proxy!.restore();
    await vi.waitFor(
      async () => expect(await probe(app)).toMatchObject({ status: 200, checks: { pbx: 'ok' } }),
      { timeout: 10_000 },
    );
    expect(sim.stats.count('system/information')).toBeGreaterThan(probesBefore);
    expect(sim.stats.count('get_token')).toBe(logins);
    // One line per change of state, not one per probe.
    const lines = logger.lines.join('\n');
    expect(lines.match(/PBX failing/g)).toHaveLength(1);
    expect(lines.match(/PBX answering again/g)).toHaveLength(1);
  });
});

describe("the PBX's clock at start", () => {
  it('reads system/information once, with the token the bot takes anyway, and adopts the offset', async () => {
    const sim = await startPbxSimulator({ timeZone: 'Asia/Kolkata' });
    const slack = await startFakeSlackApi();
    const logger = createMemoryLogger('info');
    try {
      const config = loadConfig(botEnv(sim, slack), 'bot');
      const app = await startApp(config, { logger, botId: 'B', botUserId: 'U' });
      try {
        await vi.waitFor(() => expect(logger.lines.join('\n')).toContain("The PBX's clock is UTC+05:30"), {
          timeout: 10_000,
          interval: 20,
        });
        expect(sim.stats.count('system/information')).toBe(1);
        expect(sim.stats.count('get_token')).toBe(1);
      } finally {
        await app.stop();
      }
    } finally {
      await slack.close();
      await sim.close();
    }
  });
});
