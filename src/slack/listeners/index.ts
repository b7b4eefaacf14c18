import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { register as registerActions } from './actions/index.js';
import { register as registerCommands } from './commands/index.js';
import { register as registerEvents } from './events/index.js';
import { register as registerShortcuts } from './shortcuts/index.js';
import { register as registerViews } from './views/index.js';

/**
 * Every surface the bot answers: the slash command, its buttons, the message shortcut and its modal,
 * the App Home tab and the transcript modal.
 */
export function registerListeners(app: App, deps: SlackDeps): void {
  registerCommands(app, deps);
  registerActions(app, deps);
  registerShortcuts(app, deps);
  registerViews(app, deps);
  registerEvents(app, deps);
}
