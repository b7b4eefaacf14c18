import { describe, expect, it } from 'vitest';
import { ENGLISH } from '../../../src/shared/i18n/index.js';
import { renderCallList } from '../../../src/slack/views/call-list.js';
import { ACTION_IDS } from '../../../src/slack/views/values.js';
import { CALLS_PAGE_SIZE, createCallLists } from '../../../src/use-case/finding/call-lists.js';
import { parseLegId } from '../../../src/use-case/model/leg-id.js';
import type { CachedCallList, ExportedCall, ReadThrough } from '../../../src/use-case/ports.js';
import { createMemoryLogger } from '../../helpers/memory-logger.js';

/**
 * Paging a list: **Older** is offered exactly when an older call exists. A list of 10, 20 or 30
 * calls ends on a full page, and that page offers no Older (it would open an empty page).
 */
const NOW = Date.UTC(2026, 4, 20, 12, 0, 0);

function rows(count: number): ExportedCall[] {
  return Array.from({ length: count }, (_, i) => {
    const start = new Date(NOW - (i + 1) * 3_600_000);
    const p = (n: number) => String(n).padStart(2, '0');
    const id = `${start.getUTCFullYear()}${p(start.getUTCMonth() + 1)}${p(start.getUTCDate())}${p(start.getUTCHours())}${p(start.getUTCMinutes())}00-${(0xa0000 + i).toString(16).toUpperCase()}`;
    return {
      leg: parseLegId(id),
      callFrom: '+14155550123',
      callTo: '3202',
      callFromName: '',
      callToName: '',
      callType: 'Inbound',
      durationSeconds: 60,
      uid: '',
      summaryHtml: `<p>Summary</p><ul><li>Call ${i}</li></ul>`,
    };
  });
}

function lists(count: number) {
  const kept = new Map<string, CachedCallList>();
  const cache: ReadThrough<string, CachedCallList> = {
    getOrLoad: async (key, load) => {
      const hit = kept.get(key);
      if (hit) return hit;
      const value = await load();
      kept.set(key, value);
      return value;
    },
    get: async (key) => kept.get(key),
    set: async (key, value) => {
      kept.set(key, value);
    },
  };
  return createCallLists({
    exportCalls: async () => rows(count),
    directory: async () => undefined,
    legs: { set: async () => undefined },
    cache,
    timeZone: 'UTC',
    gist: (html) => html.replace(/<[^>]+>/g, ' ').trim(),
    logger: createMemoryLogger('error'),
    now: () => NOW,
  });
}

const request = (page: number) => ({
  party: { kind: 'extension', extension: '3202' } as const,
  period: { hours: 168, label: '7d' },
  page,
  at: NOW,
});

describe('paging a list of calls', () => {
  it.each([1, 9, 10, 11, 19, 20, 21, 30])(
    'a list of %i calls offers Older exactly while older calls exist',
    async (count) => {
      const callLists = lists(count);
      const pages = Math.ceil(count / CALLS_PAGE_SIZE);
      for (let page = 0; page < pages; page++) {
        const listed = await callLists.list(request(page));
        expect(listed.total).toBe(count);
        expect(listed.calls.length).toBe(Math.min(CALLS_PAGE_SIZE, count - page * CALLS_PAGE_SIZE));
        const last = page === pages - 1;
        expect(listed.hasOlder, `page ${page} of ${pages}`).toBe(!last);
        const older = renderCallList({ party: listed.party, me: false }, listed, ENGLISH).blocks.filter(
          (b) => b.type === 'actions' && b.block_id === 'callsummary_list_more',
        );
        expect(older).toHaveLength(last ? 0 : 1);
      }
    },
  );

  it('keeps to the calls the person may see when counting and paging', async () => {
    const callLists = lists(25);
    const even = (call: { legId: string }) => Number.parseInt(call.legId.slice(-5), 16) % 2 === 0;
    const first = await callLists.list({ ...request(0), visible: even });
    expect(first.total).toBe(13);
    expect(first.hasOlder).toBe(true);
    const second = await callLists.list({ ...request(1), visible: even });
    expect(second.calls).toHaveLength(3);
    expect(second.hasOlder).toBe(false);
    expect(ACTION_IDS.more).toBe('callsummary_more');
  });
});
