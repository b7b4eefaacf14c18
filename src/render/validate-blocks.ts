import { SLACK_LIMITS } from './limits.js';
import type { ValidateOptions } from './validate.js';
import {
  isObject,
  type Json,
  lengthIn,
  maxString,
  type Problems,
  plainText,
  textObject,
} from './validate-text.js';

/**
 * The checks of one block each (section, context, actions, rich text) and of the interactive
 * elements and rich text inlines inside them, for the walk in validate.ts: each adds its problems,
 * with JSON pointers under `at`, to `problems`.
 */

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

export function validateSection(block: Json, at: string, problems: Problems, options: ValidateOptions) {
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

export function validateContext(block: Json, at: string, problems: Problems, options: ValidateOptions) {
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

export function validateActions(block: Json, at: string, problems: Problems) {
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

export function validateElement(el: unknown, at: string, problems: Problems) {
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

export function validateRichText(block: Json, at: string, problems: Problems, options: ValidateOptions) {
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
