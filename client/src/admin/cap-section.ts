import type { Incident } from '@ioc/shared';
import { fetchCap } from '../api/admin.api';
import { fetchActiveIncidents } from '../api/incidents.api';
import { incidentTitle } from '../i18n/display-names';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/i18n';
import { el } from '../ui/dom';
import { button, labeled, StatusLine, type AdminSection, type SectionContext } from './admin-dom';

const LISTED = 200;

/** An incident's CAP 1.2 document as the hub publishes it, shown as text. */
export class CapSection implements AdminSection {
  readonly element = el('section', {
    className: 'admin-section',
    dataset: { testid: 'admin-cap' },
  });
  private readonly status: StatusLine;
  private readonly incident = el('select', {
    className: 'admin-input',
    attrs: { name: 'cap-incident' },
    dataset: { testid: 'admin-cap-incident' },
  });
  private incidents: Incident[] = [];
  private document: string | null = null;

  constructor(context: SectionContext) {
    this.status = new StatusLine(context);
  }

  async load(): Promise<void> {
    try {
      this.incidents = (await fetchActiveIncidents(LISTED)).items;
    } catch (error) {
      this.status.failed(error);
    }
    this.render();
  }

  render(): void {
    const chosen = this.incident.value;
    this.incident.replaceChildren(
      ...this.incidents.map((incident) =>
        el('option', {
          text: `${incidentTitle(incident)} · ${formatDateTime(incident.firstSeen)}`,
          attrs: { value: incident.id },
        }),
      ),
    );
    if (chosen) this.incident.value = chosen;
    this.status.render();
    this.element.replaceChildren(
      this.incidents.length === 0
        ? el('p', { className: 'admin-hint', text: t('admin.cap.none') })
        : el('div', { className: 'admin-form' }, [
            labeled(t('admin.cap.incident'), this.incident),
            button(t('admin.cap.open'), 'admin-cap-open', () => void this.open()),
          ]),
      this.status.element,
      el('pre', {
        className: 'admin-cap__document',
        text: this.document ?? '',
        attrs: { lang: 'en' },
        dataset: { testid: 'admin-cap-document' },
      }),
    );
  }

  destroy(): void {
    this.element.remove();
  }

  private async open(): Promise<void> {
    if (!this.incident.value) return;
    try {
      this.document = await fetchCap(this.incident.value);
      this.status.clear();
    } catch (error) {
      this.status.failed(error);
    }
    this.render();
  }
}
