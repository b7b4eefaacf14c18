import type { Words } from '../shared/i18n/index.js';
import type { CallContext } from '../use-case/model/call-context.js';
import type { CallSummary } from '../use-case/model/call-summary.js';
import { callHeadline } from './call-context.js';
import { cleanText, type Inline, parseSummaryHtml } from './model.js';

/**
 * Escapes the three characters mrkdwn treats as control characters. Give it text that is already
 * decoded (entities turned into characters): escaping then happens exactly once.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const FALLBACK_POINT = 200;

/** Who the summary is about, e.g. `Leo Ball (3202)`; plain, unescaped. */
export function whoOf(summary: Pick<CallSummary, 'name' | 'extNum'>, words: Words): string {
  const name = cleanText(summary.name).replace(/\s+/g, ' ').trim();
  const number = cleanText(summary.extNum).replace(/\s+/g, ' ').trim();
  if (name !== '' && number !== '') return words.t('context.party.namedExtension', { name, number });
  if (name !== '') return name;
  if (number !== '') return words.t('context.party.extension', { number });
  return words.t('context.who.unknown');
}

/**
 * The short notification text (top-level `text`, read by mobile notifications and screen readers):
 * who, which side, and the first point of the summary. Escaped for mrkdwn, since Slack parses `text`.
 */
export function fallbackText(
  summary: CallSummary,
  words: Words,
  options: { unattributed?: boolean; call?: CallContext | undefined } = {},
): string {
  const model = parseSummaryHtml(summary.html, 2000);
  const firstItem = model.lines.find((line) => line.kind === 'item');
  const firstText =
    firstItem ?? model.lines.find((line) => line.kind === 'paragraph' || line.kind === 'heading');
  const point = firstText ? inlinesText(firstText.inlines).replace(/\s+/g, ' ').trim() : '';
  const head = options.unattributed
    ? words.t('summary.unattributed.header')
    : options.call
      ? shorten(callHeadline(options.call, words), 300)
      : words.t('summary.fallback.for', { who: shorten(whoOf(summary, words), 100), side: summary.side });
  return escapeMrkdwn(
    point === '' ? head : words.t('summary.fallback.point', { head, point: shorten(point, FALLBACK_POINT) }),
  );
}

/**
 * Text from the PBX for one line of a list or transcript: unprintable characters gone, line breaks
 * and runs of spaces made one space, so a name cannot forge a new line or break the mrkdwn around it.
 */
export function oneLine(text: string): string {
  return cleanText(text).replace(/\s+/g, ' ').trim();
}

export function inlinesText(inlines: readonly Inline[]): string {
  return inlines.map((inline) => inline.text).join('');
}

/** Cuts to at most `max` characters (code points kept whole), ending with "…" when cut. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  // Do not leave half a surrogate pair behind.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.replace(/\s+$/, '')}…`;
}

/**
 * `shorten` for mrkdwn: the cut never leaves half a `<…>` sequence (a date, a mention the caller
 * meant) or half an entity (`&am`) behind; they go whole.
 */
export function shortenMrkdwn(text: string, max: number): string {
  const cut = shorten(text, max);
  if (cut === text) return text;
  let body = cut.slice(0, -1);
  const open = body.lastIndexOf('<');
  if (open > body.lastIndexOf('>')) body = body.slice(0, open);
  body = body.replace(/&[#\w]*$/, '');
  return `${body.replace(/\s+$/, '')}…`;
}
