import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../../src/compose/bot.js';
import { loadConfig } from '../../../src/compose/config.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../../src/demo/local-slack/index.js';
import { type PbxSimulator, SAMPLE_LEGS, startPbxSimulator } from '../../../src/demo/pbx-simulator/index.js';
import { validateMessage } from '../../../src/render/index.js';
import { botEnv } from '../../helpers/env.js';
import { createMemoryLogger } from '../../helpers/memory-logger.js';

/**
 * Socket Mode end to end over real loopback connections: the real app (Bolt's SocketModeReceiver
 * and @slack/socket-mode client, untouched) against the fake Slack's apps.connections.open and its
 * Socket Mode WebSocket server, with the PBX simulator behind it.
 */

const APP_TOKEN = 'xapp-1-A0-socket-test';
let pbx: PbxSimulator;
let slack: FakeSlackApi;
let app: RunningApp;
let stopped = false;

/** Socket Mode: an app-level token and no signing secret. */
function socketModeEnv(appToken: string, port: string, extra: Record<string, string> = {}) {
  return botEnv(pbx, slack, {
    SLACK_BOT_TOKEN: 'xoxb-socket',
    SLACK_SIGNING_SECRET: '',
    SLACK_APP_TOKEN: appToken,
    PORT: port,
    ...extra,
  });
}

beforeAll(async () => {
  pbx = await startPbxSimulator();
  slack = await startFakeSlackApi({
    appToken: APP_TOKEN,
    botToken: 'xoxb-socket',
    validate: (kind, body) =>
      kind === 'message'
        ? validateMessage(body as { text?: string; blocks?: unknown[] }, 'message', {
            allowMentions: (body as { response_type?: string }).response_type === 'in_channel',
          })
        : [],
  });
  const config = loadConfig(
    socketModeEnv(APP_TOKEN, '0', { YEASTAR_MAX_RETRIES: '0', YEASTAR_TIMEOUT_MS: '2000' }),
    'bot',
  );
  app = await startApp(config, { logger: createMemoryLogger('warn'), botId: 'BBOT', botUserId: 'UBOT' });
});

afterAll(async () => {
  if (!stopped) await app?.stop();
  await slack?.close();
  await pbx?.close();
});

function slashCommand(text: string, responseId: string) {
  return {
    type: 'slash_commands' as const,
    accepts_response_payload: true,
    payload: {
      token: 'legacy',
      team_id: 'T0',
      team_domain: 'fake',
      channel_id: 'C1',
      channel_name: 'support',
      user_id: 'U1',
      user_name: 'ann',
      command: '/callsummary',
      text,
      api_app_id: 'AFAKE',
      is_enterprise_install: 'false',
      response_url: slack.responseUrl(responseId),
      trigger_id: 'trig',
    },
  };
}

/** Pushes the command, checks its ack, and returns what the app sent to the response_url. */
async function ask(text: string, responseId: string) {
  const before = slack.callsTo('response_url').length;
  const envelope = slashCommand(text, responseId);
  const ack = await slack.socketMode.send({ ...envelope, envelope_id: `env-${responseId}` });
  expect(ack.envelope_id).toBe(`env-${responseId}`);
  const calls = await slack.waitFor('response_url', before + 1);
  const answer = calls.find((c) => c.path === `/response/${responseId}`);
  expect(answer).toBeDefined();
  return answer!.body as { response_type?: string; text?: string; blocks?: unknown[] };
}

