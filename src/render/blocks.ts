import type {
  ContextBlock,
  HeaderBlock,
  KnownBlock,
  RichTextBlock,
  RichTextBlockElement,
  RichTextElement,
  RichTextList,
  RichTextSection,
} from '@slack/types';
import type { CallSummary } from '../call-summary.js';
import { type Budget, SLACK_LIMITS, type Surface, surfaceBudget } from './limits.js';
import { type Inline, type InlineStyle, type Line, parseSummaryHtml } from './model.js';
import { escapeMrkdwn, shorten, whoOf } from './text.js';

// ---- builders: the only place blocks are made (tests build expected values with them too) ----

export function headerBlock(text: string): HeaderBlock {
  return {
    type: 'header',
    text: { type: 'plain_text', text: shorten(text, SLACK_LIMITS.headerText), emoji: false },
  };
}

/** A context block of mrkdwn elements; the caller escapes any text it did not write itself. */
export function contextBlock(mrkdwn: readonly string[]): ContextBlock {
  return {
    type: 'context',
    elements: mrkdwn
      .slice(0, SLACK_LIMITS.contextElements)
      .map((text) => ({ type: 'mrkdwn' as const, text })),
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

/** Rich text elements for one run of inlines: `text` and `link` only, never a mention element. */
export function inlineElements(inlines: readonly Inline[]): RichTextElement[] {
  const out: RichTextElement[] = [];
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

/** `<!date^…>` shows the time in each reader's own time zone; the fallback is UTC. */
export function slackDate(unixSeconds: number): string {
  const seconds = Math.floor(unixSeconds);
  const iso = new Date(seconds * 1000).toISOString();
  const fallback = `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  return `<!date^${seconds}^{date_short_pretty} at {time}|${fallback}>`;
}

// ---- the summary ----

export const SHORTENED_NOTE =
  '_… This summary was shortened to fit in Slack; the full text is in the call record on the PBX._';
export const EMPTY_SECTION = '(none)';
export const EMPTY_SUMMARY = '(The summary is empty.)';
/** Text per rich_text block, kept as low as a section's limit: rich_text has no documented per-block limit. */
const BLOCK_TEXT = SLACK_LIMITS.sectionText;

export interface RenderOptions {
  readonly surface?: Surface;
  /** Overrides the surface's whole budget (blocks, visible characters). */
  readonly budget?: Partial<Budget>;
  /** Room the caller keeps for its own blocks and text (other summaries, buttons, context). */
  readonly reserve?: Partial<Budget>;
  /**
   * Nothing is known of whose summary it is (bare HTML given to `callsummary render`): the header
   * says only "Call summary" and the context line (leg, side, time) is left out rather than guessed.
   */
  readonly unattributed?: boolean;
}

export interface RenderedBlocks {
  readonly blocks: KnownBlock[];
  /** True when part of the summary was left out (a visible note says so). */
  readonly truncated: boolean;
  /** Visible characters these blocks use, as `countVisibleCharacters` counts them. */
  readonly characters: number;
}

export function headerText(summary: CallSummary): string {
  return `Call summary · ${whoOf(summary)} · ${summary.side}`;
}

export function contextText(summary: CallSummary): string {
  const leg = escapeMrkdwn(summary.legId.replace(/[`\s]/g, '').slice(0, 40));
  const parts = leg === '' ? [`${summary.side} side`] : [`Leg \`${leg}\``, `${summary.side} side`];
  if (summary.createdAt !== null && Number.isFinite(summary.createdAt) && summary.createdAt > 0) {
    parts.push(slackDate(summary.createdAt));
  }
  return parts.join(' · ');
}

/**
 * The blocks for one summary (header, context line, content, and a note when shortened), within the
 * surface's budget less `reserve`, so callers can compose several summaries plus their own blocks.
 */
