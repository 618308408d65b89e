import { DA_LAT_CENTER } from '@ioc/shared';
import type { ClientConfig } from '../api/config.api';
import { onLocaleChange } from '../i18n/i18n';
import type { DeviceStore } from '../state/device-store';
import type { IncidentStore } from '../state/incident-store';
import { TextAttributionControl } from './attribution-control';
import { DeviceLayer } from './device-layer';
import { IncidentLayer } from './incident-layer';
import { L } from './leaflet-setup';
import { OfflineBasemap } from './offline-basemap';
import { createPanes, PANES } from './panes';
import { createTileBasemap } from './tile-basemap';

export const DEFAULT_ZOOM = 13;

export interface MapViewOptions {
  incidents: IncidentStore;
  devices: DeviceStore;
  onIncidentSelect: (id: string) => void;
}

/** The Leaflet map: offline basemap, optional tiles, device and incident markers. */
export class MapView {
  readonly map: L.Map;
  readonly incidents: IncidentLayer;
  readonly devices: DeviceLayer;
  private readonly basemap = new OfflineBasemap();
  private readonly attribution = new TextAttributionControl();
  private tiles: L.TileLayer | null = null;
  private readonly unsubscribeLocale: () => void;

  constructor(container: HTMLElement, options: MapViewOptions) {
    this.map = L.map(container, {
      center: [DA_LAT_CENTER.lat, DA_LAT_CENTER.lon],
      zoom: DEFAULT_ZOOM,
      minZoom: 8,
      maxZoom: 19,
      // Canvas, not one SVG node per marker: 10,000 devices must stay smooth.
      preferCanvas: true,
      attributionControl: false,
    });
    createPanes(this.map);
    this.attribution.addTo(this.map);
    this.basemap.addTo(this.map);

    const markers = L.canvas({ pane: PANES.markers.name, padding: 0.3, tolerance: 3 });
    this.devices = new DeviceLayer(options.devices, markers).addTo(this.map);
    this.incidents = new IncidentLayer(options.incidents, markers, options.onIncidentSelect).addTo(
      this.map,
    );

    this.unsubscribeLocale = onLocaleChange(() => {
      this.incidents.refreshOverlays();
      this.devices.refreshOverlays();
    });
  }

  /** Applies `GET /api/config`: a tile layer when one is configured, else vectors only. */
  applyConfig(config: ClientConfig): void {
    this.tiles?.remove();
    this.tiles = createTileBasemap(config);
    this.tiles?.addTo(this.map);
    this.attribution.setTileAttribution(this.tiles ? config.tileAttribution : null);
  }

  syncDevices(ids: Iterable<string>): void {
    // New devices land on top of the shared canvas; put incidents back above them.
    if (this.devices.sync(ids)) this.incidents.raise();
  }

  /** Leaflet measures its container once; tell it when the layout changed. */
  invalidateSize(): void {
    this.map.invalidateSize();
  }

  destroy(): void {
    this.unsubscribeLocale();
    this.incidents.remove();
    this.devices.remove();
    this.basemap.remove();
    this.tiles?.remove();
    this.map.remove();
  }
}
