/**
 * Slack's Block Kit limits we rely on, beside the builders that must respect them
 * (reference/slack-platform.md §3.1). `totalTextBudget` is our own margin below Slack's undocumented
 * ~12,000-character ceiling for the text of a whole payload (bolt-js#2509, #2867).
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

/** Room a rendering may use: blocks and visible characters. */
export interface Budget {
  readonly blocks: number;
  readonly characters: number;
}

export function surfaceBudget(surface: Surface): Budget {
  return {
    blocks: surface === 'modal' ? SLACK_LIMITS.modalBlocks : SLACK_LIMITS.messageBlocks,
    characters: SLACK_LIMITS.totalTextBudget,
  };
}
