import { SEVERITIES, type HubStats, type LiveStats, type Severity, type User } from '@ioc/shared';
import { formatClock, formatCountdown, formatDuration, formatNumber } from '../i18n/format';
import { onLocaleChange, severityLabel, t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import type { ConnectionSnapshot } from '../state/connection-state';
import { MUTE_MS } from './alarm-sound';
import { el, setText } from './dom';
import { icon } from './icons';
import { LanguageSwitch } from './language-switch';

export interface TopBarOptions {
  user: User;
  /** A wall screen has nobody to log out. */
  wall?: boolean;
  /** When the current mute ends (epoch ms), or null when the sound is on. */
  mutedUntil: number | null;
  onLogout(): void;
  /** Mutes (for a while) or unmutes; returns when the mute ends. */
  onMuteChange(muted: boolean): number | null;
  /** The alarm indicator was clicked: show the oldest alarming incident. */
  onAlarmClick(): void;
  /** The "awaiting close" counter was clicked: list the resolved incidents. */
  onAwaitingCloseClick(): void;
  /** Opens the admin console; the button shows for admins only (the hub enforces it). */
  onAdminClick?(): void;
}

/** `null`: not fetched yet; `'unavailable'`: this hub has no GET /api/stats. */
export type HubStatsState = HubStats | null | 'unavailable';

/**
 * The KPI bar: open incidents by severity, escalated, events per second, median time to
 * acknowledge, devices offline; then the alarm indicator, link state, sound, user,
 * language and log out.
 */
export class TopBar {
  readonly element: HTMLElement;
  private readonly brand = el('span', { className: 'topbar__brand' });
  private readonly severityChips = new Map<Severity, HTMLElement>();
  private readonly kpiLabels: [HTMLElement, MessageKey][] = [];
  private readonly escalated = el('span', {
    className: 'kpi__value',
    dataset: { testid: 'kpi-escalated' },
  });
  private readonly rate = el('span', { className: 'kpi__value', dataset: { testid: 'kpi-eps' } });
  private readonly mtta = el('span', { className: 'kpi__value', dataset: { testid: 'kpi-mtta' } });
  private readonly offline = el('span', {
    className: 'kpi__value',
    dataset: { testid: 'kpi-offline' },
  });
  private readonly offlineOf = el('span', { className: 'kpi__sub' });
  private readonly awaitingClose = el('button', {
    className: 'kpi__value kpi__link',
    attrs: { type: 'button' },
    dataset: { testid: 'kpi-awaiting-close' },
  });
  private awaitingCloseCount = 0;
  private readonly alarm = el('button', {
    className: 'alarm-indicator',
    attrs: { type: 'button', 'aria-live': 'assertive' },
    dataset: { testid: 'alarm-indicator' },
  });
  private readonly connection = el('span', {
    className: 'conn',
    dataset: { testid: 'connection-state' },
  });
  private readonly mute = el('button', {
    className: 'button button--ghost mute-toggle',
    attrs: { type: 'button' },
    dataset: { testid: 'mute-toggle' },
  });
  private readonly role = el('span', { className: 'topbar__role' });
  private readonly logout = el('button', {
    className: 'button button--ghost',
    attrs: { type: 'button' },
    dataset: { testid: 'logout' },
  });
  private readonly admin = el('button', {
    className: 'button button--ghost',
    attrs: { type: 'button' },
    dataset: { testid: 'open-admin' },
  });
  private readonly languages = new LanguageSwitch();
  private readonly unsubscribeLocale: () => void;
  private counts: Record<Severity, number> = { info: 0, low: 0, medium: 0, high: 0, critical: 0 };
  private escalatedCount = 0;
  private stats: LiveStats | null = null;
  private hubStats: HubStatsState = null;
  private deviceCounts = { online: 0, offline: 0 };
  private alarmCount = 0;
  private mutedUntil: number | null;
  private muteTimer: ReturnType<typeof setInterval> | null = null;
  private link: ConnectionSnapshot = { status: 'connecting', dataAsOf: null };

  constructor(private readonly options: TopBarOptions) {
    this.mutedUntil = options.mutedUntil;
    const severities = el('span', { className: 'kpi__chips' });
    for (const severity of [...SEVERITIES].reverse()) {
      const chip = el('span', {
        className: `sev-chip sev-chip--${severity}`,
        dataset: { severity, testid: `kpi-open-${severity}` },
      });
      this.severityChips.set(severity, chip);
      severities.append(chip);
    }
    this.logout.addEventListener('click', this.onLogout);
    this.mute.addEventListener('click', this.onMute);
    this.alarm.addEventListener('click', this.onAlarm);
    this.awaitingClose.addEventListener('click', () => this.options.onAwaitingCloseClick());
    this.admin.addEventListener('click', () => this.options.onAdminClick?.());
    this.admin.hidden = options.user.role !== 'admin' || options.wall === true;
    this.element = el('header', { className: 'topbar' }, [
      this.brand,
      el('div', { className: 'kpis', attrs: { role: 'group' } }, [
        this.kpi('kpi.open', severities, 'kpi--open'),
        this.kpi('kpi.escalated', this.escalated),
        this.kpi('kpi.eventsPerSecond', this.rate),
        this.kpi('kpi.mtta', this.mtta),
        this.kpi('kpi.devicesOffline', el('span', {}, [this.offline, this.offlineOf])),
        this.kpi('kpi.awaitingClose', this.awaitingClose),
      ]),
      this.alarm,
      el('span', { className: 'topbar__spacer' }),
      this.connection,
      this.mute,
      el('span', { className: 'topbar__user' }, [
        el('span', { className: 'topbar__username', text: options.user.username }),
        this.role,
      ]),
      this.admin,
      this.languages.element,
      this.logout,
    ]);
    this.logout.hidden = options.wall === true;
    this.unsubscribeLocale = onLocaleChange(() => this.render());
    this.render();
  }

  /** Extra buttons (triage, false alarms) placed after the alarm indicator. */
  addTools(...tools: HTMLElement[]): void {
    const spacer = this.element.querySelector('.topbar__spacer');
    for (const tool of tools) this.element.insertBefore(tool, spacer);
  }

  destroy(): void {
    this.stopMuteTimer();
    this.unsubscribeLocale();
    this.languages.destroy();
    this.logout.removeEventListener('click', this.onLogout);
    this.mute.removeEventListener('click', this.onMute);
    this.alarm.removeEventListener('click', this.onAlarm);
    this.element.remove();
  }

  setSeverityCounts(counts: Record<Severity, number>, escalated: number): void {
    this.counts = counts;
    this.escalatedCount = escalated;
    this.renderCounts();
  }

  setStats(stats: LiveStats): void {
    this.stats = stats;
    this.renderStats();
  }

  setHubStats(stats: HubStatsState): void {
    this.hubStats = stats;
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

  /** Resolved incidents nobody has closed yet: they left the default feed, not the work. */
  setAwaitingClose(count: number): void {
    this.awaitingCloseCount = count;
    this.renderCounts();
  }

  setAlarmCount(count: number): void {
    this.alarmCount = count;
    this.renderAlarm();
  }

  private kpi(label: MessageKey, value: HTMLElement, extra = ''): HTMLElement {
    const labelElement = el('span', { className: 'kpi__label' });
    this.kpiLabels.push([labelElement, label]);
    return el('span', { className: `kpi ${extra}`.trim() }, [labelElement, value]);
  }

  private readonly onLogout = (): void => this.options.onLogout();

  private readonly onMute = (): void => {
    this.mutedUntil = this.options.onMuteChange(this.mutedUntil === null);
    this.renderMute();
  };

  private readonly onAlarm = (): void => this.options.onAlarmClick();

  private render(): void {
    setText(this.brand, t('app.shortTitle'));
    setText(this.role, t(`role.${this.options.user.role}`));
    this.role.title = t('topbar.role');
    setText(this.logout, t('topbar.logout'));
    setText(this.admin, t('admin.open'));
    for (const [element, key] of this.kpiLabels) setText(element, t(key));
    this.renderCounts();
    this.renderStats();
    this.renderConnection();
    this.renderMute();
    this.renderAlarm();
  }

  private renderCounts(): void {
    for (const [severity, chip] of this.severityChips) {
      const count = this.counts[severity];
      setText(chip, formatNumber(count, 0));
      chip.title = `${severityLabel(severity)}: ${formatNumber(count, 0)}`;
      chip.classList.toggle('sev-chip--zero', count === 0);
    }
    setText(this.awaitingClose, formatNumber(this.awaitingCloseCount, 0));
    this.awaitingClose.title = t('kpi.awaitingCloseHint');
    setText(this.escalated, formatNumber(this.escalatedCount, 0));
    this.escalated.classList.toggle('kpi__value--alert', this.escalatedCount > 0);
  }

  private renderStats(): void {
    const hub = this.hubStats && this.hubStats !== 'unavailable' ? this.hubStats : null;
    const rate = this.stats?.eventsPerSecond ?? hub?.eventsPerSecond ?? 0;
    setText(this.rate, formatNumber(rate));
    // The hub's counts cover devices this console may not list; prefer them when present.
    const online = this.stats?.devicesOnline ?? this.deviceCounts.online;
    const offline = this.stats?.devicesOffline ?? this.deviceCounts.offline;
    setText(this.offline, formatNumber(offline, 0));
    setText(this.offlineOf, ` / ${formatNumber(online + offline, 0)}`);
    this.offline.classList.toggle('kpi__value--warn', offline > 0);
    if (this.hubStats === 'unavailable') {
      setText(this.mtta, '—');
      this.mtta.title = t('kpi.mttaUnavailable');
    } else if (hub) {
      const summary = hub.timeToAcknowledge;
      setText(this.mtta, formatDuration(summary.medianMs));
      this.mtta.title = t('kpi.mttaDetail', {
        count: formatNumber(summary.count, 0),
        p90: formatDuration(summary.p90Ms),
      });
    } else {
      setText(this.mtta, '…');
      this.mtta.title = '';
    }
  }

  private renderConnection(): void {
    this.connection.dataset.status = this.link.status;
    setText(this.connection, t(`connection.${this.link.status}`));
  }

  /** Muted shows the time left, ticking, and turns back into "Sound" by itself at the end. */
  private renderMute(): void {
    const left = this.mutedUntil === null ? 0 : this.mutedUntil - Date.now();
    if (left <= 0) this.mutedUntil = null;
    const muted = this.mutedUntil !== null;
    if (muted && !this.muteTimer) this.muteTimer = setInterval(() => this.renderMute(), 1000);
    if (!muted) this.stopMuteTimer();
    this.mute.setAttribute('aria-pressed', String(muted));
    this.mute.dataset.muted = String(muted);
    const label = muted ? t('sound.mutedFor', { time: formatCountdown(left) }) : t('sound.on');
    const shown = this.mute.lastElementChild;
    if (this.mute.dataset.icon === String(muted) && shown) setText(shown, label);
    else {
      this.mute.dataset.icon = String(muted);
      this.mute.replaceChildren(
        icon(muted ? 'bellOff' : 'bell'),
        el('span', { className: 'mute-toggle__label', text: label }),
      );
    }
    this.mute.title =
      this.mutedUntil !== null
        ? t('sound.unmuteHint', { time: formatClock(this.mutedUntil) })
        : t('sound.muteHint', { minutes: formatNumber(MUTE_MS / 60_000, 0) });
  }

  private stopMuteTimer(): void {
    if (this.muteTimer) clearInterval(this.muteTimer);
    this.muteTimer = null;
  }

  private renderAlarm(): void {
    this.alarm.hidden = this.alarmCount === 0;
    this.alarm.replaceChildren(
      icon('alert'),
      el('span', { text: t('alarm.count', { count: formatNumber(this.alarmCount, 0) }) }),
    );
    this.alarm.title = t('alarm.hint');
  }
}
