import { isUserId } from '../../../shared/slack-ids.js';
import type { SlackDeps } from '../../deps.js';
import { publishHome } from '../../home.js';
import { slackRefusalCode } from '../../send/slack-errors.js';

/** The Home tab is drawn again when opened, at most this often per person (across replicas). */
export const HOME_REFRESH_MS = 60_000;

export interface HomeOpenedArgs {
  readonly userId: string | undefined;
  /** `home` or `messages`: only the Home tab is ours to draw. */
  readonly tab: string | undefined;
}

/**
 * `app_home_opened` → `views.publish`. The throttle is a claim in the shared cache, so replicas share
 * it: the person opening the tab again within a minute sees what was published then. A publish that
 * failed gives the claim back, so the next opening tries again. Never throws (an event has no one to
 * answer): failures are logged.
 */
export function appHomeOpened(deps: SlackDeps) {
  return async ({ userId, tab }: HomeOpenedArgs): Promise<void> => {
    if (tab !== 'home' || userId === undefined || !isUserId(userId)) return;
    const key = `home:${userId}`;
    if (!(await deps.claims.claim(key, HOME_REFRESH_MS))) return;
    try {
      await publishHome(deps, userId);
    } catch (error) {
      await deps.claims.release(key).catch(() => undefined);
      deps.answers?.failed(error);
      deps.logger.warn(
        'home: could not publish the Home tab',
        { user: userId, reason: slackRefusalCode(error) ?? 'unexpected' },
        error,
      );
    }
  };
}
