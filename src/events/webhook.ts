import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readCappedBody } from '../shared/http/capped-body.js';
import type { Logger } from '../shared/log.js';
import { type PbxEvent, parseEventText } from './envelope.js';
import { verifySignature } from './signature.js';

/**
 * `POST /yeastar/webhook`. The signature is checked over the raw bytes before anything else; the
 * answer (204) goes out before the event is worked on, since the PBX's retry/timeout policy is not
 * documented (reference §6.2). GET is refused with 405: a GET push carries no body we could verify,
 * so the PBX webhook must be set to Request Method POST (said once in the log).
 */
export const WEBHOOK_PATH = '/yeastar/webhook';
const MAX_WEBHOOK_BODY_BYTES = 256 * 1024;

export interface WebhookRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Uint8Array;
}

export interface WebhookResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
}

export interface WebhookDeps {
  readonly secret: string;
  readonly onEvent: (event: PbxEvent) => Promise<void>;
  readonly logger: Logger;
}

export function createWebhookHandler(deps: WebhookDeps): (request: WebhookRequest) => WebhookResponse {
  let warnedGet = false;
  return (request) => {
    if (request.method !== 'POST') {
      if (request.method === 'GET' && !warnedGet) {
        warnedGet = true;
        deps.logger.warn(
          'events: the PBX sent a GET webhook; set its Request Method to POST (Integrations > API)',
        );
      }
      return { status: 405, headers: { allow: 'POST' } };
    }
    const header = request.headers['x-signature'];
    if (!verifySignature(request.body, deps.secret, Array.isArray(header) ? header[0] : header)) {
      deps.logger.warn('events: rejected a webhook with a missing or wrong X-Signature');
      return { status: 401 };
    }
    const text = Buffer.from(request.body).toString('utf8');
    setImmediate(() => {
      deps.onEvent(parseEventText(text)).catch((error: unknown) => {
        deps.logger.error(`events: handling a webhook event failed: ${(error as Error).message}`);
      });
    });
    return { status: 204 };
  };
}

/**
 * Adapts the handler to node:http: reads the body with a size cap. A body over the cap (declared or
 * counted) is answered 413 and its connection closed, without reading the rest.
 */
export function serveWebhook(
  handler: (request: WebhookRequest) => WebhookResponse,
  maxBytes = MAX_WEBHOOK_BODY_BYTES,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    readCappedBody(req, { maxBytes, declaredBytes: req.headers['content-length'] }).then(
      (body) => {
        const answer = handler({ method: req.method ?? 'GET', headers: req.headers, body });
        res.writeHead(answer.status, answer.headers).end();
      },
      (error: unknown) => {
        if (!res.headersSent) {
          const status = error instanceof BodyTooLargeError ? 413 : 400;
          res.writeHead(status, { connection: 'close' }).end(() => req.destroy());
        } else {
          req.destroy();
        }
      },
    );
  };
}
