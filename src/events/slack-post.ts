import { z } from 'zod';

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

const FIXES: Readonly<Record<string, string>> = {
  channel_not_found: 'check the channel id in the routing file (ROUTING_FILE)',
  not_in_channel: 'invite the bot to the channel (/invite @callsummary)',
  is_archived: 'unarchive the channel or route the extension elsewhere in ROUTING_FILE',
  invalid_auth: 'SLACK_BOT_TOKEN is wrong; reinstall the app and copy the xoxb- token',
  not_authed: 'SLACK_BOT_TOKEN is missing',
  account_inactive: 'the app was uninstalled or its token revoked; reinstall it',
  token_revoked: 'the app was uninstalled or its token revoked; reinstall it',
  missing_scope: 'add the chat:write scope in the app manifest and reinstall',
  restricted_action: 'a workspace admin restricts posting in that channel',
  channel_is_archived: 'unarchive the channel or route the extension elsewhere',
  invalid_blocks: 'the rendered message was refused; report it with the leg id',
  msg_too_long: 'the rendered message was too long; report it with the leg id',
  invalid_metadata_format: 'the message metadata was refused; report it with the leg id',
  team_access_not_granted: 'grant the app access to that workspace',
  ekm_access_denied: 'an EKM policy blocks the app; ask a workspace admin',
};
const TRANSIENT = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

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
    if (TRANSIENT.has(error)) return { kind: 'transient', reason: error };
    return {
      kind: 'permanent',
      error,
      fix: FIXES[error] ?? 'see https://api.slack.com/methods/chat.postMessage',
    };
  };
}
