import type { KnownBlock } from '@slack/types';
import { FALLBACK_TIME } from '../../render/builders.js';
import { contextBlock, escapeMrkdwn, slackTime } from '../../render/index.js';
import { shorten } from '../../render/text.js';
import { CallSummaryError, isCallSummaryError } from '../../shared/errors.js';
import type { Words } from '../../shared/i18n/index.js';
import { isUserId } from '../../shared/slack-ids.js';
import { summaryDigest } from '../../use-case/late/digest.js';
import { MAX_PERIOD_DAYS } from '../../use-case/model/call-query.js';
import { LEG_ID_EXAMPLE, otherSide } from '../../use-case/model/leg-id.js';
import type { GroupRecord } from '../../use-case/ports.js';
import type { SideResult, SummaryLookup } from '../../use-case/summaries.js';
import type { RenderSummary } from '../deps.js';
import { describeForSlack } from '../send/slack-errors.js';
import { actionsBlock, type ButtonSpec, ERROR_TEXT_MAX, sectionBlock } from './controls.js';
import type { SlackMessage } from './types.js';
import { ACTION_IDS, BLOCK_IDS, LookupRef, TranscriptRef } from './values.js';

/** Try again, and beside it Notify me: the summary is sent when it exists (src/late). */
function tryAgainButtons(ref: LookupRef, words: Words, notify: boolean, retry = true): KnownBlock {
  const value = LookupRef.encode(ref);
  return actionsBlock([
    ...(retry ? [{ text: words.t('summary.retry.button'), actionId: ACTION_IDS.retry, value }] : []),
    ...(notify ? [{ text: words.t('summary.notify.button'), actionId: ACTION_IDS.notify, value }] : []),
  ]);
}

/** The digest of what an answer shows (the found summaries, in order), carried by Refresh. */
export function shownDigest(lookup: SummaryLookup): string | undefined {
  const found = lookup.results.flatMap((r) => (r.status === 'found' ? [r.summary.html] : []));
  return found.length === 0 ? undefined : summaryDigest({ html: found.join('\u0000') });
}

/** What Refresh or Try again found, said in place of the answer they replace. */
export interface Checked {
  /** Unix ms of the check. */
  readonly at: number;
  readonly outcome: 'unchanged' | 'updated';
}

/** `Checked at 14:05: unchanged` (the time in the reader's time zone); mrkdwn. */
export function checkedLine(checked: Checked, words: Words): string {
  return words.t('summary.checked', {
    outcome: checked.outcome,
    time: slackTime(checked.at / 1000, words),
  });
}

/** Plain text of `checkedLine` for the notification text. */
function checkedText(checked: Checked, words: Words): string {
  const time = words.dateTime(checked.at, FALLBACK_TIME);
  return words.t('summary.checked.text', { outcome: checked.outcome, time });
}

/**
 * The private answer to a lookup: each side's summary (or why there is none), then the buttons.
 * `interactive: false` gives the shared copy, which carries no buttons.
 */
export function lookupMessage(
  lookup: SummaryLookup,
  render: RenderSummary,
  words: Words,
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
  const updatedSinceLooked = words.t('summary.updatedSinceLooked');
  if (options.checked) blocks.push(contextBlock([checkedLine(options.checked, words)]));
  else if (options.changed) blocks.push(contextBlock([updatedSinceLooked]));
  const texts: string[] = [];
  const found = lookup.results.filter((r) => r.status === 'found');
  for (const result of shownResults(lookup, options.asked)) {
    const part = resultBlocks(lookup.legId, result, render, words, options, found.length);
    blocks.push(...part.blocks);
    texts.push(part.text);
  }
  if (options.sharedBy !== undefined && isUserId(options.sharedBy)) {
    blocks.push(contextBlock([words.t('summary.sharedBy', { user: `<@${options.sharedBy}>` })]));
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
      { text: words.t('summary.share.button'), actionId: ACTION_IDS.share, value: ref, style: 'primary' },
      ...(options.asked.side !== undefined
        ? [
            {
              text: words.t('summary.showSide.button', { side: otherSide(options.asked.side) }),
              actionId: ACTION_IDS.showSide,
              value: LookupRef.encode({
                legId: lookup.legId,
                side: otherSide(options.asked.side),
                extension: undefined,
              }),
            },
          ]
        : []),
      { text: words.t('summary.refresh.button'), actionId: ACTION_IDS.refresh, value: ref },
      {
        text: words.t('summary.transcript.button'),
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
      ? words.t('summary.checked.withAnswer', {
          checked: checkedText(options.checked, words),
          answer: joined,
        })
      : options.changed
        ? words.t('summary.checked.withAnswer', { checked: updatedSinceLooked, answer: joined })
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
  words: Words,
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
        words,
      });
      return { text: rendered.text, blocks: [...rendered.blocks] };
    }
    case 'none': {
      const recent = result.recent ?? true;
      const text = noSummaryText(legId, result, asked.side !== undefined, recent, words);
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
            words,
            recent,
            interactive,
          ),
        );
      }
      return { text, blocks };
    }
    case 'outside_number': {
      const text = result.group
        ? words.t('summary.outside.group', {
            side: result.side,
            legId,
            group: groupLabel(result.group, words),
            keyword: result.side,
          })
        : words.t('summary.outside.number', { side: result.side, legId });
      return { text, blocks: [sectionBlock(text)] };
    }
    case 'no_extension': {
      const text = words.t('summary.noExtension', { legId });
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
  words: Words,
): string {
  const extension = result.extension !== undefined ? escapeMrkdwn(result.extension) : undefined;
  const side = result.side;
  const who =
    extension === undefined
      ? words.t('summary.none.who.side', { side })
      : sideAsked
        ? words.t('summary.none.who.sideExtension', { side, extension })
        : words.t('summary.none.who.extension', { extension });
  return recent
    ? words.t('summary.none.recent', { who, legId })
    : words.t('summary.none.old', { who, legId });
}

