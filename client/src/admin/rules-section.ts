import type { RulesStatus } from '@ioc/shared';
import { applyRules, fetchRules, validateRules } from '../api/admin.api';
import { ApiError } from '../api/http-client';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { el } from '../ui/dom';
import { button, StatusLine, type AdminSection, type SectionContext } from './admin-dom';

type Outcome = { kind: 'valid' | 'applied' } | { kind: 'refused'; reason: string };

const OUTCOME_KEYS: Record<Outcome['kind'], MessageKey> = {
  valid: 'admin.rules.valid',
  refused: 'admin.rules.refused',
  applied: 'admin.rules.applied',
};

/**
 * The rules file (docs/contract.md §7): its text, checked and applied through the hub, which
 * refuses a bad one exactly as its hot reload does; the refusal is shown as the hub wrote it.
 */
export class RulesSection implements AdminSection {
  readonly element = el('section', {
    className: 'admin-section',
    dataset: { testid: 'admin-rules' },
  });
  private readonly status: StatusLine;
  private readonly text = el('textarea', {
    className: 'admin-input admin-rules__text',
    attrs: { rows: '16', spellcheck: 'false', name: 'rules' },
    dataset: { testid: 'admin-rules-text' },
  });
  private rules: RulesStatus | null = null;
  private outcome: Outcome | null = null;

  constructor(context: SectionContext) {
    this.status = new StatusLine(context);
  }

  async load(): Promise<void> {
    try {
      this.rules = await fetchRules();
      this.text.value = this.rules.text ?? '';
    } catch (error) {
      this.status.failed(error);
    }
    this.render();
  }

  render(): void {
    const rules = this.rules;
    this.status.render();
    if (!rules) return this.element.replaceChildren(this.status.element);
    this.text.readOnly = !rules.editable;
    const facts = el('dl', { className: 'facts' }, [
      el('dt', { text: t('admin.rules.source') }),
      el('dd', { text: rules.editable ? rules.source : t('admin.rules.builtIn') }),
      el('dt', { text: t('admin.rules.loadedAt') }),
      el('dd', { text: formatDateTime(rules.loadedAt) }),
    ]);
    if (rules.lastError)
      facts.append(
        el('dt', { text: t('admin.rules.lastError') }),
        el('dd', {}, [el('code', { text: rules.lastError, attrs: { lang: 'en' } })]),
      );
    const actions = el('div', { className: 'admin-actions' }, [
      button(t('admin.rules.validate'), 'admin-rules-validate', () => void this.validate()),
      button(t('admin.rules.apply'), 'admin-rules-apply', () => void this.apply(), 'primary'),
    ]);
    for (const action of actions.querySelectorAll('button')) action.disabled = !rules.editable;
    this.element.replaceChildren(
      facts,
      ...(rules.editable
        ? []
        : [el('p', { className: 'admin-hint', text: t('admin.rules.readOnly') })]),
      el('label', { className: 'admin-field admin-field--wide' }, [
        el('span', { className: 'admin-field__label', text: t('admin.rules.text') }),
        this.text,
      ]),
      actions,
      this.outcomeElement(),
      this.status.element,
      el('details', { className: 'admin-rules__parsed' }, [
        el('summary', { text: t('admin.rules.parsed') }),
        el('pre', { text: JSON.stringify(rules.rules, null, 2) }),
      ]),
    );
  }

  destroy(): void {
    this.element.remove();
  }

  private outcomeElement(): HTMLElement {
    const outcome = this.outcome;
    const box = el('div', {
      className: 'admin-rules__outcome',
      attrs: { role: 'status' },
      dataset: { testid: 'admin-rules-outcome', outcome: outcome?.kind ?? '' },
    });
    if (!outcome) return box;
    box.append(el('p', { text: t(OUTCOME_KEYS[outcome.kind]) }));
    // The refusal names the path and the rule broken, in the hub's (English) words.
    if (outcome.kind === 'refused')
      box.append(
        el('pre', {
          text: outcome.reason,
          attrs: { lang: 'en' },
          dataset: { testid: 'admin-rules-refusal' },
        }),
      );
    return box;
  }

  private async validate(): Promise<void> {
    try {
      const answer = await validateRules(this.text.value);
      this.outcome = answer.valid
        ? { kind: 'valid' }
        : { kind: 'refused', reason: answer.error ?? '' };
      this.status.clear();
    } catch (error) {
      this.status.failed(error);
    }
    this.render();
  }

  private async apply(): Promise<void> {
    try {
      this.rules = await applyRules(this.text.value);
      this.outcome = { kind: 'applied' };
      this.status.clear();
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        this.outcome = { kind: 'refused', reason: error.message };
        this.status.clear();
      } else this.status.failed(error);
    }
    this.render();
  }
}
