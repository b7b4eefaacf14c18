import type { IncomingMessage, ServerResponse } from 'node:http';
import { createInteractions, type Interactions, type ResponseContext } from './interactions.js';
import { chatMethod, responseUrlPost } from './messages.js';
import { MAX_BODY_BYTES, parseBody, readBody } from './request-body.js';
import { viewsMethod } from './views.js';
import {
  type ApiAnswer,
  type ApiRefusal,
  BOT,
  createWorkspace,
  type LocalChannel,
  type LocalUser,
  type Workspace,
} from './workspace.js';

/**
 * The local Slack's Web API and response_urls as one request handler, mounted by the standalone
 * server the tests use (./server.ts) and by the demo on the bot's own port. Every call is recorded;
 * what Slack would refuse is refused with Slack's error (./rules.ts, ./workspace.ts).
 *
 * Here: reading, authorising, recording and dispatching a call, and the small methods; messages
 * (chat.* and response_urls) are in ./messages.ts, views in ./views.ts.
 */

export interface RecordedCall {
  /** Web API method (`chat.postMessage`) or `response_url`. */
  readonly method: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly at: number;
  /** The error it was answered with, when refused. */
  readonly error?: string;
}

export interface InjectedError {
  readonly error: string;
  /** For rate_limited: answered as HTTP 429 with this Retry-After (seconds). */
  readonly retryAfterSeconds?: number;
  /** How many calls get the error (default 1). */
  times?: number;
}

export type MessageValidator = (kind: 'message' | 'view', body: unknown) => string[];

export interface LocalSlackApiOptions {
  /** Runs on every message or view received; problems are recorded in `violations`. */
  readonly validate?: MessageValidator;
  /** The token's scopes, comma-separated (the x-oauth-scopes header of every answer). */
  readonly scopes?: string;
  /** When set, every Web API call must carry it. */
  readonly botToken?: string;
  /** Conversations whose membership matters (see ./workspace.ts). */
  readonly channels?: Readonly<Record<string, Omit<LocalChannel, 'id'>>>;
  readonly users?: readonly LocalUser[];
  /** Clock for trigger_id and response_url lifetimes. */
  readonly now?: () => number;
  /** The only app-level token `apps.connections.open` accepts; by default any `xapp-` token. */
  readonly appToken?: string;
  /** Socket Mode: a one-use ws:// URL for `apps.connections.open` (absent: the method is unknown). */
  readonly socketUrl?: () => string;
  /**
   * How many calls `calls` keeps, the oldest dropped first (the demo keeps a few hundred: it runs for
   * hours). Absent: every call, as tests read them all.
   */
  readonly maxRecordedCalls?: number;
}

export const DEFAULT_SCOPES = 'commands,chat:write,chat:write.public';

const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'response_url']);
const VIEW_METHODS = new Set(['views.open', 'views.update', 'views.push', 'views.publish']);

