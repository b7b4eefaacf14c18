import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { serveWebhook } from '../../../src/events/webhook.js';
import { BodyTooLargeError, declaredLength, readCappedBody } from '../../../src/shared/http/capped-body.js';

async function* chunks(...parts: (string | Uint8Array)[]): AsyncIterable<string | Uint8Array> {
  for (const part of parts) yield part;
}

describe('readCappedBody', () => {
  it('reads strings and bytes whole up to the cap', async () => {
    const body = await readCappedBody(chunks('ab', new Uint8Array([99, 100]), 'é'), { maxBytes: 6 });
    expect(body.toString('utf8')).toBe('abcdé');
  });

  it('stops at the first byte past the cap and never asks the source for more', async () => {
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled++;
        yield 'x'.repeat(100);
      }
    }
    const error = await readCappedBody(endless(), { maxBytes: 250 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BodyTooLargeError);
    expect(error).toMatchObject({ code: 'body_too_large', maxBytes: 250 });
    expect(pulled).toBe(3);
  });

  it('refuses a declared length over the cap before reading anything', async () => {
    let pulled = 0;
    async function* source() {
      pulled++;
      yield 'x';
    }
    await expect(readCappedBody(source(), { maxBytes: 10, declaredBytes: '11' })).rejects.toBeInstanceOf(
      BodyTooLargeError,
    );
    expect(pulled).toBe(0);
    // A declared length that lies low does not get past the count.
    await expect(
      readCappedBody(chunks('x'.repeat(20)), { maxBytes: 10, declaredBytes: 5 }),
    ).rejects.toBeInstanceOf(BodyTooLargeError);
  });

  it('reads declared lengths only when they are plain integers', () => {
    expect(declaredLength('42')).toBe(42);
    expect(declaredLength(' 7 ')).toBe(7);
    for (const odd of ['-1', '1e9', 'abc', '', null, undefined]) expect(declaredLength(odd)).toBeUndefined();
  });

  it('gives an empty body for no source', async () => {
    expect((await readCappedBody(null, { maxBytes: 1 })).length).toBe(0);
  });
});

describe('the PBX webhook endpoint', () => {
  it('answers 413 at once to a declared Content-Length over the cap, without waiting for the body', async () => {
    let handled = 0;
    const server = createServer(
      serveWebhook(() => {
        handled++;
        return { status: 204 };
      }, 1024),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = request({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/yeastar/webhook',
          headers: { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024) },
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        });
        req.on('error', reject);
        // Only the headers and a few bytes: a server that waits for the declared body never answers.
        req.write('{"type":');
      });
      expect(status).toBe(413);
      expect(handled).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
