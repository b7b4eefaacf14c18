import { afterEach, expect, it, vi } from 'vitest';
import type { CacheBackend } from '../../src/cache/backend.js';
import { createMemoryBackend } from '../../src/cache/memory.js';
import { withResilience } from '../../src/cache/resilient.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A backend whose store can hang (a dead connection that never answers) and come back. */
function switchable(): CacheBackend & { down: boolean } {
  const inner = createMemoryBackend();
  const state = { down: false };
  const gate =
    <A extends unknown[], R>(op: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      state.down ? new Promise<R>(() => undefined) : op(...args);
  return Object.assign(state, {
    kind: 'memory' as const,
    get: gate(inner.get),
    set: gate(inner.set),
    delete: gate(inner.delete),
    has: gate(inner.has),
    setIfAbsent: gate(inner.setIfAbsent),
    deleteIfEquals: gate(inner.deleteIfEquals),
    deleteIf: gate(inner.deleteIf),
    getTally: gate(inner.getTally),
    bumpTally: gate(inner.bumpTally),
    addMember: gate(inner.addMember),
    removeMember: gate(inner.removeMember),
    members: gate(inner.members),
    countMembers: gate(inner.countMembers),
    ping: gate(inner.ping),
    close: inner.close,
  });
}

it('bounds a hanging store, warns once per outage, skips it while down and resumes after a probe', async () => {
  // setImmediate stays real: a bound that runs out looks once more, after I/O, before it gives up.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  const logger = createMemoryLogger();
  const backend = switchable();
  const cache = withResilience(backend, { logger, opTimeoutMs: 300, probeIntervalMs: 1000 });
  await cache.set('k', 'v', 60_000);

  backend.down = true;
  const pending = cache.get('k');
  await vi.advanceTimersByTimeAsync(300);
  await expect(pending).resolves.toBeUndefined(); // a miss, not a hang
  expect(cache.healthy()).toBe(false);
  // While open, operations do not touch the store at all: they answer at once.
  await expect(cache.get('k')).resolves.toBeUndefined();
  await expect(cache.setIfAbsent('claim', 'me', 1000)).resolves.toBe(true);
  await cache.set('k2', 'v2', 60_000);
  await vi.advanceTimersByTimeAsync(5000); // probes time out while the store is still down
  expect(logger.lines.filter((line) => line.includes('WARN'))).toHaveLength(1);

  backend.down = false;
  await vi.advanceTimersByTimeAsync(1000);
  expect(cache.healthy()).toBe(true);
  await expect(cache.get('k')).resolves.toBe('v');
  expect(logger.lines.filter((line) => line.includes('caching resumed'))).toHaveLength(1);
  await cache.close();
});

it('treats a store error as an outage, not a failure of the request', async () => {
  const logger = createMemoryLogger();
  const failing: CacheBackend = {
    ...createMemoryBackend(),
    get: async () => {
      throw new Error('connection reset');
    },
  };
  const cache = withResilience(failing, { logger, opTimeoutMs: 300, probeIntervalMs: 60_000 });
  await expect(cache.get('k')).resolves.toBeUndefined();
  expect(logger.lines.some((line) => line.includes('connection reset'))).toBe(true);
  await cache.close();
});
