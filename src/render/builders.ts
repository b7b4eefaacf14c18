import type {
  ContextBlock,
  HeaderBlock,
  RichTextBlock,
  RichTextBlockElement,
  RichTextElement,
  RichTextLink,
  RichTextList,
  RichTextPreformatted,
  RichTextQuote,
  RichTextSection,
  RichTextText,
} from '@slack/types';
import type { Words } from '../shared/i18n/index.js';
import { SLACK_LIMITS } from './limits.js';
import type { Inline, InlineStyle } from './model.js';
import { shorten } from './text.js';

/** Block builders: the only place blocks are made (tests build expected values with them too). */

export function headerBlock(text: string): HeaderBlock {
  return {
    type: 'header',
    text: { type: 'plain_text', text: shorten(text, SLACK_LIMITS.headerText), emoji: false },
  };
}

/**
 * A context block of mrkdwn elements; the caller escapes any text it did not write itself.
 * `verbatim`: Slack does not pre-process the text (see `sectionBlock`).
 */
export function contextBlock(
  mrkdwn: readonly string[],
  options: { readonly verbatim?: boolean } = {},
): ContextBlock {
  return {
    type: 'context',
    elements: mrkdwn
      .slice(0, SLACK_LIMITS.contextElements)
      .map((text) => ({ type: 'mrkdwn' as const, text, ...(options.verbatim ? { verbatim: true } : {}) })),
  };
}

export function richTextBlock(elements: RichTextBlockElement[]): RichTextBlock {
  return { type: 'rich_text', elements };
}

export function richTextSection(elements: RichTextElement[]): RichTextSection {
  return { type: 'rich_text_section', elements };
}

export function richTextList(
  style: 'bullet' | 'ordered',
  items: RichTextSection[],
  indent = 0,
  offset = 0,
): RichTextList {
  // `offset` (first number = offset + 1) is documented by Slack but missing from @slack/types.
  const list: RichTextList & { offset?: number } = { type: 'rich_text_list', style, elements: items };
  if (indent > 0) list.indent = Math.min(indent, SLACK_LIMITS.richTextListIndentMax);
  if (offset > 0) list.offset = offset;
  return list;
}

export function richTextQuote(elements: RichTextElement[]): RichTextQuote {
  return { type: 'rich_text_quote', elements };
}

export function richTextPreformatted(elements: (RichTextText | RichTextLink)[]): RichTextPreformatted {
  return { type: 'rich_text_preformatted', elements };
}

/** Rich text elements for one run of inlines: `text` and `link` only, never a mention element. */
export function inlineElements(inlines: readonly Inline[]): (RichTextText | RichTextLink)[] {
  const out: (RichTextText | RichTextLink)[] = [];
  for (const inline of inlines) {
    if (inline.text === '') continue;
    const style = styleObject(inline.style);
    if (inline.kind === 'link') {
      out.push(
        style
          ? { type: 'link', url: inline.url, text: inline.text, style }
          : { type: 'link', url: inline.url, text: inline.text },
      );
    } else {
      out.push(style ? { type: 'text', text: inline.text, style } : { type: 'text', text: inline.text });
    }
  }
  return out;
}

function styleObject(
  style: InlineStyle,
): { bold?: boolean; italic?: boolean; strike?: boolean; code?: boolean } | undefined {
  const s: { bold?: boolean; italic?: boolean; strike?: boolean; code?: boolean } = {};
  if (style.bold) s.bold = true;
  if (style.italic) s.italic = true;
  if (style.strike) s.strike = true;
  if (style.code) s.code = true;
  return Object.keys(s).length === 0 ? undefined : s;
}

/**
 * `<!date^…>` shows the time in each reader's own time zone (Slack fills in `{date_short_pretty}` and
 * `{time}` in the reader's Slack language); the fallback, for clients that cannot, is UTC written in
 * the locale of `words`.
 */
/** A date and time as the fallbacks write it (`May 13, 2026, 22:32`; `2026年5月13日 22:32`), in UTC. */
export const FALLBACK_DATE_TIME: Intl.DateTimeFormatOptions = {
  dateStyle: 'medium',
  timeStyle: 'short',
  hourCycle: 'h23',
  timeZone: 'UTC',
};

/** A time of day as the fallbacks write it (`22:32`), in UTC. */
export const FALLBACK_TIME: Intl.DateTimeFormatOptions = {
  timeStyle: 'short',
  hourCycle: 'h23',
  timeZone: 'UTC',
};

export function slackDate(unixSeconds: number, words: Words): string {
  const seconds = Math.floor(unixSeconds);
  const when = words.dateTime(seconds * 1000, FALLBACK_DATE_TIME);
  return slackDateToken(seconds, words.t('context.date.format'), words.t('context.date.fallback', { when }));
}

/** `<!date^…^{time}|…>`: the time of day only, the fallback in UTC in the locale of `words`. */
export function slackTime(unixSeconds: number, words: Words): string {
  const seconds = Math.floor(unixSeconds);
  const time = words.dateTime(seconds * 1000, FALLBACK_TIME);
  return slackDateToken(seconds, '{time}', words.t('summary.time.fallback', { time }));
}

/** A date token; `|` and `>` would end it early, so the fallback never holds them. */
function slackDateToken(seconds: number, format: string, fallback: string): string {
  return `<!date^${seconds}^${format}|${fallback.replace(/[|<>]/g, ' ')}>`;
}

/**
 * Visible characters of a set of blocks: every text the reader can see (text objects, rich text
 * text and link labels, context elements). The measure the budget and the validator share.
 */
export function countVisibleCharacters(blocks: readonly unknown[]): number {
  let n = 0;
  const walk = (value: unknown, key: string) => {
    if (typeof value === 'string') {
      if (key === 'text' || key === 'url') n += value.length;
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value) walk(item, '');
      return;
    }
    if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      const isLink = record.type === 'link';
      for (const [k, v] of Object.entries(record)) {
        // A link's URL only counts when it is what the link shows.
        if (k === 'url' && !(isLink && record.text === undefined)) continue;
        walk(v, k);
      }
    }
  };
  walk(blocks, '');
  return n;
}