/**
 * A failure, in words the person can act on (never a stack trace); Try again when it may help.
 * Messages can quote what the person typed (`"<!channel>" is not a leg id`), and Slack parses `<…>`
 * in mrkdwn and in the top-level text alike, so both are escaped.
 */
export function errorMessage(
  error: unknown,
  words: Words,
  retry?: LookupRef,
  watch?: LookupRef,
  checked?: Checked,
): SlackMessage {
  const described = describeForSlack(error, words);
  // Bounded so that even fully escaped they stay inside Slack's section and context limits, whatever
  // an error says: an answer Slack refuses reaches nobody.
  const message = shorten(described.message, ERROR_TEXT_MAX.message);
  const hint = shorten(described.hint, ERROR_TEXT_MAX.hint);
  const text = escapeMrkdwn(words.t('summary.error.text', { message, hint }));
  const blocks: KnownBlock[] = [
    ...(checked ? [contextBlock([checkedLine(checked, words)])] : []),
    // Verbatim: what a person typed (quoted in a message) is not turned into links or mentions.
    sectionBlock(words.t('summary.error', { message: escapeMrkdwn(message) }), { verbatim: true }),
    contextBlock([escapeMrkdwn(hint)], { verbatim: true }),
  ];
  // Not transcribed yet: its summary is being written, so it is worth watching for.
  const watchable = error instanceof CallSummaryError && error.code === 'not_transcribed_yet';
  if (retry) blocks.push(tryAgainButtons(retry, words, watchable));
  else if (watch && watchable) blocks.push(tryAgainButtons(watch, words, true, false));
  // "My calls" for someone matched to no extension: what else they can ask.
  if (isCallSummaryError(error, 'member_unmatched')) blocks.push(sectionBlock(commandUsage(words)));
  return { text, blocks };
}

/** `YYYYMMDDhhmmss-XXXXX (for example 20260513223234-1a2b3)`. */
function legIdShape(words: Words): string {
  return words.t('help.legIdShape', { example: LEG_ID_EXAMPLE });
}

/**
 * The help: every form of the command (src/use-case/model/call-query.ts parses them), mrkdwn.
 * `<leg-id>` is escaped, or Slack would read it as a link and show `leg-id`.
 */
function commandUsage(words: Words): string {
  const forms = [
    words.t('help.form.leg'),
    words.t('help.form.number'),
    words.t('help.form.extension'),
    words.t('help.form.me'),
    words.t('help.form.period', { max: String(MAX_PERIOD_DAYS) }),
    words.t('help.form.help'),
  ];
  return [
    words.t('help.usage'),
    ...forms.map(escapeMrkdwn),
    words.t('help.sides', { shape: legIdShape(words) }),
  ].join('\n');
}

/** The private answer when a message names no leg id (mrkdwn, escaped). */
export function noLegIdMessage(words: Words): SlackMessage {
  const text = escapeMrkdwn(words.t('summary.noLegId', { shape: legIdShape(words) }));
  return { text, blocks: [sectionBlock(text)] };
}

export function usageMessage(words: Words): SlackMessage {
  const usage = commandUsage(words);
  return { text: usage, blocks: [sectionBlock(usage)] };
}

/** `queue 6400 (Support Queue)`, `ring group 6300 (Sales)`. */
function groupLabel(group: GroupRecord, words: Words): string {
  const kind = group.kind === 'queue' ? 'queue' : 'ring_group';
  const [number, name] = [escapeMrkdwn(group.number), escapeMrkdwn(group.name)];
  return name === ''
    ? words.t('summary.group', { kind, number })
    : words.t('summary.group.named', { kind, number, name });
}
