import type { ApiRefusal } from './workspace.js';

/**
 * What real Slack refuses in a message or a view, as a pure check: the local Slack answers with the
 * same error Slack would, so a test or the demo cannot pass where a workspace would not. This is an
 * independent model of Slack, deliberately not the project's own validator (src/render/validate.ts):
 * a fake that reused the bot's rules could never catch the bot breaking Slack's.
 *
 * Sources (shared/reference/slack-platform.md): §3.1 limits (docs.slack.dev block reference and
 * `@slack/types`), §3.7 errors (`invalid_blocks`, `invalid_blocks_format`, `msg_too_long`,
 * `no_text`), §1.4 modal limits (`@slack/types` views.ts).
 */

export interface Refusal {
  readonly error: string;
  /** Slack's `response_metadata.messages`: `[ERROR] … [json-pointer:/blocks/0/text]`. */
  readonly messages?: readonly string[];
}

/** A refusal as Slack answers it. */
export function fromRefusal(refusal: Refusal): ApiRefusal {
  return refusal.messages
    ? { ok: false, error: refusal.error, response_metadata: { messages: refusal.messages } }
    : { ok: false, error: refusal.error };
}

const SLACK_RULES = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  /** Top-level `text`: longer is truncated by Slack; far longer (we take 40,000) is `msg_too_long`. */
  messageText: 40_000,
  /**
   * [Unverified] The whole payload's text: `msg_blocks_too_long` is undocumented; a maintainer puts it
   * at "12,000 text characters with a buffer for block containers" (bolt-js#2509, #2867).
   */
  blocksText: 12_000,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  selectOptions: 100,
} as const;

/** Block types Slack knows (docs.slack.dev/reference/block-kit/blocks); anything else is `invalid_blocks`. */
const BLOCK_TYPES = new Set([
  'actions',
  'context',
  'context_actions',
  'divider',
  'file',
  'header',
  'image',
  'input',
  'markdown',
  'rich_text',
  'section',
  'table',
  'video',
]);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function textOf(value: unknown): string {
  return isObject(value) && typeof value.text === 'string' ? value.text : '';
}

/** `chat.postMessage`, `chat.postEphemeral`, `chat.update` and response_url bodies. */
export function messageRefusal(message: Json): Refusal | undefined {
  const blocks = message.blocks;
  if (blocks !== undefined && !Array.isArray(blocks)) return { error: 'invalid_blocks_format' };
  const text = typeof message.text === 'string' ? message.text : '';
  const hasAttachments = Array.isArray(message.attachments) && message.attachments.length > 0;
  // chat.postMessage: "no_text: No message text provided" when there is neither text nor blocks.
  if (text.trim() === '' && (blocks === undefined || blocks.length === 0) && !hasAttachments) {
    return { error: 'no_text' };
  }
  if (text.length > SLACK_RULES.messageText) return { error: 'msg_too_long' };
  if (blocks === undefined) return undefined;
  const problems = blockProblems(blocks, SLACK_RULES.messageBlocks, '/blocks');
  if (problems.length > 0) return { error: 'invalid_blocks', messages: problems };
  if (visibleText(blocks) > SLACK_RULES.blocksText) return { error: 'msg_blocks_too_long' };
  return undefined;
}

/**
 * `views.open/update/push/publish`. Slack reports a view's schema errors as `invalid_arguments` with
 * json-pointers under `/view` ([Inference] from reported answers such as "[ERROR] no more than 100
 * items allowed [json-pointer:/view/blocks/0/element/options]").
 */
export function viewRefusal(view: unknown, expected: 'modal' | 'home'): Refusal | undefined {
  if (!isObject(view)) return { error: 'invalid_arguments', messages: ['[ERROR] missing view'] };
  const problems: string[] = [];
  if (view.type !== expected) problems.push(`[ERROR] must be "${expected}" [json-pointer:/view/type]`);
  if (expected === 'modal') {
    const title = textOf(view.title);
    if (title === '') problems.push('[ERROR] missing required field: title [json-pointer:/view/title]');
    if (title.length > SLACK_RULES.viewTitle)
      problems.push(tooLong(SLACK_RULES.viewTitle, '/view/title/text'));
    for (const key of ['submit', 'close'] as const) {
      if (textOf(view[key]).length > SLACK_RULES.viewButton)
        problems.push(tooLong(SLACK_RULES.viewButton, `/view/${key}/text`));
    }
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === 'input');
    if (hasInput && view.submit === undefined) {
      problems.push('[ERROR] submit is required when an input block is present [json-pointer:/view/submit]');
    }
  }
  if (
    typeof view.private_metadata === 'string' &&
    view.private_metadata.length > SLACK_RULES.privateMetadata
  ) {
    problems.push(tooLong(SLACK_RULES.privateMetadata, '/view/private_metadata'));
  }
  if (typeof view.callback_id === 'string' && view.callback_id.length > SLACK_RULES.callbackId) {
    problems.push(tooLong(SLACK_RULES.callbackId, '/view/callback_id'));
  }
  if (!Array.isArray(view.blocks))
    problems.push('[ERROR] missing required field: blocks [json-pointer:/view/blocks]');
  else problems.push(...blockProblems(view.blocks, SLACK_RULES.viewBlocks, '/view/blocks'));
  return problems.length > 0 ? { error: 'invalid_arguments', messages: problems } : undefined;
}

const tooLong = (max: number, pointer: string) =>
  `[ERROR] must be less than ${max + 1} characters [json-pointer:${pointer}]`;

