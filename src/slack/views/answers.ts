import type { KnownBlock } from '@slack/types';
import { contextBlock, escapeMrkdwn } from '../../render/index.js';
import { shorten } from '../../render/text.js';
import { CallSummaryError, isCallSummaryError } from '../../shared/errors.js';
import { ENGLISH } from '../../shared/i18n/index.js';
import { isUserId } from '../../shared/slack-ids.js';
import { summaryDigest } from '../../use-case/late/digest.js';
import { QUERY_FORMS } from '../../use-case/model/call-query.js';
import { LEG_ID_SHAPE, otherSide, type Side } from '../../use-case/model/leg-id.js';
import type { GroupRecord } from '../../use-case/ports.js';
import type { SideResult, SummaryLookup } from '../../use-case/summaries.js';
import type { RenderSummary } from '../deps.js';
import { describeForSlack } from '../send/slack-errors.js';
import { actionsBlock, type ButtonSpec, ERROR_TEXT_MAX, sectionBlock } from './controls.js';
import type { SlackMessage } from './types.js';
import { ACTION_IDS, BLOCK_IDS, LookupRef, TranscriptRef } from './values.js';

/** Try again, and beside it Notify me: the summary is sent when it exists (src/late). */
function tryAgainButtons(ref: LookupRef, notify: boolean, retry = true): KnownBlock {
  const value = LookupRef.encode(ref);
  return actionsBlock([
    ...(retry ? [{ text: 'Try again', actionId: ACTION_IDS.retry, value }] : []),
    ...(notify ? [{ text: 'Notify me', actionId: ACTION_IDS.notify, value }] : []),
  ]);
}

/** The digest of what an answer shows (the found summaries, in order), carried by Refresh. */
export function shownDigest(lookup: SummaryLookup): string | undefined {
  const found = lookup.results.flatMap((r) => (r.status === 'found' ? [r.summary.html] : []));
  return found.length === 0 ? undefined : summaryDigest({ html: found.join('\u0000') });
}

const UPDATED_SINCE_LOOKED = ':pencil2: Updated since you last looked.';

/** What Refresh or Try again found, said in place of the answer they replace. */
export interface Checked {
  /** Unix ms of the check. */
  readonly at: number;
  readonly outcome: 'unchanged' | 'updated';
}

/** `Checked at 14:05: unchanged` (the time in the reader's time zone); mrkdwn. */
export function checkedLine(checked: Checked): string {
  const seconds = Math.floor(checked.at / 1000);
  const iso = new Date(seconds * 1000).toISOString();
  const time = `<!date^${seconds}^{time}|${iso.slice(11, 16)} UTC>`;
  return checked.outcome === 'updated'
    ? `:arrows_counterclockwise: Checked at ${time}: updated.`
    : `:white_check_mark: Checked at ${time}: unchanged.`;
}

/** Plain text of `checkedLine` for the notification text. */
function checkedText(checked: Checked): string {
  return `Checked at ${new Date(checked.at).toISOString().slice(11, 16)} UTC: ${checked.outcome}.`;
}

const SIDE_LABEL: Readonly<Record<Side, string>> = { caller: 'caller', callee: 'callee' };

/**
 * The private answer to a lookup: each side's summary (or why there is none), then the buttons.
 * `interactive: false` gives the shared copy, which carries no buttons.
 */
