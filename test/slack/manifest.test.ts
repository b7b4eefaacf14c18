import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMAND } from '../../src/slack/listeners/commands/index.js';
import { EVENTS } from '../../src/slack/listeners/events/index.js';
import { CALLBACK_IDS } from '../../src/slack/views/values.js';

/**
 * manifest.yml against Slack's manifest schema as typed in @slack/web-api (manifest.ts; reference
 * slack-platform.md §2) and against the names the code listens for.
 */
const manifest = parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8'));

describe('manifest.yml', () => {
  it('names the command and the message shortcut the listeners are registered for', () => {
    const [command] = manifest.features.slash_commands;
    expect(command.command).toBe(COMMAND);
    expect(command.command.length).toBeLessThanOrEqual(32);
    expect(command.description.length).toBeGreaterThan(0);
    expect(command.usage_hint.length).toBeLessThanOrEqual(1000);
    expect(typeof command.should_escape).toBe('boolean');
    const [shortcut] = manifest.features.shortcuts;
    expect(shortcut).toMatchObject({ type: 'message', callback_id: CALLBACK_IDS.fromMessage });
    expect(shortcut.description.length).toBeLessThanOrEqual(150);
  });

  it('keeps display fields within the schema', () => {
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.features.bot_user.display_name).toMatch(/^[a-z0-9\-_.]{1,80}$/);
    expect(manifest.display_information.background_color).toMatch(/^#[0-9a-fA-F]{3,6}$/);
  });

  it('has the Home tab, and the app’s direct messages (the last way an answer reaches a person), read-only', () => {
    expect(manifest.features.app_home).toEqual({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: true,
    });
  });

  it('subscribes to exactly the events the listeners handle, at /slack/events', () => {
    expect(manifest.settings.event_subscriptions.bot_events).toEqual([...EVENTS]);
    expect(manifest.settings.event_subscriptions.request_url).toMatch(/^https:\/\/.+\/slack\/events$/);
  });

  it('names every form of the command in its usage hint', () => {
    const hint: string = manifest.features.slash_commands[0].usage_hint;
    for (const word of ['<leg-id>', 'caller|callee', '<number>', '<extension>', 'me', '7d', 'help']) {
      expect(hint).toContain(word);
    }
  });

  it('asks for the scopes the app uses, turns interactivity on, and sends everything to /slack/events', () => {
    // users:read and users:read.email: users.info for "my calls" and the Home tab (src/slack/send/member-email.ts).
    expect(manifest.oauth_config.scopes.bot).toEqual([
      'commands',
      'chat:write',
      'chat:write.public',
      'users:read',
      'users:read.email',
    ]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.interactivity.request_url).toMatch(/^https:\/\/.+\/slack\/events$/);
    expect(manifest.features.slash_commands[0].url).toMatch(/^https:\/\/.+\/slack\/events$/);
    expect(manifest.settings).toMatchObject({
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    });
  });
});
