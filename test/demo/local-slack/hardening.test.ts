import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlackApi, MAX_BODY_BYTES, startFakeSlackApi } from '../../../src/demo/local-slack/index.js';

/**
 * The local Slack in front of anything that can reach it (the demo runs for hours on a laptop): a
 * request Slack would refuse is refused before its body is read, no body larger than Slack takes is
 * kept, and the call log is bounded.
 */
let slack: FakeSlackApi | undefined;
afterEach(async () => {
  await slack?.close();
  slack = undefined;
});

const TOKEN = 'xoxb-local';

/** A POST whose body is streamed without a Content-Length (chunked), `bytes` long. */
function streamed(url: string, bytes: number, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      // The server may close the connection while the rest is still being sent.
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') resolve(-1);
      else reject(error);
    });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const write = () => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', write);
          return;
        }
      }
      req.end();
    };
    write();
  });
}

describe('the local Slack, hardened', () => {
  it('refuses a Web API call without the bot token before reading its body, and keeps none of it', async () => {
    slack = await startFakeSlackApi({ botToken: TOKEN });
    const answer = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'C1', text: 'secret body', token: TOKEN }),
    });
    expect(await answer.json()).toEqual({ ok: false, error: 'not_authed' });
    const wrong = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-guess', 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'C1', text: 'secret body' }),
    });
    expect(await wrong.json()).toEqual({ ok: false, error: 'invalid_auth' });
    expect(slack.calls.map((c) => [c.method, c.error, c.body])).toEqual([
      ['chat.postMessage', 'not_authed', {}],
      ['chat.postMessage', 'invalid_auth', {}],
    ]);
  });

  it('answers a response_url it never issued 404, before reading the body', async () => {
    slack = await startFakeSlackApi();
    const base = slack.apiUrl.replace(/\/api\/$/, '');
    const answer = await fetch(`${base}/response/never-issued`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'secret body' }),
    });
    expect(answer.status).toBe(404);
    expect(slack.calls).toEqual([
      expect.objectContaining({ method: 'response_url', body: {}, error: 'unknown_url' }),
    ]);
  });

  it('refuses a body larger than Slack takes: declared at once, streamed as soon as it grows past', async () => {
    slack = await startFakeSlackApi({ botToken: TOKEN });
    const declared = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: 'a'.repeat(MAX_BODY_BYTES + 1),
    });
    expect(declared.status).toBe(413);
    const status = await streamed(`${slack.apiUrl}chat.postMessage`, 8 * MAX_BODY_BYTES, {
      authorization: `Bearer ${TOKEN}`,
    });
    expect([413, -1]).toContain(status);
    expect(slack.calls.map((c) => [c.error, c.body])).toEqual([
      ['request_too_large', {}],
      ['request_too_large', {}],
    ]);
  });

  it('keeps the last calls only, when told to', async () => {
    slack = await startFakeSlackApi({ maxRecordedCalls: 3 });
    for (let i = 0; i < 5; i++) {
      await fetch(`${slack.apiUrl}auth.test`, { method: 'POST' });
    }
    expect(slack.calls).toHaveLength(3);
  });
});