export function lookupMessage(
  lookup: SummaryLookup,
  render: RenderSummary,
  options: {
    readonly asked: LookupRef;
    readonly interactive: boolean;
    readonly sharedBy?: string;
    /** Refresh found other content than the answer showed (its digest differs). */
    readonly changed?: boolean;
    /** Without the other buttons (a modal), "no summary yet" still offers Notify me. */
    readonly watchable?: boolean;
    /** Refresh or Try again: what the check found, said at the top. */
    readonly checked?: Checked | undefined;
  },
): SlackMessage {
  const blocks: KnownBlock[] = [];
  if (options.checked) blocks.push(contextBlock([checkedLine(options.checked)]));
  else if (options.changed) blocks.push(contextBlock([UPDATED_SINCE_LOOKED]));
  const texts: string[] = [];
  const found = lookup.results.filter((r) => r.status === 'found');
  for (const result of shownResults(lookup, options.asked)) {
    const part = resultBlocks(lookup.legId, result, render, options, found.length);
    blocks.push(...part.blocks);
    texts.push(part.text);
  }
  if (options.sharedBy !== undefined && isUserId(options.sharedBy)) {
    blocks.push(contextBlock([`Shared by <@${options.sharedBy}>`]));
  }
  if (options.interactive && found.length > 0) {
    const digest = shownDigest(lookup);
    const ref = LookupRef.encode({
      legId: lookup.legId,
      side: options.asked.side,
      extension: options.asked.extension,
      ...(digest !== undefined ? { digest } : {}),
    });
    const buttons: ButtonSpec[] = [
      { text: 'Share in channel', actionId: ACTION_IDS.share, value: ref, style: 'primary' },
      ...(options.asked.side !== undefined
        ? [
            {
              text: `Show ${SIDE_LABEL[otherSide(options.asked.side)]}`,
              actionId: ACTION_IDS.showSide,
              value: LookupRef.encode({
                legId: lookup.legId,
                side: otherSide(options.asked.side),
                extension: undefined,
              }),
            },
          ]
        : []),
      { text: 'Refresh', actionId: ACTION_IDS.refresh, value: ref },
      {
        text: 'Transcript',
        actionId: ACTION_IDS.transcript,
        // The conversation comes with the click (the access check reads it there), not in the value.
        value: TranscriptRef.encode({ legId: lookup.legId, page: 1, channelId: undefined }),
      },
    ];
    blocks.push(actionsBlock(buttons, BLOCK_IDS.answerButtons));
  }
  const joined = texts.join('\n');
  return {
    text: options.checked
      ? `${checkedText(options.checked)} ${joined}`
      : options.changed
        ? `${UPDATED_SINCE_LOOKED} ${joined}`
        : joined,
    blocks,
  };
}

/**
 * What an answer says of each side. Without a side asked for, an outside party is not mentioned (only
 * extensions have summaries: that is no news), unless no side is an extension at all.
 */
function shownResults(lookup: SummaryLookup, asked: LookupRef): readonly ShownResult[] {
  if (asked.side !== undefined) return lookup.results;
  const extensions = lookup.results.filter((r) => r.status !== 'outside_number');
  if (extensions.length > 0) return extensions;
  return lookup.results.length > 0 ? [{ status: 'no_extension' }] : [];
}

type ShownResult = SideResult | { readonly status: 'no_extension' };

function resultBlocks(
  legId: string,
  result: ShownResult,
  render: RenderSummary,
  options: { readonly asked: LookupRef; readonly interactive: boolean; readonly watchable?: boolean },
  summaries: number,
): SlackMessage {
  const { asked, interactive } = options;
  switch (result.status) {
    case 'found': {
      const rendered = render(result.summary, {
        surface: 'message',
        of: Math.max(1, summaries),
        call: result.call,
        showSide: asked.side !== undefined,
      });
      return { text: rendered.text, blocks: [...rendered.blocks] };
    }
    case 'none': {
      const recent = result.recent ?? true;
      const text = noSummaryText(legId, result, asked.side !== undefined, recent);
      const blocks: KnownBlock[] = [sectionBlock(text)];
      // An old call's summary will most likely never come: Try again stays, Notify me would wait in vain.
      if (interactive || (options.watchable && recent)) {
        blocks.push(
          tryAgainButtons(
            {
              legId,
              side: result.side,
              extension: asked.side === result.side ? asked.extension : undefined,
            },
            recent,
            interactive,
          ),
        );
      }
      return { text, blocks };
    }
    case 'outside_number': {
      const text = result.group
        ? `The ${SIDE_LABEL[result.side]} of call leg ${legId} is ${groupLabel(result.group)}, not an extension: its summary is the agent's. Give the agent's extension number after \`${result.side}\` to read it.`
        : `The ${SIDE_LABEL[result.side]} of call leg ${legId} is an outside number; only extensions have AI summaries.`;
      return { text, blocks: [sectionBlock(text)] };
    }
    case 'no_extension': {
      const text = `Neither party of call leg ${legId} is an extension; only extensions have AI summaries.`;
      return { text, blocks: [sectionBlock(text)] };
    }
  }
}

