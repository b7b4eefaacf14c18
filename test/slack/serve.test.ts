import { describe, expect, it } from 'vitest';
import { runServe } from '../../src/cli/serve.js';
import { createMemoryLogger } from '../../src/log.js';
import { createMemoryClaims } from '../../src/slack/claims.js';
import { createSlackServer } from '../../src/slack/server.js';
import { startFakeSlackApi } from '../fakes/slack-api.js';
import { postSigned } from '../helpers/slack-signing.js';

describe('callsummary serve', () => {
  it('exits 2 with one message listing what to set when configuration is missing', async () => {
    let err = '';
    const code = await runServe({
      env: () => ({}),
      stderr: (t) => (err += t),
      stopSignal: new Promise(() => {}),
    });
    expect(code).toBe(2);
    for (const name of ['YEASTAR_BASE_URL', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'])
      expect(err).toContain(name);
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
        },
        render: () => ({ text: 'x', blocks: [] }),
        access: { allowedChannelIds: undefined, allowedUserIds: undefined },
        logger,
        claims: createMemoryClaims(),
      },
    });
    const port = await server.start();
    const ack = await postSigned(`http://127.0.0.1:${port}/slack/events`, 's3cret', {
      command: '/callsummary',
      text: '20260513223234-3EE9E',
      user_id: 'U1',
      channel_id: 'C1',
      response_url: slack.responseUrl('drain'),
    });
    expect(ack.status).toBe(200);
    const stopped = server.stop(10_000);
    release();
    expect(await stopped).toBe(true);
    expect(slack.callsTo('response_url')).toHaveLength(1);
    await slack.close();
  });
});
