import { centroid, type Incident, type Unit } from '@ioc/shared';
import type { ClientConfig } from '../api/config.api';
import { onLocaleChange } from '../i18n/i18n';
import type { AlarmReason } from '../state/attention';
import type { DeviceStore } from '../state/device-store';
import type { UnitStore } from '../state/unit-store';
import { TextAttributionControl } from './attribution-control';
import { DeviceLayer, type DevicePick } from './device-layer';
import { IncidentLayer, type IncidentPick } from './incident-layer';
import { AlarmLayer } from './alarm-layer';
import { L } from './leaflet-setup';
import {
  LayerToggleControl,
  LegendControl,
  loadLayerVisibility,
  saveLayerVisibility,
  ViewControl,
  type MapLayerKey,
} from './map-controls';
import { OfflineBasemap } from './offline-basemap';
import { createPanes, PANES } from './panes';
import {
  deviceClusterTooltip,
  devicePopup,
  deviceTooltip,
  incidentClusterTooltip,
  incidentTooltip,
} from './popup-content';
import { createTileBasemap } from './tile-basemap';
import { TriangulationLayer } from './triangulation-layer';
import { UnitLayer } from './unit-layer';
import { ZoneLayer } from './zone-layer';

/**
 * The whole Da Lat area the console watches: Langbiang (~12.05 N) in the north, the Prenn
 * pass in the south, Ta Nung in the west and Trai Mat in the east.
 */
export const DA_LAT_OVERVIEW = L.latLngBounds([11.855, 108.345], [12.075, 108.51]);
export const FOCUS_ZOOM = 15;

export interface MapViewOptions {
  devices: DeviceStore;
  units: UnitStore;
  /** The incidents the feed shows (the map shows the same ones). */
  visibleIncidents(): Iterable<Incident>;
  lookupIncident(id: string): Incident | undefined;
  onIncidentSelect(id: string): void;
  onUnitSelect(unit: Unit): void;
}

/** Room kept free on the left for the layer and legend panels when fitting the view. */
const OVERVIEW_PADDING = {
  topLeft: [250, 16] as [number, number],
  bottomRight: [16, 16] as [number, number],
};

type Pick = IncidentPick | DevicePick;

/**
 * The Leaflet map: offline basemap, optional tiles, zones, the device and incident
 * canvases, alarm pulses, units, and the controls (layers, legend, overview).
 */
export class MapView {
  readonly map: L.Map;
  readonly incidents: IncidentLayer;
  readonly devices: DeviceLayer;
  readonly alarms = new AlarmLayer();
  readonly units: UnitLayer;
  readonly zones: ZoneLayer;
  private readonly triangulation: TriangulationLayer;
  private selectedId: string | null = null;
  private readonly basemap = new OfflineBasemap();
  private readonly attribution = new TextAttributionControl();
  private readonly visibility = loadLayerVisibility();
  private tiles: L.TileLayer | null = null;
  private readonly hoverTip = L.tooltip({
    direction: 'top',
    offset: [0, -10],
    className: 'map-tip',
  });
  private hoverFrame: number | null = null;
  private pendingHover: L.Point | null = null;
  private hovered: string | null = null;
  private returnView: { center: L.LatLng; zoom: number } | null = null;
  private moving = false;
  private readonly unsubscribeLocale: () => void;

