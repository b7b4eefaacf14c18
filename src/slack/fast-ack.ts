import type { IncomingMessage, RequestListener } from 'node:http';
import { parse as parseForm } from 'node:querystring';
import { type App, defaultBodyLimit, isValidSlackRequest } from '@slack/bolt';
import { readCappedBody } from '../http/capped-body.js';
import { afterPendingAcks } from './after-acks.js';

/**
 * Acknowledges our slash command before Bolt's pipeline runs, then hands the same request to Bolt.
 *
 * A slash command's acknowledgement carries nothing (the answer goes to `response_url`), so once the
 * signature checks out there is nothing left to decide before answering 200. Bolt's receiver and
 * middleware cost about 0.2 ms of CPU per request before a listener can call `ack()`; under a burst on
 * one event loop that cost queues up ahead of every later acknowledgement. Here a command costs the
 * body read, the form parse and one HMAC before its 200, and Bolt processes it on a later turn with a
 * no-op ack.
 *
 * Everything else (interactivity payloads, whose ack may carry a body, `ssl_check`, a bad or missing
 * signature, another command) goes to Bolt's own listener untouched, with the body already read:
 * Bolt reuses a buffered `rawBody`, and rejects bad signatures (401) exactly as before.
 */
export interface FastAckOptions {
  /** Bolt's HTTPReceiver request listener: the fallback for everything this does not answer. */
  readonly next: RequestListener;
  readonly app: () => App;
  readonly signingSecret: string;
  readonly path: string;
  /** Commands registered in the app; others are left to Bolt (which answers them as unhandled). */
  readonly commands: ReadonlySet<string>;
  /** False while stopping: new work is left to Bolt's pipeline, which refuses it. */
  readonly accepting: () => boolean;
  readonly onError: (error: unknown) => void;
}

type BufferedRequest = IncomingMessage & { rawBody?: Buffer };

const FORM = 'application/x-www-form-urlencoded';

export function fastCommandAck(options: FastAckOptions): RequestListener {
  return (req, res) => {
    if (
      req.method !== 'POST' ||
      req.headers['content-type'] !== FORM ||
      pathOf(req.url) !== options.path ||
      !options.accepting()
    ) {
      options.next(req, res);
      return;
    }
    readCappedBody(req, { maxBytes: defaultBodyLimit, declaredBytes: req.headers['content-length'] }).then(
      (raw) => {
        (req as BufferedRequest).rawBody = raw;
        const text = raw.toString('utf8');
        const form = parseForm(text);
        const command = form.command;
        if (
          typeof command !== 'string' ||
          !options.commands.has(command) ||
          form.ssl_check !== undefined ||
          form.payload !== undefined ||
          !signed(req, text, options.signingSecret)
        ) {
          options.next(req, res);
          return;
        }
        res.writeHead(200).end();
        // Bolt runs on a later turn, one command per turn, so requests already waiting are acked first.
        afterPendingAcks()
          .then(() => options.app().processEvent({ body: form, ack: async () => undefined }))
          .catch(options.onError);
      },
      (error: unknown) => {
        const tooLarge = (error as { code?: string }).code === 'body_too_large';
        if (!res.headersSent) res.writeHead(tooLarge ? 413 : 400).end();
        req.destroy();
      },
    );
  };
}

function pathOf(url: string | undefined): string {
  return (url ?? '').split('?', 1)[0]!;
}

function signed(req: IncomingMessage, body: string, signingSecret: string): boolean {
  const signature = req.headers['x-slack-signature'];
  const timestamp = Number(req.headers['x-slack-request-timestamp']);
  if (typeof signature !== 'string' || !Number.isFinite(timestamp)) return false;
  // Checks the timestamp's age too (replays), like Bolt's receiver.
  return isValidSlackRequest({
    signingSecret,
    body,
    headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
  });
}
