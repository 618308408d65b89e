import { haversineM, UNIT_CHANGE_STATUSES, type Incident } from '@ioc/shared';
import { unitName } from '../i18n/display-names';
import { formatDistance } from '../i18n/format';
import { t } from '../i18n/i18n';
import type { UnitStore } from '../state/unit-store';
import { el } from './dom';

export interface AssignedUnitsOptions {
  units: UnitStore;
  release(unitId: string): void;
}

/**
 * The units out on a dispatched incident, each with its distance and a Release button. The
 * last one cannot be released (the hub refuses it too): reassigning is adding the new unit
 * first, then releasing the old one.
 */
export class AssignedUnits {
  readonly element = el('div', { className: 'assigned-units', dataset: { testid: 'panel-units' } });
  private readonly heading = el('h4', { className: 'assigned-units__heading' });
  private readonly list = el('ul', { className: 'assigned-units__list' });
  private readonly hint = el('p', { className: 'panel__hint' });
  private busy = false;
  private incident: Incident | null = null;

  constructor(private readonly options: AssignedUnitsOptions) {
    this.element.append(this.heading, this.list, this.hint);
    this.element.hidden = true;
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.render();
  }

  set(incident: Incident | null): void {
    this.incident = incident;
    this.render();
  }

  private render(): void {
    const incident = this.incident;
    const shown = incident !== null && UNIT_CHANGE_STATUSES.includes(incident.status);
    this.element.hidden = !shown;
    if (!incident || !shown) return;
    const ids = incident.assignedUnitIds.length
      ? incident.assignedUnitIds
      : incident.assignedUnitId
        ? [incident.assignedUnitId]
        : [];
    this.heading.textContent = t('units.assigned', { count: String(ids.length) });
    this.hint.textContent = t('units.reassignHint');
    this.list.replaceChildren(
      ...ids.map((unitId) => {
        const unit = this.options.units.get(unitId);
        const distance = unit ? formatDistance(haversineM(unit.location, incident.location)) : '';
        const label = unit ? `${unitName(unit)} · ${t(`unitKind.${unit.kind}`)}` : unitId;
        const release = el('button', {
          className: 'button button--small',
          text: t('units.release'),
          attrs: {
            type: 'button',
            'aria-label': t('units.releaseNamed', { name: unit ? unitName(unit) : unitId }),
          },
          dataset: { testid: 'release-unit', unitId },
        });
        release.disabled = this.busy || ids.length < 2;
        if (ids.length < 2) release.title = t('units.lastUnitHint');
        release.addEventListener('click', () => this.options.release(unitId));
        return el(
          'li',
          { className: 'assigned-units__item', dataset: { testid: 'assigned-unit', unitId } },
          [
            el('span', { className: 'assigned-units__distance', text: distance }),
            el('span', { className: 'assigned-units__name', text: label }),
            release,
          ],
        );
      }),
    );
  }
}
