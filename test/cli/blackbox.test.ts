import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { keyPrefix } from '../../src/cache/typed.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/demo/local-slack/index.js';
import {
  DOC_EXAMPLE_SUMMARY_HTML,
  type PbxSimulator,
  SAMPLE_LEGS,
  sampleData,
  startPbxSimulator,
  summaryReadyEvent,
} from '../../src/demo/pbx-simulator/index.js';
import { validateMessage } from '../../src/render/index.js';
import {
  type CliProcess,
  type CliResult,
  cleanUpCli,
  freePort,
  runCli,
  startCli,
  tempDir,
} from '../helpers/cli-process.js';
import { simulatorEnv } from '../helpers/env.js';
import { deleteRedisKeys, REDIS_URL, redisAvailable } from '../helpers/redis.js';
import { commandForm } from '../helpers/slack-payloads.js';
import { postSigned } from '../helpers/slack-signing.js';
import { startTokenRecorder, type TokenRecorder } from '../helpers/token-recorder.js';

/**
 * The product as a user meets it: `node bin/callsummary.js …` in its own process, configured only
 * through its environment (and a `.env` in its working directory), against the PBX simulator and the
 * fake Slack Web API as real loopback servers. Assertions are limited to what a user can see: exit
 * status, stdout/stderr, HTTP answers, and the requests the PBX and Slack received.
 */

// Distinctive values, so finding them in any output is unambiguous.
const CLIENT_SECRET = 'cs-Blackbox-9f8e7d6c5b4a';
const SIGNING_SECRET = 'signing-Blackbox-1a2b3c4d5e';
const BOT_TOKEN = 'xoxb-1111-2222-blackboxtoken';
const WEBHOOK_SECRET = 'wh-Blackbox-Zz9Yy8Xx7Ww6';

const DOC_LEG = SAMPLE_LEGS.docExample;
const DOC_LINES = [
  'Kristin Hale was transferred to a human agent regarding a login issue.',
  'She reported that 60% of users cannot log in and keep seeing an error message.',
  'Provide Kristin Hale with an estimated resolution time.',
];

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  // Children first: they hold connections to the servers below.
  await cleanUpCli();
  for (const close of cleanups.splice(0).reverse()) await close().catch(() => undefined);
});

interface Pbx {
  readonly sim: PbxSimulator;
  /** The simulator behind a proxy that remembers the tokens it hands out. */
  readonly recorder: TokenRecorder;
  /** YEASTAR_BASE_URL: the proxy, plus the path prefix when one was asked for. */
  readonly baseUrl: string;
}

/**
 * `pathPrefix` serves the PBX under a path (as behind a reverse proxy), which makes its base URL, and
 * with it the key namespace in a shared Redis, unique to the test.
 */
async function startPbx(pathPrefix?: string): Promise<Pbx> {
  const sim = await startPbxSimulator({
    ...sampleData(),
    clientSecret: CLIENT_SECRET,
    ...(pathPrefix === undefined ? {} : { pathPrefix }),
  });
  cleanups.push(() => sim.close());
  const recorder = await startTokenRecorder(sim.url);
  cleanups.push(() => recorder.close());
  return { sim, recorder, baseUrl: `${recorder.url}${pathPrefix ?? ''}` };
}

async function startSlack(): Promise<FakeSlackApi> {
  const slack = await startFakeSlackApi({
    botToken: BOT_TOKEN,
    validate: (kind, body) =>
      kind === 'message' ? validateMessage(body as { text?: string; blocks?: unknown[] }) : [],
  });
  cleanups.push(() => slack.close());
  return slack;
}

function pbxEnv(pbx: Pbx, extra: Record<string, string> = {}): Record<string, string> {
  return simulatorEnv({ url: pbx.baseUrl }, { YEASTAR_CLIENT_SECRET: CLIENT_SECRET, ...extra });
}

