import { SEVERITIES, type LiveStats, type Severity, type User } from '@ioc/shared';
import { formatNumber } from '../i18n/format';
import { onLocaleChange, severityLabel, t } from '../i18n/i18n';
import type { ConnectionSnapshot } from '../state/connection-state';
import { el, setText } from './dom';
import { LanguageSwitch } from './language-switch';

export interface TopBarOptions {
  user: User;
  onLogout(): void;
}

/** Brand, open incidents by severity, hub throughput, link state, user, language, log out. */
export class TopBar {
  readonly element: HTMLElement;
  private readonly brand = el('span', { className: 'topbar__brand' });
  private readonly severityChips = new Map<Severity, HTMLElement>();
  private readonly rate = el('span', { className: 'topbar__stat' });
  private readonly devicesOnline = el('span', { className: 'topbar__stat topbar__stat--online' });
  private readonly devicesOffline = el('span', { className: 'topbar__stat topbar__stat--offline' });
  private readonly connection = el('span', {
    className: 'conn',
    dataset: { testid: 'connection-state' },
  });
  private readonly role = el('span', { className: 'topbar__role' });
  private readonly logout = el('button', {
    className: 'button button--ghost',
    attrs: { type: 'button' },
    dataset: { testid: 'logout' },
  });
  private readonly languages = new LanguageSwitch();
  private readonly unsubscribeLocale: () => void;
  private counts: Record<Severity, number> = { info: 0, low: 0, medium: 0, high: 0, critical: 0 };
  private stats: LiveStats | null = null;
  private deviceCounts = { online: 0, offline: 0 };
  private link: ConnectionSnapshot = { status: 'connecting', dataAsOf: null };

  constructor(private readonly options: TopBarOptions) {
    const severities = el('span', { className: 'topbar__severities' });
    for (const severity of [...SEVERITIES].reverse()) {
      const chip = el('span', {
        className: `sev-chip sev-chip--${severity}`,
        dataset: { severity },
      });
      this.severityChips.set(severity, chip);
      severities.append(chip);
    }
    this.logout.addEventListener('click', this.onLogout);
    this.element = el('header', { className: 'topbar' }, [
      this.brand,
      severities,
      el('span', { className: 'topbar__stats' }, [
        this.rate,
        this.devicesOnline,
        this.devicesOffline,
      ]),
      el('span', { className: 'topbar__spacer' }),
      this.connection,
      el('span', { className: 'topbar__user' }, [
        el('span', { className: 'topbar__username', text: options.user.username }),
        this.role,
      ]),
      this.languages.element,
      this.logout,
    ]);
    this.unsubscribeLocale = onLocaleChange(() => this.render());
    this.render();
  }

  destroy(): void {
    this.unsubscribeLocale();
    this.languages.destroy();
    this.logout.removeEventListener('click', this.onLogout);
    this.element.remove();
  }

  setSeverityCounts(counts: Record<Severity, number>): void {
    this.counts = counts;
    this.renderCounts();
  }

  setStats(stats: LiveStats): void {
    this.stats = stats;
    this.renderStats();
  }

  setDeviceCounts(online: number, offline: number): void {
    this.deviceCounts = { online, offline };
    this.renderStats();
  }

  setConnection(snapshot: ConnectionSnapshot): void {
    this.link = snapshot;
    this.renderConnection();
  }

  private readonly onLogout = (): void => this.options.onLogout();

  private render(): void {
    setText(this.brand, t('app.shortTitle'));
    setText(this.role, t(`role.${this.options.user.role}`));
    this.role.title = t('topbar.role');
    setText(this.logout, t('topbar.logout'));
    this.renderCounts();
    this.renderStats();
    this.renderConnection();
  }

  private renderCounts(): void {
    for (const [severity, chip] of this.severityChips) {
      const count = this.counts[severity];
      setText(chip, String(count));
      chip.title = severityLabel(severity);
      chip.classList.toggle('sev-chip--zero', count === 0);
    }
  }

  private renderStats(): void {
    setText(
      this.rate,
      t('topbar.eventsPerSecond', { value: formatNumber(this.stats?.eventsPerSecond ?? 0) }),
    );
    // The hub's count covers devices this console may not list; prefer it when present.
    const online = this.stats?.devicesOnline ?? this.deviceCounts.online;
    const offline = this.stats?.devicesOffline ?? this.deviceCounts.offline;
    setText(this.devicesOnline, t('topbar.devicesOnline', { count: online }));
    setText(this.devicesOffline, t('topbar.devicesOffline', { count: offline }));
  }

  private renderConnection(): void {
    this.connection.dataset.status = this.link.status;
    setText(this.connection, t(`connection.${this.link.status}`));
  }
}
