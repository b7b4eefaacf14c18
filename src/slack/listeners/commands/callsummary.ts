import { CallSummaryError } from '../../../errors.js';
import { parseLegId, parseSide } from '../../../leg-id.js';
import type { SlackDeps } from '../../deps.js';
import type { Respond } from '../../message.js';
import { type LookupRef, lookupMessage, usageMessage } from '../../messages.js';
import { answerFailure } from '../answer-failure.js';
import { begin } from '../prelude.js';

export type CommandInput = { readonly kind: 'usage' } | { readonly kind: 'lookup'; readonly ref: LookupRef };

/** `<leg-id> [caller|callee] [extension]`; `help` or nothing → usage. Throws `bad_leg_id` / `usage`. */
export function parseCommandText(text: string): CommandInput {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  const [first, ...rest] = words;
  if (first === undefined || first.toLowerCase() === 'help') return { kind: 'usage' };
  const legId = parseLegId(first).value;
  let side: LookupRef['side'];
  let extension: string | undefined;
  for (const word of rest) {
    const maybeSide = parseSide(word);
    if (maybeSide !== undefined && side === undefined) side = maybeSide;
    else if (/^\d{1,32}$/.test(word) && extension === undefined) extension = word;
    else {
      throw new CallSummaryError('usage', {
        problem: `"${word.slice(0, 40)}" is not a side or an extension number. Usage: /callsummary <leg-id> [caller|callee] [extension]`,
      });
    }
  }
  if (extension !== undefined && side === undefined) {
    throw new CallSummaryError('usage', {
      problem: 'Say which side the extension is on: /callsummary <leg-id> caller|callee <extension>',
    });
  }
  return { kind: 'lookup', ref: { legId, side, extension } };
}

export interface CommandArgs {
  /** As Slack sent it: `text` is foreign input (absent, or repeated into an array, in a forged form). */
  readonly command: { readonly text?: unknown; readonly user_id: string; readonly channel_id: string };
  readonly ack: () => Promise<void>;
  readonly respond: Respond;
}

/** `/callsummary`: acknowledged before any PBX or cache work, answered privately through response_url. */
export function callsummaryCommand(deps: SlackDeps) {
  return async ({ command, ack, respond }: CommandArgs): Promise<void> => {
    const who = { userId: command.user_id, channelId: command.channel_id };
    if (!(await begin(deps, { ack, respond, who }))) return;
    let ref: LookupRef | undefined;
    try {
      // Anything but one string of text is no request at all: the usage says what to type.
      const input: CommandInput =
        typeof command.text === 'string' ? parseCommandText(command.text) : { kind: 'usage' };
      if (input.kind === 'usage') {
        await respond({ response_type: 'ephemeral', ...usageMessage() });
        return;
      }
      ref = input.ref;
      const lookup = await deps.summaries.lookup({
        legId: ref.legId,
        side: ref.side,
        extension: ref.extension,
      });
      await respond({
        response_type: 'ephemeral',
        ...lookupMessage(lookup, deps.render, { asked: ref, interactive: true }),
      });
    } catch (error) {
      await answerFailure(deps, respond, error, ref, who);
    }
  };
}
