/** How the parser treats each HTML element the model may write. */
import type { InlineStyle } from './model.js';

/** Elements whose content is never shown. */
export const DROPPED = new Set([
  'script',
  'style',
  'iframe',
  'object',
  'noscript',
  'template',
  'head',
  'svg',
  'math',
]);
/** Elements that start a new line. */
export const BLOCKS = new Set([
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'aside',
  'blockquote',
  'pre',
  'table',
  'tr',
  'dl',
  'dt',
  'dd',
  'hr',
  'form',
  'fieldset',
  'figure',
  'figcaption',
  'address',
  'body',
  'html',
]);
export const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
export const LISTS = new Set(['ul', 'ol', 'menu']);
export const CELLS = new Set(['td', 'th']);
export const STYLE_TAGS: Readonly<Record<string, keyof InlineStyle>> = {
  b: 'bold',
  strong: 'bold',
  th: 'bold',
  i: 'italic',
  em: 'italic',
  cite: 'italic',
  s: 'strike',
  strike: 'strike',
  del: 'strike',
  code: 'code',
  tt: 'code',
  kbd: 'code',
  samp: 'code',
};
/** What keeps table cells apart on their row's line. */
export const CELL_SEPARATOR = ' | ';
