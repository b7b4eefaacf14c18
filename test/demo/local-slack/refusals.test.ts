import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type FakeSlackApi,
  type FakeSlackOptions,
  RESPONSE_URL_LIFETIME_MS,
  startFakeSlackApi,
  TRIGGER_LIFETIME_MS,
} from '../../../src/demo/local-slack/index.js';

/**
 * The local Slack refuses what real Slack refuses, with Slack's error, through the real Web API
 * client: a test or the demo that passes against it would not fail against a workspace for these
 * reasons.
 */

let slack: FakeSlackApi | undefined;
let clock = 1_800_000_000_000;

afterEach(async () => {
  await slack?.close();
  slack = undefined;
});

async function start(options: FakeSlackOptions = {}) {
  slack = await startFakeSlackApi({ now: () => clock, ...options });
  const client = new webApi.WebClient('xoxb-test', {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: webApi.LogLevel.ERROR,
  });
  return { slack, client };
}

/** The Slack error a call was refused with (the SDK throws a platform error carrying it). */
async function refusal(call: Promise<unknown>): Promise<{ error: string; messages: string[] }> {
  try {
    await call;
  } catch (error) {
    const data = (error as { data?: { error?: string; response_metadata?: { messages?: string[] } } }).data;
    return { error: data?.error ?? String(error), messages: data?.response_metadata?.messages ?? [] };
  }
  throw new Error('the call was accepted');
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const modal = (blocks: unknown[], title = 'Call summary') => ({
  type: 'modal' as const,
  title: { type: 'plain_text' as const, text: title },
  blocks: blocks as never[],
});

describe('membership', () => {
  const channels = {
    CPUB: { member: false },
    CPRIV: { private: true, member: false },
    COLD: { archived: true },
  };

  it('refuses chat.postEphemeral in a public channel the bot is not in, even with chat:write.public', async () => {
    const { client } = await start({ channels, scopes: 'commands,chat:write,chat:write.public' });
    const answer = await refusal(client.chat.postEphemeral({ channel: 'CPUB', user: 'U1', text: 'hi' }));
    expect(answer.error).toBe('not_in_channel');
    // chat.postMessage is what chat:write.public allows.
    await expect(client.chat.postMessage({ channel: 'CPUB', text: 'hi' })).resolves.toMatchObject({
      ok: true,
    });
  });

  it('refuses chat.postMessage in a public channel the bot is not in without chat:write.public', async () => {
    const { client } = await start({ channels, scopes: 'commands,chat:write' });
    expect((await refusal(client.chat.postMessage({ channel: 'CPUB', text: 'hi' }))).error).toBe(
      'not_in_channel',
    );
  });

  it('answers channel_not_found for a private conversation the bot is not in, and is_archived', async () => {
    const { client } = await start({ channels });
    expect((await refusal(client.chat.postMessage({ channel: 'CPRIV', text: 'hi' }))).error).toBe(
      'channel_not_found',
    );
    expect(
      (await refusal(client.chat.postEphemeral({ channel: 'CPRIV', user: 'U1', text: 'hi' }))).error,
    ).toBe('channel_not_found');
    expect((await refusal(client.chat.postMessage({ channel: 'COLD', text: 'hi' }))).error).toBe(
      'is_archived',
    );
  });
});

describe('messages', () => {
  it('refuses a message with neither text nor blocks (no_text)', async () => {
    const { client } = await start();
    expect((await refusal(client.chat.postMessage({ channel: 'C1' } as never))).error).toBe('no_text');
  });

  it('refuses more than 50 blocks in a message (invalid_blocks), pointing at them', async () => {
    const { client } = await start();
    const blocks = Array.from({ length: 51 }, (_, i) => section(`line ${i}`));
    const answer = await refusal(client.chat.postMessage({ channel: 'C1', text: 'long', blocks }));
    expect(answer.error).toBe('invalid_blocks');
    expect(answer.messages.join('\n')).toContain('[json-pointer:/blocks]');
    const fifty = blocks.slice(0, 50);
    await expect(
      client.chat.postMessage({ channel: 'C1', text: 'ok', blocks: fifty }),
    ).resolves.toMatchObject({
      ok: true,
    });
  });

  it('refuses a section over 3,000 characters, a header over 150, an unknown block type, a duplicate block_id', async () => {
    const { client } = await start();
    const post = (blocks: unknown[]) =>
      refusal(client.chat.postMessage({ channel: 'C1', text: 't', blocks } as never));
    expect((await post([section('x'.repeat(3001))])).messages.join()).toContain('/blocks/0/text/text');
    const header = { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } };
    expect((await post([header])).error).toBe('invalid_blocks');
    expect((await post([{ type: 'marquee' }])).error).toBe('invalid_blocks');
    const twice = [
      { ...section('a'), block_id: 'b' },
      { ...section('b'), block_id: 'b' },
    ];
    expect((await post(twice)).messages.join()).toContain('duplicate block_id');
  });

  it('refuses blocks that are not an array (invalid_blocks_format)', async () => {
    const { client } = await start();
    const answer = await refusal(
      client.apiCall('chat.postMessage', { channel: 'C1', text: 't', blocks: '"nope"' }),
    );
    expect(answer.error).toBe('invalid_blocks_format');
  });

  it('refuses chat.update of a message that does not exist, or that the bot did not post', async () => {
    const { slack, client } = await start();
    expect((await refusal(client.chat.update({ channel: 'C1', ts: '1.000001', text: 'x' }))).error).toBe(
      'message_not_found',
    );
    const said = slack.workspace.personSays('C1', 'U1', 'a person wrote this');
    expect((await refusal(client.chat.update({ channel: 'C1', ts: said.ts, text: 'x' }))).error).toBe(
      'cant_update_message',
    );
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'before' });
    await client.chat.update({ channel: 'C1', ts: posted.ts!, text: 'after' });
    expect(slack.workspace.find('C1', posted.ts!)?.text).toBe('after');
  });
});

