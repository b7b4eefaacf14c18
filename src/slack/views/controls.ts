import type {
  ActionsBlock,
  Button,
  InputBlock,
  ModalView,
  PlainTextElement,
  PlainTextOption,
  SectionBlock,
} from '@slack/types';
import { SLACK_LIMITS } from '../../render/limits.js';
import { shorten, shortenMrkdwn } from '../../render/text.js';

/**
 * The bot's own blocks around the summaries (answers, buttons, the shortcut's modal), built here
 * beside SLACK_LIMITS so that every limit has one name: each builder keeps its text within the limit
 * of the field it fills, cutting visibly ("…") rather than letting Slack refuse the whole payload.
 */

/** Escaping can grow text fivefold (`&` → `&amp;`): text a person may see escaped stays within this. */
const ESCAPED_TEXT_GROWTH = 5;

/**
 * Characters of an error's message and hint we keep, so that even fully escaped they fit a section
 * (message) and a context element (hint) with room for the warning sign.
 */
export const ERROR_TEXT_MAX = {
  message: Math.floor(SLACK_LIMITS.sectionText / ESCAPED_TEXT_GROWTH) - 50,
  hint: Math.floor(SLACK_LIMITS.contextText / ESCAPED_TEXT_GROWTH) - 100,
} as const;

function plainText(text: string, max: number): PlainTextElement {
  return { type: 'plain_text', text: shorten(text, max) };
}

/**
 * A mrkdwn section; the caller escapes any text it did not write itself. `verbatim`: Slack does not
 * pre-process the text (without it, Slack turns bare URLs and `#channel` names into links and parses
 * some mentions); for text that quotes the PBX or a person. Our own `<!date^…>` still works.
 */
export function sectionBlock(mrkdwn: string, options: { readonly verbatim?: boolean } = {}): SectionBlock {
  return {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: shortenMrkdwn(mrkdwn, SLACK_LIMITS.sectionText),
      ...(options.verbatim ? { verbatim: true } : {}),
    },
  };
}

export interface ButtonSpec {
  readonly text: string;
  readonly actionId: string;
  /** What the button carries back to us; the caller keeps it within SLACK_LIMITS.buttonValue. */
  readonly value: string;
  readonly style?: 'primary' | 'danger';
}

export function buttonElement(spec: ButtonSpec): Button {
  if (spec.value.length > SLACK_LIMITS.buttonValue) {
    // A cut value would decode to something else: refuse loudly in the code that built it.
    throw new RangeError(`button value of ${spec.value.length} characters (max ${SLACK_LIMITS.buttonValue})`);
  }
  return {
    type: 'button',
    text: plainText(spec.text, SLACK_LIMITS.buttonText),
    action_id: spec.actionId,
    value: spec.value,
    ...(spec.style ? { style: spec.style } : {}),
  };
}

/**
 * A row of buttons. `blockId` must be unique within the message; without one, it is derived from the
 * first button's action and value, so two rows of the same action in one message stay apart.
 */
export function actionsBlock(buttons: readonly ButtonSpec[], blockId?: string): ActionsBlock {
  const first = buttons[0];
  const id = blockId ?? (first ? `${first.actionId}_${hashBase36(first.value)}` : 'actions');
  return {
    type: 'actions',
    block_id: id.slice(0, SLACK_LIMITS.blockId),
    elements: buttons.slice(0, SLACK_LIMITS.actionsElements).map(buttonElement),
  };
}

export interface SelectOption {
  readonly text: string;
  readonly value: string;
}

/** An input block holding one static select (a modal's question); options beyond Slack's limit are left out. */
export function staticSelectInput(options: {
  readonly blockId: string;
  readonly actionId: string;
  readonly label: string;
  readonly choices: readonly SelectOption[];
}): InputBlock {
  return {
    type: 'input',
    block_id: options.blockId,
    label: plainText(options.label, SLACK_LIMITS.inputLabel),
    element: {
      type: 'static_select',
      action_id: options.actionId,
      options: options.choices.slice(0, SLACK_LIMITS.selectOptions).map(selectOption),
    },
  };
}

function selectOption(choice: SelectOption): PlainTextOption {
  if (choice.value.length > SLACK_LIMITS.optionValue) {
    throw new RangeError(
      `option value of ${choice.value.length} characters (max ${SLACK_LIMITS.optionValue})`,
    );
  }
  return { text: plainText(choice.text, SLACK_LIMITS.optionText), value: choice.value };
}

/** A modal's frame: title, close and (when given) submit, each within the view's button limits. */
export function modalView(options: {
  readonly callbackId: string;
  readonly title: string;
  readonly close: string;
  readonly submit?: string;
  readonly privateMetadata?: string;
  readonly blocks: ModalView['blocks'];
}): ModalView {
  if (
    options.privateMetadata !== undefined &&
    options.privateMetadata.length > SLACK_LIMITS.privateMetadata
  ) {
    throw new RangeError(
      `private_metadata of ${options.privateMetadata.length} characters (max ${SLACK_LIMITS.privateMetadata})`,
    );
  }
  return {
    type: 'modal',
    callback_id: options.callbackId,
    title: plainText(options.title, SLACK_LIMITS.viewTitle),
    close: plainText(options.close, SLACK_LIMITS.viewButtonText),
    ...(options.submit !== undefined
      ? { submit: plainText(options.submit, SLACK_LIMITS.viewButtonText) }
      : {}),
    ...(options.privateMetadata !== undefined ? { private_metadata: options.privateMetadata } : {}),
    blocks: options.blocks,
  };
}

function hashBase36(s: string): string {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return Math.abs(h).toString(36);
}
