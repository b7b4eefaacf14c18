import { z } from 'zod';
import { slackRefusal } from '../errors.js';

/**
 * One `chat.postMessage` over fetch against SLACK_API_URL, classified so the queue knows what to do:
 * we must see 429 ourselves (to hold the channel's queue for Retry-After), which Bolt's WebClient
 * would otherwise absorb in its own retry loop.
 */
export type FetchFunction = (
  url: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body: string;
    signal: AbortSignal;
    redirect: 'error';
  },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface OutgoingMessage {
  readonly channel: string;
  readonly text: string;
  readonly blocks: readonly unknown[];
  readonly metadata: { readonly event_type: string; readonly event_payload: Record<string, unknown> };
}

export type PostResult =
  | { readonly kind: 'ok'; readonly ts: string }
  | { readonly kind: 'rate_limited'; readonly retryAfterMs: number }
  /** Worth retrying: network failure, 5xx, Slack's transient errors. */
  | { readonly kind: 'transient'; readonly reason: string }
  /** Will fail again until a person fixes something; `fix` says what. */
  | { readonly kind: 'permanent'; readonly error: string; readonly fix: string };

export type PostMessage = (message: OutgoingMessage) => Promise<PostResult>;

const responseSchema = z.object({ ok: z.boolean(), error: z.string().optional(), ts: z.string().optional() });

export function createSlackPoster(options: {
  readonly apiUrl: string | undefined;
  readonly token: string;
  readonly fetch?: FetchFunction;
  readonly timeoutMs?: number;
}): PostMessage {
  const base = (options.apiUrl ?? 'https://slack.com/api/').replace(/\/*$/, '/');
  const doFetch = options.fetch ?? (globalThis.fetch as unknown as FetchFunction);
  const timeoutMs = options.timeoutMs ?? 10_000;
  return async (message) => {
    let response: Awaited<ReturnType<FetchFunction>>;
    let text: string;
    try {
      response = await doFetch(`${base}chat.postMessage`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.token}`,
          'content-type': 'application/json; charset=utf-8',
        },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
      text = await response.text();
    } catch (error) {
      return { kind: 'transient', reason: `Slack unreachable: ${(error as Error).name}` };
    }
    if (response.status === 429) {
      const seconds = Number(response.headers.get('retry-after'));
      return {
        kind: 'rate_limited',
        retryAfterMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000,
      };
    }
    if (response.status >= 500)
      return { kind: 'transient', reason: `Slack answered HTTP ${response.status}` };
    let body: z.infer<typeof responseSchema>;
    try {
      body = responseSchema.parse(JSON.parse(text));
    } catch {
      return { kind: 'transient', reason: `Slack answered HTTP ${response.status} without a JSON body` };
    }
    if (body.ok) return { kind: 'ok', ts: body.ts ?? '' };
    const error = body.error ?? 'unknown_error';
    const refusal = slackRefusal(error);
    if (refusal.transient) return { kind: 'transient', reason: error };
    return { kind: 'permanent', error, fix: refusal.fix };
  };
}
