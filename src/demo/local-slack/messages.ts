import type { Interactions } from './interactions.js';
import { fromRefusal, messageRefusal } from './rules.js';
import { type ApiAnswer, type ApiRefusal, BOT, type Workspace } from './workspace.js';

/**
 * How a message reaches the local Slack: `chat.postMessage`, `chat.postEphemeral` and `chat.update`
 * (./web-api.ts dispatches them here), and POSTs to a response_url. What Slack would refuse is
 * refused with Slack's error (./rules.ts, ./workspace.ts).
 */

export function chatMethod(
  workspace: Workspace,
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
export function responseUrlPost(
  workspace: Workspace,
  interactions: Interactions,
  id: string,
  body: Record<string, unknown>,
): { status: number; text: string } {
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
