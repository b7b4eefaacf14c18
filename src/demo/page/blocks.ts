import { type Child, h, link } from './dom.js';
import { emojiOf } from './emoji.js';
import { decodeEntities, mrkdwn } from './mrkdwn.js';

/**
 * Block Kit drawn close to how Slack shows it: header, section (text, fields, accessory), context,
 * divider, actions (buttons, static selects), rich_text (sections, lists with indent and offset,
 * quotes, preformatted, styles, links, emoji, mentions, dates), input, image (its alt text: the
 * page loads nothing from elsewhere) and markdown. A block it does not draw is shown as its JSON,
 * never dropped.
 *
 * Why our own renderer and not `slack-blocks-to-jsx` (npm, React): that library draws more block
 * types with Slack's look, and its published build never passes data to dangerouslySetInnerHTML
 * (checked in 1.1.1's dist). But it needs React and react-dom in the page plus a bundling step
 * (esbuild) at `npm run build`, ships ~580 KB of script, loads `image` URLs (which our CSP would
 * block and which this page must never fetch), and has no modal chrome (title, submit, close,
 * response_action errors) or Home tab, which we would write anyway. This file and mrkdwn.ts are a
 * few hundred lines, have no dependency, build with tsc like the rest, and make the safety rule
 * easy to audit: only dom.ts creates nodes, and only as text.
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** What the page does when a person uses an interactive element. */
export interface Interaction {
  click(blockId: string, element: Json): void;
  choose(blockId: string, element: Json, value: string): void;
  /** Current choice of a select in a view (a modal keeps its state). */
  chosen?(blockId: string, actionId: string): string | undefined;
  /** Errors a view_submission answered with, by block id. */
  readonly errors?: Readonly<Record<string, string>>;
}

export function renderBlocks(blocks: readonly unknown[], interaction: Interaction): HTMLElement {
  const root = h('div', { class: 'bk' });
  blocks.forEach((block, index) => {
    const blockId = isObject(block) && typeof block.block_id === 'string' ? block.block_id : `b${index}`;
    root.appendChild(renderBlock(block, blockId, interaction));
    const error = interaction.errors?.[blockId];
    if (error) root.appendChild(h('div', { class: 'bk-error', role: 'alert' }, error));
  });
  return root;
}

function renderBlock(block: unknown, blockId: string, interaction: Interaction): HTMLElement {
  if (!isObject(block)) return unknownBlock(block);
  switch (block.type) {
    case 'header':
      return h(
        'div',
        { class: 'bk-header', role: 'heading' },
        str(isObject(block.text) ? block.text.text : ''),
      );
    case 'section': {
      const body = h('div', { class: 'bk-section-body' }, block.text ? textObject(block.text) : null);
      if (Array.isArray(block.fields))
        body.appendChild(
          h('div', { class: 'bk-fields' }, ...block.fields.map((f) => h('div', {}, textObject(f)))),
        );
      const accessory = isObject(block.accessory) ? element(block.accessory, blockId, interaction) : null;
      return h('div', { class: 'bk-section' }, body, accessory);
    }
    case 'context':
      return h(
        'div',
        { class: 'bk-context' },
        ...(Array.isArray(block.elements) ? block.elements : []).map((e) =>
          isObject(e) && e.type === 'image'
            ? h('span', { class: 'bk-image-alt' }, `[${str(e.alt_text)}]`)
            : textObject(e),
        ),
      );
    case 'divider':
      return h('hr', { class: 'bk-divider' });
    case 'actions':
      return h(
        'div',
        { class: 'bk-actions' },
        ...(Array.isArray(block.elements) ? block.elements : []).map((e) => element(e, blockId, interaction)),
      );
    case 'rich_text':
      return h(
        'div',
        { class: 'bk-rich' },
        ...(Array.isArray(block.elements) ? block.elements : []).map(richElement),
      );
    case 'input':
      return h(
        'div',
        { class: 'bk-input' },
        h('label', {}, str(isObject(block.label) ? block.label.text : '')),
        element(block.element, blockId, interaction),
        isObject(block.hint) ? h('div', { class: 'hint' }, str(block.hint.text)) : null,
      );
    case 'image':
      return h('div', { class: 'bk-image-alt' }, `[image: ${str(block.alt_text)}]`);
    case 'markdown':
      return h('div', { class: 'bk-rich' }, str(block.text));
    default:
      return unknownBlock(block);
  }
}

function unknownBlock(block: unknown): HTMLElement {
  const type = isObject(block) ? str(block.type) : typeof block;
  return h(
    'div',
    { class: 'bk-unknown' },
    h('div', { class: 'bk-unknown-label' }, `Block the demo does not draw (${type.slice(0, 40)}):`),
    h('pre', {}, JSON.stringify(block, null, 2)),
  );
}

