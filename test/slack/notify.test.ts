import { describe, expect, it } from 'vitest';
import { validateView } from '../../src/render/index.js';
import { CallSummaryError } from '../../src/shared/errors.js';
import { ENGLISH } from '../../src/shared/i18n/index.js';
import type { SlackDeps } from '../../src/slack/deps.js';
import { notifyButton } from '../../src/slack/listeners/actions/notify.js';
import { createAfterAcks } from '../../src/slack/server/after-acks.js';
import { errorMessage } from '../../src/slack/views/answers.js';
import { failureView, summariesView } from '../../src/slack/views/post-modal.js';
import type { ResponseBody } from '../../src/slack/views/types.js';
import { LookupRef } from '../../src/slack/views/values.js';
import { callContextFake } from '../helpers/call-summary.js';
import { createMemoryClaims } from '../helpers/memory-claims.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { slackSenders } from '../helpers/slack-deps.js';

const LEG = '20260513223234-3EE9E';

function deps(): SlackDeps {
  const logger = createMemoryLogger();
  return {
    summaries: {
      lookup: async () => ({ legId: LEG, results: [] }),
      rememberLeg: async () => {},
      rememberSummary: async () => {},
      callContext: callContextFake,
    },
    render: (s) => ({ text: s.html, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: s.html } }] }),
    access: { allowedChannelIds: undefined, allowedUserIds: undefined },
    logger,
    claims: createMemoryClaims(),
    ...slackSenders(logger),
    afterAcks: createAfterAcks(),
  };
}

/** The shortcut's modal, as Slack sends it back with a click: "no summary yet" with Notify me. */
function clickedModal() {
  const view = summariesView(
    [{ legId: LEG, results: [{ side: 'callee', status: 'none' }] }],
    () => ({ text: '', blocks: [] }),
    { channelId: 'C1', threadTs: '1.1' },
    ENGLISH,
  );
  const actions = view.blocks.find((b) => b.type === 'actions') as { block_id: string } | undefined;
  return { view: { ...view, id: 'V1', hash: 'h1' }, blockId: actions?.block_id };
}

describe('Notify me in the shortcut’s modal', () => {
  it('is offered for "no summary yet" and for "not transcribed yet"', () => {
    const { view, blockId } = clickedModal();
    expect(blockId).toBeDefined();
    expect(JSON.stringify(view.blocks)).toContain('callsummary_notify');
    // No Try again in a modal: it would have no answer to replace.
    expect(JSON.stringify(view.blocks)).not.toContain('callsummary_retry');
    const failure = failureView(new CallSummaryError('not_transcribed_yet', { legId: LEG }), ENGLISH, LEG);
    expect(JSON.stringify(failure.blocks)).toContain('callsummary_notify');
    expect(
      JSON.stringify(errorMessage(new CallSummaryError('party_unknown', { legId: LEG }), ENGLISH).blocks),
    ).not.toContain('callsummary_notify');
  });

  it('a click records the watch and says so in the modal, in place of the button; a second click says it is already watching', async () => {
    const d = deps();
    const updates: { view_id: string; view: { blocks: unknown[] } }[] = [];
    const client = {
      views: {
        update: async (args: { view_id: string; view: { blocks: unknown[] } }) => {
          updates.push(args);
          return { ok: true };
        },
      },
    } as unknown as Parameters<ReturnType<typeof notifyButton>>[0]['client'];
    const responded: ResponseBody[] = [];
    const { view, blockId } = clickedModal();
    const click = () =>
      notifyButton(d)({
        ack: async () => {},
        respond: async (body) => {
          responded.push(body);
        },
        client,
        userId: 'U1',
        channelId: undefined,
        value: LookupRef.encode({ legId: LEG, side: 'callee', extension: undefined }),
        responseUrl: undefined,
        view,
        blockId,
      });
    await click();
    expect(updates).toHaveLength(1);
    const blocks = JSON.stringify(updates[0]!.view.blocks);
    expect(updates[0]!.view_id).toBe('V1');
    expect(blocks).toContain("I'll send it to you here when it's ready");
    expect(blocks).not.toContain('callsummary_notify');
    expect(validateView(updates[0]!.view)).toEqual([]);
    await click();
    expect(JSON.stringify(updates[1]!.view.blocks)).toContain('already watching');
    expect(responded).toEqual([]);
  });
});
