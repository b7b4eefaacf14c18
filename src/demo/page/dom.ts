/**
 * The page's only way to make DOM: elements with a fixed set of attributes and text children made
 * with createTextNode. Data never reaches innerHTML, an event-handler attribute, a style attribute or
 * a URL other than an http(s)/mailto link, so nothing a summary says can run or load anything.
 */

export type Child = Node | string | null | undefined | false;

export interface Props {
  readonly class?: string;
  readonly title?: string;
  readonly role?: string;
  readonly type?: string;
  readonly label?: string;
  readonly disabled?: boolean;
  readonly selected?: boolean;
  readonly current?: boolean;
  readonly value?: string;
  readonly start?: number;
  readonly onClick?: (event: Event) => void;
  readonly onChange?: (event: Event) => void;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.class) element.className = props.class;
  if (props.title !== undefined) element.title = props.title;
  if (props.role) element.setAttribute('role', props.role);
  if (props.type) element.setAttribute('type', props.type);
  if (props.label !== undefined) element.setAttribute('aria-label', props.label);
  if (props.disabled) element.setAttribute('disabled', '');
  if (props.selected !== undefined) element.setAttribute('aria-selected', String(props.selected));
  if (props.current !== undefined) element.setAttribute('aria-current', String(props.current));
  if (props.value !== undefined) (element as HTMLInputElement).value = props.value;
  if (props.start !== undefined) (element as HTMLOListElement).start = props.start;
  if (props.onClick) element.addEventListener('click', props.onClick);
  if (props.onChange) element.addEventListener('change', props.onChange);
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Only these schemes become links; anything else (javascript:, data:, relative) stays text. */
const SAFE_LINK = /^(?:https?:\/\/|mailto:)[^\s<>"]+$/i;

export function link(url: string, ...label: Child[]): HTMLElement {
  if (!SAFE_LINK.test(url)) return h('span', {}, ...(label.length > 0 ? label : [url]));
  const a = h('a', { title: url }, ...(label.length > 0 ? label : [url]));
  a.href = url;
  a.target = '_blank';
  a.rel = 'noopener noreferrer nofollow';
  a.referrerPolicy = 'no-referrer';
  return a;
}

export function clear(element: Element): void {
  element.replaceChildren();
}
