import type { KnownBlock } from '@slack/types';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/demo/local-slack/index.js';
import { validateMessage, validateView } from '../../src/render/index.js';
import { CallSummaryError } from '../../src/shared/errors.js';
import { ENGLISH, wordsFor } from '../../src/shared/i18n/index.js';
import { outgoingMessage, UnsendableError } from '../../src/slack/send/outgoing.js';
import type { SlackServer } from '../../src/slack/server/server.js';
import { createSlackRenderer } from '../../src/slack/views/summary-budget.js';
import type { SummaryService } from '../../src/use-case/summaries.js';
import { callContextFake, callSummary, foundLookup } from '../helpers/call-summary.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { testSlackServer } from '../helpers/slack-server.js';
import { payloadForm, postSigned } from '../helpers/slack-signing.js';

/**
 * What the bot sends is reduced to what Slack takes, visibly, at run time: the project's validator
 * stands between every sender and Slack, not only in the tests.
 */

const SECRET = 'oversize-signing-secret';
const LEGS = Array.from({ length: 5 }, (_, i) => `20260513223234-0000${i}`);
/** A summary with many headings: the renderer keeps each within its share of the budget. */
const MANY_HEADINGS = Array.from({ length: 120 }, (_, i) => `<h3>Topic ${i}</h3>`).join('');

let slack: FakeSlackApi | undefined;
let server: SlackServer | undefined;
afterEach(async () => {
  await server?.stop(1000);
  await slack?.close();
  server = slack = undefined;
});

describe('the shortcut’s modal', () => {
  it('with several legs, some failing with long PBX errors, fits the validator, every leg and the choice kept', async () => {
    slack = await startFakeSlackApi({
      validate: (kind, body) => (kind === 'view' ? validateView(body) : []),
    });
    // Two legs with a summary for each side, three the PBX fails on with a long message.
    const summaries: SummaryService = {
      lookup: async ({ legId }) => {
        const index = LEGS.indexOf(legId);
        if (index >= 2) {
          throw new CallSummaryError('pbx_api', {
            what: 'summary_request',
            errcode: 40002,
            // Up to the 200 characters kept of a PBX errmsg, each one escaped in mrkdwn.
            errmsg: '<&>'.repeat(66),
          });
        }
        const caller = foundLookup(callSummary({ legId, side: 'caller', html: MANY_HEADINGS }));
        const callee = foundLookup(callSummary({ legId, side: 'callee', html: MANY_HEADINGS }));
        return { legId, results: [...caller.results, ...callee.results] };
      },
      rememberLeg: async () => {},
      rememberSummary: async () => {},
      callContext: callContextFake,
    };
    const logger = createMemoryLogger('error');
    server = testSlackServer({
      apiUrl: slack.apiUrl,
      signingSecret: SECRET,
      summaries,
      logger,
      render: createSlackRenderer(),
    });
    const events = `http://127.0.0.1:${await server.start()}/slack/events`;
    const shortcut = {
      type: 'message_action',
      callback_id: 'callsummary_from_message',
      trigger_id: slack.triggerId('U1'),
      response_url: slack.responseUrl('sc'),
      user: { id: 'U1', name: 'ann' },
      channel: { id: 'C1', name: 'support' },
      team: { id: 'T0', domain: 'fake' },
      message_ts: '111.1',
      message: { type: 'message', ts: '111.1', text: `Calls ${LEGS.join(' ')}` },
    };
    expect((await postSigned(events, SECRET, payloadForm(shortcut))).status).toBe(200);
    const [update] = await slack.waitFor('views.update');
    expect(update!.error).toBeUndefined();
    expect(slack.violations).toEqual([]);
    const view = update!.body.view as { blocks: { type: string; block_id?: string }[] };
    // The summaries give way (each shortened, saying so), not the legs that failed or the choice.
    const shown = JSON.stringify(view.blocks);
    for (const leg of LEGS) expect(shown).toContain(leg);
    expect(shown).toContain('shortened');
    expect(view.blocks.some((b) => b.block_id === 'callsummary_choice')).toBe(true);
  });
});

describe('outgoingMessage', () => {
  const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

  it('cuts a message over 50 blocks to what Slack takes and says how many were left out', () => {
    const message = {
      text: 'Sixty points',
      blocks: Array.from({ length: 60 }, (_, i) => section(`Point ${i}`)),
    };
    const sent = outgoingMessage(message, { words: ENGLISH });
    expect(validateMessage(sent)).toEqual([]);
    expect(sent.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(sent.blocks.at(-1))).toMatch(/\d+ more not shown/);
  });

  it("says what was left out in its reader's words", () => {
    const message = {
      text: '六十条要点',
      blocks: Array.from({ length: 60 }, (_, i) => section(`要点 ${i}`)),
    };
    const sent = outgoingMessage(message, { words: wordsFor('zh-CN') });
    expect(validateMessage(sent)).toEqual([]);
    expect(JSON.stringify(sent.blocks.at(-1))).toMatch(/另有 \d+ 项未显示/);
  });

  it('does not send what fails the validator for other reasons (a live mention where none is allowed)', () => {
    const mention = { text: 'hi', blocks: [section('Hello <!channel>')] };
    expect(() => outgoingMessage(mention, { words: ENGLISH })).toThrow(UnsendableError);
    expect(outgoingMessage(mention, { allowMentions: true, words: ENGLISH }).blocks).toHaveLength(1);
  });
});