describe('views', () => {
  it('refuses a trigger_id older than 3 seconds (expired_trigger_id)', async () => {
    const { slack, client } = await start();
    const trigger = slack.triggerId('U1');
    clock += TRIGGER_LIFETIME_MS + 1;
    expect(
      (await refusal(client.views.open({ trigger_id: trigger, view: modal([section('x')]) }))).error,
    ).toBe('expired_trigger_id');
  });

  it('refuses a trigger_id used twice (exchanged_trigger_id) and one Slack never issued (invalid_trigger_id)', async () => {
    const { slack, client } = await start();
    const trigger = slack.triggerId('U1');
    await expect(
      client.views.open({ trigger_id: trigger, view: modal([section('x')]) }),
    ).resolves.toMatchObject({
      ok: true,
    });
    expect(
      (await refusal(client.views.open({ trigger_id: trigger, view: modal([section('x')]) }))).error,
    ).toBe('exchanged_trigger_id');
    expect(
      (await refusal(client.views.open({ trigger_id: 'made-up', view: modal([section('x')]) }))).error,
    ).toBe('invalid_trigger_id');
  });

  it('refuses a modal over 100 blocks or with a title over 24 characters, without spending the trigger', async () => {
    const { slack, client } = await start();
    const trigger = slack.triggerId('U1');
    const tooMany = Array.from({ length: 101 }, (_, i) => section(`b${i}`));
    const answer = await refusal(client.views.open({ trigger_id: trigger, view: modal(tooMany) }));
    expect(answer.error).toBe('invalid_arguments');
    expect(answer.messages.join()).toContain('no more than 100 items allowed [json-pointer:/view/blocks]');
    const title = await refusal(
      client.views.open({ trigger_id: trigger, view: modal([section('x')], 'T'.repeat(25)) }),
    );
    expect(title.messages.join()).toContain('/view/title/text');
    await expect(
      client.views.open({ trigger_id: trigger, view: modal(tooMany.slice(0, 100)) }),
    ).resolves.toMatchObject({ ok: true });
  });

  it('keeps at most three views in a stack (push_limit_reached) and refuses a stale hash (hash_conflict)', async () => {
    const { slack, client } = await start();
    const opened = await client.views.open({
      trigger_id: slack.triggerId('U1'),
      view: modal([section('1')]),
    });
    await client.views.push({ trigger_id: slack.triggerId('U1'), view: modal([section('2')]) });
    await client.views.push({ trigger_id: slack.triggerId('U1'), view: modal([section('3')]) });
    expect(
      (await refusal(client.views.push({ trigger_id: slack.triggerId('U1'), view: modal([section('4')]) })))
        .error,
    ).toBe('push_limit_reached');
    const id = opened.view!.id!;
    const hash = opened.view!.hash!;
    await client.views.update({ view_id: id, hash, view: modal([section('1b')]) });
    expect(
      (await refusal(client.views.update({ view_id: id, hash, view: modal([section('1c')]) }))).error,
    ).toBe('hash_conflict');
    expect((await refusal(client.views.update({ view_id: 'V404', view: modal([section('x')]) }))).error).toBe(
      'not_found',
    );
  });

  it('publishes a Home tab of up to 100 blocks for a known person', async () => {
    const users = [{ id: 'U1', name: 'ann', realName: 'Ann' }];
    const { client } = await start({ users });
    const home = { type: 'home' as const, blocks: [section('hello')] as never[] };
    await expect(client.views.publish({ user_id: 'U1', view: home })).resolves.toMatchObject({ ok: true });
    expect((await refusal(client.views.publish({ user_id: 'U404', view: home }))).error).toBe(
      'user_not_found',
    );
    const tooMany = {
      type: 'home' as const,
      blocks: Array.from({ length: 101 }, () => section('x')) as never[],
    };
    expect((await refusal(client.views.publish({ user_id: 'U1', view: tooMany }))).error).toBe(
      'invalid_arguments',
    );
  });
});

