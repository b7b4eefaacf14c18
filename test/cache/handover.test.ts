import { afterEach, beforeEach, expect, it } from 'vitest';
import type { CacheConfig } from '../../src/cache/index.js';
import { type Cache, createCache } from '../../src/cache/index.js';
import { CACHE_LIMIT_DEFAULTS } from '../../src/cache/memory.js';
import { keyPrefix } from '../../src/cache/typed.js';
import { callSummary } from '../helpers/call-summary.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { deleteRedisKeys, describeRedis, REDIS_URL, uniquePbxBaseUrl } from '../helpers/redis.js';

/** Posts handed over at shutdown (src/cache/handover.ts): each taken by exactly one replica. */

const ttlSeconds = { summary: 1800, noSummary: 60, extension: 3600, leg: 86_400 };
const summaries = Array.from({ length: 12 }, (_, i) =>
  callSummary({ legId: `20260513223234-${(0xb0000 + i).toString(16).toUpperCase()}`, side: 'callee' }),
);

function open(url: string | undefined, pbxBaseUrl: string): Promise<Cache> {
  const config: CacheConfig = { url, ttlSeconds, ...CACHE_LIMIT_DEFAULTS };
  return createCache(config, { logger: createMemoryLogger(), pbxBaseUrl, opTimeoutMs: 2000 });
}

it('in memory, nothing is handed over (no other replica could take it)', async () => {
  const cache = await open(undefined, uniquePbxBaseUrl());
  try {
    expect(cache.handover.shared).toBe(false);
    expect(await cache.handover.give(summaries[0]!)).toBe(false);
    expect(await cache.handover.take(10)).toEqual([]);
  } finally {
    await cache.close();
  }
});

describeRedis('hand-over through Redis', () => {
  let baseUrl: string;
  const opened: Cache[] = [];
  beforeEach(() => {
    baseUrl = uniquePbxBaseUrl();
  });
  afterEach(async () => {
    for (const cache of opened.splice(0)) await cache.close();
    await deleteRedisKeys(keyPrefix(baseUrl));
  });

  it('gives each summary, whole, to exactly one of three replicas taking at once', async () => {
    const [giver, ...takers] = await Promise.all(Array.from({ length: 4 }, () => open(REDIS_URL, baseUrl)));
    opened.push(giver!, ...takers);
    for (const summary of summaries) expect(await giver!.handover.give(summary)).toBe(true);
    const taken = (await Promise.all(takers.map((cache) => cache.handover.take(5)))).flat();
    const rest = await takers[0]!.handover.take(50);
    const all = [...taken, ...rest];
    expect(all.map((s) => s.legId).sort()).toEqual(summaries.map((s) => s.legId).sort());
    expect(all.find((s) => s.legId === summaries[3]!.legId)).toEqual(summaries[3]);
    expect(await takers[1]!.handover.take(50)).toEqual([]);
  });

  it('keeps two PBXs sharing one Redis apart', async () => {
    const other = uniquePbxBaseUrl();
    const mine = await open(REDIS_URL, baseUrl);
    const theirs = await open(REDIS_URL, other);
    opened.push(mine, theirs);
    try {
      await mine.handover.give(summaries[0]!);
      expect(await theirs.handover.take(10)).toEqual([]);
      expect(await mine.handover.take(10)).toHaveLength(1);
    } finally {
      await deleteRedisKeys(keyPrefix(other));
    }
  });
});
