import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { healthRoutes } from '../../../src/compose/health.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../../src/demo/local-slack/index.js';
import type { SlackServer } from '../../../src/slack/server/server.js';
import { ACTION_IDS } from '../../../src/slack/views/values.js';
import type { SummaryService } from '../../../src/use-case/summaries.js';
import { callContextFake, callSummary, foundLookup } from '../../helpers/call-summary.js';
import { createMemoryLogger } from '../../helpers/memory-logger.js';
import { buttonClickPayload, commandForm } from '../../helpers/slack-payloads.js';
import { testSlackServer } from '../../helpers/slack-server.js';
import { payloadForm, postSigned } from '../../helpers/slack-signing.js';

const SECRET = 'test-signing-secret';
const LEG = '20260513223234-3EE9E';

const service: SummaryService = {
  lookup: async (r) =>
    foundLookup(
      callSummary({
        legId: LEG,
        side: r.side ?? 'caller',
        html: '<p>Customer asked about invoices.</p>',
        name: 'Ann',
        id: 1,
        createdAt: 1,
        updatedAt: 1,
      }),
    ),
  rememberLeg: async () => {},
  rememberSummary: async () => {},
  callContext: callContextFake,
};

let slack: FakeSlackApi;
let server: SlackServer;
let base: string;
let ready = { cache: true };

beforeEach(async () => {
  slack = await startFakeSlackApi();
  const logger = createMemoryLogger('warn');
  ready = { cache: true };
  server = testSlackServer({
    apiUrl: slack.apiUrl,
    signingSecret: SECRET,
    summaries: service,
    logger,
    routes: healthRoutes({ checks: { cache: async () => ready.cache }, stopping: () => server.stopping() }),
  });
  base = `http://127.0.0.1:${await server.start()}`;
});

afterEach(async () => {
  await server.stop(1000);
  await slack.close();
});

describe('Slack server over HTTP', () => {
  it('acks a signed /callsummary and answers through response_url', async () => {
    const ack = await postSigned(
      `${base}/slack/events`,
      SECRET,
      commandForm(`${LEG} caller`, slack.responseUrl('cmd')),
    );
    expect(ack.status).toBe(200);
    const [answer] = await slack.waitFor('response_url');
    expect(answer!.path).toBe('/response/cmd');
    expect(answer!.body).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(answer!.body.blocks)).toContain('Customer asked about invoices.');
  });

  it('rejects a bad signature and a stale timestamp', async () => {
    const bad = await postSigned(`${base}/slack/events`, SECRET, commandForm(LEG, slack.responseUrl()), {
      signature: 'v0=deadbeef',
    });
    expect(bad.status).toBe(401);
    const stale = await postSigned(`${base}/slack/events`, SECRET, commandForm(LEG, slack.responseUrl()), {
      timestamp: Math.floor(Date.now() / 1000) - 10 * 60,
    });
    expect(stale.status).toBe(401);
    expect(slack.callsTo('response_url')).toHaveLength(0);
  });

  it('handles a Share button as a signed block action', async () => {
    const payload = buttonClickPayload(
      {
        actionId: ACTION_IDS.share,
        blockId: 'callsummary_buttons',
        value: JSON.stringify({ l: LEG, s: 'caller', e: null }),
        text: 'Share in channel',
      },
      slack.responseUrl('share'),
    );
    const ack = await postSigned(`${base}/slack/events`, SECRET, payloadForm(payload));
    expect(ack.status).toBe(200);
    const [shared] = await slack.waitFor('chat.postMessage');
    expect(shared!.body).toMatchObject({ channel: 'C1' });
    expect(JSON.stringify(shared!.body.blocks)).toContain('Shared by <@U1>');
  });

  it('serves /healthz and a /readyz that names the failing part', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ok = await fetch(`${base}/readyz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ready: true, checks: { config: 'ok', cache: 'ok' } });
    ready.cache = false;
    const down = await fetch(`${base}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ ready: false, checks: { config: 'ok', cache: 'failing' } });
  });
});
