import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlackApi, startFakeSlackApi } from '../../src/demo/local-slack/index.js';
import { validateView } from '../../src/render/index.js';
import type { SlackDeps } from '../../src/slack/deps.js';
import { appHomeOpened, HOME_REFRESH_MS } from '../../src/slack/listeners/events/app-home-opened.js';
import { createAfterAcks } from '../../src/slack/server/after-acks.js';
import { callContextFake } from '../helpers/call-summary.js';
import { createMemoryClaims } from '../helpers/memory-claims.js';
import { createMemoryLogger } from '../helpers/memory-logger.js';
import { slackSenders } from '../helpers/slack-deps.js';

/** The Home tab's handler against the local Slack: who sees what, how often it is drawn, failures. */

let slack: FakeSlackApi;

beforeAll(async () => {
  slack = await startFakeSlackApi({
    validate: (kind, body) => (kind === 'view' ? validateView(body) : []),
    scopes: 'commands,chat:write,chat:write.public,users:read,users:read.email',
    users: [
      { id: 'U1', name: 'ann', realName: 'Ann' },
      { id: 'U2', name: 'bob', realName: 'Bob' },
    ],
  });
});

afterAll(async () => {
  await slack?.close();
});

function deps(access: SlackDeps['access'], now: () => number = Date.now): SlackDeps {
  const logger = createMemoryLogger('error');
  return {
    summaries: {
      lookup: async () => {
        throw new Error('no lookup expected');
      },
      rememberLeg: async () => {},
      rememberSummary: async () => {},
      callContext: callContextFake,
    },
    render: () => ({ text: '', blocks: [] }),
    access,
    logger,
    claims: createMemoryClaims(now),
    ...slackSenders(logger, slack.apiUrl),
    afterAcks: createAfterAcks(),
  } as SlackDeps;
}

const everyone = { allowedChannelIds: undefined, allowedUserIds: undefined };
const publishes = (user: string) => slack.callsTo('views.publish').filter((c) => c.body.user_id === user);

describe('app_home_opened', () => {
  it('refuses everyone while ALLOWED_CHANNEL_IDS is set: the Home tab is no channel', async () => {
    await appHomeOpened(deps({ allowedChannelIds: ['C1'], allowedUserIds: undefined }))({
      userId: 'U1',
      tab: 'home',
    });
    const [home] = publishes('U1');
    expect(JSON.stringify(home!.body.view)).toContain('not available to you');
    expect(slack.violations).toEqual([]);
  });

  it('draws the tab at most once a minute per person, and again after', async () => {
    let t = 1_000_000;
    const handler = appHomeOpened(deps(everyone, () => t));
    await handler({ userId: 'U2', tab: 'home' });
    await handler({ userId: 'U2', tab: 'home' });
    expect(publishes('U2')).toHaveLength(1);
    // Matched to nothing (Slack has no email for Bob): the tab says so rather than failing.
    expect(JSON.stringify(publishes('U2')[0]!.body.view)).toContain('no email address');
    t += HOME_REFRESH_MS;
    await handler({ userId: 'U2', tab: 'home' });
    expect(publishes('U2')).toHaveLength(2);
  });

  it('gives the minute back when the publish failed, so opening the tab again tries again', async () => {
    const handler = appHomeOpened(deps(everyone));
    const before = publishes('U1').length;
    slack.inject('views.publish', { error: 'internal_error', times: 1 });
    await handler({ userId: 'U1', tab: 'home' });
    expect(publishes('U1').at(-1)!.error).toBe('internal_error');
    await handler({ userId: 'U1', tab: 'home' });
    expect(publishes('U1')).toHaveLength(before + 2);
    expect(publishes('U1').at(-1)!.error).toBeUndefined();
  });

  it('ignores the Messages tab and ids that are not members', async () => {
    const handler = appHomeOpened(deps(everyone));
    const before = slack.callsTo('views.publish').length;
    await handler({ userId: 'U1', tab: 'messages' });
    await handler({ userId: '<!channel>', tab: 'home' });
    await handler({ userId: undefined, tab: 'home' });
    expect(slack.callsTo('views.publish')).toHaveLength(before);
  });
});
