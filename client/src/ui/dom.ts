/*
 * The only way the console builds DOM: elements and textContent. Device, citizen and
 * user text is never parsed as HTML, so `<img src=x onerror=…>` shows up as text.
 */

export interface ElementOptions {
  className?: string;
  text?: string;
  attrs?: Record<string, string>;
  dataset?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  children: readonly Node[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  if (options.text !== undefined) element.textContent = options.text;
  if (options.attrs)
    for (const [name, value] of Object.entries(options.attrs)) element.setAttribute(name, value);
  if (options.dataset) Object.assign(element.dataset, options.dataset);
  for (const child of children) element.append(child);
  return element;
}

/** Sets text only when it changed, to spare layout work on frequent feed updates. */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/** A definition list of label/value pairs, as used by popups. */
export function facts(rows: readonly [label: string, value: string][]): HTMLDListElement {
  const list = el('dl', { className: 'facts' });
  for (const [label, value] of rows)
    list.append(el('dt', { text: label }), el('dd', { text: value }));
  return list;
}
