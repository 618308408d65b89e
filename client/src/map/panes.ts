import type * as L from 'leaflet';

/*
 * Stacking from the bottom: the offline basemap under any tiles (tilePane is 200),
 * its labels above the tiles, then one canvas for every marker. Devices and incidents
 * share that canvas because a canvas takes all pointer events: a second one on top
 * would make everything under it unclickable. Incidents are kept drawn last instead.
 */
export const PANES = {
  basemap: { name: 'ioc-basemap', zIndex: 150 },
  basemapLabels: { name: 'ioc-basemap-labels', zIndex: 350 },
  markers: { name: 'ioc-markers', zIndex: 420 },
} as const;

export function createPanes(map: L.Map): void {
  for (const { name, zIndex } of Object.values(PANES)) {
    const pane = map.createPane(name);
    pane.style.zIndex = String(zIndex);
  }
  // Basemap and its labels never take the pointer from the markers above them.
  map.getPane(PANES.basemap.name)?.classList.add('leaflet-pane--inert');
  map.getPane(PANES.basemapLabels.name)?.classList.add('leaflet-pane--inert');
}
