/**
 * The last step before anything reaches Slack: reduces a message or view that would break Slack's
 * limits (block counts, text lengths, total size) until `validateMessage` / `validateView` accept
 * it, and says so in the message ("N more not shown") rather than letting Slack refuse all of it.
 * Pure; a message that already fits is returned as the same object. Problems that are not about
 * size (an unknown block type, a missing field) are left for the validator to name.
 *
 * (Over 300 lines: messages and views share every reduction step and its note; split, each step
 * would be exported only for the other half.)
 */
import type { Words } from '../shared/i18n/index.js';
import { contextBlock, countVisibleCharacters } from './builders.js';
import { jsonLength, SLACK_LIMITS, type Surface } from './limits.js';
import { shorten, shortenMrkdwn } from './text.js';

export interface OutgoingMessage {
  readonly text?: string;
  readonly blocks?: readonly unknown[];
}

export interface OutgoingView {
  readonly title?: unknown;
  readonly submit?: unknown;
  readonly close?: unknown;
  readonly blocks?: unknown;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Blocks whose loss would break what the message is for (its buttons, a view's inputs): kept while they fit. */
const INTERACTIVE = new Set(['actions', 'input']);
/** A cut that would keep less text than this keeps nothing: the note says the rest was not shown. */
const MIN_CUT = 20;

/**
 * `fitMessage(message)` → a message that passes `validateMessage(…, surface)` on size; what it left
 * out is said in the reader's `words`.
 */
export function fitMessage<T extends OutgoingMessage>(message: T, surface: Surface, words: Words): T {
  return withChanges(message as Json, {
    text:
      typeof message.text === 'string'
        ? shortenMrkdwn(message.text, SLACK_LIMITS.fallbackText)
        : message.text,
    blocks: Array.isArray(message.blocks) ? fitBlocks(message.blocks, surface, words) : message.blocks,
  }) as T;
}

/** `fitView(view)` → a modal or Home view that passes `validateView` on size. */
export function fitView<T extends OutgoingView>(view: T, words: Words): T {
  return withChanges(view as Json, {
    title: shortenTextObject(view.title, SLACK_LIMITS.viewTitle),
    submit: shortenTextObject(view.submit, SLACK_LIMITS.viewButtonText),
    close: shortenTextObject(view.close, SLACK_LIMITS.viewButtonText),
    blocks: Array.isArray(view.blocks) ? fitBlocks(view.blocks, 'modal', words) : view.blocks,
  }) as T;
}

/** `value` with `changes` applied where they differ from what it has; `value` itself when none do. */
function withChanges<T extends Json>(value: T, changes: Json): T {
  const changed = Object.entries(changes).filter(([k, v]) => value[k] !== v);
  return changed.length === 0 ? value : { ...value, ...Object.fromEntries(changed) };
}

// ---- sizes ----

interface Cost {
  blocks: number;
  json: number;
  visible: number;
  markdown: number;
}

function costOf(block: unknown): Cost {
  const json = jsonLength(block) + 1; // and its comma
  // A cycle would never end the walk; its JSON is already infinite.
  const visible = Number.isFinite(json) ? countVisibleCharacters([block]) : Number.POSITIVE_INFINITY;
  const markdown =
    isObject(block) && block.type === 'markdown' && typeof block.text === 'string' ? block.text.length : 0;
  return { blocks: 1, json, visible, markdown };
}

function limitsOf(surface: Surface): Cost {
  return {
    blocks: surface === 'modal' ? SLACK_LIMITS.modalBlocks : SLACK_LIMITS.messageBlocks,
    json: SLACK_LIMITS.blocksJson - 1, // the array's brackets, less the last block's comma
    visible: SLACK_LIMITS.totalTextBudget,
    markdown: SLACK_LIMITS.markdownTextTotal,
  };
}

const fits = (cost: Cost, room: Cost) =>
  cost.blocks <= room.blocks &&
  cost.json <= room.json &&
  cost.visible <= room.visible &&
  cost.markdown <= room.markdown;

const add = (a: Cost, b: Cost): Cost => ({
  blocks: a.blocks + b.blocks,
  json: a.json + b.json,
  visible: a.visible + b.visible,
  markdown: a.markdown + b.markdown,
});

const minus = (a: Cost, b: Cost): Cost => ({
  blocks: a.blocks - b.blocks,
  json: a.json - b.json,
  visible: a.visible - b.visible,
  markdown: a.markdown - b.markdown,
});

const NOTHING: Cost = { blocks: 0, json: 0, visible: 0, markdown: 0 };

function noteBlock(omitted: number, surface: Surface, words: Words) {
  return contextBlock([words.t('summary.fit.omitted', { count: omitted, surface })]);
}

// ---- blocks ----

function fitBlocks(blocks: readonly unknown[], surface: Surface, words: Words): unknown[] {
  const fixed = blocks.map(fitBlock);
  const changed = fixed.some((block, i) => block !== blocks[i]);
  const costs = fixed.map(costOf);
  const limits = limitsOf(surface);
  if (fits(costs.reduce(add, NOTHING), limits)) return changed ? fixed : (blocks as unknown[]);

  const noteCost = costOf(noteBlock(99_999, surface, words));
  const interactiveCost = fixed.reduce<Cost>(
    (sum, block, i) => (isInteractive(block) ? add(sum, costs[i]!) : sum),
    NOTHING,
  );
  // Buttons and inputs are kept unless they alone would not fit; then everything is cut alike.
  const keepInteractive = fits(add(interactiveCost, noteCost), limits);
  let room = minus(minus(limits, noteCost), keepInteractive ? interactiveCost : NOTHING);

  const out: unknown[] = [];
  let noteAt = -1;
  let omitted = 0;
  fixed.forEach((block, i) => {
    if (keepInteractive && isInteractive(block)) {
      out.push(block);
      return;
    }
    if (noteAt >= 0) {
      omitted++;
      return;
    }
    const cost = costs[i]!;
    if (fits(cost, room)) {
      out.push(block);
      room = minus(room, cost);
      return;
    }
    const part = room.blocks >= 1 ? cutBlock(block, room) : undefined;
    if (part === undefined) omitted++;
    else out.push(part);
    noteAt = out.length;
  });
  if (noteAt < 0) noteAt = out.length;
  out.splice(noteAt, 0, noteBlock(omitted, surface, words));
  return out;
}

function isInteractive(block: unknown): boolean {
  return isObject(block) && typeof block.type === 'string' && INTERACTIVE.has(block.type);
}

/** One block within the per-block limits the validator checks: long texts shortened, long lists cut. */
function fitBlock(block: unknown): unknown {
  if (!isObject(block)) return block;
  switch (block.type) {
    case 'section':
      return withChanges(block, {
        text: shortenTextObject(block.text, SLACK_LIMITS.sectionText),
        fields: fitItems(block.fields, SLACK_LIMITS.sectionFields, (field) =>
          shortenTextObject(field, SLACK_LIMITS.sectionFieldText),
        ),
        accessory: fitElement(block.accessory),
      });
    case 'header':
      return withChanges(block, { text: shortenTextObject(block.text, SLACK_LIMITS.headerText) });
    case 'context':
      return withChanges(block, {
        elements: fitItems(block.elements, SLACK_LIMITS.contextElements, (el) =>
          shortenTextObject(el, SLACK_LIMITS.contextText),
        ),
      });
    case 'actions':
      return withChanges(block, {
        elements: fitItems(block.elements, SLACK_LIMITS.actionsElements, fitElement),
      });
    case 'input':
      return withChanges(block, {
        element: fitElement(block.element),
        label: shortenTextObject(block.label, SLACK_LIMITS.inputLabel),
      });
    case 'markdown':
      return withChanges(block, {
        text:
          typeof block.text === 'string' ? shorten(block.text, SLACK_LIMITS.markdownTextTotal) : block.text,
      });
    default:
      return block;
  }
}

function fitElement(element: unknown): unknown {
  if (!isObject(element)) return element;
  return withChanges(element, {
    text: element.type === 'button' ? shortenTextObject(element.text, SLACK_LIMITS.buttonText) : element.text,
    options: fitItems(element.options, SLACK_LIMITS.selectOptions, (option) =>
      isObject(option)
        ? withChanges(option, { text: shortenTextObject(option.text, SLACK_LIMITS.optionText) })
        : option,
    ),
  });
}

/** A list field cut to `max` items, each fitted; anything but an array is left as it is. */
function fitItems(items: unknown, max: number, fit: (item: unknown) => unknown): unknown {
  return Array.isArray(items) ? sameItems(items, items.slice(0, max).map(fit)) : items;
}

/** `after` when any item differs from `before`, else `before` itself (so that nothing reads as changed). */
function sameItems(before: readonly unknown[], after: unknown[]): readonly unknown[] {
  return after.length === before.length && after.every((item, i) => item === before[i]) ? before : after;
}

// ---- cutting one block to the room left ----

/** The block, cut to fit `room`, or undefined when it cannot be cut (or too little would be left). */
function cutBlock(block: unknown, room: Cost): unknown {
  if (!isObject(block)) return undefined;
  let make: ((max: number) => unknown) | undefined;
  let max = 0;
  if (block.type === 'rich_text' && Array.isArray(block.elements)) {
    const elements = block.elements;
    make = (n) => {
      const kept = cutRichElements(elements, n);
      return kept.length > 0 ? { ...block, elements: kept } : undefined;
    };
    max = countVisibleCharacters(elements);
  } else if (block.type === 'section' && isObject(block.text) && typeof block.text.text === 'string') {
    const text = block.text;
    const whole = block.text.text;
    const cut = text.type === 'mrkdwn' ? shortenMrkdwn : shorten;
    make = (n) => ({ ...block, text: { ...text, text: cut(whole, n) } });
    max = whole.length;
  } else if (block.type === 'markdown' && typeof block.text === 'string') {
    const text = block.text;
    make = (n) => ({ ...block, text: shorten(text, n) });
    max = text.length;
  }
  if (!make) return undefined;
  // Shrink in proportion to the excess until it fits: a few rounds, each strictly smaller.
  for (let round = 0; round < 20 && max >= MIN_CUT; round++) {
    const candidate = make(max);
    if (candidate === undefined) return undefined;
    const cost = costOf(candidate);
    if (fits(cost, room)) return candidate;
    const ratio = Math.min(
      1,
      room.json / cost.json,
      cost.visible > 0 ? room.visible / cost.visible : 1,
      cost.markdown > 0 ? room.markdown / cost.markdown : 1,
    );
    max = Math.min(max - 1, Math.floor(max * ratio) - 1);
  }
  return undefined;
}

/**
 * The first `max` visible characters of rich text elements, "…" where cut: whole elements while they
 * fit, then the one that does not is cut by `cutLast` (or dropped when nothing of it can be kept).
 */
function keepFirst(
  elements: readonly unknown[],
  max: number,
  cutLast: (element: unknown, left: number) => unknown,
): unknown[] {
  const kept: unknown[] = [];
  let left = max;
  for (const el of elements) {
    const size = countVisibleCharacters([el]);
    if (size <= left) {
      kept.push(el);
      left -= size;
      continue;
    }
    const cut = cutLast(el, left);
    if (cut !== undefined) kept.push(cut);
    break;
  }
  return kept;
}

/** Sections, quotes and lists (a list's items are cut as rich elements, anything else's as inlines). */
function cutRichElements(elements: readonly unknown[], max: number): unknown[] {
  return keepFirst(elements, max, (el, left) => {
    if (!isObject(el) || !Array.isArray(el.elements)) return undefined;
    const inner =
      el.type === 'rich_text_list'
        ? cutRichElements(el.elements, left)
        : cutInlineElements(el.elements, left);
    return inner.length > 0 ? { ...el, elements: inner } : undefined;
  });
}

function cutInlineElements(elements: readonly unknown[], max: number): unknown[] {
  return keepFirst(elements, max, (el, left) =>
    isObject(el) && el.type === 'text' && typeof el.text === 'string' && left >= 2
      ? { ...el, text: shorten(el.text, left) }
      : undefined,
  );
}

// ---- texts ----

function shortenTextObject(value: unknown, max: number): unknown {
  if (!isObject(value) || typeof value.text !== 'string' || value.text.length <= max) return value;
  const text = value.type === 'mrkdwn' ? shortenMrkdwn(value.text, max) : shorten(value.text, max);
  return { ...value, text };
}
