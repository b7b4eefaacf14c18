import { describe, expect, it } from 'vitest';
import { startApp } from '../src/app.js';
import { keyPrefix } from '../src/cache/typed.js';
import { loadConfig } from '../src/config.js';
import { startFakeSlackApi } from '../src/local-slack/index.js';
import { startPbxSimulator } from '../src/simulator/index.js';
import { botEnv } from './helpers/env.js';
import { createMemoryLogger } from './helpers/memory-logger.js';
import { deleteRedisKeys, describeRedis, REDIS_URL } from './helpers/redis.js';

/** Starts the bot against the simulator, makes it take a token (/readyz), stops it; counts del_token. */
async function revocationsOnStop(env: Record<string, string> = {}): Promise<number> {
  const sim = await startPbxSimulator();
  const slack = await startFakeSlackApi();
  try {
    const config = loadConfig(botEnv(sim, slack, env), 'bot');
    const app = await startApp(config, { logger: createMemoryLogger('warn'), botId: 'B', botUserId: 'U' });
    const ready = await fetch(`http://127.0.0.1:${app.port}/readyz`);
    expect(ready.status).toBe(200);
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
