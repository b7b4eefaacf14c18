import type { RequestListener } from 'node:http';
import { type ParsedUrlQuery, parse as parseForm } from 'node:querystring';
import type { App } from '@slack/bolt';
import { afterPendingAcks } from './after-acks.js';
import { ARRIVED_AT, arrivalOf } from './answer-meter.js';
import type { GuardedRequest } from './request-guard.js';

/**
 * Acknowledges our slash command before Bolt's pipeline runs, then hands the same request to Bolt.
 *
 * A slash command's acknowledgement carries nothing (the answer goes to `response_url`), so once the
 * signature checks out (./request-guard.ts, which runs first) there is nothing left to decide before
 * answering 200. Bolt's receiver and middleware cost about 0.2 ms of CPU per request before a
 * listener can call `ack()`; under a burst on one event loop that cost queues up ahead of every later
 * acknowledgement. Here a command costs the form parse before its 200, and Bolt processes it on a
 * later turn with a no-op ack.
 *
 * Everything else (interactivity payloads, whose ack may carry a body, `ssl_check`, another command)
 * goes to Bolt's own listener untouched, with the body already read: Bolt reuses a buffered `rawBody`.
 */
export interface FastAckOptions {
  /** Bolt's HTTPReceiver request listener: the fallback for everything this does not answer. */
  readonly next: RequestListener;
  readonly app: () => App;
  /** Commands registered in the app; others are left to Bolt (which answers them as unhandled). */
  readonly commands: ReadonlySet<string>;
  /** False while stopping: the command is acknowledged and answered by `turnAway`. */
  readonly accepting: () => boolean;
  readonly turnAway: (body: ParsedUrlQuery) => Promise<void>;
  /** Records acknowledged work until it settles (./work-tracker.ts). */
  readonly track: (work: Promise<unknown>, body: ParsedUrlQuery) => void;
  readonly onError: (error: unknown) => void;
}

/** Set in the context of a command acknowledged here: it is tracked already. */
export const TRACKED = 'callsummaryTracked';

const FORM = 'application/x-www-form-urlencoded';

export function fastCommandAck(options: FastAckOptions): RequestListener {
  return (req, res) => {
    const guarded = req as GuardedRequest;
    if (guarded.verified !== true || guarded.rawBody === undefined || req.headers['content-type'] !== FORM) {
      options.next(req, res);
      return;
    }
    const form = parseForm(guarded.rawBody.toString('utf8'));
    const command = form.command;
    if (typeof command !== 'string' || !options.commands.has(command) || form.payload !== undefined) {
      options.next(req, res);
      return;
    }
    res.writeHead(200).end();
    // Acknowledged: from here on the person is owed an answer, so the work is tracked from this moment
    // (shutdown waits for it). Bolt runs on a later turn, one command per turn, so requests already
    // waiting are acked first; while stopping, the answer is that the bot is restarting.
    const work = options.accepting()
      ? afterPendingAcks().then(() =>
          options.app().processEvent({
            body: form,
            ack: async () => undefined,
            customProperties: { [TRACKED]: true, [ARRIVED_AT]: arrivalOf(req) },
          }),
        )
      : options.turnAway(form);
    options.track(work.catch(options.onError), form);
  };
}