function blockProblems(blocks: readonly unknown[], maxBlocks: number, base: string): string[] {
  const problems: string[] = [];
  if (blocks.length > maxBlocks)
    problems.push(`[ERROR] no more than ${maxBlocks} items allowed [json-pointer:${base}]`);
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const at = `${base}/${i}`;
    if (!isObject(block) || typeof block.type !== 'string') {
      problems.push(`[ERROR] missing required field: type [json-pointer:${at}]`);
      return;
    }
    if (!BLOCK_TYPES.has(block.type)) {
      problems.push(`[ERROR] unsupported type: ${block.type.slice(0, 40)} [json-pointer:${at}/type]`);
      return;
    }
    if (typeof block.block_id === 'string') {
      if (block.block_id.length > SLACK_RULES.blockId)
        problems.push(tooLong(SLACK_RULES.blockId, `${at}/block_id`));
      // "unique for each message and each iteration of a message" (rich-text-block reference).
      if (blockIds.has(block.block_id))
        problems.push(`[ERROR] duplicate block_id [json-pointer:${at}/block_id]`);
      blockIds.add(block.block_id);
    }
    problems.push(...blockRules(block, at));
  });
  return problems;
}

function blockRules(block: Json, at: string): string[] {
  const problems: string[] = [];
  switch (block.type) {
    case 'section': {
      const text = textOf(block.text);
      if (block.text !== undefined && text.length === 0)
        problems.push(`[ERROR] must be more than 0 characters [json-pointer:${at}/text/text]`);
      if (text.length > SLACK_RULES.sectionText)
        problems.push(tooLong(SLACK_RULES.sectionText, `${at}/text/text`));
      if (block.text === undefined && block.fields === undefined) {
        problems.push(`[ERROR] must provide either text or fields [json-pointer:${at}]`);
      }
      if (Array.isArray(block.fields)) {
        if (block.fields.length > SLACK_RULES.sectionFields)
          problems.push(
            `[ERROR] no more than ${SLACK_RULES.sectionFields} items allowed [json-pointer:${at}/fields]`,
          );
        block.fields.forEach((field, f) => {
          if (textOf(field).length > SLACK_RULES.sectionFieldText)
            problems.push(tooLong(SLACK_RULES.sectionFieldText, `${at}/fields/${f}/text`));
        });
      }
      if (block.accessory !== undefined) problems.push(...elementRules(block.accessory, `${at}/accessory`));
      break;
    }
    case 'header': {
      const text = block.text;
      if (!isObject(text) || text.type !== 'plain_text')
        problems.push(`[ERROR] must be plain_text [json-pointer:${at}/text]`);
      const length = textOf(text).length;
      if (length === 0 || length > SLACK_RULES.headerText)
        problems.push(tooLong(SLACK_RULES.headerText, `${at}/text/text`));
      break;
    }
    case 'context':
      if (!Array.isArray(block.elements) || block.elements.length === 0)
        problems.push(`[ERROR] missing required field: elements [json-pointer:${at}/elements]`);
      else if (block.elements.length > SLACK_RULES.contextElements)
        problems.push(
          `[ERROR] no more than ${SLACK_RULES.contextElements} items allowed [json-pointer:${at}/elements]`,
        );
      break;
    case 'actions':
      if (!Array.isArray(block.elements) || block.elements.length === 0)
        problems.push(`[ERROR] missing required field: elements [json-pointer:${at}/elements]`);
      else {
        if (block.elements.length > SLACK_RULES.actionsElements)
          problems.push(
            `[ERROR] no more than ${SLACK_RULES.actionsElements} items allowed [json-pointer:${at}/elements]`,
          );
        block.elements.forEach((element, e) => {
          problems.push(...elementRules(element, `${at}/elements/${e}`));
        });
      }
      break;
    case 'rich_text':
      if (!Array.isArray(block.elements))
        problems.push(`[ERROR] missing required field: elements [json-pointer:${at}/elements]`);
      break;
    case 'input':
      if (!isObject(block.label))
        problems.push(`[ERROR] missing required field: label [json-pointer:${at}/label]`);
      if (block.element !== undefined) problems.push(...elementRules(block.element, `${at}/element`));
      break;
    default:
      break;
  }
  return problems;
}

function elementRules(element: unknown, at: string): string[] {
  if (!isObject(element)) return [`[ERROR] must be an object [json-pointer:${at}]`];
  const problems: string[] = [];
  if (typeof element.action_id === 'string' && element.action_id.length > SLACK_RULES.actionId) {
    problems.push(tooLong(SLACK_RULES.actionId, `${at}/action_id`));
  }
  if (element.type === 'button') {
    const text = textOf(element.text);
    if (text.length === 0 || text.length > SLACK_RULES.buttonText)
      problems.push(tooLong(SLACK_RULES.buttonText, `${at}/text/text`));
    if (typeof element.value === 'string' && element.value.length > SLACK_RULES.buttonValue)
      problems.push(tooLong(SLACK_RULES.buttonValue, `${at}/value`));
    if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') {
      problems.push(`[ERROR] must be one of primary, danger [json-pointer:${at}/style]`);
    }
  }
  if (Array.isArray(element.options) && element.options.length > SLACK_RULES.selectOptions) {
    problems.push(
      `[ERROR] no more than ${SLACK_RULES.selectOptions} items allowed [json-pointer:${at}/options]`,
    );
  }
  return problems;
}

/** Characters of text anywhere in the blocks: what the undocumented payload ceiling counts. */
function visibleText(value: unknown): number {
  if (typeof value === 'string') return 0;
  if (Array.isArray(value)) return value.reduce<number>((sum, v) => sum + visibleText(v), 0);
  if (!isObject(value)) return 0;
  let sum = 0;
  for (const [key, v] of Object.entries(value)) {
    if (key === 'text' && typeof v === 'string') sum += v.length;
    else sum += visibleText(v);
  }
  return sum;
}
