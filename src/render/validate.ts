import { countVisibleCharacters } from './builders.js';
import { jsonLength, SLACK_LIMITS, type Surface } from './limits.js';
import {
  validateActions,
  validateContext,
  validateElement,
  validateRichText,
  validateSection,
} from './validate-blocks.js';
import { isObject, maxString, mrkdwnProblem, type Problems, plainText } from './validate-text.js';

/**
 * The project's gate for every message and view the app sends: checks the Block Kit rules we rely
 * on and returns human-readable problems with JSON pointers ([] when valid). It is deliberately
 * stricter than Slack where Slack is undocumented (visible-text budget, no mentions).
 *
 * Here: a message, a view, and the walk over their blocks (types, ids, the surface's budgets). Each
 * block's own check is in validate-blocks.ts; text objects and mrkdwn in validate-text.ts.
 */
export interface ValidateOptions {
  /**
   * Allow `user`/`usergroup`/`channel`/`broadcast`/`team` rich text elements and live mrkdwn
   * mentions. Off by default: summary content must never produce one; a surface that deliberately
   * mentions someone it knows (the person who shared) turns it on.
   */
  readonly allowMentions?: boolean;
}

const BLOCK_TYPES = new Set([
  'actions',
  'context',
  'divider',
  'file',
  'header',
  'image',
  'input',
  'markdown',
  'rich_text',
  'section',
  'video',
]);
export function validateMessage(
  message: { text?: string; blocks?: unknown[] },
  surface: Surface = 'message',
  options: ValidateOptions = {},
): string[] {
  const problems: Problems = [];
  if (!isObject(message)) return ['/: message must be an object'];
  const text = message.text;
  if (typeof text !== 'string' || text.trim() === '') {
    problems.push('/text: top-level text is required (notifications and screen readers read it)');
  } else {
    if (text.length > SLACK_LIMITS.fallbackText) {
      problems.push(`/text: ${text.length} characters; keep it under ${SLACK_LIMITS.fallbackText}`);
    }
    const problem = mrkdwnProblem(text, options);
    if (problem) problems.push(`/text: ${problem}`);
  }
  if (message.blocks !== undefined) {
    validateBlocks(
      message.blocks,
      surface === 'modal' ? SLACK_LIMITS.modalBlocks : SLACK_LIMITS.messageBlocks,
      surface,
      '/blocks',
      problems,
      options,
    );
  }
  return problems;
}

export function validateView(view: unknown, options: ValidateOptions = {}): string[] {
  const problems: Problems = [];
  if (!isObject(view)) return ['/: view must be an object'];
  if (view.type !== 'modal' && view.type !== 'home') problems.push('/type: must be "modal" or "home"');
  if (view.type === 'modal') {
    plainText(view.title, '/title', SLACK_LIMITS.viewTitle, problems, true);
  }
  plainText(view.submit, '/submit', SLACK_LIMITS.viewButtonText, problems, false);
  plainText(view.close, '/close', SLACK_LIMITS.viewButtonText, problems, false);
  maxString(view.private_metadata, '/private_metadata', SLACK_LIMITS.privateMetadata, problems);
  maxString(view.callback_id, '/callback_id', SLACK_LIMITS.callbackId, problems);
  maxString(view.external_id, '/external_id', SLACK_LIMITS.callbackId, problems);
  if (!Array.isArray(view.blocks)) {
    problems.push('/blocks: required array');
  } else {
    validateBlocks(view.blocks, SLACK_LIMITS.modalBlocks, 'modal', '/blocks', problems, options);
    if (
      view.blocks.some((b) => isObject(b) && b.type === 'input') &&
      view.submit === undefined &&
      view.type === 'modal'
    ) {
      problems.push('/submit: a modal with input blocks needs a submit button');
    }
  }
  return problems;
}

function validateBlocks(
  blocks: unknown,
  maxBlocks: number,
  surface: Surface,
  path: string,
  problems: Problems,
  options: ValidateOptions,
) {
  if (!Array.isArray(blocks)) {
    problems.push(`${path}: must be an array`);
    return;
  }
  if (blocks.length > maxBlocks) problems.push(`${path}: ${blocks.length} blocks; at most ${maxBlocks}`);
  const ids = new Set<string>();
  let markdownChars = 0;
  blocks.forEach((block, i) => {
    const at = `${path}/${i}`;
    if (!isObject(block)) {
      problems.push(`${at}: block must be an object`);
      return;
    }
    const type = block.type;
    if (typeof type !== 'string' || !BLOCK_TYPES.has(type)) {
      problems.push(`${at}/type: unknown block type ${JSON.stringify(type)}`);
      return;
    }
    if (block.block_id !== undefined) {
      if (
        typeof block.block_id !== 'string' ||
        block.block_id === '' ||
        block.block_id.length > SLACK_LIMITS.blockId
      ) {
        problems.push(`${at}/block_id: must be a string of 1..${SLACK_LIMITS.blockId} characters`);
      } else if (ids.has(block.block_id)) {
        problems.push(`${at}/block_id: "${block.block_id}" is not unique`);
      } else {
        ids.add(block.block_id);
      }
    }
    switch (type) {
      case 'section':
        validateSection(block, at, problems, options);
        break;
      case 'header':
        plainText(block.text, `${at}/text`, SLACK_LIMITS.headerText, problems, true);
        break;
      case 'context':
        validateContext(block, at, problems, options);
        break;
      case 'actions':
        validateActions(block, at, problems);
        break;
      case 'rich_text':
        validateRichText(block, at, problems, options);
        break;
      case 'markdown':
        if (typeof block.text !== 'string' || block.text === '') problems.push(`${at}/text: required`);
        else markdownChars += block.text.length;
        break;
      case 'input':
        if (surface === 'message') problems.push(`${at}/type: input blocks only belong in views`);
        if (!isObject(block.element)) problems.push(`${at}/element: required`);
        else validateElement(block.element, `${at}/element`, problems);
        plainText(block.label, `${at}/label`, SLACK_LIMITS.inputLabel, problems, true);
        break;
      default:
        break;
    }
  });
  if (markdownChars > SLACK_LIMITS.markdownTextTotal) {
    problems.push(
      `${path}: markdown blocks hold ${markdownChars} characters; at most ${SLACK_LIMITS.markdownTextTotal}`,
    );
  }
  const json = jsonLength(blocks);
  if (json > SLACK_LIMITS.blocksJson) {
    problems.push(`${path}: ${json} characters of JSON; the budget is ${SLACK_LIMITS.blocksJson}`);
  }
  // A cycle would never end the walk; it cannot be sent anyway, as the JSON problem says.
  const visible = Number.isFinite(json) ? countVisibleCharacters(blocks) : 0;
  if (visible > SLACK_LIMITS.totalTextBudget) {
    problems.push(`${path}: ${visible} visible characters; the budget is ${SLACK_LIMITS.totalTextBudget}`);
  }
}