describe('response_url', () => {
  const post = (url: string, body: unknown) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('answers 5 times, then 404', async () => {
    const { slack } = await start();
    const url = slack.responseUrl('five');
    for (let i = 0; i < 5; i++) expect((await post(url, { text: `answer ${i}` })).status).toBe(200);
    expect((await post(url, { text: 'sixth' })).status).toBe(404);
  });

  it('is dead after 30 minutes, and for a URL Slack never issued', async () => {
    const { slack } = await start();
    const url = slack.responseUrl('late');
    clock += RESPONSE_URL_LIFETIME_MS + 1;
    expect((await post(url, { text: 'too late' })).status).toBe(404);
    expect((await post(url.replace('late', 'never-issued'), { text: 'x' })).status).toBe(404);
  });

  it('refuses an answer with neither text nor blocks, but lets delete_original through', async () => {
    const { slack } = await start();
    const url = slack.responseUrl('empty');
    expect((await post(url, { response_type: 'ephemeral' })).status).toBe(400);
    expect((await post(url, { delete_original: true })).status).toBe(200);
  });
});

describe('users.info', () => {
  const users = [{ id: 'U1', name: 'ann', realName: 'Ann Lee', email: 'ann@example.com' }];

  it('needs users:read, and gives the email only with users:read.email', async () => {
    const none = await start({ users });
    expect((await refusal(none.client.users.info({ user: 'U1' }))).error).toBe('missing_scope');
    await none.slack.close();
    const read = await start({ users, scopes: 'chat:write,users:read' });
    const withoutEmail = await read.client.users.info({ user: 'U1' });
    expect(withoutEmail.user?.profile?.email).toBeUndefined();
    expect((await refusal(read.client.users.info({ user: 'U404' }))).error).toBe('user_not_found');
    await read.slack.close();
    const email = await start({ users, scopes: 'chat:write,users:read,users:read.email' });
    expect((await email.client.users.info({ user: 'U1' })).user?.profile?.email).toBe('ann@example.com');
  });

  it('gives the member’s language only with include_locale, and a change of it at once', async () => {
    const { slack: local, client } = await start({
      users: [{ ...users[0]!, locale: 'en-US' }],
      scopes: 'chat:write,users:read',
    });
    expect((await client.users.info({ user: 'U1' })).user?.locale).toBeUndefined();
    expect((await client.users.info({ user: 'U1', include_locale: true })).user?.locale).toBe('en-US');
    expect(local.workspace.setLocale('U1', 'zh-CN')).toBe(true);
    expect(local.workspace.setLocale('U404', 'zh-CN')).toBe(false);
    expect((await client.users.info({ user: 'U1', include_locale: true })).user?.locale).toBe('zh-CN');
  });
});
