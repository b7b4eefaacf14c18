import { isAllowed } from '../../access.js';
import type { SlackDeps } from '../../deps.js';
import { publishHome } from '../../home.js';
import { slackRefusalCode } from '../../send/slack-errors.js';
import { acknowledge } from '../prelude.js';
import type { ClickArgs } from './lookup-action.js';

/**
 * The Home tab's "Send me the summaries of my calls" (`callsummary_dm_mine`, off by default): on
 * keeps the person's extension as it is matched now (src/use-case/finding/members.ts) in the cache,
 * so every replica sends each summary of their side of a call as a DM, once (src/use-case/late);
 * off forgets it. The tab is drawn again to show the choice. Never throws.
 */
export function dmMineButton(deps: SlackDeps) {
  return async (args: ClickArgs): Promise<void> => {
    await acknowledge(deps, args.ack);
    const { userId, value } = args;
    if (userId === undefined || deps.dmChoices === undefined) return;
    // The Home tab shows a refusal in place to people not allowed: drawing it again says so.
    if (isAllowed(deps.access, { userId, channelId: undefined })) {
      try {
        if (value === 'on') {
          const match = await deps.finding.members.match(userId);
          if (match.kind === 'matched') {
            const kept = await deps.dmChoices.turnOn(userId, match.extension);
            deps.logger.info('home: summaries of own calls switched on', { user: userId, kept });
          }
        } else if (value === 'off') {
          await deps.dmChoices.turnOff(userId);
          deps.logger.info('home: summaries of own calls switched off', { user: userId });
        }
      } catch (error) {
        deps.logger.warn('home: the choice could not be kept', { user: userId }, error);
      }
    }
    await publishHome(deps, userId).catch((error: unknown) =>
      deps.logger.warn(
        'home: could not publish the Home tab',
        { user: userId, reason: slackRefusalCode(error) },
        error,
      ),
    );
  };
}