/**
 * Why a side has no summary. A call of the last hour: it is likely being written. An older one: it
 * most likely will not come (the PBX writes summaries only for extensions with AI call transcription).
 * The side is named only when the person asked for one; otherwise the extension is.
 */
export function noSummaryText(
  legId: string,
  result: Extract<SideResult, { status: 'none' }>,
  sideAsked: boolean,
  recent: boolean,
): string {
  const ext = result.extension !== undefined ? `extension ${escapeMrkdwn(result.extension)}` : undefined;
  const who = sideAsked
    ? `the ${SIDE_LABEL[result.side]}${ext ? ` (${ext})` : ''}`
    : (ext ?? `the ${SIDE_LABEL[result.side]}`);
  return recent
    ? `No AI summary yet for ${who} on call leg ${legId}. Summaries arrive a few minutes after the call ends.`
    : `There is no AI summary for ${who} on call leg ${legId}. The PBX writes one only when AI call transcription is on for the extension, so it may have none for this call.`;
}

/**
 * A failure, in words the person can act on (never a stack trace); Try again when it may help.
 * Messages can quote what the person typed (`"<!channel>" is not a leg id`), and Slack parses `<…>`
 * in mrkdwn and in the top-level text alike, so both are escaped.
 */
export function errorMessage(
  error: unknown,
  retry?: LookupRef,
  watch?: LookupRef,
  checked?: Checked,
): SlackMessage {
  const described = describeForSlack(error, ENGLISH);
  // Bounded so that even fully escaped they stay inside Slack's section and context limits, whatever
  // an error says: an answer Slack refuses reaches nobody.
  const message = shorten(described.message, ERROR_TEXT_MAX.message);
  const hint = shorten(described.hint, ERROR_TEXT_MAX.hint);
  const text = escapeMrkdwn(`${message} ${hint}`);
  const blocks: KnownBlock[] = [
    ...(checked ? [contextBlock([checkedLine(checked)])] : []),
    // Verbatim: what a person typed (quoted in a message) is not turned into links or mentions.
    sectionBlock(`:warning: ${escapeMrkdwn(message)}`, { verbatim: true }),
    contextBlock([escapeMrkdwn(hint)], { verbatim: true }),
  ];
  // Not transcribed yet: its summary is being written, so it is worth watching for.
  const watchable = error instanceof CallSummaryError && error.code === 'not_transcribed_yet';
  if (retry) blocks.push(tryAgainButtons(retry, watchable));
  else if (watch && watchable) blocks.push(tryAgainButtons(watch, true, false));
  // "My calls" for someone matched to no extension: what else they can ask.
  if (isCallSummaryError(error, 'member_unmatched')) blocks.push(sectionBlock(COMMAND_USAGE));
  return { text, blocks };
}

/** mrkdwn: `<leg-id>` is escaped, or Slack would read it as a link and show `leg-id`. */
const COMMAND_USAGE = [
  '*Usage:* `/callsummary …`',
  ...QUERY_FORMS.map((form) => `• ${escapeMrkdwn(form)}`),
  `A leg id looks like ${LEG_ID_SHAPE}. \`caller\` (or \`src\`, \`from\`) and \`callee\` (or \`dst\`, \`to\`) choose a side; without one you get every side that has a summary. Give the extension number when the PBX cannot tell who was on that side.`,
].join('\n');

/** The private answer when a message names no leg id (mrkdwn, escaped). */
export function noLegIdMessage(): SlackMessage {
  const text = escapeMrkdwn(
    `I found no call in that message: no leg id (it looks like ${LEG_ID_SHAPE}), no CDR uid, and no phone or extension number. You can also run \`/callsummary\` with a leg id or a number.`,
  );
  return { text, blocks: [sectionBlock(text)] };
}

export function usageMessage(): SlackMessage {
  return { text: COMMAND_USAGE, blocks: [sectionBlock(COMMAND_USAGE)] };
}

/** `queue 6400 (Support Queue)`, `ring group 6300 (Sales)`. */
function groupLabel(group: GroupRecord): string {
  const kind = group.kind === 'queue' ? 'queue' : 'ring group';
  const [number, name] = [escapeMrkdwn(group.number), escapeMrkdwn(group.name)];
  return name === '' ? `${kind} ${number}` : `${kind} ${number} (${name})`;
}
