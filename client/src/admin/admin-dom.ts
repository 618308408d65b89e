import { ApiError } from '../api/http-client';
import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { el } from '../ui/dom';

/** What every admin section shares with the view that holds it. */
export interface SectionContext {
  /** The hub answered 401: the session is over. */
  onUnauthorized(): void;
}

/** One tab of the admin console: it loads its data, and renders again in a new language. */
export interface AdminSection {
  readonly element: HTMLElement;
  load(): Promise<void>;
  render(): void;
  destroy(): void;
}

export function labeled(label: string, control: HTMLElement): HTMLLabelElement {
  return el('label', { className: 'admin-field' }, [
    el('span', { className: 'admin-field__label', text: label }),
    control,
  ]);
}

export function input(name: string, type = 'text'): HTMLInputElement {
  return el('input', {
    className: 'admin-input',
    attrs: { name, type, autocomplete: 'off', spellcheck: 'false' },
    dataset: { testid: `admin-input-${name}` },
  });
}

export function select(name: string, values: readonly string[]): HTMLSelectElement {
  const element = el('select', {
    className: 'admin-input',
    attrs: { name },
    dataset: { testid: `admin-input-${name}` },
  });
  for (const value of values) element.append(el('option', { attrs: { value } }));
  return element;
}

/** Relabels a select's options (they keep their values) in the current language. */
export function labelOptions(element: HTMLSelectElement, label: (value: string) => string): void {
  for (const option of element.options) option.textContent = label(option.value);
}

export function button(
  label: string,
  testid: string,
  onClick: () => void,
  kind: 'primary' | 'ghost' | 'danger' = 'ghost',
): HTMLButtonElement {
  const element = el('button', {
    className: `button button--${kind}`,
    text: label,
    attrs: { type: 'button' },
    dataset: { testid },
  });
  element.addEventListener('click', onClick);
  return element;
}

export function table(headers: readonly string[], rows: readonly HTMLElement[]): HTMLElement {
  const head = el(
    'tr',
    {},
    headers.map((text) => el('th', { text, attrs: { scope: 'col' } })),
  );
  return el('div', { className: 'admin-table-wrap' }, [
    el('table', { className: 'admin-table' }, [el('thead', {}, [head]), el('tbody', {}, rows)]),
  ]);
}

export function cell(content: string | Node, className?: string): HTMLTableCellElement {
  const element = el('td', className ? { className } : {});
  element.append(content);
  return element;
}

/** The message an admin sees for a failed call; the hub's own English text stays a tooltip. */
export function errorMessage(error: unknown): { key: MessageKey; params?: Record<string, string> } {
  if (!(error instanceof ApiError)) return { key: 'admin.error.server', params: { status: '?' } };
  switch (error.status) {
    case 0:
      return { key: 'admin.error.network' };
    case 400:
      return { key: 'admin.error.invalid' };
    case 403:
      return { key: 'admin.error.forbidden' };
    case 404:
      return { key: 'admin.error.notFound' };
    case 409:
      return { key: 'admin.error.conflict' };
    default:
      return { key: 'admin.error.server', params: { status: String(error.status) } };
  }
}

/** A section's one-line outcome: done, or why not (role="status", read by screen readers). */
export class StatusLine {
  readonly element = el('p', {
    className: 'admin-status',
    attrs: { role: 'status' },
    dataset: { testid: 'admin-status' },
  });
  private shown: { kind: 'ok' | 'error'; key: MessageKey; params?: Record<string, string> } | null =
    null;

  constructor(private readonly context: SectionContext) {}

  ok(key: MessageKey, params?: Record<string, string>): void {
    this.shown = { kind: 'ok', key, params };
    this.element.title = '';
    this.render();
  }

  /** Shows why a call failed; false when the session ended instead (401). */
  failed(error: unknown): void {
    if (error instanceof ApiError && error.isUnauthorized) return this.context.onUnauthorized();
    this.shown = { kind: 'error', ...errorMessage(error) };
    this.element.title = error instanceof Error ? error.message : '';
    this.render();
  }

  clear(): void {
    this.shown = null;
    this.render();
  }

  render(): void {
    this.element.dataset.kind = this.shown?.kind ?? '';
    this.element.textContent = this.shown ? t(this.shown.key, this.shown.params) : '';
  }
}
