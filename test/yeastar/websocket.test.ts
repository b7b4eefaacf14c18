import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import { SAMPLE_LEGS, type SimLeg, summaryReadyEvent } from '../../src/demo/pbx-simulator/index.js';
import { type PbxEvent, parseEventText, SUBSCRIBED_TOPICS } from '../../src/events/envelope.js';
import { backoffDelay } from '../../src/yeastar/retry.js';
import { subscribeUrl } from '../../src/yeastar/urls.js';
import { type PbxSocket, startPbxSocket } from '../../src/yeastar/websocket.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { simAndClient } from '../helpers/pbx-client.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function leg(legId: string): SimLeg {
  return {
    legId,
    uid: '1715600000.1',
    callType: 'Internal',
    callFrom: '3201',
    callTo: '3202',
    time: '2026/05/13 22:32:34',
    summaries: { caller: { extNum: '3201', html: '<p>Caller summary</p>' } as never },
  };
}

async function setup(...args: Parameters<typeof simAndClient>) {
  const env = await simAndClient(...args);
  const events: PbxEvent[] = [];
  const socket: PbxSocket = env.client.subscribe({
    topics: SUBSCRIBED_TOPICS,
    onMessage: (text) => {
      events.push(parseEventText(text));
    },
    logger: env.logger,
    backoffBaseMs: 5,
    backoffMaxMs: 20,
  });
  cleanups.push(env.close, () => socket.stop());
  await socket.ready;
  return { ...env, socket, events };
}

describe('PBX WebSocket feed', () => {
  it('subscribes to 30012 and 30040 and receives events with msg as object or string', async () => {
    const { sim, events } = await setup();
    sim.emitEvent(summaryReadyEvent(leg(SAMPLE_LEGS.docExample), 'caller'));
    sim.emitEvent(summaryReadyEvent(leg(SAMPLE_LEGS.docExample), 'caller'), { msgAsString: true });
    sim.emitEvent({ type: 30011, msg: {} });
    await vi.waitFor(() => expect(events).toHaveLength(2));
    for (const event of events) {
      expect(event.kind === 'summary' && [event.legId, event.summary.side]).toEqual([
        SAMPLE_LEGS.docExample,
        'caller',
      ]);
    }
  });

  it('reconnects after a drop and after token expiry, and gets what the PBX re-sends', async () => {
    const { sim, events, socket, logger } = await setup();
    const subscribes = sim.stats.count('subscribe');
    sim.expireAllTokens();
    sim.dropWebSockets();
    // The cached token is refused at the upgrade (401): a fresh one is fetched and the feed resumes.
    // One refused attempt with the revoked token, then one with a fresh token.
    await vi.waitFor(() => {
      expect(sim.stats.count('subscribe')).toBeGreaterThanOrEqual(subscribes + 2);
      expect(socket.connected && sim.webSocketClients === 1).toBe(true);
    });
    expect(logger.lines.some((l) => l.includes('access token expired'))).toBe(true);
    sim.emitEvent(summaryReadyEvent(leg(SAMPLE_LEGS.docExample), 'caller'));
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(logger.lines.join('\n')).not.toMatch(/access_token=(?!\[REDACTED\])/);
  });

  it('builds ws(s) URLs from the base URL and backs off with full jitter up to a bound', () => {
    expect(subscribeUrl('https://pbx.example.com:8088', 'tok')).toBe(
      'wss://pbx.example.com:8088/openapi/v1.0/subscribe?access_token=tok',
    );
    expect(subscribeUrl('http://10.0.0.5:8088/', 'tok')).toBe(
      'ws://10.0.0.5:8088/openapi/v1.0/subscribe?access_token=tok',
    );
    // A path in the base URL (a reverse proxy prefix) is kept, as for the HTTP API.
    expect(subscribeUrl('https://gw.example.com/pbx/', 'tok')).toBe(
      'wss://gw.example.com/pbx/openapi/v1.0/subscribe?access_token=tok',
    );
    // Full jitter: anywhere from 0 to the exponential ceiling (base × 2^attempt, capped).
    expect(backoffDelay(0, 1000, 60_000, () => 0)).toBe(0);
    expect(backoffDelay(0, 1000, 60_000, () => 0.5)).toBe(500);
    expect(backoffDelay(3, 1000, 60_000, () => 0.999)).toBe(7992);
    expect(backoffDelay(3, 1000, 60_000, () => 0.25)).toBe(2000);
    expect(backoffDelay(20, 1000, 60_000, () => 0.999)).toBe(59_940);
  });

  it('sends User-Agent OpenAPI on the upgrade (the PBX requires it on every request)', async () => {
    // The simulator refuses an upgrade without one (HTTP 400), so being subscribed is the proof.
    const { socket, sim } = await setup();
    expect(socket.connected).toBe(true);
    expect(sim.subscribers(30040)).toBe(1);
  });

  it('renews the token when the subscription itself is answered 10004 (not only an HTTP 401)', async () => {
    const { sim, socket, events, logger } = await setup();
    sim.subscribeAuthStyle = 'errcode';
    const gets = sim.stats.count('get_token');
    // The token is revoked on the PBX (e.g. another replica's del_token) while the cache still holds it.
    sim.expireAllTokens();
    sim.dropWebSockets();
    await vi.waitFor(() => {
      expect(sim.stats.count('get_token')).toBe(gets + 1);
      expect(socket.connected && sim.subscribers(30040) === 1).toBe(true);
    });
    expect(logger.lines.some((l) => l.includes('access token expired'))).toBe(true);
    sim.emitEvent(summaryReadyEvent(leg(SAMPLE_LEGS.docExample), 'caller'));
    await vi.waitFor(() => expect(events).toHaveLength(1));
  });

  it('subscribes through a base URL with a proxy path', async () => {
    const { socket, sim } = await setup({ pathPrefix: '/pbx' });
    expect(socket.connected).toBe(true);
    expect(sim.subscribers(30012)).toBe(1);
  });
});

