// Keeping DOM across renders: a keyed list update (existing nodes are reused and moved, so focus and
// scroll inside them survive) and a dependency check (a section re-renders only when what it reads
// changed, compared by identity instead of serialising whole objects).
import { button, setClass, setText } from './dom';

/**
 * Makes `parent`'s children the nodes for `items`, in order: an item whose key was rendered before keeps
 * its node (updated in place), new keys get a new node, and nodes of keys no longer present are removed.
 * Every child of `parent` must come from this function.
 */
export function reconcile<T, E extends Element>(
  parent: Element,
  items: readonly T[],
  keyOf: (item: T) => string,
  create: (item: T) => E,
  update: (el: E, item: T) => void,
): void {
  const nodes = keyedNodes.get(parent) ?? new Map<string, Element>();
  const next = new Map<string, Element>();
  let cursor = parent.firstChild;
  for (const item of items) {
    const key = keyOf(item);
    if (next.has(key)) continue; // a duplicate key would move one node twice
    let el = nodes.get(key) as E | undefined;
    if (!el) el = create(item);
    update(el, item);
    next.set(key, el);
    if (el === cursor) cursor = cursor.nextSibling;
    else parent.insertBefore(el, cursor);
  }
  while (cursor) {
    const after: ChildNode | null = cursor.nextSibling;
    cursor.remove();
    cursor = after;
  }
  keyedNodes.set(parent, next);
}

const keyedNodes = new WeakMap<Element, Map<string, Element>>();

/** Remembers the values a render read; `changed` says whether any differs (by identity) from last time. */
export class Deps {
  private last: readonly unknown[] | undefined;

  changed(...values: unknown[]): boolean {
    const last = this.last;
    this.last = values;
    return !last || last.length !== values.length || values.some((v, i) => !Object.is(v, last[i]));
  }
}

/** A button a render asks for: `key` keeps its node (and focus) across renders while label and action change. */
export interface ButtonSpec {
  key: string;
  label: string;
  run: () => void;
  class?: string;
  title?: string;
}

const buttonActions = new WeakMap<Element, () => void>();

/** Makes `parent`'s children these buttons, keeping the nodes of keys rendered before. */
export function syncButtons(parent: Element, specs: readonly ButtonSpec[]): void {
  reconcile(
    parent,
    specs,
    (s) => s.key,
    () => {
      const el = button('', () => buttonActions.get(el)?.());
      return el;
    },
    (el, s) => {
      buttonActions.set(el, s.run);
      const cls = `btn ${s.class ?? ''}`.trim();
      setClass(el, cls);
      setText(el.lastChild as Element, s.label);
      if (el.title !== (s.title ?? '')) el.title = s.title ?? '';
    },
  );
}
