import { afterEach } from 'vitest';
import {
  type PbxSimulator,
  type PbxSimulatorOptions,
  SIM_CLIENT_ID,
  SIM_CLIENT_SECRET,
  sampleData,
  startPbxSimulator,
} from '../../src/demo/pbx-simulator/index.js';
import type { PbxConfig } from '../../src/yeastar/client.js';
import { createPbxClient, type PbxClient, type PbxClientDeps } from '../../src/yeastar/client.js';
import { createMemoryLogger } from './memory-logger.js';

/** A simulator with the sample data and a client against it, sharing one controllable clock. */
export async function simAndClient(
  options: PbxSimulatorOptions = {},
  config: Partial<PbxConfig> = {},
  deps: Partial<PbxClientDeps> = {},
): Promise<{
  sim: PbxSimulator;
  client: PbxClient;
  clock: { now: number };
  logger: ReturnType<typeof createMemoryLogger>;
  close(): Promise<void>;
}> {
  const clock = { now: Date.UTC(2026, 4, 14, 12, 0, 0) };
  const sim = await startPbxSimulator({ ...sampleData(), now: () => clock.now, ...options });
  const logger = createMemoryLogger('debug');
  const client = createPbxClient(
    {
      baseUrl: sim.url,
      clientId: SIM_CLIENT_ID,
      clientSecret: SIM_CLIENT_SECRET,
      caFile: undefined,
      timeoutMs: 2000,
      maxRetries: 2,
      loginCooldownMs: 300_000,
      timeFormat: 'YYYY/MM/DD HH:mm:ss',
      exportWindowMinutes: 30,
      ...config,
    },
    { logger, now: () => clock.now, sleep: async () => undefined, ...deps },
  );
  return {
    sim,
    client,
    clock,
    logger,
    close: async () => {
      await client.close({ revoke: false });
      await sim.close();
    },
  };
}

/** `simAndClient` for one test file: each one started is closed after the test that started it. */
export function simAndClientPerTest(): typeof simAndClient {
  const started: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((close) => close()));
  });
  return async (...args) => {
    const env = await simAndClient(...args);
    started.push(env.close);
    return env;
  };
}