export function renderSummaryBlocks(summary: CallSummary, options: RenderOptions = {}): RenderedBlocks {
  const full = surfaceBudget(options.surface ?? 'message');
  const blockBudget = (options.budget?.blocks ?? full.blocks) - (options.reserve?.blocks ?? 0);
  const charBudget = (options.budget?.characters ?? full.characters) - (options.reserve?.characters ?? 0);

  const fixed = options.unattributed
    ? [headerBlock('Call summary')]
    : [headerBlock(headerText(summary)), contextBlock([contextText(summary)])];
  // Room for content once the header, the context line and a possible note are paid for.
  let blocksLeft = blockBudget - fixed.length - 1;
  let charsLeft = charBudget - countVisibleCharacters(fixed) - SHORTENED_NOTE.length;
  if (blocksLeft < 1 || charsLeft < 1) {
    return finish(fixed.slice(0, Math.max(0, blockBudget)), true);
  }

  const model = parseSummaryHtml(summary.html, charsLeft + 1);
  let truncated = model.overflow;
  const content: RichTextBlock[] = [];
  let elements: RichTextBlockElement[] = [];
  let blockChars = 0;

  const closeBlock = () => {
    if (elements.length > 0) content.push(richTextBlock(separateSections(elements)));
    elements = [];
    blockChars = 0;
  };
  /** Starts a new block; false when no block is left. */
  const openBlock = (): boolean => {
    closeBlock();
    if (blocksLeft <= 0) return false;
    blocksLeft--;
    return true;
  };

  let started = false;
  for (const line of model.lines) {
    if (!started || line.kind === 'heading') {
      if (!openBlock()) {
        truncated = true;
        break;
      }
      started = true;
    }
    let inlines = lineInlines(line);
    let size = inlinesLength(inlines) + 1;
    if (size > BLOCK_TEXT) {
      inlines = cutInlines(inlines, BLOCK_TEXT - 2);
      size = inlinesLength(inlines) + 1;
      truncated = true;
    }
    let stop = false;
    if (size > charsLeft) {
      inlines = cutInlines(inlines, charsLeft - 2);
      size = inlinesLength(inlines) + 1;
      truncated = true;
      stop = true;
    }
    if (blockChars + size > BLOCK_TEXT && elements.length > 0 && !openBlock()) {
      truncated = true;
      break;
    }
    if (inlines.length > 0) {
      appendLine(elements, line, inlines);
      blockChars += size;
      charsLeft -= size;
    }
    if (stop) break;
  }
  closeBlock();
  if (content.length === 0 && !truncated) {
    content.push(
      richTextBlock([richTextSection([{ type: 'text', text: EMPTY_SUMMARY, style: { italic: true } }])]),
    );
  }
  return finish([...fixed, ...content], truncated);
}

function finish(blocks: KnownBlock[], truncated: boolean): RenderedBlocks {
  const all = truncated ? [...blocks, contextBlock([SHORTENED_NOTE])] : blocks;
  return { blocks: all, truncated, characters: countVisibleCharacters(all) };
}

function lineInlines(line: Line): Inline[] {
  switch (line.kind) {
    case 'heading':
      return line.inlines.map((inline) => ({ ...inline, style: { ...inline.style, bold: true } }));
    case 'paragraph':
    case 'item':
      return [...line.inlines];
    case 'empty':
      return [{ kind: 'text', text: EMPTY_SECTION, style: { italic: true } }];
  }
}

/** Adds a line to a rich_text block, continuing the previous list when the item belongs to it. */
function appendLine(elements: RichTextBlockElement[], line: Line, inlines: readonly Inline[]) {
  const section = richTextSection(inlineElements(inlines));
  if (line.kind !== 'item') {
    elements.push(section);
    return;
  }
  const previous = elements[elements.length - 1];
  const key = listKeys.get(previous as object);
  if (previous?.type === 'rich_text_list' && key === line.list) {
    previous.elements.push(section);
    return;
  }
  const list = richTextList(
    line.ordered ? 'ordered' : 'bullet',
    [section],
    line.indent,
    line.ordered ? line.index : 0,
  );
  listKeys.set(list, line.list);
  elements.push(list);
}

// Which HTML list a rich_text_list was built from, without putting a foreign key into the block.
const listKeys = new WeakMap<object, number>();

/** Consecutive rich_text_section elements run together in Slack; end each but the last with a newline. */
function separateSections(elements: RichTextBlockElement[]): RichTextBlockElement[] {
  for (let i = 0; i < elements.length - 1; i++) {
    const el = elements[i]!;
    if (el.type === 'rich_text_section' && elements[i + 1]!.type === 'rich_text_section') {
      el.elements.push({ type: 'text', text: '\n' });
    }
  }
  return elements;
}

function inlinesLength(inlines: readonly Inline[]): number {
  let n = 0;
  for (const inline of inlines) n += inline.text.length;
  return n;
}

/** Keeps at most `max` characters of a run of inlines and marks the cut with "…". */
export function cutInlines(inlines: readonly Inline[], max: number): Inline[] {
  const out: Inline[] = [];
  let left = Math.max(0, max);
  for (const inline of inlines) {
    if (inline.text.length <= left) {
      out.push(inline);
      left -= inline.text.length;
      continue;
    }
    const text = shorten(inline.text, left + 1).replace(/…$/, '');
    if (text !== '') out.push({ ...inline, text });
    break;
  }
  out.push({ kind: 'text', text: '…', style: {} });
  return out;
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
