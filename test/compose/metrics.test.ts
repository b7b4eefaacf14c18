import { afterEach, describe, expect, it, vi } from 'vitest';
import { keyPrefix } from '../../src/cache/typed.js';
import { type RunningApp, startApp } from '../../src/compose/bot.js';
import { loadConfig } from '../../src/compose/config.js';
import { eventsExtension } from '../../src/compose/events.js';
import { label } from '../../src/compose/metrics.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/demo/local-slack/index.js';
import {
  type PbxSimulator,
  SAMPLE_LEGS,
  sampleData,
  startPbxSimulator,
  summaryReadyEvent,
} from '../../src/demo/pbx-simulator/index.js';
import { parseRouting } from '../../src/events/routing.js';
import { botEnv } from '../helpers/env.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { deleteRedisKeys, describeRedis, REDIS_URL } from '../helpers/redis.js';
import { commandForm } from '../helpers/slack-payloads.js';
import { postSigned } from '../helpers/slack-signing.js';

/** GET /metrics scraped over real HTTP from a started bot: the simulator, the local Slack, a webhook. */

const SIGNING_SECRET = 'signing-secret';
const WEBHOOK_SECRET = 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z';
const CHANNEL = 'C0SUPPORT';

let sim: PbxSimulator | undefined;
let slack: FakeSlackApi | undefined;
let app: RunningApp | undefined;

afterEach(async () => {
  await app?.stop();
  await slack?.close();
  await sim?.close();
  app = slack = sim = undefined;
});

async function start(env: Record<string, string> = {}) {
  sim = await startPbxSimulator(sampleData());
  slack = await startFakeSlackApi();
  const config = loadConfig(botEnv(sim, slack, { YEASTAR_WEBHOOK_SECRET: WEBHOOK_SECRET, ...env }), 'bot');
  app = await startApp(config, {
    logger: createMemoryLogger('error'),
    botId: 'BBOT',
    botUserId: 'UBOT',
    extensions: [eventsExtension({ paceMs: 0, routing: parseRouting(`default: ${CHANNEL}\n`) })],
  });
  return { sim, slack, app, base: `http://127.0.0.1:${app.port}` };
}

interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The Prometheus text format, one sample a line (`name{a="b",…} value`). */
function parseMetrics(text: string): Sample[] {
  return text.split('\n').flatMap((line) => {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) return [];
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
    return [{ name: match[1]!, labels, value: Number(match[3]) }];
  });
}