/** A text object: mrkdwn is parsed, plain_text shown as is (Slack decodes its &lt; too). */
function textObject(value: unknown): Child {
  if (!isObject(value)) return null;
  const text = str(value.text);
  return value.type === 'mrkdwn' ? mrkdwn(text) : h('span', {}, decodeEntities(text));
}

function element(value: unknown, blockId: string, interaction: Interaction): Child {
  if (!isObject(value)) return null;
  switch (value.type) {
    case 'button': {
      const style =
        value.style === 'primary' ? ' btn-primary' : value.style === 'danger' ? ' btn-danger' : '';
      const label = str(isObject(value.text) ? value.text.text : '');
      if (typeof value.url === 'string') return link(value.url, h('span', { class: `btn${style}` }, label));
      return h(
        'button',
        { type: 'button', class: `btn${style}`, onClick: () => interaction.click(blockId, value) },
        label,
      );
    }
    case 'static_select': {
      const options = [
        ...(Array.isArray(value.options) ? value.options : []),
        ...(Array.isArray(value.option_groups)
          ? value.option_groups.flatMap((g) => (isObject(g) && Array.isArray(g.options) ? g.options : []))
          : []),
      ].filter(isObject);
      const chosen =
        interaction.chosen?.(blockId, str(value.action_id)) ??
        (isObject(value.initial_option) ? str(value.initial_option.value) : undefined);
      const select = h(
        'select',
        {
          class: 'bk-select',
          label: str(isObject(value.placeholder) ? value.placeholder.text : 'Choose'),
          onChange: (event) => interaction.choose(blockId, value, (event.target as HTMLSelectElement).value),
        },
        h('option', { value: '' }, str(isObject(value.placeholder) ? value.placeholder.text : 'Choose…')),
        ...options.map((o) => h('option', { value: str(o.value) }, str(isObject(o.text) ? o.text.text : ''))),
      );
      if (chosen !== undefined) select.value = chosen;
      return select;
    }
    case 'image':
      return h('span', { class: 'bk-image-alt' }, `[${str(value.alt_text)}]`);
    default:
      return h('pre', { class: 'bk-unknown' }, JSON.stringify(value));
  }
}

/** rich_text's elements: sections, lists (indent → nesting level, offset → first number), quote, preformatted. */
function richElement(value: unknown): Child {
  if (!isObject(value)) return null;
  const inlines = () => (Array.isArray(value.elements) ? value.elements : []).map(richInline);
  switch (value.type) {
    case 'rich_text_section':
      return h('div', {}, ...inlines());
    case 'rich_text_list': {
      const indent = Math.min(8, Math.max(0, Number(value.indent ?? 0) || 0));
      const items = (Array.isArray(value.elements) ? value.elements : []).map((item) =>
        h('li', {}, ...(isObject(item) && Array.isArray(item.elements) ? item.elements : []).map(richInline)),
      );
      const cls = `bk-list bk-list-indent-${indent}`;
      return value.style === 'ordered'
        ? h('ol', { class: cls, start: (Number(value.offset ?? 0) || 0) + 1 }, ...items)
        : h('ul', { class: cls }, ...items);
    }
    case 'rich_text_quote':
      return h('blockquote', { class: 'bk-quote' }, ...inlines());
    case 'rich_text_preformatted':
      return h('pre', { class: 'bk-pre' }, ...inlines());
    default:
      return h('pre', { class: 'bk-unknown' }, JSON.stringify(value));
  }
}

function richInline(value: unknown): Child {
  if (!isObject(value)) return null;
  let node: Child;
  switch (value.type) {
    case 'text':
      node = str(value.text);
      break;
    case 'link':
      node = link(str(value.url), str(value.text) || str(value.url));
      break;
    case 'emoji':
      node =
        emojiOf(str(value.name)) ??
        (typeof value.unicode === 'string' && /^[0-9a-f-]{2,40}$/i.test(value.unicode)
          ? String.fromCodePoint(...value.unicode.split('-').map((c) => Number.parseInt(c, 16)))
          : `:${str(value.name)}:`);
      break;
    case 'user':
      node = h('span', { class: 'mention' }, `@${str(value.user_id)}`);
      break;
    case 'usergroup':
      node = h('span', { class: 'mention' }, `@${str(value.usergroup_id)}`);
      break;
    case 'channel':
      node = h('span', { class: 'mention' }, `#${str(value.channel_id)}`);
      break;
    case 'broadcast':
      node = h('span', { class: 'mention' }, `@${str(value.range)}`);
      break;
    case 'date':
      node = h('time', {}, str(value.fallback) || new Date(Number(value.timestamp) * 1000).toLocaleString());
      break;
    default:
      node = JSON.stringify(value);
  }
  const style = isObject(value.style) ? value.style : {};
  if (style.code) node = h('code', {}, node);
  if (style.strike) node = h('s', {}, node);
  if (style.italic) node = h('i', {}, node);
  if (style.bold) node = h('b', {}, node);
  return node;
}
