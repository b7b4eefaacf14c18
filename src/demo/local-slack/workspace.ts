/**
 * The local Slack's workspace: users, conversations, messages, views, and what the Web API methods do
 * to them, answered as Slack answers (documented shapes and errors). Conversations that were never
 * declared behave as public channels the bot is in, so a test can post to any id; declared ones
 * enforce membership as Slack does.
 */

export interface LocalUser {
  readonly id: string;
  readonly name: string;
  readonly realName: string;
  readonly email?: string;
  /** Their Slack language (`zh-CN`, `en-US`), answered by users.info with include_locale. */
  readonly locale?: string;
}

export interface LocalChannel {
  readonly id: string;
  readonly name?: string;
  /** Private channel, DM or group DM. */
  readonly private?: boolean;
  /** Whether the bot is a member (default true). */
  readonly member?: boolean;
  readonly archived?: boolean;
}

export interface LocalMessage {
  readonly channel: string;
  readonly ts: string;
  /** A person's id; absent for the bot's own messages. */
  readonly user?: string;
  readonly botId?: string;
  text: string;
  blocks?: unknown[];
  readonly threadTs?: string;
  metadata?: unknown;
  /** Shown to this person only ("Only visible to you"); never stored by Slack. */
  readonly ephemeralTo?: string;
  edited?: boolean;
  deleted?: boolean;
}

export interface LocalView {
  readonly id: string;
  hash: string;
  readonly user: string | undefined;
  readonly kind: 'modal' | 'home';
  view: Record<string, unknown>;
  readonly rootViewId: string;
  readonly previousViewId?: string;
  readonly externalId?: string;
}

export type ApiAnswer = { ok: true } & Record<string, unknown>;
export type ApiRefusal = { ok: false; error: string; response_metadata?: { messages: readonly string[] } };

export const BOT = { userId: 'UBOT', botId: 'BBOT', appId: 'ALOCAL', teamId: 'TLOCAL', name: 'callsummary' };

/** Slack: "Slack permits three views in a stack, including the root view" (views.push). */
const MAX_VIEW_STACK = 3;

export interface WorkspaceOptions {
  readonly users?: readonly LocalUser[];
  readonly channels?: Readonly<Record<string, Omit<LocalChannel, 'id'>>>;
  readonly scopes: readonly string[];
  readonly now?: () => number;
}

export type WorkspaceChange =
  | { readonly kind: 'message'; readonly message: LocalMessage }
  | { readonly kind: 'view'; readonly user: string | undefined }
  | { readonly kind: 'user'; readonly user: string };

/** Slack's own user id, for what Slack itself says. */
export const SLACKBOT = 'USLACKBOT';

