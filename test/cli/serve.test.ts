import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runServe } from '../../src/cli/serve.js';
import { healthRoutes } from '../../src/compose/health.js';
import { startFakeSlackApi } from '../../src/demo/local-slack/index.js';
import { startPbxSimulator } from '../../src/demo/pbx-simulator/index.js';
import { ENGLISH } from '../../src/shared/i18n/index.js';
import { createAfterAcks } from '../../src/slack/server/after-acks.js';
import { createSlackServer } from '../../src/slack/server/server.js';
import { callContextFake } from '../helpers/call-summary.js';
import { botEnv } from '../helpers/env.js';
import { createMemoryClaims } from '../helpers/memory-claims.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { slackSenders } from '../helpers/slack-deps.js';
import { commandForm } from '../helpers/slack-payloads.js';
import { postSigned } from '../helpers/slack-signing.js';

/** A closed loopback port: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function serveEnv(slackApiUrl: string, pbxUrl: string): NodeJS.ProcessEnv {
  return botEnv(
    { url: pbxUrl },
    { apiUrl: slackApiUrl },
    { SLACK_SIGNING_SECRET: 's3cret', LOG_LEVEL: 'error' },
  );
}

describe('callsummary serve', () => {
  it('exits 2 with one message listing what to set when configuration is partial', async () => {
    let err = '';
    const code = await runServe({
      words: ENGLISH,
      // One Slack variable set: someone is configuring the real bot, so no demo.
      env: () => ({ SLACK_SIGNING_SECRET: 'set' }),
      stderr: (t) => (err += t),
      stopSignal: new Promise(() => {}),
    });
    expect(code).toBe(2);
    for (const name of ['YEASTAR_BASE_URL', 'YEASTAR_CLIENT_ID', 'SLACK_BOT_TOKEN'])
      expect(err).toContain(name);
  });

  it('exits 1 with the fix when Slack rejects the bot token, leaving nothing open', async () => {
    const slack = await startFakeSlackApi({ botToken: 'xoxb-the-real-one' });
    const sim = await startPbxSimulator();
    try {
      let err = '';
      const code = await runServe({
        words: ENGLISH,
        env: () => serveEnv(slack.apiUrl, sim.url),
        stderr: (t) => (err += t),
        stopSignal: new Promise(() => {}),
      });
      expect(code).toBe(1);
      expect(err).toContain('Slack rejected SLACK_BOT_TOKEN (invalid_auth)');
      expect(err).toContain('OAuth & Permissions');
      expect(err).not.toContain('xoxb-test');
    } finally {
      await slack.close();
      await sim.close();
    }
  });

  it('exits 2 naming the line when the routing file has a mistake', async () => {
    const slack = await startFakeSlackApi();
    const sim = await startPbxSimulator();
    const dir = mkdtempSync(join(tmpdir(), 'callsummary-'));
    const routingFile = join(dir, 'routing.yml');
    writeFileSync(
      routingFile,
      'default: C0GENERAL\nroutes:\n  - extensions: ["32x0"]\n    channel: C0SUPPORT\n',
    );
    try {
      let err = '';
      const code = await runServe({
        words: ENGLISH,
        env: () => ({
          ...serveEnv(slack.apiUrl, sim.url),
          YEASTAR_WEBHOOK_SECRET: 'x'.repeat(32),
          ROUTING_FILE: routingFile,
        }),
        stderr: (t) => (err += t),
        stopSignal: new Promise(() => {}),
      });
      expect(code).toBe(2);
      expect(err).toMatch(/ROUTING_FILE .*routing\.yml is invalid:\n {2}- line 3: .*extension number/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await slack.close();
      await sim.close();
    }
  });

  it('exits 1 saying which setting to change when PORT is taken', async () => {
    const slack = await startFakeSlackApi();
    const sim = await startPbxSimulator();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      let err = '';
      const code = await runServe({
        words: ENGLISH,
        env: () => ({ ...serveEnv(slack.apiUrl, sim.url), PORT: String(port) }),
        stderr: (t) => (err += t),
        stopSignal: new Promise(() => {}),
      });
      expect(code).toBe(1);
      expect(err).toBe(
        `callsummary: could not start: port ${port} is already in use. Stop what is using it, or set PORT to a free port.\n`,
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
      await slack.close();
      await sim.close();
    }
  });

  it('keeps running when Slack is unreachable at start, and stops cleanly on the signal', async () => {
    const sim = await startPbxSimulator();
    let stop: (signal: string) => void = () => {};
    const stopSignal = new Promise<string>((resolve) => {
      stop = resolve;
    });
    let err = '';
    const deadSlack = `http://127.0.0.1:${await closedPort()}/api/`;
    try {
      const serving = runServe({
        words: ENGLISH,
        env: () => serveEnv(deadSlack, sim.url),
        stderr: (t) => (err += t),
        stopSignal,
      });
      // Still serving after the failed auth.test (Bolt's own eager check would reject unhandled here).
      await new Promise((resolve) => setTimeout(resolve, 1500));
      stop('SIGTERM');
      expect(await serving).toBe(0);
      expect(err).toBe('');
    } finally {
      await sim.close();
    }
  });

  it('honours SIGTERM while a Socket Mode start is still retrying an unreachable Slack', async () => {
    const sim = await startPbxSimulator();
    let stop: (signal: string) => void = () => {};
    const stopSignal = new Promise<string>((resolve) => {
      stop = resolve;
    });
    const deadSlack = `http://127.0.0.1:${await closedPort()}/api/`;
    let err = '';
    try {
      const serving = runServe({
        words: ENGLISH,
        env: () => ({
          ...serveEnv(deadSlack, sim.url),
          SLACK_SIGNING_SECRET: '',
          SLACK_APP_TOKEN: 'xapp-1-test',
          SHUTDOWN_TIMEOUT_MS: '2000',
        }),
        stderr: (t) => (err += t),
        stopSignal,
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      stop('SIGTERM');
      expect(await serving).toBe(0);
      expect(err).toContain('SIGTERM before the start completed');
    } finally {
      await sim.close();
    }
  });

  it('in Socket Mode with Slack unreachable, starts serving health after a short wait and stops cleanly', async () => {
    const logger = createMemoryLogger('warn');
    const server = createSlackServer({
      slack: {
        botToken: 'xoxb-t',
        signingSecret: undefined,
        appToken: 'xapp-1-test',
        apiUrl: `http://127.0.0.1:${await closedPort()}/api/`,
      },
      port: 0,
      logger,
      botId: 'B',
      botUserId: 'U',
      socketStartWaitMs: 300,
      routes: healthRoutes({ checks: {}, stopping: () => false }),
      deps: {
        summaries: {
          lookup: async () => ({ legId: '20260513223234-3EE9E', results: [] }),
          rememberLeg: async () => {},
          rememberSummary: async () => {},
          callContext: callContextFake,
        },
        render: () => ({ text: 'x', blocks: [] }),
        access: { allowedChannelIds: undefined, allowedUserIds: undefined },
        logger,
        claims: createMemoryClaims(),
        ...slackSenders(logger),
        afterAcks: createAfterAcks(),
      },
    });
    const port = await server.start();
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(logger.lines.join('\n')).toContain('not connected to Slack after 0.3 s; still trying');
    expect(await server.stop(1000)).toBe(true);
  });

  it('logs a rejection nothing handled, redacted, and keeps serving', async () => {
    const slack = await startFakeSlackApi();
    const sim = await startPbxSimulator();
    let report: (reason: unknown) => void = () => {};
    let stop: (signal: string) => void = () => {};
    const stopSignal = new Promise<string>((resolve) => {
      stop = resolve;
    });
    let err = '';
    let port = 0;
    try {
      const serving = runServe({
        words: ENGLISH,
        env: () => ({ ...serveEnv(slack.apiUrl, sim.url), LOG_LEVEL: 'info' }),
        stderr: (t) => {
          err += t;
          const listening = /listening on port (\d+)/.exec(t);
          if (listening) port = Number(listening[1]);
        },
        stopSignal,
        onUnhandledRejection: (listener) => {
          report = listener;
          return () => {
            report = () => {};
          };
        },
      });
      await vi.waitFor(() => expect(port).toBeGreaterThan(0));
      report(new Error('socket gave up; token xoxb-test'));
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      stop('SIGTERM');
      expect(await serving).toBe(0);
      expect(err).toContain('nothing handled it; the bot keeps running');
      expect(err).not.toContain('xoxb-test');
    } finally {
      await slack.close();
      await sim.close();
    }
  });

  it('on stop, lets an answer in flight finish before closing', async () => {
    const slack = await startFakeSlackApi();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const logger = createMemoryLogger('warn');
    const server = createSlackServer({
      slack: { botToken: 'xoxb-t', signingSecret: 's3cret', appToken: undefined, apiUrl: slack.apiUrl },
      port: 0,
      logger,
      botId: 'B',
      botUserId: 'U',
      deps: {
        summaries: {
          lookup: async () => {
            await gate;
            return { legId: '20260513223234-3EE9E', results: [{ side: 'caller', status: 'none' }] };
          },
          rememberLeg: async () => {},
          rememberSummary: async () => {},
          callContext: callContextFake,
        },
        render: () => ({ text: 'x', blocks: [] }),
        access: { allowedChannelIds: undefined, allowedUserIds: undefined },
        logger,
        claims: createMemoryClaims(),
        ...slackSenders(logger, slack.apiUrl),
        afterAcks: createAfterAcks(),
      },
    });
    const port = await server.start();
    const ack = await postSigned(
      `http://127.0.0.1:${port}/slack/events`,
      's3cret',
      commandForm('20260513223234-3EE9E', slack.responseUrl('drain')),
    );
    expect(ack.status).toBe(200);
    const stopped = server.stop(10_000);
    release();
    expect(await stopped).toBe(true);
    expect(slack.callsTo('response_url')).toHaveLength(1);
    await slack.close();
  });
});
