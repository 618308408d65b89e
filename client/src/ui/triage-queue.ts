import { framesOf, SnapshotImages, type Frame } from './snapshot-frames';
import {
  DISMISS_REASONS,
  type DismissReason,
  type Incident,
  type IncidentDetail,
  type LifecycleCommand,
} from '@ioc/shared';
import { fetchIncidentDetail } from '../api/incidents.api';
import { formatDateTime, formatPercent } from '../i18n/format';
import { incidentTitle, zoneName } from '../i18n/display-names';
import { onLocaleChange, severityLabel, t } from '../i18n/i18n';
import { keepSelection, triageOrder } from '../state/triage-order';
import { el, facts, setText } from './dom';

export interface TriageQueueOptions {
  /** The console's incidents (live): the queue is every unverified one. */
  incidents(): Iterable<Incident>;
  /** Sends a confirm or dismiss; resolves with the incident as the hub stored it. */
  run(incident: Incident, command: LifecycleCommand): Promise<Incident>;
  /** The queue was closed (Esc, the close button). */
  onClose(): void;
}

/**
 * The triage queue: unverified incidents, newest critical first, worked from the keyboard
 * — Y confirms, N asks why it is a false alarm (1–5 or arrows and Enter), ↑ ↓ move, Esc
 * closes. The large `.triage-snapshot` slot shows the newest snapshot of the selected
 * incident's events when the hub sends `snapshots` with them, else a placeholder.
 */
export class TriageQueue {
  readonly element: HTMLElement;
  private readonly heading = el('h2', {
    className: 'triage__heading',
    attrs: { id: 'triage-title' },
  });
  private readonly help = el('p', { className: 'triage__help' });
  private readonly closeButton = el('button', { className: 'button', attrs: { type: 'button' } });
  private readonly list = el('ol', {
    className: 'triage__list',
    dataset: { testid: 'triage-list' },
  });
  private readonly empty = el('p', { className: 'triage__empty' });
  private readonly snapshot = el('div', {
    className: 'triage-snapshot',
    dataset: { testid: 'triage-snapshot' },
  });
  private readonly details = el('div', { className: 'triage__details' });
  private readonly confirmButton = el('button', {
    className: 'button button--primary',
    attrs: { type: 'button' },
    dataset: { testid: 'triage-confirm' },
  });
  private readonly dismissButton = el('button', {
    className: 'button button--danger',
    attrs: { type: 'button' },
    dataset: { testid: 'triage-dismiss' },
  });
  private readonly picker = el('div', {
    className: 'triage__picker',
    dataset: { testid: 'triage-reasons' },
  });
  private readonly pickerHeading = el('p', { className: 'triage__picker-heading' });
  private readonly reasonButtons = new Map<DismissReason, HTMLButtonElement>();
  private readonly status = el('p', { className: 'triage__status', attrs: { role: 'status' } });
  private queue: Incident[] = [];
  private index = -1;
  private reasonIndex = -1;
  private busy = false;
  private detail: IncidentDetail | null = null;
  private readonly images = new SnapshotImages();
  private readonly unsubscribeLocale: () => void;

  constructor(private readonly options: TriageQueueOptions) {
    this.picker.append(this.pickerHeading);
    DISMISS_REASONS.forEach((reason, i) => {
      const button = el('button', {
        className: 'button triage__reason',
        attrs: { type: 'button' },
        dataset: { reason },
      });
      button.addEventListener('click', () => void this.dismiss(reason));
      this.reasonButtons.set(reason, button);
      this.picker.append(button);
      button.dataset.key = String(i + 1);
    });
    this.picker.hidden = true;
    this.confirmButton.addEventListener('click', () => void this.confirm());
    this.dismissButton.addEventListener('click', () => this.openPicker());
    this.closeButton.addEventListener('click', () => this.options.onClose());
    this.element = el(
      'div',
      {
        className: 'triage',
        attrs: {
          role: 'dialog',
          'aria-modal': 'true',
          'aria-labelledby': 'triage-title',
          tabindex: '-1',
        },
        dataset: { testid: 'triage-queue' },
      },
      [
        el('header', { className: 'triage__header' }, [this.heading, this.help, this.closeButton]),
        el('div', { className: 'triage__body' }, [
          el('div', { className: 'triage__queue' }, [this.list, this.empty]),
          el('div', { className: 'triage__focus' }, [
            this.snapshot,
            this.details,
            el('div', { className: 'triage__actions' }, [this.confirmButton, this.dismissButton]),
            this.picker,
            this.status,
          ]),
        ]),
      ],
    );
    this.element.addEventListener('keydown', this.onKeyDown);
    this.unsubscribeLocale = onLocaleChange(() => this.render());
    this.sync();
  }

