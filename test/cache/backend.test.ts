import { describe, expect, it } from 'vitest';
import { createMemoryBackend, MEMORY_SWEEP_INTERVAL_MS } from '../../src/cache/memory.js';

describe('memory backend', () => {
  it('drops expired values, claims and tallies that nobody reads again', async () => {
    let clock = 1_000_000;
    const backend = createMemoryBackend({ now: () => clock });
    for (let i = 0; i < 50; i++) {
      await backend.set(`value:${i}`, { i }, 1000);
      await backend.setIfAbsent(`claim:${i}`, 'owner', 1000);
      await backend.bumpTally(`tally:${i}`, 1, clock + 1000, 1000);
    }
    expect(backend.size()).toBe(150);

    // Long after every TTL, one more write: only the live key is left.
    clock += MEMORY_SWEEP_INTERVAL_MS + 1000;
    await backend.set('fresh', 'x', 60_000);
    expect(backend.size()).toBe(1);
    expect(await backend.get('fresh')).toBe('x');
    await backend.close();
  });

  it('keeps values that are still live, and a key re-set with a later TTL', async () => {
    let clock = 1_000_000;
    const backend = createMemoryBackend({ now: () => clock });
    await backend.set('short', 1, 1000);
    await backend.set('long', 2, 10 * MEMORY_SWEEP_INTERVAL_MS);
    await backend.set('renewed', 3, 1000);
    await backend.set('renewed', 4, 10 * MEMORY_SWEEP_INTERVAL_MS);
    expect(await backend.setIfAbsent('held', 'owner', 10 * MEMORY_SWEEP_INTERVAL_MS)).toBe(true);

    clock += MEMORY_SWEEP_INTERVAL_MS + 1000;
    await backend.set('trigger', 5, 1000);
    expect(backend.size()).toBe(4);
    expect(await backend.get('long')).toBe(2);
    expect(await backend.get('renewed')).toBe(4);
    expect(await backend.setIfAbsent('held', 'other', 1000)).toBe(false);
    await backend.close();
  });
});
