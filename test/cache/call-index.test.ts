import { afterEach, describe, expect, it } from 'vitest';
import type { CacheBackend } from '../../src/cache/backend.js';
import { createCallIndex } from '../../src/cache/call-index.js';
import { createMemoryBackend } from '../../src/cache/memory.js';
import { createRedisBackend } from '../../src/cache/redis.js';
import { withResilience } from '../../src/cache/resilient.js';
import { keyPrefix } from '../../src/cache/typed.js';
import type { WallClock } from '../../src/use-case/model/leg-id.js';
import type { IndexedCall } from '../../src/use-case/ports.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { deleteRedisKeys, describeRedis, REDIS_URL, uniquePbxBaseUrl } from '../helpers/redis.js';

const at = (day: number, hour: number, minute = 0): WallClock => ({
  year: 2026,
  month: 5,
  day,
  hour,
  minute,
  second: 0,
});

const call = (
  legId: string,
  start: WallClock,
  caller: string,
  callee: string,
  more: Partial<IndexedCall> = {},
) =>
  ({
    legId,
    uid: '',
    start,
    caller,
    callee,
    callType: 'Inbound',
    talkSeconds: null,
    gist: '',
    summarySides: [],
    ...more,
  }) satisfies IndexedCall;

/** The same behaviour over each store the bot runs on. */
function suite(
  name: string,
  open: () => { backend: CacheBackend; prefix: string; cleanup(): Promise<void> },
) {
  describe(name, () => {
    const opened: { cleanup(): Promise<void> }[] = [];
    afterEach(async () => {
      for (const o of opened.splice(0)) await o.cleanup();
    });
    const setup = (clock = { now: Date.UTC(2026, 4, 14, 12) }) => {
      const store = open();
      opened.push(store);
      const resilient = withResilience(store.backend, {
        logger: createMemoryLogger('error'),
        opTimeoutMs: 1000,
        probeIntervalMs: 60_000,
      });
      const replica = () => createCallIndex(resilient, { prefix: store.prefix, now: () => clock.now });
      return { index: replica(), replica, clock };
    };

    it("answers a party's calls in a window, newest first, whichever way the PBX writes the number", async () => {
      const { index } = setup();
      await index.record(call('20260514090000-AAAA1', at(14, 9), '+14155550123', '3202'));
      await index.record(
        call('20260514100000-AAAA2', at(14, 10), '3202', '4155550123', { callType: 'Outbound' }),
      );
      await index.record(call('20260514110000-AAAA3', at(14, 11), '14155559999', '3203'));
      await index.record(call('20260510110000-AAAA4', at(10, 11), '3203', '3202', { callType: 'Internal' }));
      // Another number ending in the same digits is filed beside it, and told apart on the way out.
      await index.record(call('20260514120000-AAAA5', at(14, 12), '+442075550123', '3204'));

      const number = await index.callsOf('+1 415 555 0123', at(13, 0), at(14, 23));
      expect(number?.map((c) => c.legId)).toEqual(['20260514100000-AAAA2', '20260514090000-AAAA1']);
      const extension = await index.callsOf('3202', at(1, 0), at(14, 23));
      expect(extension?.map((c) => c.legId)).toEqual([
        '20260514100000-AAAA2',
        '20260514090000-AAAA1',
        '20260510110000-AAAA4',
      ]);
      expect(await index.callsOf('3202', at(14, 9, 30), at(14, 23))).toHaveLength(1);
      expect(await index.callsOf('9999', at(1, 0), at(14, 23))).toEqual([]);
      // Five calls, each counted once however often it is recorded (the metrics gauge reads this).
      expect(await index.size()).toBe(5);
    });

    it('completes a call from its later events (the summary adds the gist and its side) and finds it by uid', async () => {
      const { index } = setup();
      await index.record(
        call('20260514090000-BBBB1', at(14, 9), '+14155550123', '3202', {
          uid: '2026051409000012345',
          talkSeconds: 95,
        }),
      );
      await index.record(
        call('20260514090000-BBBB1', at(14, 9), '+14155550123', '3202', {
          gist: 'Invoice 42 resent',
          summarySides: ['callee'],
        }),
      );
      const [found] = (await index.callsOf('3202', at(14, 0), at(14, 23))) ?? [];
      expect(found).toMatchObject({
        uid: '2026051409000012345',
        talkSeconds: 95,
        gist: 'Invoice 42 resent',
        summarySides: ['callee'],
      });
      expect((await index.byUid('2026051409000012345'))?.legId).toBe('20260514090000-BBBB1');
      expect((await index.byLeg('20260514090000-BBBB1'))?.gist).toBe('Invoice 42 resent');
      expect(await index.byUid('0000000000000000000')).toBeUndefined();
    });

    it('is complete from when the feed came up, across replicas, and not after a lost connection', async () => {
      const { replica, clock } = setup();
      const one = replica();
      const two = replica();
      expect(await one.completeSince()).toBeUndefined();
      const firstUp = clock.now;
      await one.feedUp();
      expect(await one.completeSince()).toBe(firstUp);
      clock.now += 10_000;
      await two.feedUp();
      // A second replica joining a live feed keeps the span.
      expect(await two.completeSince()).toBe(firstUp);
      // One replica stopping while another feeds keeps it too; its restart joins the live span.
      await one.feedStopped();
      expect(await one.completeSince()).toBeUndefined();
      clock.now += 10_000;
      await one.feedUp();
      expect(await one.completeSince()).toBe(firstUp);
      // A lost connection may have missed events: the span starts again at the next feed.
      await two.feedLost();
      expect(await two.completeSince()).toBeUndefined();
      clock.now += 10_000;
      await two.feedUp();
      expect(await two.completeSince()).toBe(clock.now);
    });

    it('starts a new span when every feeder stopped, or one lapsed without a word', async () => {
      const { replica, clock } = setup();
      const one = replica();
      await one.feedUp();
      await one.feedStopped();
      clock.now += 5_000;
      const restarted = replica();
      await restarted.feedUp();
      expect(await restarted.completeSince()).toBe(clock.now);
      // This one dies without stopping: after its heartbeat lapses, a newcomer starts a new span.
      clock.now += 10 * 60_000;
      const newcomer = replica();
      await newcomer.feedUp();
      expect(await newcomer.completeSince()).toBe(clock.now);
    });
  });
}

suite('call index in memory', () => ({
  backend: createMemoryBackend(),
  prefix: keyPrefix('https://pbx.example'),
  cleanup: async () => undefined,
}));

describeRedis('call index in Redis', () => {
  suite('shared by replicas', () => {
    const prefix = keyPrefix(uniquePbxBaseUrl());
    const backend = createRedisBackend({ url: REDIS_URL, connectTimeoutMs: 1000, onError: () => undefined });
    return {
      backend,
      prefix,
      cleanup: async () => {
        await deleteRedisKeys(prefix);
        await backend.close();
      },
    };
  });
});

describe('call index with its store down', () => {
  it('says it does not know rather than that there are no calls, and is not complete', async () => {
    const backend = createMemoryBackend();
    const failing: CacheBackend = {
      ...backend,
      members: async () => Promise.reject(new Error('down')),
      addMember: async () => Promise.reject(new Error('down')),
    };
    const store = withResilience(failing, {
      logger: createMemoryLogger('error'),
      opTimeoutMs: 100,
      probeIntervalMs: 60_000,
    });
    const index = createCallIndex(store, { prefix: 'p' });
    expect(await index.callsOf('3202', at(1, 0), at(14, 0))).toBeUndefined();
    await index.feedUp();
    expect(await index.completeSince()).toBeUndefined();
  });
});