  constructor(
    container: HTMLElement,
    private readonly options: MapViewOptions,
  ) {
    this.map = L.map(container, {
      minZoom: 9,
      maxZoom: 19,
      attributionControl: false,
      zoomSnap: 0.25,
      zoomDelta: 0.5,
      wheelPxPerZoomLevel: 90,
    });
    // A first view before the panels exist; `showOverview` refines it once they are measured.
    this.map.fitBounds(DA_LAT_OVERVIEW, { animate: false });
    createPanes(this.map);
    this.attribution.addTo(this.map);
    this.basemap.addTo(this.map);
    new ViewControl({
      overview: () => this.showOverview(),
      fitIncidents: () => this.fitIncidents(),
    }).addTo(this.map);
    new LayerToggleControl(this.visibility, (key, visible) =>
      this.setLayerVisible(key, visible),
    ).addTo(this.map);
    new LegendControl().addTo(this.map);

    this.zones = new ZoneLayer(options.devices).addTo(this.map);
    this.devices = new DeviceLayer(options.devices, PANES.devices.name);
    this.devices.addTo(this.map);
    this.incidents = new IncidentLayer(
      { incidents: () => options.visibleIncidents() },
      PANES.incidents.name,
    );
    this.incidents.addTo(this.map);
    this.alarms.addTo(this.map);
    this.triangulation = new TriangulationLayer(this.map);
    this.units = new UnitLayer(options.units, {
      incidentLocation: (id) => options.lookupIncident(id)?.location ?? null,
      onSelect: (unit, event) => {
        // An incident drawn under the unit's badge wins: incidents are what operators work.
        const incident = this.incidents.pick(event.containerPoint);
        if (incident?.kind === 'incident') options.onIncidentSelect(incident.id);
        else options.onUnitSelect(unit);
      },
    }).addTo(this.map);
    for (const key of Object.keys(this.visibility) as MapLayerKey[]) this.applyVisibility(key);

    this.map.on('mousemove', this.onMouseMove);
    this.map.on('mouseout', this.onMouseOut);
    this.map.on('click', this.onClick);
    this.map.on('zoomstart movestart', this.clearHover);
    this.map.on('movestart', this.onMoveStart);
    this.map.on('moveend', this.onMoveEnd);
    this.map.fitBounds(DA_LAT_OVERVIEW, { ...this.fitPadding(), animate: false });
    this.unsubscribeLocale = onLocaleChange(() => {
      this.units.refreshOverlays();
      this.clearHover();
    });
  }

  /** Applies `GET /api/config`: a tile layer when one is configured, else vectors only. */
  applyConfig(config: ClientConfig): void {
    this.tiles?.remove();
    this.tiles = createTileBasemap(config);
    this.tiles?.addTo(this.map);
    this.attribution.setTileAttribution(this.tiles ? config.tileAttribution : null);
  }

  setLayerVisible(key: MapLayerKey, visible: boolean): void {
    this.visibility[key] = visible;
    saveLayerVisibility(this.visibility);
    this.applyVisibility(key);
  }

  syncDevices(ids: Iterable<string>): void {
    this.devices.sync(ids);
    this.zones.invalidate();
  }

  /** Incidents changed (data or filter): repaint their canvas and the units' links. */
  refreshIncidents(): void {
    this.incidents.requestDataPaint();
    this.units.refreshLinks();
    // A new ray refines the selected incident's place: redraw its rays and estimate.
    if (this.selectedId) this.triangulation.show(this.options.lookupIncident(this.selectedId));
  }

  setAlarm(id: string, incident: Incident | undefined, reason: AlarmReason | null): void {
    this.alarms.set(id, incident, reason);
  }

  select(id: string | null): void {
    this.incidents.select(id);
    this.selectedId = id;
    this.triangulation.show(id ? this.options.lookupIncident(id) : undefined);
  }

  /**
   * Flies to an incident, keeping it clear of a panel `insetRight` pixels wide on the
   * right; the first flight remembers where the map was, for `flyBack`.
   */
  flyTo(location: { lat: number; lon: number }, insetRight = 0): void {
    if (!this.returnView)
      this.returnView = { center: this.map.getCenter(), zoom: this.map.getZoom() };
    const zoom = Math.max(this.map.getZoom(), FOCUS_ZOOM);
    const point = this.map.project([location.lat, location.lon], zoom).add([insetRight / 2, 0]);
    this.move(this.map.unproject(point, zoom), zoom);
  }

