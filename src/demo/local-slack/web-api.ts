import type { IncomingMessage, ServerResponse } from 'node:http';
import { createInteractions, type Interactions, type ResponseContext } from './interactions.js';
import { messageRefusal, type Refusal, viewRefusal } from './rules.js';
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
 * (Over 300 lines: one dispatch over the Web API methods the bot calls, each a few lines over the
 * shared workspace, refusal and recording helpers; the rules themselves live in ./rules.ts.)
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
/**
 * The largest body taken, as the bot's own guard takes from Slack (1 MB): a whole message (40,000
 * characters of text and 50 blocks) or a view (100 blocks) is well under it. A larger body is
 * answered 413 and its connection closed, before the rest is read.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

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
      const outcome = answerResponseUrl(pathname.slice('/response/'.length), body);
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
        return chat(method, body);
      case 'views.open':
      case 'views.push': {
        const view = parseView(body.view);
        const refusal = viewRefusal(view, 'modal');
        if (refusal) return fromRefusal(refusal);
        // Checked after the view: Slack validates arguments before it spends the trigger.
        const trigger = interactions.exchangeTrigger(body.trigger_id);
        if (!trigger.ok) return workspace.refuse(trigger.error);
        const v = view as Record<string, unknown>;
        return method === 'views.open'
          ? { ok: true, view: workspace.openModal(trigger.user, v) }
          : workspace.pushModal(trigger.user, v);
      }
      case 'views.update': {
        const view = parseView(body.view);
        const refusal = viewRefusal(view, 'modal');
        if (refusal) return fromRefusal(refusal);
        if (typeof body.view_id !== 'string' && typeof body.external_id !== 'string') {
          return workspace.refuse('invalid_arguments', ['[ERROR] view_id or external_id is required']);
        }
        return workspace.updateView({
          ...(typeof body.view_id === 'string' ? { viewId: body.view_id } : {}),
          ...(typeof body.external_id === 'string' ? { externalId: body.external_id } : {}),
          ...(typeof body.hash === 'string' ? { hash: body.hash } : {}),
          view: view as Record<string, unknown>,
        });
      }
      case 'views.publish': {
        const view = parseView(body.view);
        const refusal = viewRefusal(view, 'home');
        if (refusal) return fromRefusal(refusal);
        if (typeof body.user_id !== 'string' || body.user_id === '')
          return workspace.refuse('invalid_arguments');
        if (workspace.users.size > 0 && !workspace.users.has(body.user_id))
          return workspace.refuse('user_not_found');
        return workspace.publishHome(
          body.user_id,
          view as Record<string, unknown>,
          typeof body.hash === 'string' ? body.hash : undefined,
        );
      }
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
          },
        };
      }
      default:
        return workspace.refuse('unknown_method');
    }
  }

  function chat(
    method: 'chat.postMessage' | 'chat.postEphemeral' | 'chat.update',
    body: Record<string, unknown>,
  ): ApiAnswer | ApiRefusal {
    const channel = typeof body.channel === 'string' ? body.channel : '';
    if (channel === '') return workspace.refuse('channel_not_found');
    const membership = workspace.membershipError(method, channel);
    if (membership) return workspace.refuse(membership);
    const refusal = messageRefusal(body);
    if (refusal) return fromRefusal(refusal);
    const text = typeof body.text === 'string' ? body.text : '';
    const blocks = Array.isArray(body.blocks) ? body.blocks : undefined;
    const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;
    if (method === 'chat.update') {
      // A DM is updated by its D… id, which chat.postMessage to a user id answers with; the user id
      // itself names no conversation here (chat.update docs). The exact error is [Unverified].
      if (/^[UW][A-Z0-9]+$/.test(channel)) return workspace.refuse('channel_not_found');
      const ts = typeof body.ts === 'string' ? body.ts : '';
      const message = workspace.find(workspace.conversationOf(channel), ts);
      if (!message) return workspace.refuse('message_not_found');
      if (message.botId !== BOT.botId) return workspace.refuse('cant_update_message');
      workspace.update(message, { text, ...(blocks ? { blocks } : {}), metadata: body.metadata });
      return { ok: true, channel: message.channel, ts: message.ts, text };
    }
    if (method === 'chat.postEphemeral') {
      const user = typeof body.user === 'string' ? body.user : '';
      if (user === '') return workspace.refuse('user_not_in_channel');
      if (workspace.users.size > 0 && !workspace.users.has(user))
        return workspace.refuse('user_not_in_channel');
      const message = workspace.post({
        channel,
        text,
        ...(blocks ? { blocks } : {}),
        ...(threadTs ? { threadTs } : {}),
        ephemeralTo: user,
      });
      return { ok: true, message_ts: message.ts };
    }
    const message = workspace.post({
      channel,
      text,
      ...(blocks ? { blocks } : {}),
      ...(threadTs ? { threadTs } : {}),
      ...(body.metadata !== undefined ? { metadata: body.metadata } : {}),
    });
    return {
      ok: true,
      channel: message.channel,
      ts: message.ts,
      message: { type: 'message', text, bot_id: BOT.botId, ts: message.ts, ...(blocks ? { blocks } : {}) },
    };
  }

  /** A response_url POST: 5 uses in 30 minutes, then 404 (what Bolt's RespondError reports). */
  function answerResponseUrl(id: string, body: Record<string, unknown>): { status: number; text: string } {
    const outcome = interactions.useResponseUrl(id);
    // The body text of a dead URL is [Unverified]; the 404 is what clients see.
    if (!outcome.ok)
      return { status: 404, text: outcome.error === 'unknown_url' ? 'invalid_url' : 'expired_url' };
    const context = outcome.context;
    if (body.delete_original === true || body.delete_original === 'true') {
      const original = context.original && workspace.find(context.original.channel, context.original.ts);
      if (original) workspace.remove(original);
      return { status: 200, text: 'ok' };
    }
    const refusal = messageRefusal(body);
    if (refusal) return { status: 400, text: refusal.error };
    if (context.channel === undefined) return { status: 200, text: 'ok' };
    const text = typeof body.text === 'string' ? body.text : '';
    const blocks = Array.isArray(body.blocks) ? body.blocks : undefined;
    const inChannel = body.response_type === 'in_channel';
    const replace = body.replace_original === true || body.replace_original === 'true';
    const original = context.original && workspace.find(context.original.channel, context.original.ts);
    // "ephemeral and in-channel … you cannot promote one to the other" (reference §1.2): a replace of an
    // ephemeral original stays ephemeral.
    if (replace && original) {
      workspace.update(original, { text, blocks: blocks ?? [] });
      return { status: 200, text: 'ok' };
    }
    const posted = workspace.post({
      channel: context.channel,
      text,
      ...(blocks ? { blocks } : {}),
      ...(context.threadTs ? { threadTs: context.threadTs } : {}),
      ...(body.metadata !== undefined ? { metadata: body.metadata } : {}),
      ...(!inChannel && context.user ? { ephemeralTo: context.user } : {}),
    });
    // A command's URL updates what it produced last; a button's URL keeps pointing at its message.
    if (!inChannel) context.original ??= { channel: posted.channel, ts: posted.ts };
    return { status: 200, text: 'ok' };
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

function fromRefusal(refusal: Refusal): ApiRefusal {
  return refusal.messages
    ? { ok: false, error: refusal.error, response_metadata: { messages: refusal.messages } }
    : { ok: false, error: refusal.error };
}

function parseView(view: unknown): unknown {
  if (typeof view !== 'string') return view;
  try {
    return JSON.parse(view);
  } catch {
    return undefined;
  }
}

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