describe('Socket Mode (SLACK_APP_TOKEN set)', () => {
  it('opens the connection through SLACK_API_URL with the app-level token', async () => {
    const connection = await slack.socketMode.waitForConnection(1);
    expect(connection.open).toBe(true);
    // The fake accepts only APP_TOKEN there, and only the bot token for every other method.
    expect(slack.callsTo('apps.connections.open')).toHaveLength(1);
  });

  it('acks a /callsummary envelope and answers at the response_url with valid blocks', async () => {
    const body = await ask(`${SAMPLE_LEGS.docExample} callee`, 'doc');
    expect(body.response_type).toBe('ephemeral');
    const json = JSON.stringify(body.blocks);
    expect(json).toContain('Kristin Hale was transferred to a human agent');
    expect(json).toContain('callsummary_share');
    expect(slack.violations).toEqual([]);
  });

  it('draws the Home tab on an app_home_opened event over the socket (an older install: emails off, said so)', async () => {
    const before = slack.callsTo('views.publish').length;
    const ack = await slack.socketMode.send({
      envelope_id: 'env-home',
      type: 'events_api',
      accepts_response_payload: false,
      payload: {
        token: 'legacy',
        team_id: 'T0',
        api_app_id: 'AFAKE',
        type: 'event_callback',
        event_id: 'Ev0SOCKETHOME',
        event_time: Math.floor(Date.now() / 1000),
        event: { type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home', event_ts: '1.0' },
      },
    });
    expect(ack.envelope_id).toBe('env-home');
    const [published] = (await slack.waitFor('views.publish', before + 1)).slice(before);
    expect(published!.body.user_id).toBe('U1');
    // The fake grants the three original scopes only: no users:read, so no email match.
    expect(JSON.stringify(published!.body.view)).toContain('users:read and users:read.email');
  });

  it('serves /healthz and /readyz on PORT', async () => {
    expect(app.port).toBeGreaterThan(0);
    const health = await fetch(`http://127.0.0.1:${app.port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`http://127.0.0.1:${app.port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true });
    // Slack's requests come over the socket; there is no /slack/events endpoint to probe.
    expect((await fetch(`http://127.0.0.1:${app.port}/slack/events`, { method: 'POST' })).status).toBe(404);
  });

  it('reconnects after Slack asks it to (disconnect, refresh_requested) and keeps answering', async () => {
    const first = await slack.socketMode.waitForConnection(1);
    slack.socketMode.disconnect('refresh_requested');
    const closed = await first.closed;
    expect(closed.code).toBe(1000);
    const second = await slack.socketMode.waitForConnection(2, 15_000);
    expect(second.open).toBe(true);
    expect(slack.callsTo('apps.connections.open')).toHaveLength(2);

    const body = await ask(`${SAMPLE_LEGS.docExample} callee`, 'after-reconnect');
    expect(JSON.stringify(body.blocks)).toContain('Kristin Hale was transferred to a human agent');
    expect(slack.violations).toEqual([]);
  }, 20_000);

  it('closes the socket cleanly on stop, and the health port with it', async () => {
    const connection = slack.socketMode.connections.at(-1)!;
    expect(connection.open).toBe(true);
    await app.stop();
    stopped = true;
    // Closed by the time stop() resolves, with a normal closure.
    expect(connection.open).toBe(false);
    expect((await connection.closed).code).toBe(1000);
    await expect(fetch(`http://127.0.0.1:${app.port}/healthz`)).rejects.toThrow();
  });
});

describe('Socket Mode start failures', () => {
  function socketConfig(appToken: string, port: number) {
    return loadConfig(socketModeEnv(appToken, String(port)), 'bot');
  }
  const start = (appToken: string, port: number) =>
    startApp(socketConfig(appToken, port), {
      logger: createMemoryLogger('error'),
      botId: 'BBOT',
      botUserId: 'UBOT',
    });

  async function freePort(): Promise<number> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return port;
  }

  it('a port in use fails the start (no crash) before any connection to Slack', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    const opens = slack.callsTo('apps.connections.open').length;
    try {
      await expect(start(APP_TOKEN, (taken.address() as AddressInfo).port)).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
    expect(slack.callsTo('apps.connections.open')).toHaveLength(opens);
  });

  it('a rejected app token fails the start at once and leaves the health port closed', async () => {
    const port = await freePort();
    await expect(start('xapp-1-A0-wrong', port)).rejects.toThrow(
      /Slack rejected SLACK_APP_TOKEN \(invalid_auth\)/,
    );
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
