import type { KnownBlock, ModalView } from '@slack/types';
import { contextBlock } from '../../render/builders.js';
import { SLACK_LIMITS } from '../../render/limits.js';
import { escapeMrkdwn, oneLine, shorten, shortenMrkdwn } from '../../render/text.js';
import type { Words } from '../../shared/i18n/index.js';
import {
  formatCallOffset,
  type TranscriptLine,
  type TranscriptPage,
} from '../../use-case/finding/transcripts.js';
import { actionsBlock, type ButtonSpec, modalView, sectionBlock } from './controls.js';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS, TranscriptRef } from './values.js';

/**
 * A page of a call's transcript as a modal: who spoke, how far into the call, what they said, with
 * Previous / Next. The words are the PBX's speech recognition of a customer call, so every one is
 * escaped like a summary's (no mention, broadcast or disguised link). A page always fits the view:
 * the room for text is shared out between its lines, short lines leaving theirs to long ones, and a
 * line cut to fit says so. The frame (labels, buttons, notes) is in the reader's words; what was
 * said stays as the PBX wrote it. Pure.
 */

/**
 * Room for one page, in characters: the lower of the view's two budgets (JSON and visible text),
 * less what the frame around the lines takes (the heading, the buttons, the note).
 */
const TRANSCRIPT_PAGE_BUDGET = Math.min(SLACK_LIMITS.blocksJson, SLACK_LIMITS.totalTextBudget) - 1500;
/** What one line's section costs besides its text: the block's JSON around it. */
const LINE_OVERHEAD = 60;
/** Per line, under a section's limit with the speaker's line above it. */
const LINE_TEXT_MAX = SLACK_LIMITS.sectionText - 400;
const SPEAKER_MAX = 60;

export interface TranscriptViewOptions {
  /** Where the transcript was asked from, carried for the access check of later pages. */
  readonly channelId: string | undefined;
}

export function transcriptView(
  page: TranscriptPage,
  words: Words,
  options: TranscriptViewOptions,
): ModalView {
  const blocks: KnownBlock[] = [
    contextBlock([words.t('transcript.heading', { legId: page.legId, page: String(page.page) })]),
  ];
  if (page.lines.length === 0) {
    blocks.push(sectionBlock(page.page === 1 ? words.t('transcript.none') : words.t('transcript.noMore')));
  }
  const speakers = page.lines.map((line) => speakerLine(line, words));
  const frame = speakers.reduce((n, speaker) => n + jsonTextLength(speaker) + LINE_OVERHEAD, 0);
  const texts = fitLines(
    page.lines.map((line) => escapeMrkdwn(oneLine(line.text))),
    Math.max(0, TRANSCRIPT_PAGE_BUDGET - frame),
  );
  page.lines.forEach((_line, i) => {
    const { text } = texts[i]!;
    blocks.push(
      sectionBlock(`${speakers[i]!}\n${text === '' ? words.t('transcript.silence') : text}`, {
        verbatim: true,
      }),
    );
  });
  if (texts.some((t) => t.cut)) {
    blocks.push(contextBlock([words.t('transcript.cut', { legId: page.legId })]));
  }
  const buttons: ButtonSpec[] = [];
  if (page.page > 1) {
    buttons.push({
      text: words.t('transcript.previous.button'),
      actionId: ACTION_IDS.transcriptPrevious,
      value: TranscriptRef.encode({ legId: page.legId, page: page.page - 1, channelId: options.channelId }),
    });
  }
  if (page.hasNext) {
    buttons.push({
      text: words.t('transcript.next.button'),
      actionId: ACTION_IDS.transcriptNext,
      value: TranscriptRef.encode({ legId: page.legId, page: page.page + 1, channelId: options.channelId }),
      style: 'primary',
    });
  }
  if (buttons.length > 0) blocks.push(actionsBlock(buttons, BLOCK_IDS.transcriptPages));
  return modalView({
    callbackId: CALLBACK_IDS.transcriptModal,
    title: words.t('transcript.title'),
    close: words.t('transcript.close.button'),
    privateMetadata: TranscriptRef.encode({
      legId: page.legId,
      page: page.page,
      channelId: options.channelId,
    }),
    blocks,
  });
}

/** `*Ann Lee* 3202 · 0:05`: the speaker (escaped) and the time into the call. */
function speakerLine(line: TranscriptLine, words: Words): string {
  const speaker =
    escapeMrkdwn(shorten(oneLine(line.speaker), SPEAKER_MAX)) || words.t('transcript.unknownSpeaker');
  const number = oneLine(line.number);
  const showNumber = number !== '' && number !== oneLine(line.speaker);
  return words.t('transcript.speaker', {
    speaker,
    hasNumber: showNumber ? 'yes' : 'no',
    number: showNumber ? escapeMrkdwn(shorten(number, 32)) : '',
    hasAt: line.atSeconds === null ? 'no' : 'yes',
    at: line.atSeconds === null ? '' : formatCallOffset(line.atSeconds),
  });
}

/**
 * Each escaped text within its share of `budget` (measured as JSON, which is never less than what
 * is visible): lines under an even share keep all of theirs, and what they leave is shared among the
 * longer ones (water-filling).
 */
export function fitLines(
  texts: readonly string[],
  budget: number,
): { readonly text: string; readonly cut: boolean }[] {
  const sizes = texts.map(jsonTextLength);
  const order = sizes
    .map((size, i) => ({ size: Math.min(size, LINE_TEXT_MAX), i }))
    .sort((a, b) => a.size - b.size);
  const allowed = new Array<number>(texts.length).fill(0);
  let left = budget;
  order.forEach(({ size, i }, k) => {
    allowed[i] = Math.min(size, Math.floor(left / (order.length - k)));
    left -= allowed[i]!;
  });
  return texts.map((text, i) => {
    if (sizes[i]! <= allowed[i]!) return { text, cut: false };
    // JSON escapes (quotes, backslashes) make some characters cost two: cut in proportion.
    const max = Math.max(1, Math.floor((allowed[i]! * text.length) / sizes[i]!));
    return { text: shortenMrkdwn(text, max), cut: true };
  });
}

/** Characters a string takes inside JSON (escapes included, quotes not). */
function jsonTextLength(text: string): number {
  return JSON.stringify(text).length - 2;
}
