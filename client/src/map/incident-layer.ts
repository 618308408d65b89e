import type { Incident } from '@ioc/shared';
import type { IncidentStore } from '../state/incident-store';
import { L } from './leaflet-setup';
import { incidentStyle } from './marker-style';
import { incidentPopup, incidentTooltip } from './popup-content';

const FOCUS_ZOOM = 15;

/**
 * One circle marker per open incident, kept in step with the IncidentStore by `sync`.
 * Popups and tooltips are built when opened (and rebuilt when the incident changes
 * while open), so thousands of markers cost no DOM until someone looks at one.
 */
export class IncidentLayer {
  private readonly markers = new Map<string, L.CircleMarker>();
  private readonly group = L.layerGroup();
  private selectedId: string | null = null;
  private map: L.Map | null = null;

  constructor(
    private readonly store: IncidentStore,
    private readonly renderer: L.Renderer,
    private readonly onSelect: (id: string) => void,
  ) {}

  addTo(map: L.Map): this {
    this.map = map;
    this.group.addTo(map);
    this.sync(this.allIds());
    return this;
  }

  remove(): void {
    this.group.clearLayers();
    this.group.remove();
    this.markers.clear();
    this.map = null;
  }

  get count(): number {
    return this.markers.size;
  }

  /** Brings the markers of these incidents in line with the store. */
  sync(ids: Iterable<string>): void {
    for (const id of ids) {
      const incident = this.store.get(id);
      const marker = this.markers.get(id);
      if (!incident) {
        if (marker) this.drop(id, marker);
      } else if (marker) {
        this.update(marker, incident);
      } else {
        this.add(incident);
      }
    }
  }

  /** Re-renders every open popup or tooltip (e.g. after a language change). */
  refreshOverlays(): void {
    for (const marker of this.markers.values()) {
      if (marker.isPopupOpen()) marker.getPopup()?.update();
      if (marker.isTooltipOpen()) marker.getTooltip()?.update();
    }
  }

  /** Incidents are drawn over devices; call after devices were added to the shared canvas. */
  raise(): void {
    for (const marker of this.markers.values()) marker.bringToFront();
    if (this.selectedId) this.markers.get(this.selectedId)?.bringToFront();
  }

  select(id: string | null): void {
    if (id === this.selectedId) return;
    const previousId = this.selectedId;
    this.selectedId = id;
    if (previousId) this.restyleById(previousId);
    if (id) {
      this.restyleById(id);
      this.markers.get(id)?.bringToFront();
    }
  }

  /** Flies to an incident and opens its popup once there. */
  focus(id: string): void {
    const marker = this.markers.get(id);
    const map = this.map;
    if (!marker || !map) return;
    const target = marker.getLatLng();
    const zoom = Math.max(map.getZoom(), FOCUS_ZOOM);
    if (map.getZoom() === zoom && map.getBounds().pad(-0.2).contains(target)) {
      marker.openPopup();
      return;
    }
    map.once('moveend', () => {
      if (this.markers.get(id) === marker) marker.openPopup();
    });
    map.flyTo(target, zoom, { duration: 0.8 });
  }

  private allIds(): string[] {
    return [...this.store.values()].map((incident) => incident.id);
  }

  private add(incident: Incident): void {
    const id = incident.id;
    const marker = L.circleMarker([incident.location.lat, incident.location.lon], {
      ...incidentStyle(incident, id === this.selectedId),
      renderer: this.renderer,
      bubblingMouseEvents: false,
    });
    const current = (): Incident | undefined => this.store.get(id);
    marker.bindTooltip(() => this.content(current(), incidentTooltip), {
      direction: 'top',
      offset: [0, -8],
    });
    marker.bindPopup(() => this.content(current(), incidentPopup), {
      maxWidth: 340,
      autoPanPadding: [24, 24],
    });
    marker.on('click', () => this.onSelect(id));
    marker.on('popupopen', () => marker.closeTooltip());
    this.markers.set(id, marker);
    this.group.addLayer(marker);
  }

  private update(marker: L.CircleMarker, incident: Incident): void {
    const at = marker.getLatLng();
    if (at.lat !== incident.location.lat || at.lng !== incident.location.lon) {
      marker.setLatLng([incident.location.lat, incident.location.lon]);
    }
    this.restyle(marker, incident);
    if (marker.isPopupOpen()) marker.getPopup()?.update();
    if (marker.isTooltipOpen()) marker.getTooltip()?.update();
  }

  private restyleById(id: string): void {
    const marker = this.markers.get(id);
    const incident = this.store.get(id);
    if (marker && incident) this.restyle(marker, incident);
  }

  private restyle(marker: L.CircleMarker, incident: Incident): void {
    const { radius, ...style } = incidentStyle(incident, incident.id === this.selectedId);
    marker.setStyle(style);
    if (marker.getRadius() !== radius) marker.setRadius(radius);
  }

  private drop(id: string, marker: L.CircleMarker): void {
    marker.closePopup();
    this.group.removeLayer(marker);
    this.markers.delete(id);
    if (this.selectedId === id) this.selectedId = null;
  }

  private content(
    incident: Incident | undefined,
    build: (incident: Incident) => HTMLElement,
  ): HTMLElement {
    return incident ? build(incident) : document.createElement('div');
  }
}