  /** Re-reads the queue (an incident changed); keeps the selection where it can. */
  sync(): void {
    const selected = this.queue[this.index]?.id ?? null;
    this.queue = triageOrder(this.options.incidents());
    const index = keepSelection(this.queue, selected, this.index);
    const changed = this.queue[index]?.id !== selected;
    this.index = index;
    if (changed) this.selectionChanged();
    this.render();
  }

  focus(): void {
    this.element.focus();
  }

  destroy(): void {
    this.images.clear();
    this.unsubscribeLocale();
    this.element.removeEventListener('keydown', this.onKeyDown);
  }

  get selected(): Incident | undefined {
    return this.queue[this.index];
  }

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement)
      return;
    const key = event.key;
    let handled = true;
    if (!this.picker.hidden) {
      if (key === 'Escape') this.closePicker();
      else if (key === 'ArrowDown' || key === 'ArrowUp')
        this.moveReason(key === 'ArrowDown' ? 1 : -1);
      else if (key === 'Enter' && this.reasonIndex >= 0)
        void this.dismiss(DISMISS_REASONS[this.reasonIndex]!);
      else if (/^[1-5]$/.test(key)) void this.dismiss(DISMISS_REASONS[Number(key) - 1]!);
      else handled = false;
    } else if (key === 'ArrowDown' || key === 'ArrowUp') this.move(key === 'ArrowDown' ? 1 : -1);
    else if (key === 'y' || key === 'Y') void this.confirm();
    else if (key === 'n' || key === 'N') this.openPicker();
    else if (key === 'Escape') this.options.onClose();
    else handled = false;
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  private move(step: number): void {
    if (this.queue.length === 0) return;
    this.index = Math.min(Math.max(this.index + step, 0), this.queue.length - 1);
    this.selectionChanged();
    this.render();
  }

  private selectionChanged(): void {
    this.closePicker();
    setText(this.status, '');
    this.detail = null;
    this.images.clear();
    this.loadDetail();
  }

  /** The hub stored a new frame of an incident's event: the selected one shows it. */
  framesAdded(incidentId: string): void {
    if (this.selected?.id === incidentId) this.loadDetail();
  }

  private loadDetail(): void {
    const incident = this.selected;
    if (!incident) return;
    void fetchIncidentDetail(incident.id).then(
      (detail) => {
        if (this.selected?.id !== detail.id) return;
        this.detail = detail;
        this.renderFocus();
      },
      () => undefined,
    );
  }

  private openPicker(): void {
    if (!this.selected || this.busy) return;
    this.picker.hidden = false;
    this.reasonIndex = 0;
    this.renderPicker();
  }

  private closePicker(): void {
    this.picker.hidden = true;
    this.reasonIndex = -1;
    this.renderPicker();
  }

  private moveReason(step: number): void {
    const count = DISMISS_REASONS.length;
    this.reasonIndex = (this.reasonIndex + step + count) % count;
    this.renderPicker();
  }

  private async confirm(): Promise<void> {
    const incident = this.selected;
    if (!incident) return;
    await this.send(incident, { action: 'confirm', version: incident.version });
  }

  private async dismiss(reason: DismissReason): Promise<void> {
    const incident = this.selected;
    if (!incident) return;
    this.closePicker();
    await this.send(incident, { action: 'dismiss', version: incident.version, reason });
  }

  private async send(incident: Incident, command: LifecycleCommand): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.render();
    try {
      await this.options.run(incident, command);
      setText(this.status, t(`action.done.${command.action}`));
    } catch (error) {
      setText(this.status, t('triage.error', { message: (error as Error).message }));
    } finally {
      this.busy = false;
      this.sync();
      this.element.focus();
    }
  }

  private render(): void {
    setText(this.heading, `${t('triage.heading')} (${this.queue.length})`);
    setText(this.help, t('triage.help'));
    setText(this.closeButton, t('triage.close'));
    setText(this.confirmButton, t('triage.confirm'));
    setText(this.dismissButton, t('triage.dismiss'));
    setText(this.empty, t('triage.empty'));
    this.empty.hidden = this.queue.length > 0;
    this.confirmButton.disabled = this.busy || !this.selected;
    this.dismissButton.disabled = this.busy || !this.selected;
    this.list.replaceChildren(
      ...this.queue.map((incident, i) => {
        const item = el(
          'li',
          {
            className: `triage__item sev-${incident.severity}${i === this.index ? ' triage__item--selected' : ''}`,
            dataset: { id: incident.id, testid: 'triage-item' },
          },
          [
            el('span', {
              className: `chip chip--sev-${incident.severity}`,
              text: severityLabel(incident.severity),
            }),
            el('span', { className: 'triage__title', text: incidentTitle(incident) }),
            el('span', { className: 'triage__time', text: formatDateTime(incident.lastSeen) }),
          ],
        );
        if (i === this.index) item.setAttribute('aria-selected', 'true');
        item.addEventListener('click', () => {
          this.index = i;
          this.selectionChanged();
          this.render();
        });
        return item;
      }),
    );
    this.list.querySelector('.triage__item--selected')?.scrollIntoView?.({ block: 'nearest' });
    this.renderFocus();
    this.renderPicker();
  }

  private renderFocus(): void {
    const incident = this.selected;
    const frame = this.detail ? newestFrame(this.detail) : null;
    if (frame) {
      // Fetched with the token (a bare <img src> gets 401) and kept as a blob URL.
      if (this.snapshot.querySelector('img')?.dataset.snapshotId !== frame.snapshot.id)
        this.snapshot.replaceChildren(this.images.image(frame, 'triage-snapshot__image'));
    } else {
      this.snapshot.replaceChildren(
        el('span', { className: 'triage-snapshot__placeholder', text: t('triage.noSnapshot') }),
      );
    }
    if (!incident) {
      this.details.replaceChildren();
      return;
    }
    const confidence = this.detail ? newestConfidence(this.detail) : null;
    this.details.replaceChildren(
      facts([
        [t('popup.type'), t(`eventType.${incident.type}`)],
        [t('popup.severity'), severityLabel(incident.severity)],
        [t('popup.zone'), zoneName(incident.zone)],
        [t('popup.sources'), incident.sources.join(', ')],
        [t('triage.confidence'), confidence === null ? '–' : formatPercent(confidence)],
        [t('popup.lastSeen'), formatDateTime(incident.lastSeen)],
      ]),
    );
  }

  private renderPicker(): void {
    setText(this.pickerHeading, t('triage.reasonHeading'));
    DISMISS_REASONS.forEach((reason, i) => {
      const button = this.reasonButtons.get(reason)!;
      setText(button, `${i + 1}. ${t(`dismissReason.${reason}`)}`);
      button.classList.toggle('triage__reason--selected', i === this.reasonIndex);
      button.disabled = this.busy;
    });
  }
}

/** The newest event's confidence, when its device gave one. */
function newestConfidence(detail: IncidentDetail): number | null {
  for (let i = detail.events.length - 1; i >= 0; i--) {
    const confidence = detail.events[i]?.confidence;
    if (confidence !== null && confidence !== undefined) return confidence;
  }
  return null;
}

/** The newest image of the incident's events (the one to judge by), if any. */
export function newestFrame(detail: IncidentDetail): Frame | null {
  return framesOf(detail.events).at(-1) ?? null;
}