describe('PBX WebSocket feed on firmware without event 30040', () => {
  /**
   * A PBX whose firmware predates 30040: it refuses any subscription that names it (the refusal's
   * errcode is not documented; 40002 PARAMETER ERROR is assumed here) and accepts 30012.
   */
  async function oldFirmwarePbx() {
    const subscriptions: number[][] = [];
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    server.on('connection', (ws) => {
      ws.on('message', (data) => {
        const { topic_list } = JSON.parse(data.toString()) as { topic_list: number[] };
        subscriptions.push(topic_list);
        if (topic_list.includes(30040)) {
          ws.send(JSON.stringify({ errcode: 40002, errmsg: 'PARAMETER ERROR' }));
          return;
        }
        ws.send(JSON.stringify({ errcode: 0, errmsg: 'SUCCESS' }));
        ws.send(JSON.stringify({ type: 30012, sn: 'sn', msg: '{"call_id":"x"}' }));
      });
    });
    const { port } = server.address() as AddressInfo;
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const client of server.clients) client.terminate();
          server.close(() => resolve());
        }),
    );
    return { url: `http://127.0.0.1:${port}`, subscriptions };
  }

  it('falls back to the topics the PBX accepts, with one warning naming what is missing', async () => {
    const pbx = await oldFirmwarePbx();
    const logger = createMemoryLogger('debug');
    const frames: string[] = [];
    const socket = startPbxSocket({
      http: { baseUrl: pbx.url, ca: undefined, retry: { random: () => 0.5 } as never },
      tokens: { withToken: (request) => request('a-token') },
      topics: SUBSCRIBED_TOPICS,
      onMessage: (text) => frames.push(text),
      logger,
      backoffBaseMs: 5,
      backoffMaxMs: 20,
    });
    cleanups.push(() => socket.stop());
    await socket.ready;
    await vi.waitFor(() => expect(frames).toHaveLength(1));
    expect(socket.connected).toBe(true);
    // The full list once, each topic alone once, then the accepted list: no reconnect loop.
    expect(pbx.subscriptions).toEqual([[30012, 30040], [30012], [30040], [30012]]);
    const warnings = logger.lines.filter((l) => l.includes('WARN'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('refused the subscription to event 30040 (errcode 40002 PARAMETER ERROR)');
    expect(warnings[0]).toContain('Subscribing to 30012 only');
  });
});
