/**
 * Slack's Block Kit limits we rely on, beside the builders that must respect them
 * (reference/slack-platform.md §3.1). `totalTextBudget` is our own margin below Slack's undocumented
 * ~12,000-character ceiling for the text of a whole payload (bolt-js#2509, #2867). `blocksJson` is
 * the same ceiling measured on the serialized blocks: see its comment.
 */
export const SLACK_LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  blockId: 255,
  linkUrl: 3000,
  richTextListIndentMax: 8,
  markdownTextTotal: 12_000,
  totalTextBudget: 10_000,
  /**
   * Characters of `JSON.stringify(blocks)` per message or view. Slack refuses payloads it finds too
   * long (`msg_blocks_too_long`) by an undocumented measure that counts block containers as well as
   * text: markdown-only blocks passed up to ~13,300 characters and adding a divider lowered that
   * (bolt-js#2509); rich_text blocks of 11,341 text characters, 17,694 JSON characters, were
   * refused (bolt-js#2867). The serialized length bounds both text and containers from above, so
   * a budget below the lowest figure Slack is known to accept is safe whichever it counts [Inference].
   * Views are given the same budget: Slack documents none for them, and the same summaries go in.
   */
  blocksJson: 12_000,
  /** Slack cuts top-level `text` around 4,000 characters (PostHog/posthog#70581); we keep it far shorter. */
  fallbackText: 4000,
  viewTitle: 24,
  viewButtonText: 24,
  privateMetadata: 3000,
  /** Select menus: options per menu, characters of an option's text and value (Block Kit option object). */
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  callbackId: 255,
  /** An input block's label (Block Kit input block). */
  inputLabel: 2000,
} as const;

export type Surface = 'message' | 'modal';

/** Room a rendering may use: blocks, visible characters and characters of serialized blocks. */
export interface Budget {
  readonly blocks: number;
  readonly characters: number;
  readonly json: number;
}

export function surfaceBudget(surface: Surface): Budget {
  return {
    blocks: surface === 'modal' ? SLACK_LIMITS.modalBlocks : SLACK_LIMITS.messageBlocks,
    characters: SLACK_LIMITS.totalTextBudget,
    json: SLACK_LIMITS.blocksJson,
  };
}

/** Characters of serialized blocks, or Infinity for what cannot be serialized (a cycle, a BigInt). */
export function jsonLength(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
