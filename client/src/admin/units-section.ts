import { UNIT_KINDS, type Unit, type UnitKind } from '@ioc/shared';
import { createUnit, updateUnit } from '../api/admin.api';
import { fetchUnits } from '../api/units.api';
import { t } from '../i18n/i18n';
import { el } from '../ui/dom';
import {
  button,
  cell,
  input,
  labeled,
  labelOptions,
  select,
  StatusLine,
  table,
  type AdminSection,
  type SectionContext,
} from './admin-dom';
import { readLocation } from './location-input';

/** Response units: create, and set available or off duty (busy is the dispatcher's). */
export class UnitsSection implements AdminSection {
  readonly element = el('section', {
    className: 'admin-section',
    dataset: { testid: 'admin-units' },
  });
  private readonly status: StatusLine;
  private readonly id = input('unit-id');
  private readonly name = input('unit-name');
  private readonly kind = select('unit-kind', UNIT_KINDS);
  private readonly zone = input('unit-zone');
  private readonly lat = input('unit-lat', 'number');
  private readonly lon = input('unit-lon', 'number');
  private units: Unit[] = [];

  constructor(context: SectionContext) {
    this.status = new StatusLine(context);
    for (const coordinate of [this.lat, this.lon]) coordinate.step = 'any';
  }

  async load(): Promise<void> {
    try {
      this.units = await fetchUnits();
    } catch (error) {
      this.status.failed(error);
    }
    this.render();
  }

  render(): void {
    labelOptions(this.kind, (kind) => t(`unitKind.${kind as UnitKind}`));
    const form = el('form', { className: 'admin-form', dataset: { testid: 'admin-unit-form' } }, [
      labeled(t('admin.field.id'), this.id),
      labeled(t('admin.field.name'), this.name),
      labeled(t('admin.field.kind'), this.kind),
      labeled(t('admin.field.zone'), this.zone),
      labeled(t('admin.field.lat'), this.lat),
      labeled(t('admin.field.lon'), this.lon),
      el('button', {
        className: 'button button--primary',
        text: t('admin.create'),
        attrs: { type: 'submit' },
        dataset: { testid: 'admin-unit-create' },
      }),
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.create();
    });
    this.status.render();
    this.element.replaceChildren(
      form,
      this.status.element,
      table(
        [
          t('admin.field.id'),
          t('admin.field.name'),
          t('admin.field.kind'),
          t('admin.field.zone'),
          t('admin.field.status'),
          t('admin.field.actions'),
        ],
        this.units.map((unit) => this.row(unit)),
      ),
    );
  }

  destroy(): void {
    this.element.remove();
  }

  private row(unit: Unit): HTMLElement {
    const next = unit.status === 'off_duty' ? 'available' : 'off_duty';
    const toggle = button(
      t(next === 'available' ? 'admin.units.setAvailable' : 'admin.units.setOffDuty'),
      'admin-unit-toggle',
      () => void this.change(unit, next),
    );
    toggle.disabled = unit.status === 'busy';
    return el('tr', { dataset: { testid: 'admin-unit-row', unitId: unit.id } }, [
      cell(unit.id),
      cell(unit.name),
      cell(t(`unitKind.${unit.kind}`)),
      cell(unit.homeZone ?? '—'),
      cell(t(`unitStatus.${unit.status}`)),
      cell(toggle),
    ]);
  }

  private async create(): Promise<void> {
    try {
      const unit = await createUnit({
        id: this.id.value.trim(),
        name: this.name.value.trim(),
        names: null,
        kind: this.kind.value as UnitKind,
        homeZone: this.zone.value.trim() || null,
        location: readLocation(this.lat, this.lon),
        status: 'available',
      });
      for (const field of [this.id, this.name, this.zone, this.lat, this.lon]) field.value = '';
      this.status.ok('admin.units.created', { name: unit.name });
      await this.load();
    } catch (error) {
      this.status.failed(error);
      this.render();
    }
  }

  private async change(unit: Unit, status: 'available' | 'off_duty'): Promise<void> {
    try {
      await updateUnit(unit.id, { status });
      this.status.ok('admin.units.updated', { name: unit.name });
    } catch (error) {
      this.status.failed(error);
    }
    await this.load();
  }
}
