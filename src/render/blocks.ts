import type { KnownBlock, RichTextBlock, RichTextBlockElement } from '@slack/types';
import { assertNever } from '../shared/assert-never.js';
import type { Words } from '../shared/i18n/index.js';
import type { CallContext } from '../use-case/model/call-context.js';
import type { CallSummary } from '../use-case/model/call-summary.js';
import {
  contextBlock,
  countVisibleCharacters,
  headerBlock,
  inlineElements,
  richTextBlock,
  richTextList,
  richTextPreformatted,
  richTextQuote,
  richTextSection,
  slackDate,
} from './builders.js';
import { callContextMrkdwn } from './call-context.js';
import { type Budget, jsonLength, SLACK_LIMITS, type Surface, surfaceBudget } from './limits.js';
import { type Inline, type Line, parseSummaryHtml } from './model.js';
import { escapeMrkdwn, shorten, whoOf } from './text.js';

/**
 * A summary's model → Block Kit: header, context, one rich_text block per heading's section, within
 * the surface's budget. (Just over 300 lines: the budget walk and the inline conversion share state.)
 */

/** Text per rich_text block, kept as low as a section's limit: rich_text has no documented per-block limit. */
const BLOCK_TEXT = SLACK_LIMITS.sectionText;
/** Serialized size of an empty rich_text block, and the comma before it. */
const BLOCK_JSON = jsonLength(richTextBlock([])) + 1;
/**
 * What a line adds to its block's JSON beyond its own element's serialized size: the comma before
 * it and the "\n" text element that `separateSections` may give it. Measuring each line as if it
 * started its own list or quote makes the sum an upper bound of the real size.
 */
const LINE_JSON_EXTRA = jsonLength({ type: 'text', text: '\n' }) + 2;

export interface RenderOptions {
  /** The reader's words: every text the renderer adds around the PBX's summary (never the summary). */
  readonly words: Words;
  readonly surface?: Surface;
  /**
   * Overrides the surface's whole budget. A caller that gives `characters` and no `json` (sharing one
   * message between several summaries, say) gets the JSON budget shared in the same proportion.
   */
  readonly budget?: Partial<Budget>;
  /**
   * Nothing is known of whose summary it is (bare HTML given to `callsummary render`): the header
   * says only "Call summary" and the context line (leg, side, time) is left out rather than guessed.
   */
  readonly unattributed?: boolean;
  /**
   * Which call it is (render/call-context.ts): drawn as the context line in place of the summary's
   * own leg, side and writing time. Every Slack surface gives it.
   */
  readonly call?: CallContext | undefined;
  /** With `call`: say which side's summary it is (the person asked for a side). */
  readonly showSide?: boolean | undefined;
}

export interface RenderedBlocks {
  readonly blocks: KnownBlock[];
  /** True when part of the summary was left out (a visible note says so). */
  readonly truncated: boolean;
  /** Visible characters these blocks use, as `countVisibleCharacters` counts them. */
  readonly characters: number;
}

export function headerText(
  summary: CallSummary,
  words: Words,
  options: { readonly withSide?: boolean } = {},
): string {
  return words.t('summary.header', {
    who: whoOf(summary, words),
    side: options.withSide === false ? 'none' : summary.side,
  });
}

