import { describe, expect, it } from 'vitest';
import { createAfterAcks } from '../../../src/slack/server/after-acks.js';

describe('createAfterAcks', () => {
  it('resumes waiters first come, first served, one per event-loop turn', async () => {
    const afterAcks = createAfterAcks();
    const order: string[] = [];
    const waiters = ['a', 'b', 'c'].map((name) => afterAcks().then(() => order.push(name)));
    // Work queued after the first waiter's turn runs before the second waiter resumes.
    setImmediate(() => order.push('between'));
    await Promise.all(waiters);
    expect(order[0]).toBe('a');
    expect(order.filter((x) => x !== 'between')).toEqual(['a', 'b', 'c']);
    expect(order.indexOf('between')).toBeLessThan(order.indexOf('c'));
  });

  it('keeps each queue to itself: two bots in one process do not share one', async () => {
    const first = createAfterAcks();
    const second = createAfterAcks();
    const order: string[] = [];
    await Promise.all([
      first().then(() => order.push('first a')),
      first().then(() => order.push('first b')),
      second().then(() => order.push('second a')),
    ]);
    // Each queue hands out one turn at a time, so the second's first waiter does not wait behind both
    // of the first's.
    expect(order.indexOf('second a')).toBeLessThan(order.indexOf('first b'));
  });
});
