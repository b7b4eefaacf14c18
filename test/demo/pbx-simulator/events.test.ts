import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  newCdrEvent,
  type PbxSimulator,
  type PbxSimulatorOptions,
  SAMPLE_LEGS,
  SIM_CLIENT_ID,
  SIM_CLIENT_SECRET,
  sampleData,
  signWebhookBody,
  startPbxSimulator,
  summaryReadyEvent,
} from '../../../src/demo/pbx-simulator/index.js';

let sim: PbxSimulator | undefined;
let receiver: Server | undefined;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await sim?.close();
  sim = undefined;
  if (receiver) await new Promise<void>((resolve) => receiver?.close(() => resolve()));
  receiver = undefined;
});

async function start(options: PbxSimulatorOptions = {}): Promise<{ s: PbxSimulator; token: string }> {
  sim = await startPbxSimulator(options);
  const response = await fetch(`${sim.url}/openapi/v1.0/get_token`, {
    method: 'POST',
    headers: { 'User-Agent': 'OpenAPI', 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: SIM_CLIENT_ID, password: SIM_CLIENT_SECRET }),
  });
  const body = (await response.json()) as { access_token: string };
  return { s: sim, token: body.access_token };
}

const UA = { 'User-Agent': 'OpenAPI' };

/** Opens a subscription socket and collects its text frames. */
async function connect(
  s: PbxSimulator,
  token: string,
): Promise<{ ws: WebSocket; next: () => Promise<string> }> {
  const ws = new WebSocket(`${s.url.replace('http', 'ws')}/openapi/v1.0/subscribe?access_token=${token}`, {
    headers: UA,
  });
  sockets.push(ws);
  const queue: string[] = [];
  const waiters: ((text: string) => void)[] = [];
  ws.on('message', (data) => {
    const text = data.toString();
    const waiter = waiters.shift();
    if (waiter) waiter(text);
    else queue.push(text);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = () =>
    new Promise<string>((resolve) => {
      const queued = queue.shift();
      if (queued !== undefined) resolve(queued);
      else waiters.push(resolve);
    });
  return { ws, next };
}

const docLeg = () => {
  const leg = sampleData().legs.find((l) => l.legId === SAMPLE_LEGS.docExample);
  if (!leg) throw new Error('sample data lost the doc example');
  return leg;
};

describe('WebSocket subscription', () => {
  it('subscribes, answers heartbeats and delivers only subscribed topics', async () => {
    const { s, token } = await start();
    const { ws, next } = await connect(s, token);
    ws.send(JSON.stringify({ topic_list: [30040] }));
    expect(JSON.parse(await next())).toEqual({ errcode: 0, errmsg: 'SUCCESS' });
    ws.send('heartbeat');
    expect(await next()).toBe('heartbeat response');
    expect(s.webSocketClients).toBe(1);

    s.emitEvent(newCdrEvent(docLeg())); // not subscribed: must not arrive
    s.emitEvent(summaryReadyEvent(docLeg(), 'callee'));
    const event = JSON.parse(await next());
    expect(event.type).toBe(30040);
    expect(typeof event.sn).toBe('string');
    expect(event.msg).toMatchObject({
      call_id: SAMPLE_LEGS.docExample,
      ext_num: '3202',
      call_from: '+14155550123',
      call_to: '3202',
    });
    expect(event.msg.summary).toContain('<p>Call Summary</p>');

    s.emitEvent(summaryReadyEvent(docLeg(), 'callee'), { msgAsString: true });
    const asString = JSON.parse(await next());
    expect(typeof asString.msg).toBe('string');
    expect(JSON.parse(asString.msg).call_id).toBe(SAMPLE_LEGS.docExample);
  });

  async function upgradeStatus(s: PbxSimulator, token: string, headers: Record<string, string>) {
    const ws = new WebSocket(`${s.url.replace('http', 'ws')}/openapi/v1.0/subscribe?access_token=${token}`, {
      headers,
    });
    sockets.push(ws);
    return new Promise<number>((resolve) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => resolve(101));
      ws.once('error', () => resolve(-1));
    });
  }

  it('refuses a connection without a valid token', async () => {
    const { s } = await start();
    expect(await upgradeStatus(s, 'nope', UA)).toBe(401);
    expect(s.webSocketClients).toBe(0);
  });

  it('refuses an upgrade without a User-Agent, as every API request needs one', async () => {
    const { s, token } = await start();
    expect(await upgradeStatus(s, token, {})).toBe(400);
    expect(await upgradeStatus(s, token, UA)).toBe(101);
  });

  it('can refuse a bad token in the subscription answer instead of at the upgrade', async () => {
    const { s } = await start();
    s.subscribeAuthStyle = 'errcode';
    const { ws, next } = await connect(s, 'nope');
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    ws.send(JSON.stringify({ topic_list: [30040] }));
    expect(JSON.parse(await next())).toEqual({ errcode: 10004, errmsg: 'TOKEN EXPIRED' });
    await closed;
    expect(s.subscribers(30040)).toBe(0);
  });

  it('closes idle clients and can drop every client', async () => {
    const { s, token } = await start({ idleTimeoutMs: 50 });
    const idle = await connect(s, token);
    const code = await new Promise<number>((resolve) => idle.ws.once('close', (c) => resolve(c)));
    expect(code).toBe(1000);

    const { ws } = await connect(s, token);
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    s.dropWebSockets();
    await closed;
    expect(s.webSocketClients).toBe(0);
  });
});

describe('webhook push', () => {
  async function listen(): Promise<{
    url: string;
    received: { body: string; signature: string | undefined }[];
  }> {
    const received: { body: string; signature: string | undefined }[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const signature = req.headers['x-signature'] as string | undefined;
        received.push({ body, signature });
        res.writeHead(signature === signWebhookBody(body, 'shh') ? 200 : 401).end();
      });
    });
    receiver = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/yeastar/webhook`, received };
  }

  it('signs the raw body with base64 HMAC-SHA256 and returns the status', async () => {
    const { s } = await start();
    const { url, received } = await listen();
    expect(await s.pushWebhook(url, 'shh', summaryReadyEvent(docLeg(), 'callee'))).toBe(200);
    const first = received[0];
    expect(first?.signature).toBe(signWebhookBody(first?.body ?? '', 'shh'));
    expect(JSON.parse(first?.body ?? '{}')).toMatchObject({
      type: 30040,
      // Types as the 30040 page documents them: aireceptionist is a String ("" in its example).
      msg: { call_id: SAMPLE_LEGS.docExample, aireceptionist: '', talk_duration: 60, ext_num: '3202' },
    });

    expect(await s.pushWebhook(url, 'shh', newCdrEvent(docLeg()), { msgAsString: true })).toBe(200);
    expect(typeof JSON.parse(received[1]?.body ?? '{}').msg).toBe('string');

    expect(await s.pushWebhook(url, 'shh', newCdrEvent(docLeg()), { badSignature: true })).toBe(401);
    expect(await s.pushWebhook(url, 'shh', newCdrEvent(docLeg()), { unsigned: true })).toBe(401);
    expect(received[3]?.signature).toBeUndefined();
  });
});
