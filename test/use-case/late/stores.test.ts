import { describe, expect, it } from 'vitest';
import { createLateStores } from '../../../src/cache/late-stores.js';
import { createMemoryBackend } from '../../../src/cache/memory.js';
import { withResilience } from '../../../src/cache/resilient.js';
import type { Watch } from '../../../src/use-case/ports.js';
import { createMemoryLogger } from '../../helpers/memory-logger.js';

const DAY = 24 * 3600 * 1000;

function stores(now: () => number) {
  const logger = createMemoryLogger();
  const backend = withResilience(createMemoryBackend({ now }), {
    logger,
    opTimeoutMs: 1000,
    probeIntervalMs: 1000,
  });
  return createLateStores(backend, { prefix: 'test', now });
}

function watch(user: string, leg: string, at: number): Watch {
  return {
    id: `${user}|${leg}|callee`,
    legId: leg,
    side: 'callee',
    userId: user,
    channelId: 'C1',
    responseUrl: undefined,
    createdAt: at,
    expiresAt: at + DAY,
  };
}

const leg = (n: number) => `20261129021814-${String(n).padStart(5, '0')}`;

describe('watches in the cache', () => {
  it('keeps the per-person and overall limits, and forgets expired watches, which frees room', async () => {
    let clock = 1_000_000;
    const s = stores(() => clock);
    const limits = { perPerson: 2, total: 3 };
    expect(await s.addWatch(watch('U1', leg(1), clock), limits)).toBe('added');
    expect(await s.addWatch(watch('U1', leg(1), clock), limits)).toBe('already');
    expect(await s.addWatch(watch('U1', leg(2), clock), limits)).toBe('added');
    expect(await s.addWatch(watch('U1', leg(3), clock), limits)).toBe('person_full');
    expect(await s.addWatch(watch('U2', leg(1), clock), limits)).toBe('added');
    expect(await s.addWatch(watch('U3', leg(1), clock), limits)).toBe('all_full');
    expect((await s.watchesOf(leg(1), 'callee')).map((w) => w.userId).sort()).toEqual(['U1', 'U2']);
    expect(await s.watchCount('U1')).toBe(2);

    // A day later every watch has expired: none is listed, and there is room again.
    clock += DAY + 1;
    expect(await s.watchesOf(leg(1), 'callee')).toEqual([]);
    expect(await s.watchCount('U1')).toBe(0);
    expect(await s.addWatch(watch('U3', leg(4), clock), limits)).toBe('added');
    expect(await s.addWatch(watch('U1', leg(5), clock), limits)).toBe('added');
  });

  it('a removed watch frees its place and is no longer listed', async () => {
    const clock = 5_000_000;
    const s = stores(() => clock);
    const limits = { perPerson: 1, total: 10 };
    const w = watch('U1', leg(1), clock);
    expect(await s.addWatch(w, limits)).toBe('added');
    expect(await s.addWatch(watch('U1', leg(2), clock), limits)).toBe('person_full');
    await s.removeWatch(w);
    expect(await s.watchesOf(leg(1), 'callee')).toEqual([]);
    expect(await s.addWatch(watch('U1', leg(2), clock), limits)).toBe('added');
  });
});

describe('posted copies in the cache', () => {
  it('lists the copies of one (leg, side) until their time is up, and forgets one on request', async () => {
    let clock = 1_000_000;
    const s = stores(() => clock);
    const week = 7 * DAY;
    await s.rememberCopy(leg(1), 'callee', { channel: 'C1', ts: '1.1', kind: 'post', digest: 'aa' }, week);
    await s.rememberCopy(
      leg(1),
      'callee',
      { channel: 'D1', ts: '2.2', kind: 'notify', userId: 'U1', digest: 'aa' },
      week,
    );
    await s.rememberCopy(leg(1), 'caller', { channel: 'C1', ts: '3.3', kind: 'post', digest: 'bb' }, week);
    expect((await s.copiesOf(leg(1), 'callee')).map((c) => c.ts).sort()).toEqual(['1.1', '2.2']);
    // Remembered again with the new digest: still one copy.
    await s.rememberCopy(leg(1), 'callee', { channel: 'C1', ts: '1.1', kind: 'post', digest: 'cc' }, week);
    expect((await s.copiesOf(leg(1), 'callee')).find((c) => c.ts === '1.1')?.digest).toBe('cc');
    await s.forgetCopy(leg(1), 'callee', { channel: 'D1', ts: '2.2' });
    expect((await s.copiesOf(leg(1), 'callee')).map((c) => c.ts)).toEqual(['1.1']);
    clock += week + 1;
    expect(await s.copiesOf(leg(1), 'callee')).toEqual([]);
  });
});
