import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * Slack's Socket Mode on the local Slack's port: `apps.connections.open` (app-level `xapp-` token)
 * hands out a one-use ws:// URL, and this speaks the protocol on it: hello, envelopes, acks,
 * disconnect (https://docs.slack.dev/apis/events-api/using-socket-mode).
 */

export interface SocketModeEnvelope {
  /** Generated when omitted. */
  readonly envelope_id?: string;
  readonly type: 'slash_commands' | 'interactive' | 'events_api';
  readonly payload: Record<string, unknown>;
  readonly accepts_response_payload: boolean;
  readonly retry_attempt?: number;
  readonly retry_reason?: string;
}

/** The app's acknowledgement of one envelope: `{envelope_id, payload?}`. */
export interface SocketModeAck {
  readonly envelope_id: string;
  readonly payload?: Record<string, unknown>;
}

export interface FakeSocketConnection {
  /** 1 for the first connection, 2 after the first reconnect, … */
  readonly id: number;
  readonly ticket: string;
  /** Every message the app sent on this connection (acks), parsed. */
  readonly received: unknown[];
  /** True until either side closes it. */
  readonly open: boolean;
  /** Resolves when the connection has closed, with the close code seen. */
  readonly closed: Promise<{ readonly code: number; readonly reason: string }>;
}

export interface FakeSocketMode {
  readonly connections: readonly FakeSocketConnection[];
  /** Resolves with the `count`-th connection once its hello has been sent. */
  waitForConnection(count?: number, timeoutMs?: number): Promise<FakeSocketConnection>;
  /**
   * Sends an envelope on the newest open connection and resolves with the app's ack for it
   * (rejects when none arrives within `timeoutMs`; Slack retries after 3 s).
   */
  send(envelope: SocketModeEnvelope, timeoutMs?: number): Promise<SocketModeAck>;
  /** Sends `{type: 'disconnect', reason}` on the newest open connection, as Slack does before recycling it. */
  disconnect(reason?: 'refresh_requested' | 'warning' | 'link_disabled'): void;
}

export interface SocketModeHost extends FakeSocketMode {
  /** A one-use ws:// URL for `apps.connections.open`. */
  issueUrl(httpBase: string): string;
  close(): void;
}

export function attachSocketMode(server: Server): SocketModeHost {
  // Each ticket from apps.connections.open opens exactly one connection.
  const tickets = new Set<string>();
  const sockets = new Map<FakeSocketConnection, WebSocket>();
  const connections: FakeSocketConnection[] = [];
  const socketWaiters = new Set<() => void>();
  const ackWaiters = new Map<string, (ack: SocketModeAck) => void>();
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/link/' || !tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const received: unknown[] = [];
      let open = true;
      const closed = new Promise<{ code: number; reason: string }>((resolve) => {
        ws.on('close', (code, reason) => {
          open = false;
          sockets.delete(connection);
          resolve({ code, reason: reason.toString('utf8') });
        });
      });
      const connection: FakeSocketConnection = {
        id: connections.length + 1,
        ticket,
        received,
        get open() {
          return open;
        },
        closed,
      };
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        let message: unknown;
        try {
          message = JSON.parse(data.toString());
        } catch {
          message = { raw: data.toString() };
        }
        received.push(message);
        const id = (message as { envelope_id?: unknown }).envelope_id;
        if (typeof id === 'string') ackWaiters.get(id)?.(message as SocketModeAck);
      });
      sockets.set(connection, ws);
      connections.push(connection);
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: sockets.size,
          debug_info: { host: 'applink-local', build_number: 1, approximate_connection_time: 18060 },
          connection_info: { app_id: 'ALOCAL' },
        }),
      );
      for (const wake of [...socketWaiters]) wake();
    });
  });
  const newestOpen = (): WebSocket => {
    const open = [...sockets.entries()].filter(([c]) => c.open);
    const newest = open[open.length - 1];
    if (!newest) throw new Error('local Slack: no open Socket Mode connection');
    return newest[1];
  };
  return {
    connections,
    issueUrl(httpBase) {
      const ticket = randomUUID();
      tickets.add(ticket);
      return `${httpBase.replace(/^http/, 'ws')}/link/?ticket=${ticket}&app_id=ALOCAL`;
    },
    waitForConnection: (count = 1, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = connections[count - 1];
          if (!found) return false;
          socketWaiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          socketWaiters.delete(check);
          reject(
            new Error(`local Slack: expected ${count} Socket Mode connection(s), got ${connections.length}`),
          );
        }, timeoutMs);
        if (!check()) socketWaiters.add(check);
      }),
    send: (envelope, timeoutMs = 3000) => {
      const ws = newestOpen();
      const envelopeId = envelope.envelope_id ?? randomUUID();
      return new Promise<SocketModeAck>((resolve, reject) => {
        const timer = setTimeout(() => {
          ackWaiters.delete(envelopeId);
          reject(
            new Error(`local Slack: envelope ${envelopeId} was not acknowledged within ${timeoutMs} ms`),
          );
        }, timeoutMs);
        ackWaiters.set(envelopeId, (ack) => {
          ackWaiters.delete(envelopeId);
          clearTimeout(timer);
          resolve(ack);
        });
        ws.send(JSON.stringify({ ...envelope, envelope_id: envelopeId }));
      });
    },
    disconnect: (reason = 'refresh_requested') => {
      newestOpen().send(
        JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-local' } }),
      );
    },
    close() {
      // Upgraded sockets are no longer the HTTP server's to close.
      for (const ws of sockets.values()) ws.terminate();
      wss.close();
    },
  };
}
