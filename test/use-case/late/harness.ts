import { expect } from 'vitest';
import { type RunningApp, startApp } from '../../../src/compose/bot.js';
import { loadConfig } from '../../../src/compose/config.js';
import { eventsExtension } from '../../../src/compose/events.js';
import type { FakeSlackApi, LocalMessage } from '../../../src/demo/local-slack/index.js';
import type { PbxSimulator, SimLeg, SimSummary } from '../../../src/demo/pbx-simulator/index.js';
import { newDemoCall } from '../../../src/demo/setup.js';
import { parseRouting } from '../../../src/events/routing.js';
import { botEnv } from '../../helpers/env.js';
import { createMemoryLogger } from '../../helpers/memory-logger.js';
import { buttonClickPayload, commandForm } from '../../helpers/slack-payloads.js';
import { payloadForm, postSigned } from '../../helpers/slack-signing.js';

/** Shared by the late-summary tests: one bot (or several replicas) against the simulator and local Slack. */
export const SIGNING = 'late-signing-secret';
export const WEBHOOK_SECRET = 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z';

/** A call that ended just now whose summary is not written yet: the summary to write later. */
export function unsummarisedCall(sequence = 0): { leg: SimLeg; summary: SimSummary } {
  const { leg } = newDemoCall(sequence);
  const summary = leg.summaries.callee!;
  return { leg: { ...leg, summaries: {} }, summary };
}

export async function startBot(
  sim: PbxSimulator,
  slack: FakeSlackApi,
  env: Record<string, string> = {},
  options: { readonly events?: boolean; readonly tickMs?: number } = {},
): Promise<{
  app: RunningApp;
  events: string;
  webhook: string;
  logger: ReturnType<typeof createMemoryLogger>;
}> {
  const withEvents = options.events ?? true;
  const config = loadConfig(
    botEnv(sim, slack, {
      SLACK_SIGNING_SECRET: SIGNING,
      YEASTAR_MAX_RETRIES: '0',
      ...(withEvents ? { YEASTAR_WEBHOOK_SECRET: WEBHOOK_SECRET } : {}),
      ...env,
    }),
    'bot',
  );
  const logger = createMemoryLogger('debug');
  const app = await startApp(config, {
    logger,
    botId: 'BBOT',
    botUserId: 'UBOT',
    extensions: withEvents
      ? [eventsExtension({ paceMs: 0, routing: parseRouting('default: C0SUPPORT\n'), backoffBaseMs: 5 })]
      : [],
  });
  return {
    app,
    logger,
    events: `http://127.0.0.1:${app.port}/slack/events`,
    webhook: `http://127.0.0.1:${app.port}/yeastar/webhook`,
  };
}

type Blocks = { type: string; block_id?: string; elements?: { action_id?: string; value?: string }[] }[];

export function buttons(blocks: unknown): { action_id?: string; value?: string; block_id: string }[] {
  return ((blocks ?? []) as Blocks).flatMap((b) =>
    b.type === 'actions' ? (b.elements ?? []).map((e) => ({ ...e, block_id: b.block_id ?? '' })) : [],
  );
}

/**
 * `/callsummary <text>` from `user` in C1, answered privately (an ephemeral message in the local
 * workspace); resolves with that message.
 */
export async function ask(
  slack: FakeSlackApi,
  events: string,
  text: string,
  user = 'U1',
): Promise<LocalMessage> {
  const id = `ask-${user}-${Math.random().toString(36).slice(2)}`;
  const url = slack.responseUrl(id, { channel: 'C1', user });
  const ack = await postSigned(events, SIGNING, commandForm(text, url, { user_id: user }));
  expect(ack.status).toBe(200);
  await eventually(() =>
    expect(slack.callsTo('response_url').some((c) => c.path === `/response/${id}`)).toBe(true),
  );
  const answer = [...slack.workspace.messages]
    .reverse()
    .find((m) => m.ephemeralTo === user && m.channel === 'C1');
  expect(answer).toBeDefined();
  return answer!;
}

/** Clicks a button of `message` as `user`, with a response_url pointing at that message. */
export async function click(
  slack: FakeSlackApi,
  events: string,
  message: LocalMessage,
  actionId: string,
  user = 'U1',
): Promise<string> {
  const button = buttons(message.blocks).find((b) => b.action_id === actionId);
  expect(button, `no ${actionId} button`).toBeDefined();
  const id = `click-${user}-${Math.random().toString(36).slice(2)}`;
  const url = slack.responseUrl(id, {
    channel: 'C1',
    user,
    original: { channel: message.channel, ts: message.ts },
  });
  const payload = {
    ...buttonClickPayload(
      { actionId, blockId: button!.block_id, value: button!.value!, text: actionId },
      url,
    ),
    user: { id: user, username: user.toLowerCase(), team_id: 'T0' },
  };
  const ack = await postSigned(events, SIGNING, payloadForm(payload));
  expect(ack.status).toBe(200);
  return id;
}

/** The app's DMs with `user` (its Messages tab), oldest first; not the private answers shown there. */
export function directMessages(slack: FakeSlackApi, user: string): LocalMessage[] {
  return slack.workspace.messages.filter(
    (m) => m.channel === `D${user.slice(1)}` && m.botId !== undefined && m.ephemeralTo === undefined,
  );
}

/**
 * Retries `check` until it passes (at most `timeoutMs`), polling with the real setTimeout. Unlike
 * vi.waitFor, it never moves fake timers on: the back-off tests keep the clock where they put it.
 */
export async function eventually(check: () => void, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
