import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallSummaryError } from '../../../src/shared/errors.js';
import {
  createDirectory,
  createExtensionDirectory,
  DIRECTORY_RETRY_MS,
} from '../../../src/use-case/finding/directory.js';
import type { ExtensionRecord } from '../../../src/use-case/ports.js';
import { createMemoryLogger } from '../../helpers/memory-logger.js';

const LEO: ExtensionRecord = { id: 42, number: '3202', name: 'Leo Ball', email: 'Leo.Ball@example.com' };
const KRISTIN: ExtensionRecord = {
  id: 57,
  number: '3203',
  name: 'Kristin Hale',
  email: 'kristin.hale@example.com',
};
const ZERO: ExtensionRecord = { id: 8, number: '0100', name: 'Leading zero', email: '' };

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 4, 14, 12) });
});
afterEach(() => {
  vi.useRealTimers();
});

function harness(records: ExtensionRecord[][]) {
  const loads = { count: 0 };
  const searches: string[] = [];
  const logger = createMemoryLogger();
  let fail: Error | undefined;
  const directory = createExtensionDirectory({
    load: async () => {
      loads.count += 1;
      if (fail) throw fail;
      return records[Math.min(loads.count - 1, records.length - 1)] ?? [];
    },
    search: async (number) => {
      searches.push(number);
      return number === '3299' ? 99 : undefined;
    },
    refreshSeconds: 3600,
    logger,
  });
  return {
    directory,
    loads,
    searches,
    logger,
    failWith: (error: Error | undefined) => {
      fail = error;
    },
  };
}

describe('the extension directory', () => {
  it('finds extensions by exact number and by email, any case', () => {
    const directory = createDirectory([KRISTIN, LEO, ZERO], 0);
    expect(directory.size).toBe(3);
    expect(directory.byNumber('3202')).toBe(LEO);
    expect(directory.byNumber('100')).toBeUndefined();
    expect(directory.byNumber('0100')).toBe(ZERO);
    expect(directory.byEmail(' leo.ball@EXAMPLE.com')).toBe(LEO);
    expect(directory.byEmail('')).toBeUndefined();
  });

  it('gives the lowest-numbered extension when several share an email', () => {
    const shared = { id: 70, number: '3290', name: 'Leo (desk 2)', email: 'leo.ball@example.com' };
    expect(createDirectory([shared, LEO], 0).byEmail('leo.ball@example.com')).toBe(LEO);
  });

  it('loads in the background at start and answers number → id without asking the PBX again', async () => {
    const { directory, loads, searches } = harness([[LEO, KRISTIN]]);
    directory.start();
    expect(await directory.findExtensionId('3203')).toBe(57);
    expect(await directory.findExtensionId('3202')).toBe(42);
    expect(loads.count).toBe(1);
    expect(searches).toEqual([]);
    directory.stop();
  });

  it('refreshes every CACHE_TTL_EXTENSION_SECONDS in the background', async () => {
    const { directory, loads } = harness([[LEO], [LEO, KRISTIN]]);
    directory.start();
    await directory.current();
    expect((await directory.current())?.byNumber('3203')).toBeUndefined();
    await vi.advanceTimersByTimeAsync(3600 * 1000);
    expect(loads.count).toBe(2);
    expect((await directory.current())?.byNumber('3203')).toBe(KRISTIN);
    directory.stop();
    await vi.advanceTimersByTimeAsync(3600 * 1000);
    expect(loads.count).toBe(2);
  });

  it('falls back to the extension search on a miss, and brings the next refresh forward', async () => {
    const { directory, loads, searches } = harness([[LEO], [LEO, { ...KRISTIN, number: '3299', id: 99 }]]);
    directory.start();
    await directory.current();
    // Just loaded: a miss asks the search but does not reload at once.
    expect(await directory.findExtensionId('3299')).toBe(99);
    expect(loads.count).toBe(1);
    await vi.advanceTimersByTimeAsync(61_000);
    expect(await directory.findExtensionId('3299')).toBe(99);
    expect(searches).toEqual(['3299', '3299']);
    await vi.advanceTimersByTimeAsync(0);
    expect(loads.count).toBe(2);
    expect(await directory.findExtensionId('3299')).toBe(99);
    expect(searches).toHaveLength(2);
    // A number that is nowhere: searched, undefined.
    expect(await directory.findExtensionId('+14155550123')).toBeUndefined();
    directory.stop();
  });

  it('keeps working on the search when the PBX list fails, says so once, and tries again a minute later', async () => {
    const { directory, loads, searches, logger, failWith } = harness([[LEO]]);
    failWith(new CallSummaryError('pbx_timeout', { what: 'extension_list', timeoutMs: 10_000 }));
    directory.start();
    expect(await directory.findExtensionId('3202')).toBeUndefined();
    expect(searches).toEqual(['3202']);
    expect(directory.status()).toMatchObject({ state: 'failed', size: 0 });
    expect(directory.status().lastError).toContain('did not answer the extension list');
    await directory.current();
    expect(loads.count).toBe(1);
    failWith(undefined);
    await vi.advanceTimersByTimeAsync(DIRECTORY_RETRY_MS);
    expect(await directory.findExtensionId('3202')).toBe(42);
    expect(loads.count).toBe(2);
    expect(logger.lines.filter((l) => l.includes('could not be read'))).toHaveLength(1);
    expect(directory.status()).toMatchObject({ state: 'loaded', size: 1, lastError: undefined });
  });

  it('loads on first use when it was never started (the CLI)', async () => {
    const { directory, loads } = harness([[LEO]]);
    expect(directory.status().state).toBe('loading');
    const [a, b] = await Promise.all([directory.current(), directory.current()]);
    expect(a).toBe(b);
    expect(loads.count).toBe(1);
  });

  it('knows the queues and ring groups, and still loads the extensions when their lists fail', async () => {
    const groups = [{ kind: 'queue', id: 1, number: '6400', name: 'Support Queue' }] as const;
    const logger = createMemoryLogger();
    const withGroups = createExtensionDirectory({
      load: async () => [LEO],
      loadGroups: async () => [...groups],
      search: async () => undefined,
      refreshSeconds: 3600,
      logger,
    });
    const loaded = await withGroups.current();
    expect(loaded?.groupByNumber('6400')).toMatchObject({ kind: 'queue', name: 'Support Queue' });
    expect(loaded?.groupByNumber('3202')).toBeUndefined();
    const failing = createExtensionDirectory({
      load: async () => [LEO],
      loadGroups: async () => Promise.reject(new Error('10005 ACCESS DENIED')),
      search: async () => undefined,
      refreshSeconds: 3600,
      logger,
    });
    const partial = await failing.current();
    expect(partial?.byNumber('3202')?.name).toBe('Leo Ball');
    expect(partial?.groupByNumber('6400')).toBeUndefined();
  });
});
