import { createHmac } from 'node:crypto';

/** Slack's v0 request signature over `v0:<timestamp>:<raw body>` (reference: slack-platform.md). */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedPost {
  readonly status: number;
  readonly text: string;
}

/** POSTs a form body to the app, signed as Slack would sign it (or with overrides to test rejection). */
export async function postSigned(
  url: string,
  secret: string,
  form: Record<string, string>,
  options: { readonly timestamp?: number; readonly signature?: string } = {},
): Promise<SignedPost> {
  const body = new URLSearchParams(form).toString();
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? slackSignature(secret, timestamp, body),
    },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/** An interactive payload (block_actions, message_action, view_submission) as Slack sends it. */
export function payloadForm(payload: unknown): Record<string, string> {
  return { payload: JSON.stringify(payload) };
}

/** POSTs a JSON body (an Events API `event_callback`) to the app, signed as Slack signs it. */
export async function postSignedJson(url: string, secret: string, body: unknown): Promise<SignedPost> {
  const raw = JSON.stringify(body);
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(secret, timestamp, raw),
    },
    body: raw,
  });
  return { status: response.status, text: await response.text() };
}
