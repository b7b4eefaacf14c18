import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/demo/local-slack/index.js';
import type { SlackServer } from '../../src/slack/server/server.js';
import { ACTION_IDS, BLOCK_IDS, LookupRef } from '../../src/slack/views/values.js';
import type { SummaryService } from '../../src/use-case/summaries.js';
import { callContextFake, callSummary, found } from '../helpers/call-summary.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { buttonClickPayload } from '../helpers/slack-payloads.js';
import { testSlackServer } from '../helpers/slack-server.js';
import { payloadForm, postSigned } from '../helpers/slack-signing.js';

/**
 * Share on a notification (the app's DM) posts into the conversation the person asked in, which the
 * button carries: that conversation must be let in (ALLOWED_CHANNEL_IDS) like the one clicked in.
 */
const SECRET = 'share-notification-secret';
const LEG = '20260513223234-3EE9E';
const DM = 'D0ANN';

let slack: FakeSlackApi | undefined;
let server: SlackServer | undefined;
afterEach(async () => {
  await server?.stop(1000);
  await slack?.close();
  server = slack = undefined;
});

async function start() {
  slack = await startFakeSlackApi();
  const summaries: SummaryService = {
    callContext: callContextFake,
    lookup: async () => ({
      legId: LEG,
      results: [found(callSummary({ side: 'callee' }), true)],
    }),
    rememberLeg: async () => {},
    rememberSummary: async () => {},
  };
  server = testSlackServer({
    apiUrl: slack.apiUrl,
    signingSecret: SECRET,
    summaries,
    logger: createMemoryLogger('error'),
    deps: { access: { allowedChannelIds: [DM, 'C1'], allowedUserIds: undefined } },
  });
  return { url: `http://127.0.0.1:${await server.start()}/slack/events`, slack };
}

function shareFromDm(slack: FakeSlackApi, into: string, responseId: string) {
  return {
    ...buttonClickPayload(
      {
        actionId: ACTION_IDS.share,
        blockId: BLOCK_IDS.answerButtons,
        value: LookupRef.encode({ legId: LEG, side: 'callee', extension: undefined, channel: into }),
        text: 'Share in channel',
      },
      slack.responseUrl(responseId),
    ),
    channel: { id: DM, name: 'directmessage' },
    container: { type: 'message', message_ts: '1.1', channel_id: DM, is_ephemeral: false },
  };
}

describe('Share from a notification', () => {
  it('posts into the conversation the button names when it is let in', async () => {
    const { url, slack } = await start();
    expect((await postSigned(url, SECRET, payloadForm(shareFromDm(slack, 'C1', 'ok')))).status).toBe(200);
    const [posted] = await slack.waitFor('chat.postMessage');
    expect(posted!.body.channel).toBe('C1');
  });

  it('refuses, and posts nothing, when the conversation the button names is not let in', async () => {
    const { url, slack } = await start();
    expect((await postSigned(url, SECRET, payloadForm(shareFromDm(slack, 'C2', 'no')))).status).toBe(200);
    const [told] = await slack.waitFor('response_url');
    expect(told!.path).toBe('/response/no');
    expect(String(told!.body.text)).toContain('not available to you here');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(slack.callsTo('chat.postMessage')).toEqual([]);
  });
});
