import { createServer, type Server, Socket } from 'node:net';
import { REDIS_HOST, REDIS_PORT } from './redis.js';

/**
 * A TCP proxy in front of Redis (or any TCP server) that a test can break the ways networks break:
 * `cut` drops every connection and refuses new ones (Redis down); `silence` keeps every connection open
 * but stops forwarding, in both directions, on the connections it has and on new ones (a hung server,
 * or a NAT that lost its state); `restore` makes new connections work again. A silenced connection
 * stays silent for good, as one through a NAT that forgot it does: only a new connection gets through.
 */
export interface TcpProxy {
  /** e.g. redis://127.0.0.1:40123 */
  readonly url: string;
  cut(): void;
  silence(): void;
  restore(): void;
  /** Connections accepted so far (a client that reconnects opens a new one). */
  readonly accepted: number;
  /** Connections dropped at once because the proxy was cut. */
  readonly refused: number;
  close(): Promise<void>;
}

type Mode = 'forwarding' | 'cut' | 'silent';

export async function startTcpProxy(target = { host: REDIS_HOST, port: REDIS_PORT }): Promise<TcpProxy> {
  let mode: Mode = 'forwarding';
  let accepted = 0;
  let refused = 0;
  const sockets = new Set<Socket>();
  /** Each open connection pair, and whether it still forwards. */
  const pairs = new Set<{ forwarding: boolean }>();
  const server: Server = createServer((client) => {
    if (mode === 'cut') {
      refused += 1;
      client.destroy();
      return;
    }
    accepted += 1;
    const pair = { forwarding: mode === 'forwarding' };
    pairs.add(pair);
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
      pairs.delete(pair);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    // Data is passed by hand (not piped) so a silenced pair can swallow it without closing anything.
    client.on('data', (chunk) => {
      if (pair.forwarding) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (pair.forwarding) client.write(chunk);
    });
    upstream.connect(target.port, target.host);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  const dropAll = () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    pairs.clear();
  };
  return {
    url: `redis://127.0.0.1:${address.port}`,
    cut: () => {
      mode = 'cut';
      dropAll();
    },
    silence: () => {
      mode = 'silent';
      for (const pair of pairs) pair.forwarding = false;
    },
    restore: () => {
      mode = 'forwarding';
    },
    get accepted() {
      return accepted;
    },
    get refused() {
      return refused;
    },
    close: async () => {
      mode = 'cut';
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
