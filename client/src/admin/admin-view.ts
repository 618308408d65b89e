import './admin.css';
import { onLocaleChange, t } from '../i18n/i18n';
import { el } from '../ui/dom';
import type { AdminSection, SectionContext } from './admin-dom';
import { ADMIN_TABS, type AdminTab } from './admin-tabs';
import { CapSection } from './cap-section';
import { DevicesSection } from './devices-section';
import { RejectionsSection } from './rejections-section';
import { RulesSection } from './rules-section';
import { UnitsSection } from './units-section';
import { UsersSection } from './users-section';

/** A component the lead mounts in the "False alarms" tab (client/src/ui/false-alarm-table.ts). */
export interface MountedComponent {
  readonly element: HTMLElement;
  destroy(): void;
}

export interface AdminViewOptions {
  onClose(): void;
  onUnauthorized(): void;
  /** Builds the false-alarm table; without it the tab says it is not there yet. */
  falseAlarms?: () => MountedComponent;
}

/** The slot of the false-alarm table: empty until a component is given. */
class FalseAlarmsSlot implements AdminSection {
  readonly element = el('section', {
    className: 'admin-section',
    dataset: { testid: 'admin-false-alarms-slot' },
  });
  private mounted: MountedComponent | null = null;

  constructor(private readonly create?: () => MountedComponent) {}

  load(): Promise<void> {
    if (this.create && !this.mounted) {
      this.mounted = this.create();
      this.element.replaceChildren(this.mounted.element);
    }
    this.render();
    return Promise.resolve();
  }

  render(): void {
    if (!this.mounted)
      this.element.replaceChildren(
        el('p', { className: 'admin-hint', text: t('admin.falseAlarms.pending') }),
      );
  }

  destroy(): void {
    this.mounted?.destroy();
    this.element.remove();
  }
}

/**
 * The admin console (issues 14 and 20): accounts, units, devices, rules, refused messages,
 * CAP and false alarms, one tab at a time over the map. Every change goes through the hub,
 * which enforces the roles: a non-admin who opens it sees the hub's 403 as "not allowed".
 */
export class AdminView {
  readonly element: HTMLElement;
  private readonly title = el('h2', { className: 'admin__title' });
  private readonly back: HTMLButtonElement;
  private readonly tabs = el('nav', { className: 'admin__tabs', attrs: { role: 'tablist' } });
  private readonly body = el('div', { className: 'admin__body' });
  private readonly sections: Record<AdminTab, AdminSection>;
  private current: AdminTab = 'users';
  private readonly unsubscribe: () => void;

  constructor(options: AdminViewOptions) {
    const context: SectionContext = { onUnauthorized: () => options.onUnauthorized() };
    this.sections = {
      users: new UsersSection(context),
      units: new UnitsSection(context),
      devices: new DevicesSection(context),
      rules: new RulesSection(context),
      rejections: new RejectionsSection(context),
      cap: new CapSection(context),
      falseAlarms: new FalseAlarmsSlot(options.falseAlarms),
    };
    this.back = el('button', {
      className: 'button button--ghost',
      attrs: { type: 'button' },
      dataset: { testid: 'admin-close' },
    });
    this.back.addEventListener('click', () => options.onClose());
    this.element = el(
      'div',
      { className: 'admin', attrs: { role: 'region' }, dataset: { testid: 'admin-view' } },
      [el('header', { className: 'admin__header' }, [this.title, this.back]), this.tabs, this.body],
    );
    this.unsubscribe = onLocaleChange(() => this.render());
    this.render();
  }

  /** Shows a tab and loads its data afresh (someone else may have changed it meanwhile). */
  show(tab: AdminTab): Promise<void> {
    this.current = tab;
    this.render();
    return this.sections[tab].load();
  }

  destroy(): void {
    this.unsubscribe();
    for (const section of Object.values(this.sections)) section.destroy();
    this.element.remove();
  }

  private render(): void {
    this.title.textContent = t('admin.title');
    this.element.setAttribute('aria-label', t('admin.title'));
    this.back.textContent = t('admin.back');
    this.tabs.replaceChildren(
      ...ADMIN_TABS.map((tab) => {
        const button = el('button', {
          className: 'admin__tab',
          text: t(`admin.tab.${tab}`),
          attrs: { type: 'button', role: 'tab', 'aria-selected': String(tab === this.current) },
          dataset: { testid: `admin-tab-${tab}` },
        });
        button.addEventListener('click', () => void this.show(tab));
        return button;
      }),
    );
    const section = this.sections[this.current];
    section.render();
    this.body.replaceChildren(section.element);
  }
}