/** Nothing secret in what the process printed: the client secret, Slack secrets, PBX tokens. */
function expectNoSecrets(output: string, pbx?: Pbx): void {
  for (const secret of [CLIENT_SECRET, SIGNING_SECRET, BOT_TOKEN, WEBHOOK_SECRET]) {
    expect(output).not.toContain(secret);
  }
  for (const token of pbx?.recorder.tokens ?? []) expect(output).not.toContain(token);
  // Whatever follows access_token= is redacted, never a value.
  for (const match of output.matchAll(/access_token=([^&\s"'#]*)/g)) {
    expect(match[1]).toMatch(/^(\[REDACTED\])?$/);
  }
}

function lines(text: string): string[] {
  return text
    .trim()
    .split('\n')
    .filter((l) => l !== '');
}

describe('callsummary get (child process)', { timeout: 60_000 }, () => {
  it("prints the source document's example summary for the callee (exit 0)", async () => {
    const pbx = await startPbx();
    const result = await runCli(['get', DOC_LEG, 'callee'], { env: pbxEnv(pbx) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const line of DOC_LINES) expect(result.stdout).toContain(line);
    expect(result.stdout).toContain('Human Agent - Leo Ball');
    expect(result.stdout).toContain('3202');
    expect(result.stdout).not.toMatch(/<\/?(p|ul|li)>/);
    // The one token it used is given back to the PBX before exit.
    expect(pbx.sim.stats.count('get_token')).toBe(1);
    expect(pbx.sim.stats.count('del_token')).toBe(1);
    expect(pbx.sim.validTokenCount).toBe(0);
    expectNoSecrets(result.stdout + result.stderr, pbx);
  });

  it('prints valid JSON with --format json', async () => {
    const pbx = await startPbx();
    const result = await runCli(['get', DOC_LEG, 'callee', '--format', 'json'], { env: pbxEnv(pbx) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const parsed: unknown = JSON.parse(result.stdout);
    expect(Array.isArray(parsed)).toBe(true);
    const [summary] = parsed as Record<string, unknown>[];
    expect(summary).toMatchObject({ legId: DOC_LEG, side: 'callee', extNum: '3202' });
    expect(String(summary?.html)).toContain(DOC_LINES[0]);
  });

  it('exits 1 with one line on stderr when the caller side is an outside number', async () => {
    const pbx = await startPbx();
    const result = await runCli(['get', DOC_LEG, 'caller'], { env: pbxEnv(pbx) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(/outside number/);
  });

  it('exits 2 for a malformed leg id, showing the shape, without asking the PBX', async () => {
    const pbx = await startPbx();
    const result = await runCli(['get', '2026-05-13-nope', 'callee'], { env: pbxEnv(pbx) });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('YYYYMMDDhhmmss-XXXXX');
    expect(pbx.sim.stats.count()).toBe(0);
  });

  it('exits 2 with one message listing every missing YEASTAR_* variable', async () => {
    const result = await runCli(['get', DOC_LEG, 'callee'], { env: {} });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toHaveLength(1);
    for (const name of ['YEASTAR_BASE_URL', 'YEASTAR_CLIENT_ID', 'YEASTAR_CLIENT_SECRET']) {
      expect(result.stderr).toContain(`${name} is missing`);
    }
    expect(result.stderr).not.toContain(':;');
  });

  it('reads the configuration from .env in the working directory', async () => {
    const pbx = await startPbx();
    const cwd = tempDir();
    writeFileSync(
      join(cwd, '.env'),
      Object.entries(pbxEnv(pbx))
        .map(([name, value]) => `${name}=${value}`)
        .join('\n'),
    );
    const result = await runCli(['get', DOC_LEG, 'callee'], { env: {}, cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(DOC_LINES[0]);
  });

  it('prints nothing secret, even with LOG_LEVEL=debug, on success and on failure', async () => {
    const pbx = await startPbx();
    const outputs: CliResult[] = [
      await runCli(['get', DOC_LEG, 'callee'], { env: pbxEnv(pbx, { LOG_LEVEL: 'debug' }) }),
      await runCli(['get', SAMPLE_LEGS.internalBoth, '--format', 'json'], {
        env: pbxEnv(pbx, { LOG_LEVEL: 'debug' }),
      }),
      await runCli(['get', DOC_LEG, 'caller'], { env: pbxEnv(pbx, { LOG_LEVEL: 'debug' }) }),
    ];
    expect(outputs.map((o) => o.code)).toEqual([0, 0, 1]);
    // Debug logging did happen (otherwise this test proves nothing about the logs).
    expect(outputs[0]!.stderr).toMatch(/DEBUG/);
    expect(pbx.recorder.tokens.size).toBeGreaterThan(0);
    for (const { stdout, stderr } of outputs) expectNoSecrets(stdout + stderr, pbx);

    const rejected = await runCli(['get', DOC_LEG, 'callee'], {
      env: pbxEnv(pbx, { LOG_LEVEL: 'debug', YEASTAR_CLIENT_SECRET: 'cs-Wrong-Blackbox-0000' }),
    });
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain('YEASTAR_CLIENT_SECRET');
    expect(rejected.stdout + rejected.stderr).not.toContain('cs-Wrong-Blackbox-0000');
    expectNoSecrets(rejected.stdout + rejected.stderr, pbx);
  });
});

describe('callsummary render (child process)', { timeout: 60_000 }, () => {
  it('prints {text, blocks} for the source example HTML on stdin', async () => {
    const result = await runCli(['render', '-'], { input: DOC_EXAMPLE_SUMMARY_HTML });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { text: string; blocks: unknown[] };
    expect(Object.keys(printed).sort()).toEqual(['blocks', 'text']);
    expect(typeof printed.text).toBe('string');
    // The text is the notification fallback (the first point); the blocks carry the whole summary.
    expect(printed.text).toContain(DOC_LINES[0]);
    expect(printed.blocks.length).toBeGreaterThan(0);
    const blocks = JSON.stringify(printed.blocks);
    for (const line of DOC_LINES) expect(blocks).toContain(line);
    expect(blocks).toContain('Follow-Up Actions');
    expect(validateMessage(printed)).toEqual([]);
  });
});

interface Serve {
  readonly cli: CliProcess;
  readonly base: string;
}

/**
 * Starts `callsummary serve` on a port picked beforehand and waits until it answers /healthz. If the
 * port was taken in between (another test's server), tries another one.
 */
async function startServe(env: Record<string, string>): Promise<Serve> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const cli = startCli(['serve'], { env: { ...env, PORT: String(port) } });
    const base = `http://127.0.0.1:${port}`;
    try {
      await vi.waitFor(
        async () => {
          if (cli.done()) return;
          const response = await fetch(`${base}/healthz`);
          expect(response.status).toBe(200);
        },
        { timeout: 20_000, interval: 100 },
      );
    } catch (error) {
      throw new Error(`serve did not answer /healthz: ${String(error)}\nstderr: ${cli.stderr()}`);
    }
    if (!cli.done()) return { cli, base };
    const { stderr } = await cli.exited;
    if (attempt < 3 && /already in use/.test(stderr)) continue;
    throw new Error(`serve exited before listening:\n${stderr}`);
  }
}

/** Waits for the process to exit by itself (a hang fails the test instead of stalling it). */
async function exitOf(cli: CliProcess, timeoutMs = 15_000): Promise<CliResult> {
  await vi.waitFor(() => expect(cli.done()).toBe(true), { timeout: timeoutMs, interval: 50 });
  return cli.exited;
}

describe('callsummary serve (child process)', { timeout: 60_000 }, () => {
  it('serves health, readiness, signed Slack commands and PBX webhooks, and stops cleanly on SIGTERM', async () => {
    const pbx = await startPbx();
    const slack = await startSlack();
    const dir = tempDir();
    const routingFile = join(dir, 'routing.yml');
    writeFileSync(routingFile, 'default: C0SUPPORT\n');
    const { cli, base } = await startServe(
      pbxEnv(pbx, {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        YEASTAR_WEBHOOK_SECRET: WEBHOOK_SECRET,
        ROUTING_FILE: routingFile,
        LOG_LEVEL: 'debug',
        // Generous, so a stop that waits for this instead of finishing shows as a hang below.
        SHUTDOWN_TIMEOUT_MS: '60000',
      }),
    );

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);

    // The PBX token is obtained on demand; on a loaded machine the first check may time out.
    let readyBody: { ready?: unknown; checks?: Record<string, unknown> } = {};
    await vi.waitFor(
      async () => {
        const ready = await fetch(`${base}/readyz`);
        expect(ready.headers.get('content-type')).toMatch(/application\/json/);
        readyBody = (await ready.json()) as typeof readyBody;
        expect(ready.status).toBe(200);
      },
      { timeout: 20_000, interval: 250 },
    );
    expect(readyBody.ready).toBe(true);
    expect(readyBody.checks).toBeTypeOf('object');
    expect(Object.values(readyBody.checks ?? {}).every((v) => v === 'ok')).toBe(true);

    // A signed /callsummary is acknowledged, and the answer arrives at the response_url.
    const events = `${base}/slack/events`;
    const form = commandForm(`${DOC_LEG} callee`, slack.responseUrl('bb-cmd'));
    const ack = await postSigned(events, SIGNING_SECRET, form);
    expect(ack.status).toBe(200);
    const answers = await slack.waitFor('response_url', 1, 20_000);
    const answer = answers.find((c) => c.path === '/response/bb-cmd');
    expect(answer).toBeDefined();
    const answerText = JSON.stringify(answer?.body);
    expect(answerText).toContain(DOC_LINES[0]);
    expect(answer?.body.response_type).not.toBe('in_channel');

    // A wrong signature is refused and nothing is answered.
    const forged = await postSigned(
      events,
      SIGNING_SECRET,
      { ...form, response_url: slack.responseUrl('x') },
      {
        signature: 'v0=0000000000000000000000000000000000000000000000000000000000000000',
      },
    );
    expect(forged.status).toBe(401);

    // The PBX pushes "summary ready"; it is posted in the routed channel with the contract's metadata.
    const webhook = `${base}/yeastar/webhook`;
    const leg = sampleData().legs?.find((l) => l.legId === SAMPLE_LEGS.internalBoth);
    if (!leg) throw new Error('sample data lacks the internal leg');
    const event = summaryReadyEvent(leg, 'callee');
    expect(await pbx.sim.pushWebhook(webhook, WEBHOOK_SECRET, event, { badSignature: true })).toBe(401);
    const pushed = await pbx.sim.pushWebhook(webhook, WEBHOOK_SECRET, event);
    expect(pushed).toBeGreaterThanOrEqual(200);
    expect(pushed).toBeLessThan(300);
    const [post] = await slack.waitFor('chat.postMessage', 1, 20_000);
    expect(post?.body.channel).toBe('C0SUPPORT');
    expect(post?.body.metadata).toEqual({
      event_type: 'call_summary_posted',
      event_payload: { leg_id: leg.legId, side: 'callee' },
    });
    expect(JSON.stringify(post?.body)).toContain('Kristin Hale agreed to check the server logs');
    expect(slack.violations).toEqual([]);
    expect(slack.callsTo('response_url').filter((c) => c.path === '/response/x')).toEqual([]);

    // SIGTERM: a clean stop (exit 0) that gives the PBX token back.
    cli.child.kill('SIGTERM');
    const stopped = await exitOf(cli);
    expect(stopped.signal).toBeNull();
    expect(stopped.code).toBe(0);
    expect(pbx.sim.stats.count('del_token')).toBeGreaterThanOrEqual(1);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expectNoSecrets(stopped.stdout + stopped.stderr, pbx);
  });

  it('on SIGTERM, finishes the command in flight before exiting 0', async () => {
    const pbx = await startPbx();
    const slack = await startSlack();
    const { cli, base } = await startServe(
      pbxEnv(pbx, {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        SHUTDOWN_TIMEOUT_MS: '60000',
      }),
    );
    // Every PBX request is slow, so the lookup is still running when the signal arrives.
    pbx.sim.setLatency(800);
    const ack = await postSigned(
      `${base}/slack/events`,
      SIGNING_SECRET,
      commandForm(`${DOC_LEG} callee`, slack.responseUrl('bb-inflight')),
    );
    expect(ack.status).toBe(200);
    await vi.waitFor(() => expect(pbx.sim.stats.count('get_token')).toBeGreaterThanOrEqual(1), {
      timeout: 10_000,
    });
    expect(slack.callsTo('response_url')).toEqual([]);
    cli.child.kill('SIGTERM');
    const stopped = await exitOf(cli, 30_000);
    expect(stopped.code).toBe(0);
    const answer = slack.callsTo('response_url').find((c) => c.path === '/response/bb-inflight');
    expect(JSON.stringify(answer?.body)).toContain(DOC_LINES[0]);
    expect(pbx.sim.stats.count('del_token')).toBeGreaterThanOrEqual(1);
  });

  it('stops with exit 0 on SIGINT (Ctrl-C) too', async () => {
    const pbx = await startPbx();
    const slack = await startSlack();
    const { cli } = await startServe(
      pbxEnv(pbx, {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
      }),
    );
    cli.child.kill('SIGINT');
    const stopped = await exitOf(cli);
    expect(stopped.signal).toBeNull();
    expect(stopped.code).toBe(0);
  });

  it('with CACHE_URL (Redis), a stopping replica leaves the shared PBX token to the others', async (context) => {
    if (!(await redisAvailable())) {
      if (process.env.CALLSUMMARY_REQUIRE_REDIS === '1') throw new Error(`no Redis at ${REDIS_URL}`);
      context.skip();
    }
    const pbx = await startPbx(`/pbx-${randomBytes(6).toString('hex')}`);
    const slack = await startSlack();
    const env = pbxEnv(pbx, {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      CACHE_URL: REDIS_URL,
    });
    const first = await startServe(env);
    const second = await startServe(env);
    for (const { base } of [first, second]) {
      await vi.waitFor(async () => expect((await fetch(`${base}/readyz`)).status).toBe(200), {
        timeout: 20_000,
        interval: 250,
      });
    }
    // One login shared through Redis, not one per replica.
    expect(pbx.sim.stats.count('get_token')).toBe(1);
    first.cli.child.kill('SIGTERM');
    expect((await exitOf(first.cli)).code).toBe(0);
    expect(pbx.sim.stats.count('del_token')).toBe(0);
    expect((await fetch(`${second.base}/readyz`)).status).toBe(200);
    second.cli.child.kill('SIGTERM');
    expect((await exitOf(second.cli)).code).toBe(0);
    await deleteRedisKeys(keyPrefix(pbx.baseUrl));
  });

  it('exits 2 listing what to set when the Slack configuration is missing', async () => {
    const pbx = await startPbx();
    const port = await freePort();
    const result = await runCli(['serve'], { env: pbxEnv(pbx, { PORT: String(port) }) });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('SLACK_BOT_TOKEN');
    expect(result.stderr).toContain('SLACK_SIGNING_SECRET');
    expect(result.stderr).not.toContain('YEASTAR_BASE_URL');
    expectNoSecrets(result.stderr, pbx);
  });
});

describe('callsummary doctor (child process)', { timeout: 60_000 }, () => {
  it('passes every check against the simulator and the fake Slack (exit 0)', async () => {
    const pbx = await startPbx();
    const slack = await startSlack();
    const result = await runCli(['doctor'], {
      env: pbxEnv(pbx, {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
      }),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('FAILED');
    const passed = lines(result.stdout).filter((l) => l.startsWith('passed'));
    expect(passed.length).toBeGreaterThanOrEqual(4);
    expect(result.stdout).toMatch(/passed\s+PBX login/);
    expect(result.stdout).toMatch(/passed\s+PBX extension search/);
    expect(result.stdout).toMatch(/passed\s+Slack auth\.test/);
    expect(slack.callsTo('auth.test').length).toBeGreaterThanOrEqual(1);
    expect(pbx.sim.validTokenCount).toBe(0);
    expectNoSecrets(result.stdout + result.stderr, pbx);
  });

  it('fails with the fix for a wrong client secret (exit 1), trying the login at most twice', async () => {
    const pbx = await startPbx();
    const slack = await startSlack();
    const wrong = 'cs-Wrong-Blackbox-1111';
    const result = await runCli(['doctor'], {
      env: pbxEnv(pbx, {
        YEASTAR_CLIENT_SECRET: wrong,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
      }),
    });
    expect(result.code).toBe(1);
    const failed = lines(result.stdout).findIndex((l) => /^FAILED\s+PBX login/.test(l));
    expect(failed).toBeGreaterThanOrEqual(0);
    const fix = lines(result.stdout)[failed + 1] ?? '';
    expect(fix).toMatch(/fix:/);
    expect(fix).toContain('YEASTAR_CLIENT_SECRET');
    // Telling someone running doctor to run doctor is no fix.
    expect(fix).not.toMatch(/run `callsummary doctor`/);
    expect(pbx.sim.stats.count('get_token')).toBeGreaterThanOrEqual(1);
    expect(pbx.sim.stats.count('get_token')).toBeLessThanOrEqual(2);
    expect(result.stdout + result.stderr).not.toContain(wrong);
    expectNoSecrets(result.stdout + result.stderr, pbx);
  });
});
