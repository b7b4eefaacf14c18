import { createHmac } from 'node:crypto';

/**
 * Slack's request signing, as Slack does it for every request it sends an app: `v0=` +
 * HMAC-SHA256(signing secret, `v0:<timestamp>:<raw body>`) (reference §1.7).
 */
function signSlackRequest(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)) {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}

export interface DeliveredRequest {
  readonly status: number;
  readonly body: string;
}

/**
 * Sends one signed request to an app, as Slack does: slash commands and interactions as
 * `application/x-www-form-urlencoded` (interactions in a `payload` field), Events API callbacks as JSON.
 */
export async function deliverToApp(
  url: string,
  secret: string,
  content: { readonly form: Record<string, string> } | { readonly json: unknown },
  timeoutMs = 3000,
): Promise<DeliveredRequest> {
  const isForm = 'form' in content;
  const body = isForm ? new URLSearchParams(content.form).toString() : JSON.stringify(content.json);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      // Exactly this type: Bolt parses a form only when the header is this string (reference §1.7).
      'content-type': isForm ? 'application/x-www-form-urlencoded' : 'application/json',
      ...signSlackRequest(secret, body),
    },
    body,
    // Slack gives an app 3 seconds to acknowledge.
    signal: AbortSignal.timeout(timeoutMs),
    redirect: 'error',
  });
  return { status: response.status, body: await response.text() };
}
