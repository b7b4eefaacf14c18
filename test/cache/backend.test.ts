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

describe('memory backend ceiling (CACHE_MAX_ENTRIES, CACHE_MAX_MB)', () => {
  it('forgets the least recently used values beyond the entry ceiling', async () => {
    const backend = createMemoryBackend({ limits: { maxEntries: 3 } });
    for (const key of ['a', 'b', 'c']) await backend.set(key, key, 60_000);
    expect(await backend.get('a')).toBe('a'); // now the most recently used
    await backend.set('d', 'd', 60_000);
    expect(await backend.get('b')).toBeUndefined();
    expect([await backend.get('a'), await backend.get('c'), await backend.get('d')]).toEqual(['a', 'c', 'd']);
    expect(backend.size()).toBe(3);
    await backend.close();
  });

  it('keeps the estimated bytes under the byte ceiling, and never keeps a value larger than all of it', async () => {
    const maxBytes = 10_000;
    const backend = createMemoryBackend({ limits: { maxBytes } });
    for (let i = 0; i < 100; i++) await backend.set(`summary:${i}`, 'x'.repeat(1000), 60_000);
    expect(backend.bytes()).toBeLessThanOrEqual(maxBytes);
    expect(await backend.get('summary:99')).toBe('x'.repeat(1000));
    expect(await backend.get('summary:0')).toBeUndefined();
    await backend.set('huge', 'y'.repeat(20_000), 60_000);
    expect(await backend.get('huge')).toBeUndefined();
    expect(await backend.get('summary:99')).toBe('x'.repeat(1000));
    await backend.close();
  });

  it('never evicts a claim or a tally (a lost claim would post a summary twice)', async () => {
    const backend = createMemoryBackend({ limits: { maxEntries: 2 } });
    expect(await backend.setIfAbsent('claim:posted:leg-1:caller', 'owner', 60_000)).toBe(true);
    await backend.bumpTally('login:abc', 1, Date.now() + 1000, 60_000);
    for (let i = 0; i < 10; i++) await backend.set(`leg:${i}`, { i }, 60_000);
    expect(await backend.setIfAbsent('claim:posted:leg-1:caller', 'other', 60_000)).toBe(false);
    expect((await backend.getTally('login:abc'))?.count).toBe(1);
    await backend.close();
  });
});

describe('memory backend clock', () => {
  it('expires values by its own clock (tests inject one), not only by Date.now', async () => {
    let clock = 1_000_000;
    const backend = createMemoryBackend({ now: () => clock });
    await backend.set('no-summary', true, 60_000);
    expect(await backend.get('no-summary')).toBe(true);
    clock += 60_001;
    expect(await backend.get('no-summary')).toBeUndefined();
    expect(backend.size()).toBe(0);
    await backend.close();
  });
});
