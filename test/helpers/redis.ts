import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import { describe } from 'vitest';

/** Where the tests' Redis lives; CI sets CALLSUMMARY_REQUIRE_REDIS=1 so its absence fails there. */
export const REDIS_HOST = '127.0.0.1';
export const REDIS_PORT = 6379;
export const REDIS_URL = `redis://${REDIS_HOST}:${REDIS_PORT}`;

/** True when something at 127.0.0.1:6379 answers PING with PONG within `timeoutMs`. */
export function redisAvailable(timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.connect(REDIS_PORT, REDIS_HOST, () => socket.write('PING\r\n'));
  });
}

const available = await redisAvailable();
const required = process.env.CALLSUMMARY_REQUIRE_REDIS === '1';

/**
 * `describe` for tests that need Redis: runs when it answers; otherwise skips with a message, or,
 * with CALLSUMMARY_REQUIRE_REDIS=1 (CI), fails.
 */
export function describeRedis(name: string, body: () => void): void {
  if (available) {
    describe(name, body);
    return;
  }
  if (required) {
    describe(name, () => {
      throw new Error(`Redis is required (CALLSUMMARY_REQUIRE_REDIS=1) but ${REDIS_URL} does not answer`);
    });
    return;
  }
  process.stderr.write(
    `skipping "${name}": no Redis at ${REDIS_URL} (start one, or set CALLSUMMARY_REQUIRE_REDIS=1 to fail)\n`,
  );
  describe.skip(name, body);
}

/** A random base URL per test, so key namespaces (digest of the PBX URL) never collide between files. */
export function uniquePbxBaseUrl(): string {
  return `https://pbx-${randomBytes(6).toString('hex')}.test`;
}

/** Deletes every key under `prefix` (a test's namespace), through its own short-lived connection. */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const { createClient } = await import('@keyv/redis');
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) keys.push(...batch);
    if (keys.length > 0) await client.del(keys);
  } finally {
    client.destroy();
  }
}
