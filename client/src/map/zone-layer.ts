import type { DeviceStore } from '../state/device-store';
import { el } from '../ui/dom';
import { L } from './leaflet-setup';
import { ZONE_STROKE } from './marker-style';
import { PANES } from './panes';
import { zoneShapes } from './zone-hull';
import { onLocaleChange } from '../i18n/i18n';
import { zoneName } from '../i18n/display-names';

const RECOMPUTE_DELAY_MS = 1500;
/** Zone names show from this zoom: below it they crowd the city centre. */
const LABELS_FROM_ZOOM = 13;

/** Zones as dashed outlines around their devices, with their names (as text). */
export class ZoneLayer {
  private readonly group = L.layerGroup();
  private readonly renderer = L.svg({ pane: PANES.zones.name });
  private timer: ReturnType<typeof setTimeout> | null = null;
  private map: L.Map | null = null;
  private visible = true;
  private signature = '';
  private unsubscribeLocale: (() => void) | null = null;
  zoneCount = 0;

  constructor(private readonly devices: DeviceStore) {}

  addTo(map: L.Map): this {
    this.map = map;
    if (this.visible) this.group.addTo(map);
    map.on('zoomend', this.onZoom);
    this.onZoom();
    this.recompute();
    // Labels are zone names in the console's language (and names load after the map).
    this.unsubscribeLocale = onLocaleChange(() => {
      this.signature = '';
      this.recompute();
    });
    return this;
  }

  remove(): void {
    this.unsubscribeLocale?.();
    this.unsubscribeLocale = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.map?.off('zoomend', this.onZoom);
    this.group.clearLayers();
    this.group.remove();
    this.map = null;
  }

  private readonly onZoom = (): void => {
    const pane = this.map?.getPane(PANES.zoneLabels.name);
    pane?.classList.toggle('leaflet-pane--hidden', (this.map?.getZoom() ?? 0) < LABELS_FROM_ZOOM);
  };

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (!this.map) return;
    if (visible) this.group.addTo(this.map);
    else this.group.remove();
  }

  /** Devices changed: outlines follow a little later, once a burst of births has settled. */
  invalidate(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.recompute();
    }, RECOMPUTE_DELAY_MS);
  }

  private recompute(): void {
    const shapes = zoneShapes(this.devices.values());
    const signature = shapes
      .map(
        (s) =>
          `${s.zone}:${s.deviceCount}:${s.ring.map((p) => `${p.lat.toFixed(4)},${p.lon.toFixed(4)}`).join(';')}`,
      )
      .join('|');
    if (signature === this.signature) return;
    this.signature = signature;
    this.group.clearLayers();
    this.zoneCount = shapes.length;
    for (const shape of shapes) {
      this.group.addLayer(
        L.polygon(
          shape.ring.map((p) => [p.lat, p.lon] as [number, number]),
          {
            renderer: this.renderer,
            pane: PANES.zones.name,
            color: ZONE_STROKE,
            weight: 1.5,
            opacity: 0.6,
            dashArray: '5 5',
            fillColor: ZONE_STROKE,
            fillOpacity: 0.05,
            interactive: false,
          },
        ),
      );
      // The label sits at the top of the outline, out of the way of the markers inside.
      const top = shape.ring.reduce((best, p) => (p.lat > best.lat ? p : best), shape.centre);
      this.group.addLayer(
        L.marker([top.lat, shape.centre.lon], {
          icon: L.divIcon({
            className: 'zone-label',
            html: el('span', {
              text: zoneName(shape.zone),
              dataset: { testid: 'zone-label', zone: shape.zone },
            }),
            iconSize: [0, 0],
          }),
          pane: PANES.zoneLabels.name,
          interactive: false,
          keyboard: false,
        }),
      );
    }
  }
}
