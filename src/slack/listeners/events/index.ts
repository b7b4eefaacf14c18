import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { appHomeOpened } from './app-home-opened.js';

/** Events API subscriptions: manifest.yml's `event_subscriptions.bot_events` is exactly this list. */
export const EVENTS = ['app_home_opened'] as const;

export function register(app: App, deps: SlackDeps): void {
  const home = appHomeOpened(deps);
  app.event('app_home_opened', ({ event }) => home({ userId: event.user, tab: event.tab }));
}