export function createWorkspace(options: WorkspaceOptions) {
  const now = options.now ?? Date.now;
  const users = new Map((options.users ?? []).map((u) => [u.id, u]));
  const channels = new Map(
    Object.entries(options.channels ?? {}).map(([id, c]) => [id, { id, ...c } as LocalChannel]),
  );
  const messages: LocalMessage[] = [];
  const views = new Map<string, LocalView>();
  /** Per person: the modal stack, root first. */
  const stacks = new Map<string, string[]>();
  const listeners = new Set<(change: WorkspaceChange) => void>();
  let tsSeq = 0;
  let viewSeq = 0;

  const changed = (change: WorkspaceChange) => {
    for (const listener of [...listeners]) listener(change);
  };
  const nextTs = () => `${Math.floor(now() / 1000)}.${String(++tsSeq).padStart(6, '0')}`;
  const refuse = (error: string, messages?: readonly string[]): ApiRefusal =>
    messages ? { ok: false, error, response_metadata: { messages } } : { ok: false, error };

  /** Slack's membership answers for a bot (reference §1.2, §3.7; node-slack-sdk#977). */
  function membershipError(method: string, channelId: string): string | undefined {
    const channel = channels.get(channelId);
    if (!channel) return undefined;
    if (channel.member === false && channel.private) return 'channel_not_found';
    if (channel.archived) return 'is_archived';
    if (channel.member === false) {
      // chat:write.public lets chat.postMessage into a public channel the bot is not in, but not
      // chat.postEphemeral: that one still fails (node-slack-sdk#977, open since 2020; ifvictr/prox#30).
      if (method === 'chat.postEphemeral') return 'not_in_channel';
      if (method === 'chat.postMessage' && !options.scopes.includes('chat:write.public'))
        return 'not_in_channel';
      if (method === 'chat.update') return 'not_in_channel';
    }
    return undefined;
  }

  /** A `U…` channel is the app's DM with that person ("App messages" in the app's Messages tab). */
  function conversationOf(channel: string): string {
    return /^[UW][A-Z0-9]+$/.test(channel) ? `D${channel.slice(1)}` : channel;
  }

  function storeView(view: LocalView): Record<string, unknown> {
    views.set(view.id, view);
    changed({ kind: 'view', user: view.user });
    return describeView(view);
  }

  function describeView(view: LocalView): Record<string, unknown> {
    return {
      ...view.view,
      id: view.id,
      hash: view.hash,
      team_id: BOT.teamId,
      app_id: BOT.appId,
      bot_id: BOT.botId,
      root_view_id: view.rootViewId,
      previous_view_id: view.previousViewId ?? null,
      ...(view.externalId ? { external_id: view.externalId } : {}),
      state: { values: {} },
    };
  }

  const newViewId = () => `V${String(++viewSeq).padStart(8, '0')}`;
  const newHash = () => `${Math.floor(now() / 1000)}.${viewSeq}${tsSeq}`;

  return {
    users,
    channels,
    messages,
    views,
    stacks,
    /** A member picks another language in their Slack preferences (the demo's language switch). */
    setLocale(userId: string, locale: string): boolean {
      const user = users.get(userId);
      if (!user) return false;
      users.set(userId, { ...user, locale });
      changed({ kind: 'user', user: userId });
      return true;
    },
    onChange(listener: (change: WorkspaceChange) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    membershipError,
    conversationOf,
    /** A message a person writes in the client (the demo's composer). */
    personSays(channel: string, user: string, text: string, threadTs?: string): LocalMessage {
      const message: LocalMessage = { channel, ts: nextTs(), user, text, ...(threadTs ? { threadTs } : {}) };
      messages.push(message);
      changed({ kind: 'message', message });
      return message;
    },
    /** Slack's own word to one person (`USLACKBOT`), as it answers a command no app has. */
    slackbotSays(channel: string, text: string, to: string): LocalMessage {
      const message: LocalMessage = { channel, ts: nextTs(), user: SLACKBOT, text, ephemeralTo: to };
      messages.push(message);
      changed({ kind: 'message', message });
      return message;
    },
    post(args: {
      channel: string;
      text: string;
      blocks?: unknown[];
      threadTs?: string;
      metadata?: unknown;
      ephemeralTo?: string;
    }): LocalMessage {
      const message: LocalMessage = {
        channel: conversationOf(args.channel),
        ts: nextTs(),
        botId: BOT.botId,
        text: args.text,
        ...(args.blocks ? { blocks: args.blocks } : {}),
        ...(args.threadTs ? { threadTs: args.threadTs } : {}),
        ...(args.metadata !== undefined ? { metadata: args.metadata } : {}),
        ...(args.ephemeralTo ? { ephemeralTo: args.ephemeralTo } : {}),
      };
      messages.push(message);
      changed({ kind: 'message', message });
      return message;
    },
    find(channel: string, ts: string): LocalMessage | undefined {
      return messages.find((m) => m.channel === channel && m.ts === ts && !m.deleted);
    },
    update(message: LocalMessage, args: { text: string; blocks?: unknown[]; metadata?: unknown }): void {
      message.text = args.text;
      // chat.update keeps the previous blocks unless new ones (or []) are given.
      if (args.blocks) message.blocks = args.blocks;
      if (args.metadata !== undefined) message.metadata = args.metadata;
      message.edited = true;
      changed({ kind: 'message', message });
    },
    remove(message: LocalMessage): void {
      message.deleted = true;
      changed({ kind: 'message', message });
    },
    /** views.open: a new stack for the person the trigger belongs to. */
    openModal(user: string | undefined, view: Record<string, unknown>): Record<string, unknown> {
      const id = newViewId();
      if (user) stacks.set(user, [id]);
      return storeView({
        id,
        hash: newHash(),
        user,
        kind: 'modal',
        view,
        rootViewId: id,
        ...(typeof view.external_id === 'string' ? { externalId: view.external_id } : {}),
      });
    },
    pushModal(user: string | undefined, view: Record<string, unknown>): ApiAnswer | ApiRefusal {
      const stack = user ? stacks.get(user) : undefined;
      if (!stack || stack.length === 0) return refuse('not_found');
      if (stack.length >= MAX_VIEW_STACK) return refuse('push_limit_reached');
      const id = newViewId();
      const previous = stack[stack.length - 1]!;
      stack.push(id);
      return {
        ok: true,
        view: storeView({
          id,
          hash: newHash(),
          user,
          kind: 'modal',
          view,
          rootViewId: stack[0]!,
          previousViewId: previous,
        }),
      };
    },
    updateView(args: {
      viewId?: string;
      externalId?: string;
      hash?: string;
      view: Record<string, unknown>;
    }): ApiAnswer | ApiRefusal {
      const current = args.viewId
        ? views.get(args.viewId)
        : [...views.values()].find((v) => v.externalId !== undefined && v.externalId === args.externalId);
      if (!current) return refuse('not_found');
      // "hash_conflict": the view changed since the hash the app holds (views.update).
      if (args.hash !== undefined && args.hash !== current.hash) return refuse('hash_conflict');
      current.view = args.view;
      current.hash = newHash();
      return { ok: true, view: storeView(current) };
    },
    publishHome(user: string, view: Record<string, unknown>, hash?: string): ApiAnswer | ApiRefusal {
      const existing = [...views.values()].find((v) => v.kind === 'home' && v.user === user);
      if (existing && hash !== undefined && hash !== existing.hash) return refuse('hash_conflict');
      const id = existing?.id ?? newViewId();
      return { ok: true, view: storeView({ id, hash: newHash(), user, kind: 'home', view, rootViewId: id }) };
    },
    /** The person closes the top modal (or the whole stack, as Slack's close clears it by default). */
    closeModals(user: string, all = true): void {
      const stack = stacks.get(user) ?? [];
      if (all) stacks.delete(user);
      else stack.pop();
      changed({ kind: 'view', user });
    },
    describeView,
    refuse,
  };
}

export type Workspace = ReturnType<typeof createWorkspace>;
