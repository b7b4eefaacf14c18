import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeSlackApi } from '../src/demo/local-slack/index.js';
import { signWebhookBody } from '../src/demo/pbx-simulator/index.js';
import { createChannelQueues } from '../src/events/channel-queue.js';
import type { PbxEvent } from '../src/events/envelope.js';
import { parseRouting } from '../src/events/routing.js';
import { createSlackPoster } from '../src/events/slack-post.js';
import { createEventHandler } from '../src/events/summary-ready.js';
import { createWebhookHandler, serveWebhook } from '../src/events/webhook.js';
import { renderSummary } from '../src/render/index.js';
import { ENGLISH } from '../src/shared/i18n/index.js';
import { createLogger } from '../src/shared/log.js';
import { createSlackWebClient } from '../src/slack/send/web-client.js';
import type { Claims } from '../src/use-case/ports.js';
import { callContextFake } from '../test/helpers/call-summary.js';

/**
 * Webhook intake throughput (signed events accepted per second, with and without the work behind
 * them) and end-to-end delay from webhook to chat.postMessage on the Slack fake, pacing off.
 * Loopback only; a few seconds.
 */
const SECRET = 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z';

function event(i: number): string {
  const legId = `20260513223234-${i.toString(16).padStart(5, '0').toUpperCase()}`;
  const html = '<p><strong>Summary:</strong> The customer asked about an invoice; the agent resent it.</p>';
  return JSON.stringify({
    type: 30040,
    sn: 'BENCH',
    msg: { call_id: legId, call_from: '3201', call_to: '3202', ext_num: '3202', summary: html },
  });
}

function memoryClaims(): Claims {
  const held = new Set<string>();
  return {
    claim: async (key) => {
      if (held.has(key)) return false;
      held.add(key);
      return true;
    },
    release: async (key) => {
      held.delete(key);
    },
  };
}

async function intake(onEvent: (e: PbxEvent) => Promise<void>) {
  const logger = createLogger({ level: 'error', sink: () => undefined });
  const server = createServer(serveWebhook(createWebhookHandler({ secret: SECRET, onEvent, logger })));
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/yeastar/webhook`;
  return { url, close: () => new Promise((r) => server.close(r)) };
}

async function push(url: string, body: string): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signature': signWebhookBody(body, SECRET) },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

async function acceptRate(url: string, total: number, concurrency: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const status = await push(url, event(next++));
        if (status !== 204) throw new Error(`webhook answered ${status}`);
      }
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

export async function run(print: (line: string) => void): Promise<void> {
  const total = 3000;
  const concurrency = 16;

  const bare = await intake(async () => undefined);
  await acceptRate(bare.url, total, concurrency); // warm-up: JIT and loopback connections
  const bareRate = await acceptRate(bare.url, total, concurrency);
  await bare.close();

  const slack = await startFakeSlackApi();
  const logger = createLogger({ level: 'error', sink: () => undefined });
  const pushedAt = new Map<string, number>();
  const delays: number[] = [];
  const post = createSlackPoster(
    createSlackWebClient({ botToken: 'xoxb-bench', apiUrl: slack.apiUrl }, logger),
    ENGLISH,
  );
  const queues = createChannelQueues({
    post: async (message) => {
      const result = await post(message);
      const leg = String((message.metadata?.event_payload as { leg_id: string } | undefined)?.leg_id);
      const at = pushedAt.get(leg);
      if (at !== undefined) delays.push(performance.now() - at);
      return result;
    },
    logger,
    paceMs: 0,
  });
  const handler = createEventHandler({
    words: ENGLISH,
    summaries: {
      rememberLeg: async () => undefined,
      rememberSummary: async () => undefined,
      callContext: callContextFake,
      sideOfExtension: async () => undefined,
    },
    routing: parseRouting('default: C0BENCH\n'),
    claims: memoryClaims(),
    queues,
    render: (s) => renderSummary(s, { words: ENGLISH, surface: 'message' }),
    logger,
  });
  const full = await intake(handler);
  const e2eEvents = 500;
  // One at a time, so each delay is the pipeline's and not the queue's backlog.
  for (let i = 0; i < e2eEvents; i++) {
    const legId = `20260513223234-${i.toString(16).padStart(5, '0').toUpperCase()}`;
    pushedAt.set(legId, performance.now());
    await push(full.url, event(i));
    await queues.idle();
    while (delays.length <= i) await new Promise((r) => setImmediate(r));
  }
  const fullRate = await acceptRate(full.url, total, concurrency);
  await queues.idle();
  await full.close();
  await slack.close();

  delays.sort((a, b) => a - b);
  const pct = (p: number) =>
    delays[Math.min(delays.length - 1, Math.floor((p / 100) * delays.length))] ?? Number.NaN;
  print(
    `  webhook accepted, signature check only     ${bareRate.toFixed(0).padStart(7)} events/s (${total} events, ${concurrency} concurrent)`,
  );
  print(
    `  webhook accepted, with parse/render/post   ${fullRate.toFixed(0).padStart(7)} events/s (ratio ${(fullRate / bareRate).toFixed(2)})`,
  );
  print(
    `  event → chat.postMessage on the Slack fake  p50 ${pct(50).toFixed(2)} ms, p95 ${pct(95).toFixed(2)} ms, p99 ${pct(99).toFixed(2)} ms (${delays.length} events, pacing off)`,
  );
}
