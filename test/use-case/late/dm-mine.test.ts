import { afterEach, describe, expect, it, vi } from 'vitest';
import { keyPrefix } from '../../../src/cache/typed.js';
import type { RunningApp } from '../../../src/compose/bot.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../../src/demo/local-slack/index.js';
import {
  newCdrEvent,
  type PbxSimulator,
  startPbxSimulator,
  summaryReadyEvent,
} from '../../../src/demo/pbx-simulator/index.js';
import { validateMessage, validateView } from '../../../src/render/index.js';
import { ENGLISH } from '../../../src/shared/i18n/index.js';
import type { SlackDeps } from '../../../src/slack/deps.js';
import { homeFor } from '../../../src/slack/home.js';
import { dmMineButton } from '../../../src/slack/listeners/actions/dm-mine.js';
import { createAfterAcks } from '../../../src/slack/server/after-acks.js';
import { ACTION_IDS } from '../../../src/slack/views/values.js';
import type { DmChoices } from '../../../src/use-case/ports.js';
import { createMemoryLogger } from '../../helpers/memory-logger.js';
import { deleteRedisKeys, describeRedis, REDIS_URL } from '../../helpers/redis.js';
import { testAccess } from '../../helpers/slack-deps.js';
import { buttons, directMessages, startBot, unsummarisedCall, WEBHOOK_SECRET } from './harness.js';

/** "Send me the summaries of my calls": the Home tab's switch, and the DMs across replicas. */

describe('the Home tab’s switch (callsummary_dm_mine)', () => {
  function fakeChoices(): DmChoices & { readonly on: Map<string, string> } {
    const on = new Map<string, string>();
    return {
      on,
      extensionOf: async (user) => on.get(user),
      turnOn: async (user, extension) => {
        on.set(user, extension);
        return true;
      },
      turnOff: async (user) => {
        on.delete(user);
      },
      usersOf: async (extension) => [...on].filter(([, e]) => e === extension).map(([u]) => u),
    };
  }

  function deps(dmChoices: DmChoices) {
    const published: unknown[] = [];
    const logger = createMemoryLogger();
    const value = {
      access: { allowedChannelIds: undefined, allowedUserIds: undefined },
      logger,
      dmChoices,
      finding: {
        recentDays: 7,
        members: {
          match: async () => ({ kind: 'matched', extension: '3202', name: 'Leo Ball', via: 'email' }),
        },
        callLists: {
          list: async () => {
            throw new Error('no lists here');
          },
        },
      },
      client: {
        views: {
          publish: async (args: { view: unknown }) => {
            published.push(args.view);
            return { ok: true };
          },
        },
      },
      afterAcks: createAfterAcks(),
      wordsOf: async () => ENGLISH,
    } as unknown as SlackDeps;
    Object.assign(value, { guard: testAccess(logger, value.finding) });
    return { deps: value, published };
  }

  it('is off by default, switched on with the matched extension, and off again; the tab shows each', async () => {
    const choices = fakeChoices();
    const { deps: d, published } = deps(choices);
    const home = await homeFor(d, 'U7');
    expect(validateView(home)).toEqual([]);
    const first = JSON.stringify(home.blocks);
    expect(first).toContain('*Summaries of your calls:* off');
    expect(first).toContain(`"action_id":"${ACTION_IDS.dmMine}","value":"on"`);

    const click = dmMineButton(d);
    const args = { ack: async () => {}, respond: async () => {}, channelId: undefined, triggerId: undefined };
    await click({ ...args, userId: 'U7', value: 'on', view: { id: 'V1', type: 'home' } });
    expect(choices.on.get('U7')).toBe('3202');
    expect(JSON.stringify((published.at(-1) as { blocks: unknown }).blocks)).toContain(
      '*Summaries of your calls:* on',
    );
    await click({ ...args, userId: 'U7', value: 'off', view: { id: 'V1', type: 'home' } });
    expect(choices.on.has('U7')).toBe(false);
    expect(JSON.stringify((published.at(-1) as { blocks: unknown }).blocks)).toContain(`"value":"on"`);
  });
});

describeRedis('summaries of their own calls, as DMs, across two replicas sharing Redis', () => {
  let sim: PbxSimulator | undefined;
  let slack: FakeSlackApi | undefined;
  const apps: RunningApp[] = [];
  afterEach(async () => {
    const prefix = apps[0] ? keyPrefix(apps[0].core.config.pbx.baseUrl) : undefined;
    for (const app of apps.splice(0)) await app.stop();
    if (prefix) await deleteRedisKeys(prefix);
    await slack?.close();
    await sim?.close();
    sim = slack = undefined;
  });

  it('each summary of their side once, with the call context and buttons, updated in place', async () => {
    sim = await startPbxSimulator();
    slack = await startFakeSlackApi({
      validate: (kind, body) =>
        kind === 'message' ? validateMessage(body as { text?: string; blocks?: unknown[] }) : [],
    });
    const env = { CACHE_URL: REDIS_URL, PHONE_REGION: 'US' };
    const one = await startBot(sim, slack, env);
    const two = await startBot(sim, slack, env);
    apps.push(one.app, two.app);
    // U7 is extension 3202 and asked for the summaries of their calls (through either replica).
    expect(await one.app.core.cache.dmChoices.turnOn('U7', '3202')).toBe(true);
    await two.app.core.cache.dmChoices.turnOff('U8');

    const { leg, summary } = unsummarisedCall(7);
    sim.addLeg({ ...leg, summaries: { callee: summary } });
    const written = { ...leg, summaries: { callee: summary } };
    await sim.pushWebhook(one.webhook, WEBHOOK_SECRET, newCdrEvent(leg));
    // The PBX's 30040 reaches both replicas (a re-send), at once.
    const event = summaryReadyEvent(written, 'callee');
    await Promise.all([
      sim.pushWebhook(one.webhook, WEBHOOK_SECRET, event),
      sim.pushWebhook(two.webhook, WEBHOOK_SECRET, event),
    ]);
    await vi.waitFor(() => expect(directMessages(slack!, 'U7')).toHaveLength(1), { timeout: 5000 });
    const dm = directMessages(slack, 'U7')[0]!;
    expect(dm.metadata).toEqual({
      event_type: 'call_summary_posted',
      event_payload: { leg_id: leg.legId, side: 'callee' },
    });
    const json = JSON.stringify(dm.blocks);
    expect(json).toContain('A summary of your call.');
    expect(json).toMatch(/Incoming call · .*→ .*\(3202\)/);
    expect(buttons(dm.blocks).map((b) => b.action_id)).toEqual([ACTION_IDS.transcript]);

    // The PBX re-writes it: the DM is updated in place, not sent again.
    const rewritten = {
      ...written,
      summaries: { callee: { ...summary, html: '<p>Rewritten: the refund was approved.</p>' } },
    };
    await sim.pushWebhook(two.webhook, WEBHOOK_SECRET, summaryReadyEvent(rewritten, 'callee'));
    await vi.waitFor(() => expect(JSON.stringify(dm.blocks)).toContain('the refund was approved'), {
      timeout: 5000,
    });
    expect(dm.edited).toBe(true);
    expect(directMessages(slack, 'U7')).toHaveLength(1);
    expect(slack.violations).toEqual([]);
  });
});
