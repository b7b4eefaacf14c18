import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A transparent HTTP proxy in front of the PBX simulator that remembers every token the PBX handed
 * out, so a test can check that none of them ever shows in a process's output. Black-box: the
 * process under test only sees a PBX at another address.
 */
export interface TokenRecorder {
  /** YEASTAR_BASE_URL for the process under test. */
  readonly url: string;
  /** access_token and refresh_token values seen in the PBX's answers. */
  readonly tokens: ReadonlySet<string>;
  close(): Promise<void>;
}

const TOKEN_FIELDS = /"(?:access_token|refresh_token)"\s*:\s*"([^"]+)"/g;

export async function startTokenRecorder(target: string): Promise<TokenRecorder> {
  const tokens = new Set<string>();
  const server: Server = createServer((req, res) => {
    void forward(req).then(
      ({ status, headers, body }) => {
        for (const match of body.toString('utf8').matchAll(TOKEN_FIELDS)) if (match[1]) tokens.add(match[1]);
        res.writeHead(status, headers).end(body);
      },
      () => {
        if (!res.headersSent) res.writeHead(502).end();
      },
    );
  });

  async function forward(req: IncomingMessage) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || ['host', 'connection', 'content-length'].includes(name)) continue;
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const method = req.method ?? 'GET';
    const response = await fetch(new URL(req.url ?? '/', target), {
      method,
      headers,
      redirect: 'manual',
      ...(method === 'GET' || method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
    });
    const outHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name))
        outHeaders[name] = value;
    });
    return { status: response.status, headers: outHeaders, body: Buffer.from(await response.arrayBuffer()) };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tokens,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
