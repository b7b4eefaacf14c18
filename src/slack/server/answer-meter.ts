import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, RequestListener } from 'node:http';
import { parse as parseForm } from 'node:querystring';
import { CallSummaryError } from '../../shared/errors.js';
import type { AnswerSurface, Metrics } from '../../shared/metrics.js';
import { asSlackRefusal } from '../send/slack-errors.js';

/**
 * Answers to Slack's requests, counted for GET /metrics by surface and outcome and timed from the
 * request's arrival, in one place: the server runs every request's listeners through `run`, and the
 * few places that tell a person about a failure (or give up on telling them) call `failed` with it.
 * The outcome is then that failure's code, else `ok`. Which request a `failed` belongs to is the
 * async context of the listener run (one AsyncLocalStorage per server), so no handler has to carry
 * the request's surface to the place its failures are worded.
 */
export interface AnswerOutcomes {
  /** The request being answered failed with `error` (the first failure counts). */
  failed(error: unknown): void;
}

export interface AnswerMeter extends AnswerOutcomes {
  /** Runs one request's listeners and counts its answer; `arrivedAt` on `performance.now()`'s clock. */
  run<T>(body: unknown, arrivedAt: number | undefined, work: () => Promise<T>): Promise<T>;
  /** Counts an answer given outside a run (a request turned away while stopping). */
  count(body: unknown, outcome: string): void;
}

/** Set in a Bolt event's context (its `customProperties`): when the request arrived. */
export const ARRIVED_AT = 'callsummaryArrivedAt';

export function createAnswerMeter(metrics: Metrics): AnswerMeter {
  const current = new AsyncLocalStorage<{ outcome: string | undefined }>();
  return {
    async run(body, arrivedAt, work) {
      const surface = surfaceOf(body);
      if (surface === undefined) return work();
      const started = arrivedAt ?? performance.now();
      const request = { outcome: undefined as string | undefined };
      try {
        return await current.run(request, work);
      } catch (error) {
        request.outcome ??= failureCode(error);
        throw error;
      } finally {
        metrics.answered(surface, request.outcome ?? 'ok', (performance.now() - started) / 1000);
      }
    },
    failed(error) {
      const request = current.getStore();
      if (request !== undefined) request.outcome ??= failureCode(error);
    },
    count(body, outcome) {
      const surface = surfaceOf(body);
      if (surface !== undefined) metrics.answered(surface, outcome);
    },
  };
}

/** A failure as the answers counter names it: the error table's code (Slack's refusals as `slack_refused`). */
export function failureCode(error: unknown): string {
  const known = asSlackRefusal(error);
  return known instanceof CallSummaryError ? known.code : 'unexpected';
}

/**
 * The surface a request body (as Bolt parsed it) asks on; undefined for what is no one's question
 * (`url_verification`, a closed modal, another tab of the app's home, an event the bot ignores).
 */
export function surfaceOf(body: unknown): AnswerSurface | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const fields = body as { command?: unknown; type?: unknown; event?: { type?: unknown; tab?: unknown } };
  if (typeof fields.command === 'string') return 'command';
  switch (fields.type) {
    case 'block_actions':
      return 'button';
    case 'message_action':
    case 'shortcut':
      return 'shortcut';
    case 'view_submission':
      return 'modal';
    case 'event_callback':
      return fields.event?.type === 'app_home_opened' && fields.event.tab === 'home' ? 'home' : undefined;
    default:
      return undefined;
  }
}

/**
 * Times each acknowledgement over HTTP: from the request's arrival at `path` to the end of the 200
 * that acknowledges it (refusals are no acknowledgement). The arrival is kept on the request
 * (`ARRIVED_AT`) for the answer's own time; the body is read for its surface only once the answer is
 * out.
 */
export function timeAcks(metrics: Metrics, path: string, next: RequestListener): RequestListener {
  return (req, res) => {
    if (req.method === 'POST' && (req.url ?? '').split('?', 1)[0] === path) {
      const arrivedAt = performance.now();
      (req as TimedRequest)[ARRIVED_AT] = arrivedAt;
      res.once('finish', () => {
        if (res.statusCode !== 200) return;
        const surface = surfaceOfRequest(req);
        if (surface !== undefined) metrics.acknowledged(surface, (performance.now() - arrivedAt) / 1000);
      });
    }
    next(req, res);
  };
}

export type TimedRequest = IncomingMessage & { [ARRIVED_AT]?: number; rawBody?: Buffer };

/** When a request arrived, if it went through `timeAcks`. */
export function arrivalOf(req: IncomingMessage): number | undefined {
  return (req as TimedRequest)[ARRIVED_AT];
}

function surfaceOfRequest(req: TimedRequest): AnswerSurface | undefined {
  if (req.rawBody === undefined) return undefined;
  const text = req.rawBody.toString('utf8');
  try {
    if (req.headers['content-type'] === 'application/x-www-form-urlencoded') {
      const form = parseForm(text);
      return typeof form.payload === 'string' ? surfaceOf(JSON.parse(form.payload)) : surfaceOf(form);
    }
    return surfaceOf(JSON.parse(text));
  } catch {
    return undefined;
  }
}
