import { assertNever } from '../../../shared/assert-never.js';
import { findCalls } from '../../../use-case/finding/find-calls.js';
import { type CallQuery, parseCallQuery } from '../../../use-case/model/call-query.js';
import type { SlackDeps } from '../../deps.js';
import { lookupMessage, usageMessage } from '../../views/answers.js';
import { renderCallList } from '../../views/call-list.js';
import type { Respond } from '../../views/types.js';
import type { LookupRef } from '../../views/values.js';
import { answerFailure } from '../answer-failure.js';
import { begin } from '../prelude.js';
import { seeLookup, viewerOf, withRefusedNote } from '../see.js';

export interface CommandArgs {
  /** As Slack sent it: `text` is foreign input (absent, or repeated into an array, in a forged form). */
  readonly command: { readonly text?: unknown; readonly user_id: string; readonly channel_id: string };
  readonly ack: () => Promise<void>;
  readonly respond: Respond;
}

/**
 * `/callsummary`: acknowledged before any PBX or cache work, answered privately through response_url.
 * The words typed are parsed by the one grammar (src/use-case/model/call-query.ts): a leg's summary, the calls of a
 * number, an extension or the person, or the usage.
 */
export function callsummaryCommand(deps: SlackDeps) {
  return async ({ command, ack, respond }: CommandArgs): Promise<void> => {
    const who = { userId: command.user_id, channelId: command.channel_id };
    if (!(await begin(deps, { ack, respond, who, surface: 'command' }))) return;
    let ref: LookupRef | undefined;
    try {
      // Anything but one string of text is no request at all: the usage says what to type.
      const query: CallQuery =
        typeof command.text === 'string'
          ? parseCallQuery(command.text, { defaultDays: deps.finding.recentDays })
          : { kind: 'help' };
      switch (query.kind) {
        case 'help':
          await respond({ response_type: 'ephemeral', ...usageMessage(await deps.wordsOf(command.user_id)) });
          return;
        case 'calls': {
          const viewer = await viewerOf(deps, command.user_id);
          const found = await findCalls(
            deps,
            command.user_id,
            { party: query.party, period: query.period },
            deps.guard.lists(viewer, { surface: 'command', what: 'list' }),
          );
          const list = renderCallList(found.subject, found.page, await deps.wordsOf(command.user_id), {
            phoneRegion: deps.phoneRegion,
          });
          await respond({ response_type: 'ephemeral', ...list });
          return;
        }
        case 'leg': {
          ref = { legId: query.legId, side: query.side, extension: query.extension };
          const lookup = await deps.summaries.lookup({
            legId: ref.legId,
            side: ref.side,
            extension: ref.extension,
          });
          // Only the sides the person may see; a side they may not is said politely, the other shown.
          const seen = await seeLookup(deps, command.user_id, lookup, { surface: 'command' });
          const words = await deps.wordsOf(command.user_id);
          await respond({
            response_type: 'ephemeral',
            ...withRefusedNote(
              lookupMessage(seen.shown, deps.render, words, { asked: ref, interactive: true }),
              seen.refused,
              words,
            ),
          });
          return;
        }
        default:
          assertNever(query, 'query');
      }
    } catch (error) {
      await answerFailure(deps, respond, error, ref, who);
    }
  };
}