export function createLocalSlackApi(options: LocalSlackApiOptions = {}) {
  const now = options.now ?? Date.now;
  const scopes = (options.scopes ?? DEFAULT_SCOPES).split(',').map((s) => s.trim());
  const workspace: Workspace = createWorkspace({
    scopes,
    now,
    ...(options.users ? { users: options.users } : {}),
    ...(options.channels ? { channels: options.channels } : {}),
  });
  const interactions: Interactions = createInteractions(now);
  const calls: RecordedCall[] = [];
  const violations: { method: string; problems: string[] }[] = [];
  const injected = new Map<string, InjectedError>();
  const waiters = new Set<() => void>();

  const record = (call: RecordedCall) => {
    calls.push(call);
    const max = options.maxRecordedCalls;
    if (max !== undefined && calls.length > max) calls.splice(0, calls.length - max);
    for (const wake of [...waiters]) wake();
  };

  function validate(method: string, body: Record<string, unknown>) {
    if (!options.validate) return;
    const kind = VIEW_METHODS.has(method) ? 'view' : MESSAGE_METHODS.has(method) ? 'message' : undefined;
    if (!kind) return;
    const problems = options.validate(kind, kind === 'view' ? body.view : body);
    if (problems.length > 0) violations.push({ method, problems });
  }

  /** Answers one request under `/api/<method>` or `/response/<id>`; `pathname` is relative to the mount. */
  async function handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const isResponseUrl = pathname.startsWith('/response/');
    const method = isResponseUrl ? 'response_url' : pathname.replace(/^\/api\//, '');
    // What Slack refuses without a look at the body is refused before it is read (and not recorded
    // with it): a response_url never issued, a Web API call without the bot token, a body too large.
    const early = refusedUnread(req, pathname, isResponseUrl, method);
    if (early) {
      record({ method, path: pathname, body: {}, at: now(), error: early.error });
      res
        .writeHead(early.status, { 'content-type': 'application/json', connection: 'close' })
        .end(JSON.stringify({ ok: false, error: early.error }), () => req.socket?.destroy());
      return;
    }
    const raw = await readBody(req);
    const body = raw === undefined ? {} : parseBody(raw, req.headers['content-type']);
    validate(method, body);
    const answer = (
      status: number,
      payload: unknown,
      headers: Record<string, string> = {},
      error?: string,
    ) => {
      record({ method, path: pathname, body, at: now(), ...(error ? { error } : {}) });
      if (typeof payload === 'string')
        res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(payload);
      else
        res
          .writeHead(status, { 'content-type': 'application/json', ...headers })
          .end(JSON.stringify(payload));
    };
    if (raw === undefined) {
      answer(413, { ok: false, error: 'request_too_large' }, { connection: 'close' }, 'request_too_large');
      req.socket?.destroy();
      return;
    }

    const failure = injected.get(method);
    if (failure) {
      failure.times = (failure.times ?? 1) - 1;
      if (failure.times <= 0) injected.delete(method);
      const headers: Record<string, string> =
        failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {};
      if (isResponseUrl)
        answer(failure.retryAfterSeconds !== undefined ? 429 : 404, failure.error, headers, failure.error);
      else
        answer(
          failure.retryAfterSeconds !== undefined ? 429 : 200,
          { ok: false, error: failure.error },
          headers,
          failure.error,
        );
      return;
    }

    if (isResponseUrl) {
      const outcome = responseUrlPost(workspace, interactions, pathname.slice('/response/'.length), body);
      answer(outcome.status, outcome.text, {}, outcome.status === 200 ? undefined : outcome.text);
      return;
    }
    const auth = req.headers.authorization ?? '';
    if (method === 'apps.connections.open' && options.socketUrl) {
      // Authorised by the app-level token, never the bot token.
      const token = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : String(body.token ?? '');
      const accepted =
        options.appToken !== undefined ? token === options.appToken : token.startsWith('xapp-');
      if (!accepted) {
        const error = token === '' ? 'not_authed' : 'invalid_auth';
        answer(200, { ok: false, error }, {}, error);
        return;
      }
      answer(200, { ok: true, url: options.socketUrl() });
      return;
    }
    // The bot token was checked before the body was read (refusedUnread).
    const result = callMethod(method, body);
    // Slack names the token's scopes on every Web API answer (the SDK reads them into
    // response_metadata.scopes): a missing users:read.email shows there, not as an error.
    const headers: Record<string, string> = { 'x-oauth-scopes': scopes.join(',') };
    answer(200, result, headers, result.ok ? undefined : result.error);
  }

  function refusedUnread(
    req: IncomingMessage,
    pathname: string,
    isResponseUrl: boolean,
    method: string,
  ): { readonly status: number; readonly error: string } | undefined {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) return { status: 413, error: 'request_too_large' };
    if (isResponseUrl) {
      const id = pathname.slice('/response/'.length);
      return interactions.knowsResponseUrl(id) ? undefined : { status: 404, error: 'unknown_url' };
    }
    // With a bot token set, Web API calls carry it in the Authorization header (as the SDK sends
    // it); apps.connections.open takes the app-level token instead.
    if (options.botToken === undefined || method === 'apps.connections.open') return undefined;
    const auth = req.headers.authorization ?? '';
    if (auth === `Bearer ${options.botToken}`) return undefined;
    return { status: 200, error: auth === '' ? 'not_authed' : 'invalid_auth' };
  }

  function callMethod(method: string, body: Record<string, unknown>): ApiAnswer | ApiRefusal {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://local.slack.invalid/',
          team: 'Local',
          user: BOT.name,
          team_id: BOT.teamId,
          user_id: BOT.userId,
          bot_id: BOT.botId,
        };
      case 'chat.postMessage':
      case 'chat.postEphemeral':
      case 'chat.update':
        return chatMethod(workspace, method, body);
      case 'chat.getPermalink': {
        const message = workspace.messages.find(
          (m) => m.channel === body.channel && m.ts === body.message_ts && m.ephemeralTo === undefined,
        );
        if (!message) return workspace.refuse('message_not_found');
        return {
          ok: true,
          channel: message.channel,
          permalink: `https://local.slack.invalid/archives/${message.channel}/p${message.ts.replace('.', '')}`,
        };
      }
      case 'views.open':
      case 'views.push':
      case 'views.update':
      case 'views.publish':
        return viewsMethod(workspace, interactions, method, body);
      case 'users.info': {
        // users.info needs users:read; the email field only comes with users:read.email (scope docs).
        if (!scopes.includes('users:read'))
          return { ok: false, error: 'missing_scope', needed: 'users:read' } as ApiRefusal;
        const user = typeof body.user === 'string' ? workspace.users.get(body.user) : undefined;
        if (!user) return workspace.refuse('user_not_found');
        return {
          ok: true,
          user: {
            id: user.id,
            team_id: BOT.teamId,
            name: user.name,
            real_name: user.realName,
            is_bot: false,
            profile: {
              real_name: user.realName,
              display_name: user.name,
              ...(user.email && scopes.includes('users:read.email') ? { email: user.email } : {}),
            },
            // Slack adds the member's language only when asked for it.
            ...(user.locale !== undefined && String(body.include_locale) === 'true'
              ? { locale: user.locale }
              : {}),
          },
        };
      }
      default:
        return workspace.refuse('unknown_method');
    }
  }

  return {
    handle,
    workspace,
    interactions,
    calls,
    violations,
    callsTo: (method: string) => calls.filter((c) => c.method === method),
    inject(method: string, error: InjectedError) {
      injected.set(method, { ...error });
    },
    /** Registers a response_url id; the caller makes the URL (`<base>/response/<id>`). */
    mintResponseUrl(id: string, context?: ResponseContext) {
      interactions.mintResponseUrl(id, context);
    },
    waitFor(method: string, count = 1, timeoutMs = 10_000): Promise<RecordedCall[]> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = calls.filter((c) => c.method === method);
          if (found.length < count) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const got = calls.filter((c) => c.method === method).length;
          reject(new Error(`local Slack: expected ${count} call(s) to ${method}, got ${got}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
  };
}

export type LocalSlackApi = ReturnType<typeof createLocalSlackApi>;
