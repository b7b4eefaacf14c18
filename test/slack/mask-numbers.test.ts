import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/compose/bot.js';
import { loadConfig } from '../../src/compose/config.js';
import { eventsExtension } from '../../src/compose/events.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/demo/local-slack/index.js';
import {
  type PbxSimulator,
  SAMPLE_LEGS,
  sampleData,
  startPbxSimulator,
  summaryReadyEvent,
} from '../../src/demo/pbx-simulator/index.js';
import { parseRouting } from '../../src/events/routing.js';
import { validateMessage, validateView } from '../../src/render/index.js';
import {
  maskedPhoneNumber,
  maskNumbersInMessage,
  maskNumbersInText,
} from '../../src/slack/views/mask-numbers.js';
import { ACTION_IDS, CALLBACK_IDS, LookupRef, PostTarget } from '../../src/slack/views/values.js';
import { botEnv } from '../helpers/env.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { commandForm } from '../helpers/slack-payloads.js';
import { payloadForm, postSigned } from '../helpers/slack-signing.js';

describe('masking outside numbers', () => {
  it.each([
    ['+14155550123', '+1 415-•••-0123'],
    ['+1 415-555-0123', '+1 415-•••-0123'],
    ['+1 (415) 555-0123', '+1 415-•••-0123'],
    ['+1.415.555.0123', '+1 415-•••-0123'],
    ['4155550123', '415-•••-0123'],
    ['(415) 555-0123', '415-•••-0123'],
    ['+8613800138000', '+86 138-•••-8000'],
    ['+44 20 7946 0000', '+44 207-•••-0000'],
  ])('%s → %s', (number, masked) => {
    expect(maskNumbersInText(`call ${number} back`)).toBe(`call ${masked} back`);
  });

  it('keeps extensions, leg ids, dates, Slack date tokens, mentions and short numbers', () => {
    for (const text of [
      'extension 3202 and 1234567',
      'leg 20260513223234-3EE9E',
      'on 2026-05-13 at 22:32, or 2026/05/13',
      '<!date^1778682824^{date_short_pretty} {time}|2026-05-13>',
      'Shared by <@U0123456789> in <#C0123456789>',
      'ticket #4711, 60% of users',
    ]) {
      expect(maskNumbersInText(text)).toBe(text);
    }
  });

  it('masks every text of a message and nothing else: values, URLs and ids stay', () => {
    const message = {
      text: 'Customer +14155550123',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: 'Call +14155550123' } },
        {
          type: 'rich_text',
          elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'at 4155550123' }] }],
        },
        {
          type: 'actions',
          block_id: 'b14155550123',
          elements: [
            {
              type: 'button',
              text: { type: 'plain_text', text: 'Call 4155550123' },
              action_id: 'a',
              value: '+14155550123',
              url: 'https://example.com/+14155550123',
            },
          ],
        },
      ],
    } as const;
    const masked = maskNumbersInMessage(message as never) as typeof message;
    expect(masked.text).toBe('Customer +1 415-•••-0123');
    expect(JSON.stringify(masked.blocks.slice(0, 2))).not.toContain('555');
    // What is not text a person reads is left alone.
    const button = (masked.blocks[2] as unknown as { elements: { value: string; url: string }[] })
      .elements[0]!;
    expect(button.value).toBe('+14155550123');
    expect(button.url).toBe('https://example.com/+14155550123');
    expect((masked.blocks[2] as unknown as { block_id: string }).block_id).toBe('b14155550123');
  });

  it('is no phone number below 8 digits, or above 15', () => {
    expect(maskedPhoneNumber('1234567')).toBeUndefined();
    expect(maskedPhoneNumber('1234567890123456')).toBeUndefined();
    expect(maskedPhoneNumber('12345678')).toBe('1-•••-5678');
  });
});

const SECRET = 'mask-e2e-signing-secret';
const WEBHOOK_SECRET = 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z';
/** The number the AI wrote into the summary, and how a channel must see it. */
const WRITTEN = '+1 415 555 0123';
const MASKED = '+1 415-•••-0123';

let pbx: PbxSimulator;
let slack: FakeSlackApi;
let app: RunningApp;
let events: string;

beforeAll(async () => {
  const data = sampleData();
  const leg = data.legs.find((l) => l.legId === SAMPLE_LEGS.docExample)!;
  const callee = leg.summaries.callee!;
  leg.summaries.callee = {
    ...callee,
    html: `<p>Call Summary</p><ul><li>Call the customer back on ${WRITTEN} today.</li></ul>`,
  };
  pbx = await startPbxSimulator(data);
  slack = await startFakeSlackApi({
    validate: (kind, body) =>
      kind === 'view'
        ? validateView(body)
        : validateMessage(body as { text?: string; blocks?: unknown[] }, 'message', { allowMentions: true }),
  });
  const config = loadConfig(
    botEnv(pbx, slack, {
      SLACK_BOT_TOKEN: 'xoxb-mask',
      SLACK_SIGNING_SECRET: SECRET,
      YEASTAR_MAX_RETRIES: '0',
      YEASTAR_WEBHOOK_SECRET: WEBHOOK_SECRET,
      REDACT_NUMBERS_IN_CHANNELS: 'true',
    }),
    'bot',
  );
  app = await startApp(config, {
    logger: createMemoryLogger('error'),
    botId: 'BBOT',
    botUserId: 'UBOT',
    extensions: [eventsExtension({ paceMs: 0, routing: parseRouting('default: C0SUPPORT\n') })],
  });
  events = `http://127.0.0.1:${app.port}/slack/events`;
});

