import type { Rejection, RejectionReason } from '@ioc/shared';
import { REJECTION_REASONS } from '@ioc/shared';
import { fetchRejections } from '../api/admin.api';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/i18n';
import { el } from '../ui/dom';
import {
  button,
  cell,
  StatusLine,
  table,
  type AdminSection,
  type SectionContext,
} from './admin-dom';

const isReason = (reason: string): reason is RejectionReason =>
  (REJECTION_REASONS as readonly string[]).includes(reason);

/** The latest refused MQTT messages: what a device sent (as text) and why the hub refused it. */
export class RejectionsSection implements AdminSection {
  readonly element = el('section', {
    className: 'admin-section',
    dataset: { testid: 'admin-rejections' },
  });
  private readonly status: StatusLine;
  private items: Rejection[] = [];

  constructor(context: SectionContext) {
    this.status = new StatusLine(context);
  }

  async load(): Promise<void> {
    try {
      this.items = await fetchRejections();
      this.status.clear();
    } catch (error) {
      this.status.failed(error);
    }
    this.render();
  }

  render(): void {
    const rows = this.items.map((item) => {
      const reason = cell(isReason(item.reason) ? t(`rejection.${item.reason}`) : item.reason);
      // The hub's message is English detail: a tooltip, as for correlation reasons.
      reason.title = item.message;
      return el('tr', { dataset: { testid: 'admin-rejection-row', reason: item.reason } }, [
        cell(formatDateTime(item.at)),
        cell(el('code', { text: item.topic })),
        reason,
        cell(el('code', { className: 'admin-payload', text: item.payload })),
      ]);
    });
    this.status.render();
    this.element.replaceChildren(
      el('div', { className: 'admin-actions' }, [
        button(t('admin.refresh'), 'admin-rejections-refresh', () => void this.load()),
      ]),
      this.status.element,
      rows.length === 0
        ? el('p', { className: 'admin-hint', text: t('admin.empty') })
        : table(
            [
              t('admin.rejections.at'),
              t('admin.rejections.topic'),
              t('admin.rejections.reason'),
              t('admin.rejections.payload'),
            ],
            rows,
          ),
    );
  }

  destroy(): void {
    this.element.remove();
  }
}
