import type { Incident } from '@ioc/shared';
import { L } from './leaflet-setup';
import { PANES } from './panes';
import { rayLine, raySector } from './ray-shapes';

const ll = (p: { lat: number; lon: number }): L.LatLngTuple => [p.lat, p.lon];

/**
 * How the selected incident was placed from camera bearings: a line per camera ray, the
 * estimate with its uncertainty circle, or one camera's sector when that is all there is.
 * SVG (not the canvases) so each shape is an element the browser tests can find.
 */
export class TriangulationLayer {
  private readonly group: L.LayerGroup;
  private readonly renderer: L.Renderer;

  constructor(map: L.Map) {
    this.renderer = L.svg({ pane: PANES.links.name });
    this.group = L.layerGroup().addTo(map);
  }

  show(incident: Incident | undefined): void {
    this.group.clearLayers();
    const rays = incident?.rays ?? [];
    if (!incident || rays.length === 0) return;
    const renderer = this.renderer;
    const lone = incident.locationMethod === 'camera-ray' && rays.length === 1;
    for (const ray of rays) {
      if (lone)
        L.polygon(raySector(ray).map(ll), {
          renderer,
          className: 'ioc-ray-sector',
          color: '#d9480f',
          weight: 1,
          fillOpacity: 0.12,
          interactive: false,
        }).addTo(this.group);
      L.polyline(rayLine(ray).map(ll), {
        renderer,
        className: 'ioc-ray',
        color: '#d9480f',
        weight: 2,
        dashArray: '6 4',
        interactive: false,
      }).addTo(this.group);
    }
    if (incident.locationMethod !== 'triangulated' || !incident.locationUncertaintyM) return;
    L.circle(ll(incident.location), {
      renderer,
      radius: incident.locationUncertaintyM,
      className: 'ioc-ray-estimate',
      color: '#c92a2a',
      weight: 2,
      fillOpacity: 0.1,
      interactive: false,
    }).addTo(this.group);
  }

  remove(): void {
    this.group.remove();
    this.renderer.remove();
  }
}