afterAll(async () => {
  await app?.stop();
  await slack?.close();
  await pbx?.close();
});

const ref = LookupRef.encode({ legId: SAMPLE_LEGS.docExample, side: 'callee', extension: undefined });

describe('REDACT_NUMBERS_IN_CHANNELS=true (started bot)', () => {
  it('shows the number whole in the private answer', async () => {
    expect(
      (
        await postSigned(
          events,
          SECRET,
          commandForm(`${SAMPLE_LEGS.docExample} callee`, slack.responseUrl('private')),
        )
      ).status,
    ).toBe(200);
    const [answer] = await slack.waitFor('response_url');
    expect(JSON.stringify(answer!.body)).toContain(WRITTEN);
  });

  it('masks it in a share', async () => {
    const before = slack.callsTo('chat.postMessage').length;
    const click = {
      type: 'block_actions',
      user: { id: 'U1', username: 'ann', team_id: 'T0' },
      team: { id: 'T0', domain: 'fake' },
      channel: { id: 'C1', name: 'support' },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: 'trig',
      response_url: slack.responseUrl('share'),
      container: { type: 'message', message_ts: '1.1', channel_id: 'C1', is_ephemeral: true },
      actions: [{ type: 'button', action_id: ACTION_IDS.share, block_id: 'b', value: ref, action_ts: '1.2' }],
    };
    expect((await postSigned(events, SECRET, payloadForm(click))).status).toBe(200);
    const posts = await slack.waitFor('chat.postMessage', before + 1);
    const shared = JSON.stringify(posts[before]!.body);
    expect(shared).toContain(MASKED);
    expect(shared).not.toContain('555');
  });

  it('masks it in a thread reply from the shortcut’s modal', async () => {
    const before = slack.callsTo('chat.postMessage').length;
    const submission = {
      type: 'view_submission',
      team: { id: 'T0', domain: 'fake' },
      user: { id: 'U1', name: 'ann' },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: 'trig',
      view: {
        id: 'V1',
        type: 'modal',
        callback_id: CALLBACK_IDS.postModal,
        private_metadata: PostTarget.encode({
          channelId: 'C1',
          threadTs: '555.1',
          offered: [`${SAMPLE_LEGS.docExample}|callee`],
        }),
        state: { values: {} },
        hash: 'h',
      },
    };
    expect((await postSigned(events, SECRET, payloadForm(submission))).status).toBe(200);
    const posts = await slack.waitFor('chat.postMessage', before + 1);
    const reply = posts[before]!.body;
    expect(reply.thread_ts).toBe('555.1');
    expect(JSON.stringify(reply.blocks)).toContain(MASKED);
    expect(JSON.stringify(reply)).not.toContain('555 0123');
  });

  it('masks it in an automatic post, and in the post updated when the PBX re-writes the summary', async () => {
    const leg = sampleData().legs.find((l) => l.legId === SAMPLE_LEGS.docExample)!;
    const webhook = `http://127.0.0.1:${app.port}/yeastar/webhook`;
    const before = slack.callsTo('chat.postMessage').filter((c) => c.body.channel === 'C0SUPPORT').length;
    const event = summaryReadyEvent(
      {
        ...leg,
        summaries: {
          callee: {
            ...leg.summaries.callee!,
            html: `<p>Summary</p><ul><li>Customer on ${WRITTEN}.</li></ul>`,
          },
        },
      },
      'callee',
    );
    expect(await pbx.pushWebhook(webhook, WEBHOOK_SECRET, event)).toBe(204);
    let post: { body: Record<string, unknown> } | undefined;
    for (let i = 0; i < 200 && !post; i++) {
      post = slack.callsTo('chat.postMessage').filter((c) => c.body.channel === 'C0SUPPORT')[before];
      if (!post) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(JSON.stringify(post!.body.blocks)).toContain(MASKED);
    expect(String(post!.body.text)).not.toContain('555');

    const updates = slack.callsTo('chat.update').length;
    await pbx.rewriteSummary(
      SAMPLE_LEGS.docExample,
      'callee',
      `<p>Summary</p><ul><li>New number ${WRITTEN}.</li></ul>`,
      {
        webhook,
        secret: WEBHOOK_SECRET,
      },
    );
    const updated = await slack.waitFor('chat.update', updates + 1);
    for (const call of updated.slice(updates)) {
      expect(JSON.stringify(call.body.blocks)).toContain(MASKED);
      expect(JSON.stringify(call.body)).not.toContain('555 0123');
    }
  });

  it('sent nothing that fails the renderer validator', () => {
    expect(slack.violations).toEqual([]);
  });
});
