import { afterAll, describe, expect, it } from 'vitest';
import { type Cache, createCache } from '../../src/cache/index.js';
import { CACHE_LIMIT_DEFAULTS } from '../../src/cache/memory.js';
import { createChannelQueues } from '../../src/events/channel-queue.js';
import { parseEvent } from '../../src/events/envelope.js';
import { parseRouting } from '../../src/events/routing.js';
import type { OutgoingMessage } from '../../src/events/slack-post.js';
import { createEventHandler } from '../../src/events/summary-ready.js';
import { type Locale, type Words, wordsFor } from '../../src/shared/i18n/index.js';
import { callContextFake } from '../helpers/call-summary.js';
import { createMemoryClaims } from '../helpers/memory-claims.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';

/**
 * Automatic posts are read by a whole channel: every view of them (the post, a brief line, a customer
 * thread's head) is drawn in the channel's words (CHANNEL_LOCALE), whatever anyone's own language.
 */

const caches: Cache[] = [];
afterAll(async () => {
  for (const cache of caches) await cache.close();
});

function inbound(leg: string) {
  return parseEvent({
    type: 30040,
    msg: {
      call_id: leg,
      call_from: '+14155550123',
      call_to: '3202',
      ext_num: '3202',
      call_type: 'Inbound',
      talk_duration: 90,
      summary: `<ul><li>Point of ${leg}</li></ul>`,
    },
  });
}

async function postWith(locale: Locale, route: string) {
  const cache = await createCache(
    {
      url: undefined,
      ttlSeconds: { summary: 60, noSummary: 60, extension: 60, leg: 60 },
      ...CACHE_LIMIT_DEFAULTS,
    },
    { logger: createMemoryLogger(), pbxBaseUrl: `https://pbx-${locale}.example` },
  );
  caches.push(cache);
  const drawnIn: { view: string; locale: Locale }[] = [];
  const drawn = (view: string, words: Words) => {
    drawnIn.push({ view, locale: words.locale });
    return { text: `${view} in ${words.locale}`, blocks: [] };
  };
  const posts: OutgoingMessage[] = [];
  const logger = createMemoryLogger();
  const queues = createChannelQueues({
    post: async (message) => {
      posts.push(message);
      return { kind: 'ok', ts: `${posts.length}.000100` };
    },
    logger,
    paceMs: 0,
    sleep: async () => {},
  });
  const onEvent = createEventHandler({
    words: wordsFor(locale),
    summaries: {
      rememberLeg: async () => {},
      rememberSummary: async () => {},
      callContext: callContextFake,
      sideOfExtension: async () => undefined,
    },
    routing: parseRouting(`routes:\n  - extensions: ["3202"]\n    channel: C0SUPPORT\n    ${route}\n`),
    claims: createMemoryClaims(),
    queues,
    render: (_summary, _call, words) => drawn('full', words),
    views: {
      brief: (_summary, _call, words) => drawn('brief', words),
      threadHead: (_party, _calls, words) => drawn('head', words),
    },
    threads: cache.threads,
    updateMessage: async () => {},
    logger,
  });
  await onEvent(inbound('20260513223234-0AAA1'));
  await queues.idle();
  return { drawnIn, posts };
}

describe('an automatic post is drawn in the channel’s words', () => {
  it.each(['zh-CN', 'en'] as const)(
    'CHANNEL_LOCALE %s: a brief line and the summary in its thread',
    async (locale) => {
      const { drawnIn, posts } = await postWith(locale, 'format: brief');
      expect(drawnIn).toEqual([
        { view: 'brief', locale },
        { view: 'full', locale },
      ]);
      expect(posts.map((p) => p.text)).toEqual([`brief in ${locale}`, `full in ${locale}`]);
    },
  );

  it.each(['zh-CN', 'en'] as const)(
    'CHANNEL_LOCALE %s: a customer thread’s head and its reply',
    async (locale) => {
      const { drawnIn } = await postWith(locale, 'thread_by: customer');
      expect(drawnIn).toEqual([
        { view: 'head', locale },
        { view: 'full', locale },
      ]);
    },
  );
});