  /** Back to where the map was before `flyTo`. */
  flyBack(): void {
    const view = this.returnView;
    this.returnView = null;
    if (view) this.move(view.center, view.zoom);
  }

  /** True while the map is not panning, zooming or flying (tests wait for it before a screenshot). */
  get idle(): boolean {
    return !this.moving;
  }

  showOverview(): void {
    this.returnView = null;
    this.map.flyToBounds(DA_LAT_OVERVIEW, {
      ...this.fitPadding(),
      duration: reducedMotion() ? 0 : 0.8,
    });
  }

  fitIncidents(): void {
    const points = [...this.options.visibleIncidents()].map(
      (incident) => [incident.location.lat, incident.location.lon] as [number, number],
    );
    if (points.length === 0) return this.showOverview();
    this.returnView = null;
    this.map.flyToBounds(L.latLngBounds(points), {
      ...this.fitPadding(48),
      maxZoom: 16,
      duration: reducedMotion() ? 0 : 0.8,
    });
  }

  destroy(): void {
    this.unsubscribeLocale();
    if (this.hoverFrame !== null) cancelAnimationFrame(this.hoverFrame);
    this.map.off('mousemove', this.onMouseMove);
    this.map.off('mouseout', this.onMouseOut);
    this.map.off('click', this.onClick);
    this.map.off('zoomstart movestart', this.clearHover);
    this.map.off('movestart', this.onMoveStart);
    this.map.off('moveend', this.onMoveEnd);
    this.units.remove();
    this.alarms.remove();
    this.zones.remove();
    this.incidents.remove();
    this.devices.remove();
    this.basemap.remove();
    this.tiles?.remove();
    this.map.remove();
  }

  /** Keeps the left panels (layers, legend) clear when the map is wide enough to afford it. */
  private fitPadding(extra = 0): {
    paddingTopLeft: L.PointTuple;
    paddingBottomRight: L.PointTuple;
  } {
    const wide = this.map.getSize().x > 900;
    const [left, top] = OVERVIEW_PADDING.topLeft;
    const [right, bottom] = OVERVIEW_PADDING.bottomRight;
    return {
      paddingTopLeft: [(wide ? left : right) + extra, top + extra],
      paddingBottomRight: [right + extra, bottom + extra],
    };
  }

  private readonly onMoveStart = (): void => {
    this.moving = true;
  };

  private readonly onMoveEnd = (): void => {
    this.moving = false;
  };

  private move(center: L.LatLngExpression, zoom: number): void {
    if (reducedMotion()) this.map.setView(center, zoom, { animate: false });
    else this.map.flyTo(center, zoom, { duration: 0.8 });
  }

  private applyVisibility(key: MapLayerKey): void {
    const visible = this.visibility[key];
    switch (key) {
      case 'incidents':
        this.incidents.setVisible(visible);
        this.alarms.setVisible(this.map, visible);
        break;
      case 'devices':
        this.devices.setVisible(visible);
        break;
      case 'cameraViews':
        this.devices.setConesVisible(visible);
        break;
      case 'units':
        this.units.setVisible(visible);
        break;
      case 'zones':
        this.zones.setVisible(visible);
        break;
    }
    this.clearHover();
  }

  private pick(point: L.Point): Pick | null {
    return this.incidents.pick(point) ?? this.devices.pick(point);
  }

  private readonly onMouseMove = (event: L.LeafletMouseEvent): void => {
    this.pendingHover = event.containerPoint;
    if (this.hoverFrame !== null) return;
    this.hoverFrame = requestAnimationFrame(() => {
      this.hoverFrame = null;
      if (this.pendingHover) this.hover(this.pendingHover);
    });
  };

  private readonly onMouseOut = (): void => {
    this.pendingHover = null;
    this.clearHover();
  };

