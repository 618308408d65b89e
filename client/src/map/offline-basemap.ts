import type { Feature, Geometry } from 'geojson';
import { getLocale, onLocaleChange } from '../i18n/i18n';
import { el } from '../ui/dom';
import {
  DA_LAT_BASEMAP,
  type BasemapKind,
  type BasemapProperties,
  type PlaceName,
} from './da-lat-basemap';
import { L } from './leaflet-setup';
import { PANES } from './panes';

const STYLES: Partial<Record<BasemapKind, L.PathOptions>> = {
  forest: { color: '#1b3a2a', weight: 1, fillColor: '#13291f', fillOpacity: 1 },
  farmland: { color: '#2c3a24', weight: 1, dashArray: '2 3', fillColor: '#1b2a1c', fillOpacity: 1 },
  contour: { color: '#5b6b45', weight: 1, opacity: 0.55 },
  urban: { stroke: false, fillColor: '#1f2a37', fillOpacity: 1 },
  mountain: { color: '#3f4a2e', weight: 1, fillColor: '#24301f', fillOpacity: 1 },
  lake: { color: '#1e4f7a', weight: 1, fillColor: '#123a5c', fillOpacity: 1 },
  stream: { color: '#1e5a8a', weight: 2, opacity: 0.9 },
  highway: { color: '#8a6d3b', weight: 3.5, opacity: 0.9 },
  road: { color: '#475569', weight: 2, opacity: 0.9 },
};

/**
 * The basemap that needs no network: polygons and roads from the bundled GeoJSON, with
 * permanent text labels. It sits under any tile layer, so a failed tile shows it through.
 */
export class OfflineBasemap {
  private readonly shapes: L.GeoJSON;
  private readonly labels = L.layerGroup();
  private readonly labelTexts: {
    span: HTMLElement;
    name: PlaceName;
    minZoom: number;
    maxZoom: number;
  }[] = [];
  private map: L.Map | null = null;
  private unsubscribeLocale: (() => void) | null = null;

  constructor() {
    // SVG, not the markers' canvas: a dozen shapes that must stay crisp while zooming.
    const renderer = L.svg({ pane: PANES.basemap.name });
    this.shapes = L.geoJSON(DA_LAT_BASEMAP, {
      // Points become text labels below, not default pin markers.
      filter: (feature: Feature<Geometry, BasemapProperties>) => feature.geometry.type !== 'Point',
      style: (feature) => ({
        ...STYLES[feature?.properties.kind ?? 'road'],
        renderer,
        pane: PANES.basemap.name,
      }),
      interactive: false,
    });
    for (const feature of DA_LAT_BASEMAP.features) {
      const { kind, name, minZoom = 0, maxZoom = 99 } = feature.properties;
      if (feature.geometry.type !== 'Point' || !name) continue;
      const [lon, lat] = feature.geometry.coordinates;
      if (lon === undefined || lat === undefined) continue;
      this.labels.addLayer(this.createLabel(kind, name, minZoom, maxZoom, lat, lon));
    }
  }

  addTo(map: L.Map): this {
    this.map = map;
    this.shapes.addTo(map);
    this.labels.addTo(map);
    map.on('zoomend', this.onZoom);
    this.onZoom();
    this.unsubscribeLocale = onLocaleChange(() => this.relabel());
    return this;
  }

  remove(): void {
    this.unsubscribeLocale?.();
    this.unsubscribeLocale = null;
    if (!this.map) return;
    this.map.off('zoomend', this.onZoom);
    this.shapes.remove();
    this.labels.remove();
    this.map = null;
  }

  private createLabel(
    kind: BasemapKind,
    name: PlaceName,
    minZoom: number,
    maxZoom: number,
    lat: number,
    lon: number,
  ): L.Marker {
    const span = el('span', { text: name[getLocale()] });
    this.labelTexts.push({ span, name, minZoom, maxZoom });
    return L.marker([lat, lon], {
      icon: L.divIcon({ className: `map-label map-label--${kind}`, html: span, iconSize: [0, 0] }),
      pane: PANES.basemapLabels.name,
      interactive: false,
      keyboard: false,
    });
  }

  private relabel(): void {
    const locale = getLocale();
    for (const { span, name } of this.labelTexts) span.textContent = name[locale];
  }

  private readonly onZoom = (): void => {
    if (!this.map) return;
    const zoom = this.map.getZoom();
    for (const { span, minZoom, maxZoom } of this.labelTexts)
      span.hidden = zoom < minZoom || zoom > maxZoom;
  };
}
