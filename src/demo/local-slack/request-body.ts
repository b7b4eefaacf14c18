import type { IncomingMessage } from 'node:http';

/** Request bodies as the local Slack reads them: bounded, and form or JSON as Slack's clients send them. */

/**
 * The largest body taken, as the bot's own guard takes from Slack (1 MB): a whole message (40,000
 * characters of text and 50 blocks) or a view (100 blocks) is well under it. A larger body is
 * answered 413 and its connection closed, before the rest is read.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The body, or undefined as soon as it grows larger than any Slack request: nothing past the limit
 * is kept or waited for (the caller answers 413 and closes the connection).
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= limit) {
        chunks.push(c);
        return;
      }
      req.off('data', onData);
      req.pause();
      chunks.length = 0;
      resolve(undefined);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The Web client sends form bodies (values JSON-encoded when objects); response_url gets JSON. */
export function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if ((contentType ?? '').includes('application/json')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    } catch {
      return { raw };
    }
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return out;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