  private hover(point: L.Point): void {
    const picked = this.pick(point);
    const key = picked ? pickKey(picked) : null;
    this.map.getContainer().style.cursor = picked ? 'pointer' : '';
    if (key === this.hovered) return;
    this.hovered = key;
    if (!picked) {
      this.map.closeTooltip(this.hoverTip);
      return;
    }
    const content = this.describe(picked);
    if (!content) return;
    this.hoverTip.setLatLng(content.at).setContent(content.element);
    this.map.openTooltip(this.hoverTip);
  }

  private readonly clearHover = (): void => {
    this.hovered = null;
    this.map.closeTooltip(this.hoverTip);
    this.map.getContainer().style.cursor = '';
  };

  private describe(picked: Pick): { at: L.LatLng; element: HTMLElement } | null {
    switch (picked.kind) {
      case 'incident': {
        const incident = this.options.lookupIncident(picked.id);
        return incident
          ? { at: latLng(incident.location), element: incidentTooltip(incident) }
          : null;
      }
      case 'incident-cluster': {
        const incidents = picked.ids.map((id) => this.options.lookupIncident(id)).filter(isDefined);
        const at = centroid(incidents.map((i) => i.location));
        return at ? { at: latLng(at), element: incidentClusterTooltip(incidents) } : null;
      }
      case 'device': {
        const device = this.options.devices.get(picked.id);
        return device?.location
          ? { at: latLng(device.location), element: deviceTooltip(device) }
          : null;
      }
      case 'device-cluster': {
        const devices = picked.ids.map((id) => this.options.devices.get(id)).filter(isDefined);
        const at = centroid(devices.map((d) => d.location).filter(isDefined));
        return at ? { at: latLng(at), element: deviceClusterTooltip(devices) } : null;
      }
    }
  }

  private readonly onClick = (event: L.LeafletMouseEvent): void => {
    const picked = this.pick(event.containerPoint);
    if (!picked) return;
    this.clearHover();
    switch (picked.kind) {
      case 'incident':
        this.options.onIncidentSelect(picked.id);
        break;
      case 'incident-cluster':
        this.zoomInto(
          picked.ids.map((id) => this.options.lookupIncident(id)?.location).filter(isDefined),
          FOCUS_ZOOM,
        );
        break;
      case 'device': {
        const device = this.options.devices.get(picked.id);
        if (device?.location)
          L.popup({ maxWidth: 320, className: 'map-popup' })
            .setLatLng(latLng(device.location))
            .setContent(devicePopup(device))
            .openOn(this.map);
        break;
      }
      case 'device-cluster':
        this.zoomInto(
          picked.ids
            .map((id) => this.options.devices.get(id)?.location ?? undefined)
            .filter(isDefined),
          17,
        );
        break;
    }
  };

  /** Opens a bubble: zooms until its members separate (or as far as the map goes). */
  private zoomInto(points: { lat: number; lon: number }[], minZoom: number): void {
    if (points.length === 0) return;
    const bounds = L.latLngBounds(points.map((p) => [p.lat, p.lon] as [number, number]));
    const zoom = Math.min(
      this.map.getMaxZoom(),
      Math.max(
        this.map.getBoundsZoom(bounds, false, L.point(80, 80)),
        Math.min(minZoom, this.map.getZoom() + 2),
      ),
    );
    this.returnView = null;
    this.move(bounds.getCenter(), zoom);
  }
}

function pickKey(picked: Pick): string {
  switch (picked.kind) {
    case 'incident':
    case 'device':
      return `${picked.kind}:${picked.id}`;
    case 'incident-cluster':
    case 'device-cluster':
      return `${picked.kind}:${picked.ids.length}:${picked.ids[0] ?? ''}:${Math.round(picked.x)},${Math.round(picked.y)}`;
  }
}

function latLng(location: { lat: number; lon: number }): L.LatLng {
  return L.latLng(location.lat, location.lon);
}

function isDefined<T>(value: T | undefined | null): value is T {
  return value !== undefined && value !== null;
}

function reducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}
