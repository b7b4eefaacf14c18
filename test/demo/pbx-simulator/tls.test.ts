import { request } from 'node:https';
import { generate } from 'selfsigned';
import { afterEach, expect, it } from 'vitest';
import {
  type PbxSimulator,
  SIM_CLIENT_ID,
  SIM_CLIENT_SECRET,
  startPbxSimulator,
} from '../../../src/demo/pbx-simulator/index.js';

let sim: PbxSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function post(url: string, ca: string, body: string): Promise<{ errcode: number }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', ca, headers: { 'User-Agent': 'OpenAPI', 'Content-Type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

it('serves HTTPS with the given key and certificate, with latency', async () => {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  sim = await startPbxSimulator({ tls: { key: pems.private, cert: pems.cert }, latencyMs: 20 });
  expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  const body = JSON.stringify({ username: SIM_CLIENT_ID, password: SIM_CLIENT_SECRET });
  expect((await post(`${sim.url}/openapi/v1.0/get_token`, pems.cert, body)).errcode).toBe(0);
  // Without trusting the certificate the handshake fails: the server really speaks TLS.
  await expect(post(`${sim.url}/openapi/v1.0/get_token`, '', body)).rejects.toThrow();
  expect(sim.stats.count('get_token')).toBe(1);
});
