import type { Unit, UnitKind } from '@ioc/shared';
import { unitName } from '../i18n/display-names';
import { t } from '../i18n/i18n';
import type { UnitStore } from '../state/unit-store';
import { el } from '../ui/dom';
import { L } from './leaflet-setup';
import { PANES } from './panes';
import { unitTooltip } from './popup-content';

/** One letter per kind of team, inside a badge coloured by the unit's status. */
export const UNIT_KIND_GLYPHS: Record<UnitKind, string> = {
  forest_rangers: 'R',
  fire_brigade: 'F',
  urban_order: 'U',
  traffic_police: 'T',
  environment: 'E',
  medical: 'M',
  other: '•',
};

export interface UnitLayerOptions {
  /** Where a busy unit's incident is, for the dashed line to it. */
  incidentLocation(id: string): { lat: number; lon: number } | null;
  onSelect(unit: Unit, event: L.LeafletMouseEvent): void;
}

/** Response units as DOM markers (there are tens, not thousands), with a line to their incident. */
export class UnitLayer {
  private readonly group = L.layerGroup();
  private readonly links = L.layerGroup();
  private readonly markers = new Map<string, { marker: L.Marker; badge: HTMLElement }>();
  private readonly lines = new Map<string, L.Polyline>();
  private map: L.Map | null = null;
  private visible = true;

  constructor(
    private readonly store: UnitStore,
    private readonly options: UnitLayerOptions,
  ) {}

  addTo(map: L.Map): this {
    this.map = map;
    if (this.visible) {
      this.group.addTo(map);
      this.links.addTo(map);
    }
    this.sync([...this.store.values()].map((unit) => unit.id));
    return this;
  }

  remove(): void {
    this.group.clearLayers();
    this.links.clearLayers();
    this.group.remove();
    this.links.remove();
    this.markers.clear();
    this.lines.clear();
    this.map = null;
  }

  get count(): number {
    return this.markers.size;
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (!this.map) return;
    if (visible) {
      this.group.addTo(this.map);
      this.links.addTo(this.map);
    } else {
      this.group.remove();
      this.links.remove();
    }
  }

  sync(ids: Iterable<string>): void {
    for (const id of ids) {
      const unit = this.store.get(id);
      const known = this.markers.get(id);
      if (!unit) {
        if (known) this.group.removeLayer(known.marker);
        this.markers.delete(id);
        this.setLine(id, null);
        continue;
      }
      if (known) {
        known.marker.setLatLng([unit.location.lat, unit.location.lon]);
        this.style(known.badge, unit);
      } else {
        this.add(unit);
      }
      this.setLine(id, unit);
    }
  }

  /** Re-draws the links after incidents moved or changed. */
  refreshLinks(): void {
    for (const unit of this.store.values()) this.setLine(unit.id, unit);
  }

  refreshOverlays(): void {
    for (const { marker, badge } of this.markers.values()) {
      const unit = this.store.get(badge.dataset.unitId ?? '');
      if (unit) this.style(badge, unit);
      if (marker.isTooltipOpen()) marker.getTooltip()?.update();
    }
  }

  private add(unit: Unit): void {
    const badge = el('div', {
      className: 'unit-marker',
      dataset: { testid: 'unit-marker', unitId: unit.id },
    });
    this.style(badge, unit);
    const marker = L.marker([unit.location.lat, unit.location.lon], {
      icon: L.divIcon({
        className: 'unit-marker-icon',
        html: badge,
        iconSize: [26, 26],
        iconAnchor: [13, 13],
      }),
      pane: PANES.units.name,
      keyboard: true,
      riseOnHover: true,
    });
    const id = unit.id;
    marker.bindTooltip(
      () => {
        const current = this.store.get(id);
        return current ? unitTooltip(current) : document.createElement('div');
      },
      { direction: 'top', offset: [0, -14] },
    );
    marker.on('click', (event: L.LeafletMouseEvent) => {
      const current = this.store.get(id);
      if (current) this.options.onSelect(current, event);
    });
    this.markers.set(id, { marker, badge });
    this.group.addLayer(marker);
  }

  private style(badge: HTMLElement, unit: Unit): void {
    badge.className = `unit-marker unit-marker--${unit.status}`;
    badge.dataset.status = unit.status;
    badge.textContent = UNIT_KIND_GLYPHS[unit.kind];
    badge.setAttribute('aria-label', `${unitName(unit)} · ${t(`unitStatus.${unit.status}`)}`);
  }

  private setLine(id: string, unit: Unit | null): void {
    const target =
      unit?.status === 'busy' && unit.incidentId
        ? this.options.incidentLocation(unit.incidentId)
        : null;
    const line = this.lines.get(id);
    if (!unit || !target) {
      if (line) this.links.removeLayer(line);
      this.lines.delete(id);
      return;
    }
    const path: L.LatLngExpression[] = [
      [unit.location.lat, unit.location.lon],
      [target.lat, target.lon],
    ];
    if (line) {
      line.setLatLngs(path);
      return;
    }
    const created = L.polyline(path, {
      pane: PANES.links.name,
      color: '#fbbf24',
      weight: 2,
      opacity: 0.85,
      dashArray: '6 6',
      interactive: false,
    });
    this.lines.set(id, created);
    this.links.addLayer(created);
  }
}
