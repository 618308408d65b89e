import {
  allowedActions,
  haversineM,
  NOTE_MAX_LENGTH,
  RESOLUTIONS,
  UNIT_CHANGE_STATUSES,
  type Incident,
  type LifecycleAction,
  type HumanResolution,
  type Unit,
} from '@ioc/shared';
import type { PanelCommand } from '../api/incidents.api';
import { unitName } from '../i18n/display-names';
import { formatDistance } from '../i18n/format';
import { onLocaleChange, t } from '../i18n/i18n';
import type { UnitStore } from '../state/unit-store';
import { needsConfirmation } from './action-confirmation';
import { el } from './dom';
import { AssignedUnits } from './assigned-units';

/** Whether a role gets these buttons at all: shared's lifecycle table decides (docs/contract.md §6). */
export { canTransition } from '@ioc/shared';

/** Units a dispatcher can send, nearest first. */
export function availableUnits(
  units: Iterable<Unit>,
  incident: Incident,
): { unit: Unit; distanceM: number }[] {
  return [...units]
    .filter((unit) => unit.status === 'available')
    .map((unit) => ({ unit, distanceM: haversineM(unit.location, incident.location) }))
    .sort((a, b) => a.distanceM - b.distanceM || unitName(a.unit).localeCompare(unitName(b.unit)));
}

export interface PanelActionsOptions {
  units: UnitStore;
  /** `shown`: the incident as the panel displayed it when the button was pressed. */
  run(command: PanelCommand, shown: Incident): Promise<void>;
}

/**
 * The transition buttons of the panel, only for roles that may use them: acknowledge,
 * dispatch to a chosen available unit (then add more, or release one), resolve with a
 * resolution, close, each with an optional note. Resolve and close of a high or critical
 * incident ask first. Inputs persist across live updates, so a typed note is never lost.
 */
