import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/demo/local-slack/index.js';
import type { SlackServer } from '../../src/slack/server/server.js';
import {
  ACTION_IDS,
  CALLBACK_IDS,
  LookupRef,
  SummaryViewRef,
  TranscriptRef,
} from '../../src/slack/views/values.js';
import type { SummaryService } from '../../src/use-case/summaries.js';
import { callContextFake, callSummary, found } from '../helpers/call-summary.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { viewButtonPayload } from '../helpers/slack-payloads.js';
import { testSlackServer } from '../helpers/slack-server.js';
import { payloadForm, postSigned } from '../helpers/slack-signing.js';

/**
 * The buttons inside views (the summary modal opened from the Home tab, the Home tab itself, the
 * transcript modal) let in only whom ALLOWED_USER_IDS lets in, like every other surface: a person
 * not listed, clicking a view's button (their own, or one replayed), gets the refusal in the view and
 * nothing is looked up.
 */
const SECRET = 'view-buttons-secret';
const LEG = '20260513223234-3EE9E';

let slack: FakeSlackApi;
let server: SlackServer;
let url: string;
const lookups: string[] = [];

beforeAll(async () => {
  slack = await startFakeSlackApi();
  const summaries: SummaryService = {
    callContext: callContextFake,
    lookup: async (request) => {
      lookups.push(request.legId);
      return {
        legId: LEG,
        results: [found(callSummary(), true)],
      };
    },
    rememberLeg: async () => {},
    rememberSummary: async () => {},
  };
  server = testSlackServer({
    apiUrl: slack.apiUrl,
    signingSecret: SECRET,
    summaries,
    logger: createMemoryLogger('error'),
    deps: { access: { allowedChannelIds: undefined, allowedUserIds: ['U1'] } },
  });
  url = `http://127.0.0.1:${await server.start()}/slack/events`;
});

afterAll(async () => {
  await server?.stop(1000);
  await slack?.close();
});

const summaryModal = (id: string) => ({
  id,
  type: 'modal',
  callback_id: CALLBACK_IDS.summaryModal,
  private_metadata: SummaryViewRef.encode({ legId: LEG, side: 'callee', channelId: undefined }),
});
const transcriptRef = TranscriptRef.encode({ legId: LEG, page: 1, channelId: undefined });
const lookupRef = (side: 'caller' | 'callee') => LookupRef.encode({ legId: LEG, side, extension: undefined });

const CLICKS = [
  ['Show other side in the summary modal', summaryModal('V1'), ACTION_IDS.showSide, lookupRef('caller')],
  ['Refresh in the summary modal', summaryModal('V2'), ACTION_IDS.refresh, lookupRef('callee')],
  ['Summary on the Home tab', { id: 'V3', type: 'home' }, ACTION_IDS.open, lookupRef('callee')],
  [
    'Next in the transcript modal',
    { id: 'V4', type: 'modal', callback_id: CALLBACK_IDS.transcriptModal, private_metadata: transcriptRef },
    ACTION_IDS.transcriptNext,
    transcriptRef,
  ],
  ['Transcript in the summary modal', summaryModal('V5'), ACTION_IDS.transcript, transcriptRef],
] as const;

describe('buttons in views, for a person ALLOWED_USER_IDS does not list', () => {
  it.each(CLICKS)('%s: refused in the view, nothing looked up', async (_name, view, actionId, value) => {
    const before = slack.calls.length;
    lookups.length = 0;
    const payload = viewButtonPayload({
      user: 'U2',
      triggerId: slack.triggerId('U2'),
      view,
      actionId,
      value,
    });
    expect((await postSigned(url, SECRET, payloadForm(payload))).status).toBe(200);
    await slack.waitFor('views.update', slack.callsTo('views.update').length + 1);
    const sent = JSON.stringify(slack.calls.slice(before).map((c) => c.body));
    expect(sent).toContain('not available to you');
    expect(sent).not.toContain('Kristin Hale');
    expect(lookups).toEqual([]);
  });

  it('the same clicks by a person listed are answered', async () => {
    const before = slack.calls.length;
    const payload = viewButtonPayload({
      user: 'U1',
      triggerId: slack.triggerId('U1'),
      view: summaryModal('V6'),
      actionId: ACTION_IDS.refresh,
      value: lookupRef('callee'),
    });
    expect((await postSigned(url, SECRET, payloadForm(payload))).status).toBe(200);
    await slack.waitFor('views.update', slack.callsTo('views.update').length + 1);
    expect(JSON.stringify(slack.calls.slice(before).map((c) => c.body))).toContain('Kristin Hale');
  });
});
