import { countVisibleCharacters } from './builders.js';
import { jsonLength, SLACK_LIMITS, type Surface } from './limits.js';

/**
 * The project's gate for every message and view the app sends: checks the Block Kit rules we rely
 * on and returns human-readable problems with JSON pointers ([] when valid). It is deliberately
 * stricter than Slack where Slack is undocumented (visible-text budget, no mentions).
 *
 * (Over 300 lines: it is one walk over the Block Kit tree, one small check per block and element
 * type; split by type, every part would need the walk's pointer and problem list passed in.)
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
const MENTION_ELEMENTS = new Set(['user', 'usergroup', 'channel', 'broadcast', 'team']);
const INLINE_ELEMENTS = new Set(['text', 'link', 'emoji', 'date', 'color', ...MENTION_ELEMENTS]);
const STYLE_KEYS = new Set([
  'bold',
  'italic',
  'strike',
  'code',
  'underline',
  'highlight',
  'client_highlight',
  'unlink',
]);
/** Mentions and broadcasts in mrkdwn: `<@U…>`, `<#C…>`, `<!subteam^…>`, `<!here>`, `<!channel>`, `<!everyone>`. */
const LIVE_MRKDWN = /^(?:[@#]|!(?:channel|here|everyone|subteam\^))/i;
/** Every `<…>` control sequence Slack parses in mrkdwn and in a message's top-level `text`. */
const CONTROL_SEQUENCE = /<([^<>]*)>/g;

/**
 * What is wrong with the `<…>` sequences of a mrkdwn string: a mention or broadcast (unless allowed),
 * or anything else but our own `<!date^…>`, since Slack turns `<x>` and `<url|label>` into links
 * (a disguised link, or `<leg-id>` shown as a link named "leg-id").
 */
function mrkdwnProblem(text: string, options: ValidateOptions): string | undefined {
  for (const [, inner = ''] of text.matchAll(CONTROL_SEQUENCE)) {
    if (inner.startsWith('!date^')) continue;
    if (LIVE_MRKDWN.test(inner)) {
      if (options.allowMentions) continue;
      return 'contains a live mention';
    }
    return `contains "<${inner.slice(0, 40)}>", which Slack shows as a link; escape < and > as &lt; and &gt;`;
  }
  return undefined;
}
const SAFE_URL = /^(?:https?:\/\/|mailto:)\S+$/i;
const INTERACTIVE = new Set([
  'button',
  'static_select',
  'external_select',
  'users_select',
  'conversations_select',
  'channels_select',
  'multi_static_select',
  'multi_external_select',
  'multi_users_select',
  'multi_conversations_select',
  'multi_channels_select',
  'overflow',
  'datepicker',
  'timepicker',
  'datetimepicker',
  'checkboxes',
  'radio_buttons',
  'plain_text_input',
  'email_text_input',
  'url_text_input',
  'number_input',
  'rich_text_input',
  'workflow_button',
  'image',
]);

type Problems = string[];
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

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

function textObject(
  value: unknown,
  at: string,
  max: number,
  problems: Problems,
  options: ValidateOptions,
  required = true,
) {
  if (value === undefined) {
    if (required) problems.push(`${at}: required`);
    return;
  }
  if (!isObject(value) || (value.type !== 'plain_text' && value.type !== 'mrkdwn')) {
    problems.push(`${at}: must be a plain_text or mrkdwn text object`);
    return;
  }
  lengthIn(value.text, `${at}/text`, 1, max, problems);
  if (value.type === 'mrkdwn' && typeof value.text === 'string') {
    const problem = mrkdwnProblem(value.text, options);
    if (problem) problems.push(`${at}/text: ${problem}`);
  }
}

function plainText(value: unknown, at: string, max: number, problems: Problems, required: boolean) {
  if (value === undefined) {
    if (required) problems.push(`${at}: required`);
    return;
  }
  if (!isObject(value) || value.type !== 'plain_text') {
    problems.push(`${at}: must be a plain_text text object`);
    return;
  }
  lengthIn(value.text, `${at}/text`, 1, max, problems);
}

function lengthIn(value: unknown, at: string, min: number, max: number, problems: Problems) {
  if (typeof value !== 'string') {
    problems.push(`${at}: must be a string`);
  } else if (value.length < min || value.length > max || value.trim() === '') {
    problems.push(
      `${at}: ${value.trim() === '' ? 'empty' : `${value.length} characters`}; must be ${min}..${max}`,
    );
  }
}

function maxString(value: unknown, at: string, max: number, problems: Problems) {
  if (value === undefined) return;
  if (typeof value !== 'string') problems.push(`${at}: must be a string`);
  else if (value.length > max) problems.push(`${at}: ${value.length} characters; at most ${max}`);
}

function validateSection(block: Json, at: string, problems: Problems, options: ValidateOptions) {
  if (block.text === undefined && block.fields === undefined)
    problems.push(`${at}: a section needs text or fields`);
  if (block.text !== undefined)
    textObject(block.text, `${at}/text`, SLACK_LIMITS.sectionText, problems, options);
  if (block.fields !== undefined) {
    if (
      !Array.isArray(block.fields) ||
      block.fields.length === 0 ||
      block.fields.length > SLACK_LIMITS.sectionFields
    ) {
      problems.push(`${at}/fields: 1..${SLACK_LIMITS.sectionFields} text objects`);
    } else {
      block.fields.forEach((f, i) => {
        textObject(f, `${at}/fields/${i}`, SLACK_LIMITS.sectionFieldText, problems, options);
      });
    }
  }
  if (block.accessory !== undefined) validateElement(block.accessory, `${at}/accessory`, problems);
}

function validateContext(block: Json, at: string, problems: Problems, options: ValidateOptions) {
  const elements = block.elements;
  if (!Array.isArray(elements) || elements.length === 0) {
    problems.push(`${at}/elements: required, 1..${SLACK_LIMITS.contextElements}`);
    return;
  }
  if (elements.length > SLACK_LIMITS.contextElements) {
    problems.push(`${at}/elements: ${elements.length} elements; at most ${SLACK_LIMITS.contextElements}`);
  }
  elements.forEach((el, i) => {
    if (isObject(el) && el.type === 'image') {
      if (typeof el.alt_text !== 'string' || el.alt_text === '')
        problems.push(`${at}/elements/${i}/alt_text: required`);
      return;
    }
    textObject(el, `${at}/elements/${i}`, SLACK_LIMITS.contextText, problems, options);
  });
}

function validateActions(block: Json, at: string, problems: Problems) {
  const elements = block.elements;
  if (!Array.isArray(elements) || elements.length === 0) {
    problems.push(`${at}/elements: required, 1..${SLACK_LIMITS.actionsElements}`);
    return;
  }
  if (elements.length > SLACK_LIMITS.actionsElements) {
    problems.push(`${at}/elements: ${elements.length} elements; at most ${SLACK_LIMITS.actionsElements}`);
  }
  const actionIds = new Set<string>();
  elements.forEach((el, i) => {
    validateElement(el, `${at}/elements/${i}`, problems);
    if (isObject(el) && typeof el.action_id === 'string') {
      if (actionIds.has(el.action_id))
        problems.push(`${at}/elements/${i}/action_id: "${el.action_id}" is not unique in the block`);
      actionIds.add(el.action_id);
    }
  });
}

function validateElement(el: unknown, at: string, problems: Problems) {
  if (!isObject(el) || typeof el.type !== 'string' || !INTERACTIVE.has(el.type)) {
    problems.push(`${at}/type: unknown element type ${JSON.stringify(isObject(el) ? el.type : el)}`);
    return;
  }
  maxString(el.action_id, `${at}/action_id`, SLACK_LIMITS.actionId, problems);
  if (el.type === 'button') {
    plainText(el.text, `${at}/text`, SLACK_LIMITS.buttonText, problems, true);
    maxString(el.value, `${at}/value`, SLACK_LIMITS.buttonValue, problems);
    if (el.url !== undefined) {
      maxString(el.url, `${at}/url`, SLACK_LIMITS.buttonUrl, problems);
      if (typeof el.url === 'string' && !SAFE_URL.test(el.url))
        problems.push(`${at}/url: only http, https and mailto`);
    }
    if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') {
      problems.push(`${at}/style: "primary" or "danger"`);
    }
  }
  if (el.type === 'static_select' || el.type === 'multi_static_select') {
    const options = el.options;
    if (el.option_groups === undefined) {
      if (!Array.isArray(options) || options.length === 0 || options.length > SLACK_LIMITS.selectOptions) {
        problems.push(`${at}/options: 1..${SLACK_LIMITS.selectOptions} options`);
      } else {
        options.forEach((option, i) => {
          const here = `${at}/options/${i}`;
          if (!isObject(option)) {
            problems.push(`${here}: must be an object`);
            return;
          }
          plainText(option.text, `${here}/text`, SLACK_LIMITS.optionText, problems, true);
          lengthIn(option.value, `${here}/value`, 1, SLACK_LIMITS.optionValue, problems);
        });
      }
    }
  }
}

function validateRichText(block: Json, at: string, problems: Problems, options: ValidateOptions) {
  const elements = block.elements;
  if (!Array.isArray(elements) || elements.length === 0) {
    problems.push(`${at}/elements: required, not empty`);
    return;
  }
  elements.forEach((el, i) => {
    const here = `${at}/elements/${i}`;
    if (!isObject(el)) {
      problems.push(`${here}: must be an object`);
      return;
    }
    switch (el.type) {
      case 'rich_text_section':
      case 'rich_text_quote':
      case 'rich_text_preformatted':
        validateInlines(el.elements, `${here}/elements`, problems, options);
        break;
      case 'rich_text_list': {
        if (el.style !== 'bullet' && el.style !== 'ordered')
          problems.push(`${here}/style: "bullet" or "ordered"`);
        if (
          el.indent !== undefined &&
          (!Number.isInteger(el.indent) ||
            (el.indent as number) < 0 ||
            (el.indent as number) > SLACK_LIMITS.richTextListIndentMax)
        ) {
          problems.push(`${here}/indent: an integer 0..${SLACK_LIMITS.richTextListIndentMax}`);
        }
        if (el.offset !== undefined && (!Number.isInteger(el.offset) || (el.offset as number) < 0)) {
          problems.push(`${here}/offset: a non-negative integer`);
        }
        if (!Array.isArray(el.elements) || el.elements.length === 0) {
          problems.push(`${here}/elements: required, not empty`);
          break;
        }
        el.elements.forEach((item, j) => {
          if (!isObject(item) || item.type !== 'rich_text_section') {
            problems.push(`${here}/elements/${j}: list items must be rich_text_section`);
            return;
          }
          validateInlines(item.elements, `${here}/elements/${j}/elements`, problems, options);
        });
        break;
      }
      default:
        problems.push(`${here}/type: unknown rich text element ${JSON.stringify(el.type)}`);
    }
  });
}

function validateInlines(elements: unknown, at: string, problems: Problems, options: ValidateOptions) {
  if (!Array.isArray(elements) || elements.length === 0) {
    problems.push(`${at}: required, not empty`);
    return;
  }
  elements.forEach((el, i) => {
    const here = `${at}/${i}`;
    if (!isObject(el) || typeof el.type !== 'string' || !INLINE_ELEMENTS.has(el.type)) {
      problems.push(`${here}/type: unknown inline element ${JSON.stringify(isObject(el) ? el.type : el)}`);
      return;
    }
    if (MENTION_ELEMENTS.has(el.type) && !options.allowMentions) {
      problems.push(`${here}: "${el.type}" element (a mention) is not allowed`);
    }
    if (el.type === 'text') {
      if (typeof el.text !== 'string' || el.text === '')
        problems.push(`${here}/text: must be a non-empty string`);
    }
    if (el.type === 'link') {
      if (typeof el.url !== 'string' || !SAFE_URL.test(el.url))
        problems.push(`${here}/url: only http, https and mailto links`);
      else if (el.url.length > SLACK_LIMITS.linkUrl)
        problems.push(`${here}/url: at most ${SLACK_LIMITS.linkUrl} characters`);
      if (el.text !== undefined && (typeof el.text !== 'string' || el.text === ''))
        problems.push(`${here}/text: empty`);
      if (el.unsafe === true) problems.push(`${here}/unsafe: must not be set`);
    }
    if (el.type === 'date' && !Number.isInteger(el.timestamp)) problems.push(`${here}/timestamp: an integer`);
    if (el.style !== undefined) {
      if (!isObject(el.style)) problems.push(`${here}/style: must be an object`);
      else
        for (const [k, v] of Object.entries(el.style)) {
          if (!STYLE_KEYS.has(k) || typeof v !== 'boolean')
            problems.push(`${here}/style/${k}: unknown style`);
        }
    }
  });
}
