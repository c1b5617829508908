// Tiny DOM helpers. Text goes in through textContent only; attributes through setAttribute with a
// deny-list for anything that could load or run something. No innerHTML anywhere in the webview.

type Child = Node | string | null | undefined | false;

export interface Props {
  class?: string;
  text?: string;
  title?: string;
  attrs?: Record<string, string | number | boolean | undefined>;
  onClick?: (event: MouseEvent) => void;
}

const FORBIDDEN_ATTRIBUTE = /^(on|style$|href$|src$|srcdoc$|action$|formaction$|xlink:)/i;

/** Sets (or removes) an attribute; an unchanged value is left alone, so re-renders mutate nothing. */
export function setAttr(el: Element, name: string, value: string | number | boolean | undefined): void {
  if (FORBIDDEN_ATTRIBUTE.test(name)) throw new Error(`refusing to set attribute ${name}`);
  if (value === undefined || value === false) el.removeAttribute(name);
  else {
    const text = value === true ? '' : String(value);
    if (el.getAttribute(name) !== text) el.setAttribute(name, text);
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  children: Child[] = [],
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.text !== undefined) el.textContent = props.text;
  if (props.title !== undefined) el.title = props.title;
  for (const [name, value] of Object.entries(props.attrs ?? {})) setAttr(el, name, value);
  const onClick = props.onClick;
  if (onClick) el.addEventListener('click', (event) => onClick(event as MouseEvent));
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Icons as tiny inline SVG paths (no icon font is shipped); they take the text colour. */
const ICONS = {
  copy: 'M5 5V2.5A1.5 1.5 0 0 1 6.5 1h7A1.5 1.5 0 0 1 15 2.5v7A1.5 1.5 0 0 1 13.5 11H11v2.5A1.5 1.5 0 0 1 9.5 15h-7A1.5 1.5 0 0 1 1 13.5v-7A1.5 1.5 0 0 1 2.5 5Zm1 0h3.5A1.5 1.5 0 0 1 11 6.5V10h2.5a.5.5 0 0 0 .5-.5v-7a.5.5 0 0 0-.5-.5h-7a.5.5 0 0 0-.5.5ZM2.5 6a.5.5 0 0 0-.5.5v7a.5.5 0 0 0 .5.5h7a.5.5 0 0 0 .5-.5v-7a.5.5 0 0 0-.5-.5Z',
  /** The shape of the codicon "warning". */
  warning: 'M7.56 1h.88l6.54 12.26-.44.74H1.44L1 13.26Zm.44 1.28L2.28 13h11.44ZM8.63 12v-1H7.38v1Zm-1.25-2V6h1.25v4Z',
  /** A push pin in outline and filled, drawn for the panel to read like the codicons "pin" and "pinned" the tree uses. */
  pin: 'M5 1.5h6V3h-1v3.3l2 2V10H8.5v4l-.5 1-.5-1v-4H4V8.3l2-2V3H5Zm2 1.5v3.7l-2 2V9h6v-.3l-2-2V3Z',
  pinned: 'M5 1.5h6V3h-1v3.3l2 2V10H8.5v4l-.5 1-.5-1v-4H4V8.3l2-2V3H5Z',
} as const;

export type IconName = keyof typeof ICONS;

export function icon(name: IconName): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '14');
  svg.setAttribute('height', '14');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'icon');
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', ICONS[name]);
  path.setAttribute('fill', 'currentColor');
  path.setAttribute('fill-rule', 'evenodd');
  svg.append(path);
  return svg;
}

export function button(
  label: string,
  onClick: () => void,
  options: { title?: string; class?: string; glyph?: string; icon?: IconName; iconWhenNarrow?: boolean } = {},
): HTMLButtonElement {
  // iconWhenNarrow: panel.css hides the label on narrow panels (.narrow-icon), so it is also the accessible name.
  const el = h('button', {
    class: `btn ${options.class ?? ''}${options.iconWhenNarrow ? ' narrow-icon' : ''}`.trim(),
    title: options.title,
    attrs: { type: 'button', 'aria-label': options.iconWhenNarrow ? label : label ? undefined : options.title },
    onClick: () => onClick(),
  });
  if (options.icon) el.append(icon(options.icon));
  else if (options.glyph)
    el.append(h('span', { class: 'glyph', text: options.glyph, attrs: { 'aria-hidden': 'true' } }));
  el.append(h('span', { text: label }));
  return el;
}

/** Sets textContent only when it changed (cheap for re-renders). */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function show(el: HTMLElement, visible: boolean): void {
  if (el.hidden === visible) el.hidden = !visible;
}

/** Sets the class attribute when it changed (an equal write still invalidates style). */
export function setClass(el: Element, className: string): void {
  if (el.className !== className) el.className = className;
}

/** Whether a key event comes from a text field (so single-key shortcuts stay out of its way). */
export function isTyping(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  return (
    target.tagName === 'INPUT' ||
    target.tagName === 'TEXTAREA' ||
    target.tagName === 'SELECT' ||
    target.isContentEditable
  );
}