function contextText(summary: CallSummary, words: Words): string {
  const leg = escapeMrkdwn(summary.legId.replace(/[`\s]/g, '').slice(0, 40));
  const side = words.t('context.side', { side: summary.side });
  const parts = leg === '' ? [side] : [words.t('summary.context.leg', { legId: leg }), side];
  if (summary.createdAt !== null && Number.isFinite(summary.createdAt) && summary.createdAt > 0) {
    parts.push(slackDate(summary.createdAt, words));
  }
  return parts.join(words.t('context.separator'));
}

/** The caller's budget, the surface's where not given; JSON follows characters when not given. */
function effectiveBudget(options: RenderOptions): Budget {
  const full = surfaceBudget(options.surface ?? 'message');
  const characters = options.budget?.characters ?? full.characters;
  return {
    blocks: options.budget?.blocks ?? full.blocks,
    characters,
    json: options.budget?.json ?? Math.floor(characters * (full.json / full.characters)),
  };
}

/**
 * The blocks for one summary (header, context line, content, and a note when shortened), within the
 * surface's budget or the caller's (`budget`), so callers can compose several summaries plus their own blocks.
 */
export function renderSummaryBlocks(summary: CallSummary, options: RenderOptions): RenderedBlocks {
  const { words } = options;
  const budget = effectiveBudget(options);
  const shortenedNote = words.t('summary.shortened');
  const fixed = options.unattributed
    ? [headerBlock(words.t('summary.unattributed.header'))]
    : options.call
      ? [
          headerBlock(
            headerText(
              // A 30040 carries no name: the person, as the call context knows them.
              summary.name.trim() === ''
                ? { ...summary, name: options.call[summary.side]?.name ?? '' }
                : summary,
              words,
              { withSide: options.showSide ?? false },
            ),
          ),
          contextBlock([callContextMrkdwn(options.call, words, { showSide: options.showSide ?? false })]),
        ]
      : [headerBlock(headerText(summary, words)), contextBlock([contextText(summary, words)])];
  // Room for content once the header, the context line and a possible note are paid for.
  let blocksLeft = budget.blocks - fixed.length - 1;
  let charsLeft = budget.characters - countVisibleCharacters(fixed) - shortenedNote.length;
  let jsonLeft = budget.json - jsonLength([...fixed, contextBlock([shortenedNote])]);
  if (blocksLeft < 1 || charsLeft < 1 || jsonLeft < BLOCK_JSON) {
    return finish(fixed.slice(0, Math.max(0, budget.blocks)), true, shortenedNote);
  }

  // Every visible character costs at least one character of JSON: read no more than either allows.
  const model = parseSummaryHtml(summary.html, Math.min(charsLeft, jsonLeft) + 1);
  let truncated = model.overflow;
  const content: RichTextBlock[] = [];
  let elements: RichTextBlockElement[] = [];
  let blockChars = 0;

  const closeBlock = () => {
    if (elements.length > 0) content.push(richTextBlock(separateSections(elements)));
    elements = [];
    blockChars = 0;
  };
  /** Starts a new block; false when no block (or no room for one) is left. */
  const openBlock = (): boolean => {
    closeBlock();
    if (blocksLeft <= 0 || jsonLeft < BLOCK_JSON) return false;
    blocksLeft--;
    jsonLeft -= BLOCK_JSON;
    return true;
  };

  let started = false;
  for (const line of model.lines) {
    let inlines = lineInlines(line, words);
    let size = inlinesLength(inlines) + 1;
    if (size > BLOCK_TEXT) {
      inlines = cutInlines(inlines, BLOCK_TEXT - 2);
      size = inlinesLength(inlines) + 1;
      truncated = true;
    }
    const needsBlock =
      !started || line.kind === 'heading' || (blockChars + size > BLOCK_TEXT && elements.length > 0);
    if (needsBlock) {
      if (!openBlock()) {
        truncated = true;
        break;
      }
      started = true;
    }
    let stop = false;
    if (size > charsLeft) {
      inlines = cutInlines(inlines, charsLeft - 2);
      size = inlinesLength(inlines) + 1;
      truncated = true;
      stop = true;
    }
    let cost = lineJson(line, inlines);
    if (cost > jsonLeft) {
      inlines = cutToJson(line, inlines, jsonLeft);
      size = inlinesLength(inlines) + 1;
      cost = lineJson(line, inlines);
      truncated = true;
      stop = true;
    }
    if (inlines.length > 0) {
      appendLine(elements, line, inlines);
      blockChars += size;
      charsLeft -= size;
      jsonLeft -= cost;
    }
    if (stop) break;
  }
  closeBlock();
  if (content.length === 0 && !truncated) {
    content.push(
      richTextBlock([
        richTextSection([{ type: 'text', text: words.t('summary.empty'), style: { italic: true } }]),
      ]),
    );
  }
  return finish([...fixed, ...content], truncated, shortenedNote);
}

function finish(blocks: KnownBlock[], truncated: boolean, shortenedNote: string): RenderedBlocks {
  const all = truncated ? [...blocks, contextBlock([shortenedNote])] : blocks;
  return { blocks: all, truncated, characters: countVisibleCharacters(all) };
}

function lineInlines(line: Line, words: Words): Inline[] {
  switch (line.kind) {
    case 'heading':
      return line.inlines.map((inline) => ({ ...inline, style: { ...inline.style, bold: true } }));
    case 'paragraph':
    case 'item':
    case 'quote':
    case 'preformatted':
    case 'continuation':
      return [...line.inlines];
    case 'empty':
      return [{ kind: 'text', text: words.t('summary.emptySection'), style: { italic: true } }];
    default:
      return assertNever(line, 'line');
  }
}

/** The rich text element a line becomes when it starts its own list or quote. */
function lineElement(line: Line, inlines: readonly Inline[]): RichTextBlockElement {
  const elements = inlineElements(inlines);
  switch (line.kind) {
    case 'item':
      return richTextList(
        line.ordered ? 'ordered' : 'bullet',
        [richTextSection(elements)],
        line.indent,
        line.ordered ? line.index : 0,
      );
    case 'quote':
      return richTextQuote(elements);
    case 'preformatted':
      return richTextPreformatted(elements);
    case 'heading':
    case 'paragraph':
    case 'continuation':
    case 'empty':
      return richTextSection(elements);
    default:
      return assertNever(line, 'line');
  }
}

/** An upper bound of the characters of JSON the line adds to its block. */
function lineJson(line: Line, inlines: readonly Inline[]): number {
  return jsonLength(lineElement(line, inlines)) + LINE_JSON_EXTRA;
}

/** Cuts a line until its JSON fits in `room`; [] when not even a start of it does. */
function cutToJson(line: Line, inlines: readonly Inline[], room: number): Inline[] {
  let max = inlinesLength(inlines);
  let cut = [...inlines];
  for (;;) {
    const excess = lineJson(line, cut) - room;
    if (excess <= 0) return cut;
    // Each character dropped saves at least one character of JSON.
    max -= excess;
    if (max < 1) return [];
    cut = cutInlines(inlines, max);
  }
}

/**
 * Adds a line to a rich_text block: an item continues the previous list when it is the next item of
 * the same HTML list, a quote's paragraph continues its quote.
 */
function appendLine(elements: RichTextBlockElement[], line: Line, inlines: readonly Inline[]) {
  const previous = elements[elements.length - 1];
  const group = previous ? groups.get(previous) : undefined;
  if (line.kind === 'item' && previous?.type === 'rich_text_list' && group?.key === line.list) {
    if (group.next === line.index) {
      previous.elements.push(richTextSection(inlineElements(inlines)));
      group.next++;
      return;
    }
  }
  if (line.kind === 'quote' && previous?.type === 'rich_text_quote' && group?.key === line.quote) {
    previous.elements.push({ type: 'text', text: '\n' }, ...inlineElements(inlines));
    return;
  }
  const element = lineElement(line, inlines);
  if (line.kind === 'item') groups.set(element, { key: line.list, next: line.index + 1 });
  if (line.kind === 'quote') groups.set(element, { key: line.quote, next: 0 });
  elements.push(element);
}

// Which HTML list or blockquote an element was built from (and a list's next item index), without
// putting a foreign key into the block.
const groups = new WeakMap<object, { key: number; next: number }>();

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
function cutInlines(inlines: readonly Inline[], max: number): Inline[] {
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
