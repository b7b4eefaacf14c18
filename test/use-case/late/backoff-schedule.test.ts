import { describe, expect, it } from 'vitest';
import { checkDelayMs, WATCH_TTL_MS } from '../../../src/use-case/late/backoff.js';
import { summaryDigest } from '../../../src/use-case/late/digest.js';

describe('the back-off schedule', () => {
  it('waits 1, 2, 4, 8, 16 minutes, then 30 for good', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 40].map((step) => checkDelayMs(step) / 60_000)).toEqual([
      1, 2, 4, 8, 16, 30, 30, 30,
    ]);
  });

  it('checks one watched (leg, side) at most 51 times in a watch’s 24 hours', () => {
    let at = 0;
    let checks = 0;
    for (let step = 0; at + checkDelayMs(step) <= WATCH_TTL_MS; step++) {
      at += checkDelayMs(step);
      checks++;
    }
    expect(checks).toBe(51);
  });
});

describe('summary digests', () => {
  it('are equal for the same HTML and differ for another', () => {
    expect(summaryDigest({ html: '<p>a</p>' })).toBe(summaryDigest({ html: '<p>a</p>' }));
    expect(summaryDigest({ html: '<p>a</p>' })).not.toBe(summaryDigest({ html: '<p>b</p>' }));
    expect(summaryDigest({ html: '' })).toMatch(/^[0-9a-f]{16}$/);
  });
});