async function scrape(base: string): Promise<Sample[]> {
  const response = await fetch(`${base}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return parseMetrics(await response.text());
}

/** The sum of a metric's samples whose labels include `labels`. */
function total(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

describe('GET /metrics', () => {
  it('counts a command, a refused command and an automatic post, with no customer data in any label', async () => {
    const { sim, slack, base } = await start({ ALLOWED_USER_IDS: 'U1' });
    const before = await scrape(base);
    expect(total(before, 'callsummary_answers_total', { surface: 'command' })).toBe(0);

    const asked = await postSigned(
      `${base}/slack/events`,
      SIGNING_SECRET,
      commandForm(`${SAMPLE_LEGS.docExample} callee`, slack.responseUrl('asked')),
    );
    expect(asked.status).toBe(200);
    const refused = await postSigned(
      `${base}/slack/events`,
      SIGNING_SECRET,
      commandForm(`${SAMPLE_LEGS.docExample} callee`, slack.responseUrl('refused'), { user_id: 'U2' }),
    );
    expect(refused.status).toBe(200);
    await slack.waitFor('response_url', 2);

    const leg = sampleData().legs.find((l) => l.legId === SAMPLE_LEGS.internalBoth)!;
    const webhook = `${base}/yeastar/webhook`;
    expect(await sim.pushWebhook(webhook, WEBHOOK_SECRET, summaryReadyEvent(leg, 'callee'))).toBe(204);
    await slack.waitFor('chat.postMessage', 1);

    // The post settles just after Slack answers it.
    await vi.waitFor(async () =>
      expect(
        total(await scrape(base), 'callsummary_answers_total', { surface: 'automatic_post', outcome: 'ok' }),
      ).toBe(1),
    );
    const after = await scrape(base);
    const count = (name: string, labels: Record<string, string> = {}) => total(after, name, labels);

    expect(count('callsummary_answers_total', { surface: 'command', outcome: 'ok' })).toBe(1);
    expect(count('callsummary_answers_total', { surface: 'command', outcome: 'not_allowed' })).toBe(1);
    expect(count('callsummary_answer_duration_seconds_count', { surface: 'command' })).toBe(2);
    expect(count('callsummary_slack_ack_duration_seconds_count', { surface: 'command' })).toBe(2);
    expect(count('callsummary_answer_duration_seconds_count', { surface: 'automatic_post' })).toBe(1);
    expect(count('callsummary_posts_total', { outcome: 'posted' })).toBe(1);
    expect(count('callsummary_pbx_events_total', { type: '30040' })).toBe(1);
    expect(count('callsummary_pbx_logins_total', { outcome: 'ok' })).toBe(1);
    expect(count('callsummary_pbx_requests_total', { endpoint: 'get_token', errcode: '0' })).toBe(1);
    expect(count('callsummary_pbx_requests_total', { endpoint: 'cdr/getaisummary', errcode: '0' })).toBe(1);
    expect(count('callsummary_pbx_requests_total', { endpoint: 'download', errcode: '0' })).toBeGreaterThan(
      0,
    );
    expect(count('callsummary_pbx_export_bytes_total')).toBeGreaterThan(0);
    expect(count('callsummary_cache_reads_total', { kind: 'summary', result: 'miss' })).toBe(1);
    expect(count('callsummary_post_queue_depth')).toBe(0);
    expect(count('callsummary_post_queue_oldest_seconds')).toBe(0);
    expect(count('callsummary_late_watches_open')).toBe(0);
    // The 30040 above recorded its call in the call index.
    expect(count('callsummary_call_index_calls')).toBe(1);
    // prom-client's default process and Node metrics.
    expect(count('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(after.some((s) => s.name === 'nodejs_heap_size_used_bytes')).toBe(true);
    // In memory there is no Redis to report on.
    expect(after.some((s) => s.name === 'callsummary_redis_up')).toBe(false);

    // No leg id, number, member or channel in any label of the bot's own metrics.
    const parties = sampleData().legs.flatMap((l) => [l.callFrom, l.callTo, l.writtenNumber ?? '']);
    const customerData = [...Object.values(SAMPLE_LEGS), 'U1', 'U2', 'C1', CHANNEL, ...parties].filter(
      (value) => value.length > 0,
    );
    const values = after
      .filter((s) => s.name.startsWith('callsummary_'))
      .flatMap((s) => Object.entries(s.labels).filter(([name]) => name !== 'le'));
    expect(values.length).toBeGreaterThan(10);
    for (const [name, value] of values) {
      for (const data of customerData) expect(value, `${name}="${value}"`).not.toContain(data);
      // Only words, or a PBX errcode or event type.
      expect(value, name).toMatch(
        name === 'errcode' || name === 'type' ? /^(-?\d{1,6}|[a-z_0-9]+)$/ : /^[a-z][a-zA-Z0-9_./]*$/,
      );
    }
  });

  it('counts a refused login by outcome and by the errcode the PBX answered', async () => {
    const { base, app } = await start({ YEASTAR_CLIENT_SECRET: 'a-wrong-secret-for-metrics' });
    await vi.waitFor(() => expect(app.core.pbx.tokens.state().refusal).toBe('pbx_credentials_rejected'));
    const samples = await scrape(base);
    expect(total(samples, 'callsummary_pbx_logins_total', { outcome: 'rejected' })).toBe(1);
    expect(total(samples, 'callsummary_pbx_requests_total', { endpoint: 'get_token' })).toBe(1);
    expect(
      samples.find((s) => s.name === 'callsummary_pbx_requests_total' && s.labels.endpoint === 'get_token')
        ?.labels.errcode,
    ).toMatch(/^-?\d+$/);
  });

  it('is not served with METRICS=false (404), while the health routes are', async () => {
    const { base } = await start({ METRICS: 'false' });
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});

describeRedis('GET /metrics with CACHE_URL', () => {
  it('says Redis is up', async () => {
    const { base, sim } = await start({ CACHE_URL: REDIS_URL });
    try {
      await vi.waitFor(async () => expect(total(await scrape(base), 'callsummary_redis_up')).toBe(1));
    } finally {
      await app?.stop();
      app = undefined;
      await deleteRedisKeys(keyPrefix(sim.url));
    }
  });
});

describe('a metric label', () => {
  it('keeps words and turns anything that could be customer data into "other"', () => {
    for (const word of ['ok', 'pbx_unreachable', 'cdr/aidownload', 'chat.postMessage', 'get_token'])
      expect(label(word)).toBe(word);
    for (const data of [SAMPLE_LEGS.docExample, '3202', '+15551234567', 'U0123ABCD', 'C0SUPPORT', 'a b'])
      expect(label(data)).toBe('other');
  });
});
