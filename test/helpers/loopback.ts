import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** A real loopback server on port 0 that records each request, for tests of the HTTP edge. */
export interface Loopback {
  readonly url: string;
  readonly requests: {
    method: string;
    url: string;
    headers: IncomingMessage['headers'];
    body: string;
    /** The client's port: a new one for each new connection. */
    remotePort: number | undefined;
  }[];
  close(): Promise<void>;
}

export type Handler = (
  req: { method: string; url: URL; body: string; headers: IncomingMessage['headers'] },
  res: ServerResponse,
) => unknown;

export async function startLoopback(
  handler: Handler,
  tls?: { key: string; cert: string },
): Promise<Loopback> {
  const requests: Loopback['requests'] = [];
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
        remotePort: req.socket.remotePort,
      });
      Promise.resolve(
        handler(
          { method: req.method ?? '', url: new URL(req.url ?? '/', 'http://x'), body, headers: req.headers },
          res,
        ),
      ).catch(() => res.destroy());
    });
  };
  const server: Server = tls ? createHttpsServer(tls, listener) : createHttpServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}
