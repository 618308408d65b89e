import { canTriage, type Incident, type LifecycleCommand, type User } from '@ioc/shared';
import { transitionIncident } from '../api/incidents.api';
import { formatNumber } from '../i18n/format';
import { onLocaleChange, t } from '../i18n/i18n';
import { el, setText } from './dom';
import { FalseAlarmTable } from './false-alarm-table';
import { TriageQueue } from './triage-queue';

export interface TriageToolsOptions {
  user: User;
  wall: boolean;
  incidents(): Iterable<Incident>;
  /** The hub's answer to a triage action, applied to the console's store at once. */
  applied(incident: Incident): void;
}

/**
 * The top bar's triage entries: "Triage (n)" for operators and above, opening the queue
 * over the map; "False alarms" for admins, opening the false-alarm table in a dialog (until
 * the admin page takes it). Wall screens get neither.
 */
export class TriageTools {
  /** Buttons for the top bar. */
  readonly buttons: HTMLElement[] = [];
  /** Overlays for the console's stage (hidden until opened). */
  readonly overlays: HTMLElement[] = [];
  private readonly triageButton = el('button', {
    className: 'button topbar__tool',
    attrs: { type: 'button' },
    dataset: { testid: 'triage-open' },
  });
  private readonly falseAlarmsButton = el('button', {
    className: 'button topbar__tool',
    attrs: { type: 'button' },
    dataset: { testid: 'false-alarms-open' },
  });
  private readonly queue: TriageQueue | null = null;
  private readonly table: FalseAlarmTable | null = null;
  private readonly dialog = el('div', {
    className: 'false-alarms-dialog',
    attrs: { role: 'dialog', 'aria-modal': 'true' },
    dataset: { testid: 'false-alarms-dialog' },
  });
  private readonly dialogClose = el('button', { className: 'button', attrs: { type: 'button' } });
  private count = 0;
  private readonly unsubscribeLocale: () => void;

  constructor(private readonly options: TriageToolsOptions) {
    if (!options.wall && canTriage(options.user.role)) {
      const queue = new TriageQueue({
        incidents: () => options.incidents(),
        run: (incident, command) => this.run(incident, command),
        onClose: () => this.closeQueue(),
      });
      queue.element.hidden = true;
      this.queue = queue;
      this.triageButton.addEventListener('click', () => this.openQueue());
      this.buttons.push(this.triageButton);
      this.overlays.push(queue.element);
    }
    if (!options.wall && options.user.role === 'admin') {
      this.table = new FalseAlarmTable({ canUndo: true });
      this.dialog.append(this.table.element, this.dialogClose);
      this.dialog.hidden = true;
      this.dialogClose.addEventListener('click', () => (this.dialog.hidden = true));
      this.dialog.addEventListener('keydown', (event) => {
        if (event.key === 'Escape') this.dialog.hidden = true;
      });
      this.falseAlarmsButton.addEventListener('click', () => {
        this.dialog.hidden = false;
        void this.table?.load();
      });
      this.buttons.push(this.falseAlarmsButton);
      this.overlays.push(this.dialog);
    }
    this.unsubscribeLocale = onLocaleChange(() => this.render());
    this.sync();
  }

  /** Incidents changed: the count on the button and the open queue follow. */
  sync(): void {
    let count = 0;
    for (const incident of this.options.incidents()) if (incident.status === 'unverified') count++;
    this.count = count;
    if (this.queue && !this.queue.element.hidden) this.queue.sync();
    this.render();
  }

  /** A new frame of an incident: the open queue re-reads it if it is the one shown. */
  framesAdded(incidentId: string): void {
    if (this.queue && !this.queue.element.hidden) this.queue.framesAdded(incidentId);
  }

  destroy(): void {
    this.unsubscribeLocale();
    this.queue?.destroy();
    this.table?.destroy();
  }

  private openQueue(): void {
    if (!this.queue) return;
    this.queue.element.hidden = false;
    this.queue.sync();
    this.queue.focus();
  }

  private closeQueue(): void {
    if (this.queue) this.queue.element.hidden = true;
    this.triageButton.focus();
  }

  private async run(incident: Incident, command: LifecycleCommand): Promise<Incident> {
    const stored = await transitionIncident(incident.id, command);
    this.options.applied(stored);
    return stored;
  }

  private render(): void {
    setText(this.triageButton, `${t('triage.open')} (${formatNumber(this.count, 0)})`);
    this.triageButton.classList.toggle('topbar__tool--pending', this.count > 0);
    setText(this.falseAlarmsButton, t('falseAlarms.open'));
    setText(this.dialogClose, t('falseAlarms.close'));
  }
}
