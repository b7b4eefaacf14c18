import { createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import { safeJson } from './answer.js';
import type { PbxSimulator, PushOptions, SimEvent, SimLeg, SimSide } from './index.js';

export const SIM_SERIAL = 'SIM-PBX-0000001';

/** A realistic event 30040 "Call End AI Summary Notification" (reference §5.3) for one side. */
export function summaryReadyEvent(leg: SimLeg, side: SimSide): { type: 30040; msg: Record<string, unknown> } {
  const summary = leg.summaries[side];
  return {
    type: 30040,
    msg: {
      uid: leg.uid,
      call_id: leg.legId,
      call_from: leg.callFrom,
      call_to: leg.callTo,
      call_type: leg.callType,
      status: 'ANSWERED',
      time_start: leg.time,
      talk_duration: leg.durationSeconds ?? 60,
      ext_num: summary?.extNum ?? (side === 'caller' ? leg.callFrom : leg.callTo),
      // Documented as a String (the AI receptionist's number), "" in the example.
      aireceptionist: '',
      summary: summary?.html ?? '',
    },
  };
}

/** A realistic event 30012 "New CDR" for a leg (newer firmware fields included). */
export function newCdrEvent(leg: SimLeg): { type: 30012; msg: Record<string, unknown> } {
  const duration = leg.durationSeconds ?? 60;
  return {
    type: 30012,
    msg: {
      call_id: leg.uid,
      uid: leg.uid,
      call_note_id: leg.legId,
      time_start: leg.time,
      call_from: leg.callFrom,
      call_to: leg.callTo,
      call_duration: duration + 5,
      talk_duration: duration,
      src_trunk_name: leg.callType === 'Inbound' ? 'SIP-Trunk' : '',
      dst_trunk_name: leg.callType === 'Outbound' ? 'SIP-Trunk' : '',
      status: 'ANSWERED',
      type: leg.callType,
      recording: '',
      did_number: '',
      agent_ring_time: 3,
    },
  };
}

/** Signs a webhook body as the PBX does: base64(HMAC-SHA256(raw body, secret)). */
export function signWebhookBody(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/** The envelope every PBX event travels in, over webhooks and the WebSocket alike. */
function envelope(event: SimEvent, msgAsString: boolean): string {
  const msg = msgAsString ? JSON.stringify(event.msg) : event.msg;
  return JSON.stringify({ type: event.type, sn: SIM_SERIAL, msg });
}

/** POSTs the envelope signed with X-Signature, as the PBX's webhook does; resolves to the HTTP status. */
export async function pushWebhook(
  url: string,
  secret: string,
  event: SimEvent,
  opts: PushOptions = {},
): Promise<number> {
  const body = envelope(event, opts.msgAsString ?? false);
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': 'Yeastar-PBX' };
  if (!opts.unsigned) {
    headers['X-Signature'] = signWebhookBody(body, opts.badSignature ? `${secret}-wrong` : secret);
  }
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
  });
  await response.arrayBuffer();
  return response.status;
}

/** The PBX's WebSocket (`openapi/v1.0/subscribe`): subscriptions by topic, heartbeat, idle close. */
export interface EventHub {
  /** `url` is the request URL as the PBX sees it (undefined outside a proxy prefix). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL | undefined): void;
  emit(event: SimEvent, msgAsString: boolean): void;
  dropAll(): void;
  readonly clients: number;
  subscribers(topic: number): number;
  close(): Promise<void>;
}

const topicMessage = z.object({ topic_list: z.array(z.number().int()) });

export function createEventHub(deps: {
  idleTimeoutMs: number;
  settings: Pick<PbxSimulator, 'subscribeAuthStyle'>;
  isBlocked(ip: string): boolean;
  isValidAccessToken(token: string): boolean;
}): EventHub {
  const subscriptions = new Map<WebSocket, Set<number>>();
  const wss = new WebSocketServer({ noServer: true });

  function accept(ws: WebSocket, tokenValid: boolean): void {
    const topics = new Set<number>();
    subscriptions.set(ws, topics);
    const closeWhenIdle = () => setTimeout(() => ws.close(1000, 'idle'), deps.idleTimeoutMs);
    let idle = closeWhenIdle();
    ws.on('message', (data, isBinary) => {
      clearTimeout(idle);
      idle = closeWhenIdle();
      const text = isBinary ? '' : data.toString();
      if (text.trim() === 'heartbeat') {
        ws.send('heartbeat response');
        return;
      }
      if (!tokenValid) {
        ws.send(JSON.stringify({ errcode: 10004, errmsg: 'TOKEN EXPIRED' }));
        ws.close(1000, 'token expired');
        return;
      }
      const parsed = topicMessage.safeParse(safeJson(text));
      if (!parsed.success) {
        ws.send(JSON.stringify({ errcode: 40002, errmsg: 'PARAMETER ERROR' }));
        return;
      }
      for (const topic of parsed.data.topic_list) topics.add(topic);
      ws.send(JSON.stringify({ errcode: 0, errmsg: 'SUCCESS' }));
    });
    ws.on('close', () => {
      clearTimeout(idle);
      subscriptions.delete(ws);
    });
    ws.on('error', () => ws.terminate());
  }

  return {
    upgrade(req, socket, head, url) {
      const ip = req.socket.remoteAddress ?? 'unknown';
      // "You MUST include a User-Agent header with every request" (API Interfaces & Events Summary);
      // the upgrade is one. How a PBX refuses it is not documented: a plain 400 here.
      if (!req.headers['user-agent']) {
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      const tokenValid =
        url !== undefined && deps.isValidAccessToken(url.searchParams.get('access_token') ?? '');
      if (
        url?.pathname !== '/openapi/v1.0/subscribe' ||
        deps.isBlocked(ip) ||
        (!tokenValid && deps.settings.subscribeAuthStyle === 'http401')
      ) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => accept(ws, tokenValid));
    },
    emit(event, msgAsString) {
      const text = envelope(event, msgAsString);
      for (const [ws, topics] of subscriptions) {
        if (topics.has(event.type) && ws.readyState === ws.OPEN) ws.send(text);
      }
    },
    dropAll() {
      for (const ws of subscriptions.keys()) ws.terminate();
    },
    get clients() {
      return subscriptions.size;
    },
    subscribers: (topic) => [...subscriptions.values()].filter((topics) => topics.has(topic)).length,
    async close() {
      for (const ws of subscriptions.keys()) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
