import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP proxy in front of a PBX (the simulator) that answers some requests with an HTTP 503
 * itself, as a flaky PBX or load balancer would: by default every second request. Records the path of
 * each request it failed and of each it forwarded.
 */
export interface FlakyProxy {
  readonly url: string;
  /** Paths answered 503 (without the query, which holds the token). */
  readonly failed: string[];
  /** Paths forwarded to the PBX. */
  readonly forwarded: string[];
  close(): Promise<void>;
}

export async function startFlakyProxy(
  target: string,
  fails: (path: string, count: number) => boolean = (_path, count) => count % 2 === 0,
): Promise<FlakyProxy> {
  const upstream = new URL(target);
  const failed: string[] = [];
  const forwarded: string[] = [];
  let count = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    count++;
    const path = (req.url ?? '/').split('?', 1)[0]!;
    if (fails(path, count)) {
      failed.push(path);
      req.resume();
      res.writeHead(503, { 'content-type': 'text/html' }).end('<html>Service Unavailable</html>');
      return;
    }
    forwarded.push(path);
    const proxied = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    proxied.on('error', () => res.destroy());
    req.pipe(proxied);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    failed,
    forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
