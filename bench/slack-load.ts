/**
 * The load generator for bench/slack.bench.ts, run as a forked child process so that its own CPU
 * (building, signing and sending 200 requests, reading 200 answers) does not share the bot's event
 * loop. It plays Slack's side of a slash command: a signed form POST to /slack/events, timed until
 * the HTTP answer (the ack). Not a benchmark itself (the runner only loads `*.bench.js`).
 *
 * Protocol over the IPC channel: the parent sends a `LoadRequest`, the child answers with a
 * `LoadResult`; the parent disconnects when done.
 */
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';

export interface LoadCommand {
  readonly id: string;
  readonly text: string;
  readonly responseUrl: string;
}

export interface LoadRequest {
  readonly url: string;
  readonly signingSecret: string;
  readonly commands: readonly LoadCommand[];
  /** `burst`: every request sent in the same tick; `sequential`: one after the other. */
  readonly mode: 'burst' | 'sequential';
}

export interface AckTiming {
  readonly id: string;
  readonly status: number;
  /** Wall-clock time (ms since the epoch, sub-ms) the request was handed to the socket layer. */
  readonly sentAt: number;
  readonly ackMs: number;
}

export interface LoadResult {
  readonly acks: readonly AckTiming[];
  readonly error?: string;
}

// Slack keeps connections open between requests; so does this generator (the warm round reuses them).
const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

interface Prepared {
  readonly id: string;
  readonly body: Buffer;
  readonly headers: Record<string, string>;
}

/** Builds and signs every request before the clock starts, so signing is not part of the timing. */
function prepare(load: LoadRequest): Prepared[] {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return load.commands.map((c) => {
    const body = new URLSearchParams({
      command: '/callsummary',
      text: c.text,
      user_id: 'U1',
      channel_id: 'C1',
      team_id: 'T0',
      response_url: c.responseUrl,
      trigger_id: 't',
    }).toString();
    const signature = `v0=${createHmac('sha256', load.signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    return {
      id: c.id,
      body: Buffer.from(body),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(Buffer.byteLength(body)),
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': signature,
      },
    };
  });
}

function send(url: URL, p: Prepared): Promise<AckTiming> {
  return new Promise((resolve) => {
    const sentAt = performance.timeOrigin + performance.now();
    const t0 = performance.now();
    const req = request(url, { method: 'POST', agent, headers: p.headers }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ id: p.id, status: res.statusCode ?? 0, sentAt, ackMs: performance.now() - t0 }),
      );
    });
    req.on('error', () => resolve({ id: p.id, status: 0, sentAt, ackMs: performance.now() - t0 }));
    req.end(p.body);
  });
}

async function runLoad(load: LoadRequest): Promise<LoadResult> {
  const url = new URL(load.url);
  const prepared = prepare(load);
  if (load.mode === 'burst') return { acks: await Promise.all(prepared.map((p) => send(url, p))) };
  const acks: AckTiming[] = [];
  for (const p of prepared) acks.push(await send(url, p));
  return { acks };
}

process.on('message', (message: LoadRequest) => {
  runLoad(message).then(
    (result) => process.send?.(result),
    (error: unknown) => process.send?.({ acks: [], error: String(error) } satisfies LoadResult),
  );
});
process.on('disconnect', () => agent.destroy());
