import type { FalseAlarmPeriod, FalseAlarmStats, RuleOverrides } from '@ioc/shared';
import { fetchFalseAlarms, fetchOverrides, undoOverride } from '../api/triage.api';
import { formatDateTime, formatNumber, formatPercent } from '../i18n/format';
import { onLocaleChange, t } from '../i18n/i18n';
import { el, setText } from './dom';

export interface FalseAlarmTableOptions {
  /** Admins may undo a raised bar; others only read. */
  canUndo: boolean;
}

/**
 * Learning from false alarms, self-contained: per device and event type the share of
 * dismissed and `false_alarm` incidents over 7 and 30 days, then the raised confidence
 * bars with an undo for admins. Meant for the admin page; `load()` fetches afresh.
 */
export class FalseAlarmTable {
  readonly element: HTMLElement;
  private readonly heading = el('h2', { className: 'false-alarms__heading' });
  private readonly limit = el('p', { className: 'false-alarms__limit' });
  private readonly table = el('table', {
    className: 'false-alarms__table',
    dataset: { testid: 'false-alarm-table' },
  });
  private readonly overridesHeading = el('h3', { className: 'false-alarms__subheading' });
  private readonly overrides = el('ul', {
    className: 'false-alarms__overrides',
    dataset: { testid: 'raised-bars' },
  });
  private readonly status = el('p', {
    className: 'false-alarms__status',
    attrs: { role: 'status' },
  });
  private stats: FalseAlarmStats | null = null;
  private raised: RuleOverrides | null = null;
  private error: string | null = null;
  private readonly unsubscribeLocale: () => void;

  constructor(private readonly options: FalseAlarmTableOptions) {
    this.element = el(
      'section',
      { className: 'false-alarms', dataset: { testid: 'false-alarms' } },
      [this.heading, this.limit, this.table, this.overridesHeading, this.overrides, this.status],
    );
    this.unsubscribeLocale = onLocaleChange(() => this.render());
    this.render();
  }

  async load(): Promise<void> {
    try {
      [this.stats, this.raised] = await Promise.all([fetchFalseAlarms(), fetchOverrides()]);
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
    }
    this.render();
  }

  destroy(): void {
    this.unsubscribeLocale();
  }

  private async undo(deviceId: string, type: Parameters<typeof undoOverride>[1]): Promise<void> {
    try {
      await undoOverride(deviceId, type);
    } catch (error) {
      this.error = (error as Error).message;
    }
    await this.load();
  }

  private render(): void {
    setText(this.heading, t('falseAlarms.heading'));
    setText(this.overridesHeading, t('falseAlarms.overrides'));
    setText(this.status, this.error ? t('falseAlarms.error', { message: this.error }) : '');
    const stats = this.stats;
    setText(
      this.limit,
      stats
        ? t('falseAlarms.limit', {
            raise: formatNumber(stats.limit.raiseBy, 2),
            share: formatPercent(stats.limit.share),
            count: formatNumber(stats.limit.minIncidents, 0),
            days: formatNumber(stats.limit.days, 0),
          })
        : '',
    );
    const head = el('tr', {}, [
      el('th', { text: t('falseAlarms.device'), attrs: { scope: 'col' } }),
      el('th', { text: t('falseAlarms.type'), attrs: { scope: 'col' } }),
      el('th', { text: t('falseAlarms.last7'), attrs: { scope: 'col' } }),
      el('th', { text: t('falseAlarms.last30'), attrs: { scope: 'col' } }),
      el('th', { text: t('falseAlarms.raised'), attrs: { scope: 'col' } }),
    ]);
    const rows = (stats?.rows ?? []).map((row) =>
      el('tr', { dataset: { device: row.deviceId, type: row.type } }, [
        el('td', { text: row.deviceId }),
        el('td', { text: t(`eventType.${row.type}`) }),
        el('td', { text: cell(row.last7Days) }),
        el('td', { text: cell(row.last30Days) }),
        el('td', {
          text:
            row.raisedMinConfidence === null
              ? t('falseAlarms.notRaised')
              : formatPercent(row.raisedMinConfidence),
        }),
      ]),
    );
    if (stats && rows.length === 0)
      rows.push(
        el('tr', {}, [el('td', { text: t('falseAlarms.empty'), attrs: { colspan: '5' } })]),
      );
    this.table.replaceChildren(el('thead', {}, [head]), el('tbody', {}, rows));
    const items = this.raised?.items ?? [];
    this.overrides.replaceChildren(
      ...(items.length === 0 && this.raised
        ? [el('li', { text: t('falseAlarms.noOverrides') })]
        : items.map((item) => {
            const line = el('li', { dataset: { device: item.deviceId, type: item.type } }, [
              el('span', {
                text: `${item.deviceId} · ${t(`eventType.${item.type}`)} · ${t('falseAlarms.bar', {
                  from: formatPercent(item.baseConfidence),
                  to: formatPercent(item.minConfidence),
                })} · ${t('falseAlarms.raisedAt', { time: formatDateTime(item.raisedAt) })}`,
              }),
            ]);
            if (this.options.canUndo) {
              const undo = el('button', {
                className: 'button',
                text: t('falseAlarms.undo'),
                attrs: { type: 'button' },
                dataset: { testid: 'undo-override' },
              });
              undo.addEventListener('click', () => void this.undo(item.deviceId, item.type));
              line.append(undo);
            }
            return line;
          })),
    );
  }
}

function cell(period: FalseAlarmPeriod): string {
  return t('falseAlarms.cell', {
    falseAlarms: formatNumber(period.falseAlarms, 0),
    incidents: formatNumber(period.incidents, 0),
    share: formatPercent(period.share),
  });
}