export class PanelActions {
  readonly element: HTMLElement;
  private readonly heading = el('h3', { className: 'panel__heading' });
  private readonly acknowledge = button('action-acknowledge', 'button--primary');
  private readonly dispatchUnit = el('select', {
    className: 'actions__select',
    dataset: { testid: 'dispatch-unit' },
  });
  private readonly dispatch = button('action-dispatch', 'button--primary');
  private readonly addUnit = button('action-add-unit', 'button--primary');
  private readonly assigned: AssignedUnits;
  private readonly confirmText = el('p', {
    className: 'actions__confirm-text',
    dataset: { testid: 'confirm-text' },
  });
  private readonly confirmYes = button('action-confirm', 'button--danger');
  private readonly confirmNo = button('action-cancel');
  private readonly confirmRow = el(
    'div',
    { className: 'actions__confirm', dataset: { testid: 'action-confirmation' } },
    [this.confirmText, el('div', { className: 'actions__row' }, [this.confirmYes, this.confirmNo])],
  );
  /** A resolve or close waiting for "yes". */
  private pending: PanelCommand | null = null;
  private readonly dispatchRow = el('div', {
    className: 'actions__row',
    dataset: { group: 'dispatch' },
  });
  private readonly resolution = el('select', {
    className: 'actions__select',
    dataset: { testid: 'resolve-resolution' },
  });
  private readonly resolve = button('action-resolve');
  private readonly resolveRow = el('div', {
    className: 'actions__row',
    dataset: { group: 'resolve' },
  });
  private readonly close = button('action-close');
  private readonly note = el('input', {
    className: 'actions__note',
    attrs: { type: 'text', maxlength: String(NOTE_MAX_LENGTH), autocomplete: 'off' },
    dataset: { testid: 'transition-note' },
  });
  private readonly none = el('p', { className: 'panel__hint' });
  private incident: Incident | null = null;
  private busy = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: PanelActionsOptions) {
    this.assigned = new AssignedUnits({
      units: options.units,
      release: (unitId) => this.submitUnit('releaseUnit', unitId),
    });
    this.dispatchRow.append(this.dispatchUnit, this.dispatch, this.addUnit);
    this.resolveRow.append(this.resolution, this.resolve);
    this.element = el(
      'section',
      { className: 'panel__section panel__actions', dataset: { testid: 'panel-actions' } },
      [
        this.heading,
        el('div', { className: 'actions__row' }, [this.acknowledge, this.close]),
        this.assigned.element,
        this.dispatchRow,
        this.resolveRow,
        this.confirmRow,
        this.note,
        this.none,
      ],
    );
    this.acknowledge.addEventListener('click', () => this.submit('acknowledge'));
    this.dispatch.addEventListener('click', () => this.submit('dispatch'));
    this.resolve.addEventListener('click', () => this.submit('resolve'));
    this.close.addEventListener('click', () => this.submit('close'));
    this.addUnit.addEventListener('click', () => {
      if (this.dispatchUnit.value) this.submitUnit('addUnit', this.dispatchUnit.value);
    });
    this.confirmYes.addEventListener('click', () => {
      const command = this.pending;
      this.cancelConfirmation();
      if (command) this.send(command);
    });
    this.confirmNo.addEventListener('click', () => this.cancelConfirmation());
    this.unsubscribe = onLocaleChange(() => this.render());
    this.render();
  }

  destroy(): void {
    this.unsubscribe();
  }

  set(incident: Incident): void {
    const changedIncident = this.incident?.id !== incident.id;
    this.incident = incident;
    if (changedIncident) {
      this.note.value = '';
      this.pending = null;
    }
    this.render();
  }

  /** Units changed: refresh the dispatch list, keeping the choice when it is still free. */
  refreshUnits(): void {
    this.renderUnits();
    this.assigned.set(this.incident);
    this.renderState();
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.element.classList.toggle('panel__actions--busy', busy);
    this.renderState();
  }

  private submitUnit(action: 'addUnit' | 'releaseUnit', unitId: string): void {
    const incident = this.incident;
    if (!incident || this.busy) return;
    const note = this.note.value.trim() || undefined;
    this.send({ action, version: incident.version, unitId, note });
  }

  private submit(action: LifecycleAction): void {
    const incident = this.incident;
    if (!incident || this.busy) return;
    const note = this.note.value.trim() || undefined;
    let command: PanelCommand;
    switch (action) {
      // Triage has its own queue (triage-queue.ts); the panel has no buttons for it.
      case 'confirm':
      case 'dismiss':
        return;
      case 'acknowledge':
        command = { action, version: incident.version, note };
        break;
      case 'dispatch':
        if (!this.dispatchUnit.value) return;
        command = { action, version: incident.version, unitId: this.dispatchUnit.value, note };
        break;
      case 'resolve':
        command = {
          action,
          version: incident.version,
          resolution: this.resolution.value as HumanResolution,
          note,
        };
        break;
      case 'close':
        command = { action, version: incident.version, note };
        break;
    }
    if (needsConfirmation(command, incident.severity)) {
      this.pending = command;
      this.renderConfirmation();
      this.confirmYes.focus();
      return;
    }
    this.send(command);
  }

  private send(command: PanelCommand): void {
    const incident = this.incident;
    if (!incident || this.busy) return;
    void this.options.run(command, incident).then(() => {
      if (this.incident?.id === incident.id) this.note.value = '';
    });
  }

  private cancelConfirmation(): void {
    this.pending = null;
    this.renderConfirmation();
  }

  private renderConfirmation(): void {
    const command = this.pending;
    const incident = this.incident;
    this.confirmRow.hidden = !command || !incident;
    if (!command || !incident) return;
    const severity = t(`severity.${incident.severity}`);
    this.confirmText.textContent =
      command.action === 'resolve'
        ? t('action.confirmResolve', {
            severity,
            resolution: t(`resolution.${command.resolution}`),
          })
        : t('action.confirmClose', { severity });
    this.confirmYes.textContent =
      command.action === 'resolve' ? t('action.confirmResolveYes') : t('action.confirmCloseYes');
    this.confirmNo.textContent = t('action.cancel');
  }

  private render(): void {
    this.heading.textContent = t('panel.actions');
    this.acknowledge.textContent = t('action.acknowledge');
    this.dispatch.textContent = t('action.dispatch');
    this.addUnit.textContent = t('action.addUnit');
    this.resolve.textContent = t('action.resolve');
    this.close.textContent = t('action.close');
    this.note.placeholder = t('action.notePlaceholder');
    this.note.setAttribute('aria-label', t('action.notePlaceholder'));
    this.dispatchUnit.setAttribute('aria-label', t('action.chooseUnit'));
    this.resolution.setAttribute('aria-label', t('action.chooseResolution'));
    const chosen = this.resolution.value || 'handled';
    this.resolution.replaceChildren(
      ...RESOLUTIONS.map((resolution) => option(resolution, t(`resolution.${resolution}`))),
    );
    this.resolution.value = chosen;
    this.renderUnits();
    this.renderState();
    this.renderConfirmation();
  }

  private renderUnits(): void {
    const incident = this.incident;
    const chosen = this.dispatchUnit.value;
    const choices = incident ? availableUnits(this.options.units.values(), incident) : [];
    if (choices.length === 0) {
      const empty = option('', t('action.noUnit'));
      empty.disabled = true;
      this.dispatchUnit.replaceChildren(empty);
      this.dispatchUnit.value = '';
      return;
    }
    this.dispatchUnit.replaceChildren(
      ...choices.map(({ unit, distanceM }) =>
        // Distance first: it is what a dispatcher chooses by, and a narrow list cuts the end.
        option(
          unit.id,
          `${formatDistance(distanceM)} · ${unitName(unit)} · ${t(`unitKind.${unit.kind}`)}`,
        ),
      ),
    );
    this.dispatchUnit.value = choices.some((c) => c.unit.id === chosen)
      ? chosen
      : (choices[0]?.unit.id ?? '');
  }

  private renderState(): void {
    const status = this.incident?.status;
    const allowed = new Set(status ? allowedActions(status) : []);
    const unitsChange = status !== undefined && UNIT_CHANGE_STATUSES.includes(status);
    this.acknowledge.hidden = !allowed.has('acknowledge');
    this.dispatchRow.hidden = !allowed.has('dispatch') && !unitsChange;
    this.dispatch.hidden = !allowed.has('dispatch');
    this.addUnit.hidden = !unitsChange;
    this.assigned.set(this.incident);
    this.assigned.setBusy(this.busy);
    this.resolveRow.hidden = !allowed.has('resolve');
    this.close.hidden = !allowed.has('close');
    const nothing = allowed.size === 0;
    this.note.hidden = nothing;
    this.none.hidden = !nothing;
    this.none.textContent = t('panel.noActions');
    for (const control of [
      this.acknowledge,
      this.dispatch,
      this.addUnit,
      this.resolve,
      this.close,
      this.dispatchUnit,
      this.resolution,
      this.confirmYes,
    ])
      control.disabled = this.busy;
    if (!this.dispatchUnit.value) {
      this.dispatch.disabled = true;
      this.addUnit.disabled = true;
    }
  }
}

function button(testid: string, extra = ''): HTMLButtonElement {
  return el('button', {
    className: `button ${extra}`.trim(),
    attrs: { type: 'button' },
    dataset: { testid },
  });
}

function option(value: string, label: string): HTMLOptionElement {
  const element = document.createElement('option');
  element.value = value;
  element.textContent = label;
  return element;
}
