import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/demo/local-slack/index.js';
import type { SlackServer } from '../../src/slack/server/server.js';
import type { SummaryService } from '../../src/use-case/summaries.js';
import { callContextFake, callSummary, foundLookup } from '../helpers/call-summary.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { commandForm } from '../helpers/slack-payloads.js';
import { testSlackServer } from '../helpers/slack-server.js';
import { postSigned, slackSignature } from '../helpers/slack-signing.js';

/** What /slack/events accepts from the network, checked against what Slack itself sends (reference §1.7). */

const SECRET = 'input-edges-signing-secret';
const LEG = '20260513223234-3EE9E';

const service: SummaryService = {
  lookup: async (r) =>
    foundLookup(callSummary({ legId: LEG, side: r.side ?? 'caller', html: '<p>Invoice.</p>' })),
  rememberLeg: async () => {},
  rememberSummary: async () => {},
  callContext: callContextFake,
};

let slack: FakeSlackApi;
let server: SlackServer;
let port: number;
let events: string;
const others: Server[] = [];

beforeEach(async () => {
  slack = await startFakeSlackApi();
  const logger = createMemoryLogger('error');
  server = testSlackServer({ apiUrl: slack.apiUrl, signingSecret: SECRET, summaries: service, logger });
  port = await server.start();
  events = `http://127.0.0.1:${port}/slack/events`;
});

afterEach(async () => {
  await server.stop(1000);
  await slack.close();
  for (const other of others.splice(0)) {
    other.closeAllConnections();
    await new Promise((resolve) => other.close(resolve));
  }
});

/** Sends raw bytes on a fresh connection; resolves with what came back once the server closed it. */
async function raw(head: string, body = ''): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
  });
  // A server that keeps reading would keep this write (and the connection) pending.
  socket.write(head + body);
  await once(socket, 'close');
  return received;
}

function signedHead(body: string, length: number, timestamp = Math.floor(Date.now() / 1000)): string {
  return [
    'POST /slack/events HTTP/1.1',
    'Host: 127.0.0.1',
    'Content-Type: application/x-www-form-urlencoded',
    `Content-Length: ${length}`,
    `X-Slack-Request-Timestamp: ${timestamp}`,
    `X-Slack-Signature: ${slackSignature(SECRET, timestamp, body)}`,
    '',
    '',
  ].join('\r\n');
}

describe('request bodies on /slack/events', () => {
  it('answers a declared Content-Length over 1 MB with 413 at once and closes the connection', async () => {
    // Within Bolt's 4 MB but not what Slack sends; only a few bytes of it ever arrive.
    const answer = await raw(signedHead('', 2 * 1024 * 1024), 'command=%2Fcallsummary');
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer.toLowerCase()).toContain('connection: close');
  });

  it('answers 413 to a body that grows past 1 MB without a declared length, and closes', async () => {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.write(
      'POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    const chunk = 'a'.repeat(64 * 1024);
    const closed = once(socket, 'close');
    // 1.5 MB in chunks, then never the terminating chunk: only the cap can end this request.
    for (let i = 0; i < 24 && !socket.destroyed; i++) {
      socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    }
    await closed;
    expect(received).toMatch(/^HTTP\/1\.1 413/);
  });

  it('still answers a signed command of ordinary size', async () => {
    const ack = await postSigned(events, SECRET, commandForm(LEG, slack.responseUrl('ok')));
    expect(ack.status).toBe(200);
    await slack.waitFor('response_url');
  });

  it('closes a connection that never finishes its headers (seconds, not Node’s 300 s)', async () => {
    const answer = await raw('POST /slack/events HTTP/1.1\r\nHost: x\r\n');
    // Node answers 408 when the headers timeout fires.
    expect(answer === '' || /^HTTP\/1\.1 408/.test(answer)).toBe(true);
  }, 20_000);
});

describe('timestamps', () => {
  it('refuses a correctly signed request dated more than 5 minutes ahead', async () => {
    const ahead = Math.floor(Date.now() / 1000) + 6 * 60;
    const ack = await postSigned(events, SECRET, commandForm(LEG, slack.responseUrl('future')), {
      timestamp: ahead,
    });
    expect(ack.status).toBe(401);
    const stale = await postSigned(events, SECRET, commandForm(LEG, slack.responseUrl('past')), {
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(stale.status).toBe(401);
    expect(slack.callsTo('response_url')).toHaveLength(0);
  });

  it('accepts a clock a little ahead, within the window', async () => {
    const ack = await postSigned(events, SECRET, commandForm(LEG, slack.responseUrl('skew')), {
      timestamp: Math.floor(Date.now() / 1000) + 60,
    });
    expect(ack.status).toBe(200);
  });
});

describe('signed bodies Bolt could not handle', () => {
  it.each(['null', '[]', '"text"', '{not json'])(
    'answers payload=%s with 400 instead of hanging',
    async (payload) => {
      const ack = await postSigned(events, SECRET, { payload });
      expect(ack.status).toBe(400);
    },
  );

  it('answers a command without text, and one with text twice, with the usage', async () => {
    const form = commandForm(LEG, slack.responseUrl('no-text'));
    const { text: _text, ...withoutText } = form;
    expect((await postSigned(events, SECRET, withoutText)).status).toBe(200);
    const twice = new URLSearchParams(commandForm(LEG, slack.responseUrl('twice')));
    twice.append('text', 'help');
    const body = twice.toString();
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(events, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': slackSignature(SECRET, timestamp, body),
      },
      body,
    });
    expect(response.status).toBe(200);
    const answers = await slack.waitFor('response_url', 2);
    for (const id of ['no-text', 'twice']) {
      const answer = answers.find((call) => call.path === `/response/${id}`);
      expect(JSON.stringify(answer?.body)).toContain('*Usage:*');
    }
  });
});

describe('response_urls', () => {
  it('posts nothing to a response_url Slack did not issue, and answers through the Web API instead', async () => {
    const hits: string[] = [];
    const elsewhere = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end();
    });
    others.push(elsewhere);
    elsewhere.listen(0, '127.0.0.1');
    await once(elsewhere, 'listening');
    const foreign = `http://localhost:${(elsewhere.address() as AddressInfo).port}/collect`;
    const ack = await postSigned(events, SECRET, commandForm(LEG, foreign));
    expect(ack.status).toBe(200);
    const [ephemeral] = await slack.waitFor('chat.postEphemeral');
    expect(ephemeral!.body).toMatchObject({ channel: 'C1', user: 'U1' });
    expect(JSON.stringify(ephemeral!.body.blocks)).toContain('Invoice.');
    expect(hits).toEqual([]);
  });
});
