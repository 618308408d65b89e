import type * as L from 'leaflet';

/*
 * Stacking from the bottom: the offline basemap under any tiles (tilePane is 200), zone
 * outlines, the basemap's labels, the devices' canvas, the response units (DOM markers),
 * the incidents' canvas above them (an incident is never hidden under a unit's badge),
 * then the alarm rings. The canvases take no pointer events: the map picks what is under
 * the pointer (MapView.pick), so one canvas never hides another, and a click on a unit
 * badge with an incident drawn over it selects the incident.
 */
export const PANES = {
  basemap: { name: 'ioc-basemap', zIndex: 150, inert: true },
  zones: { name: 'ioc-zones', zIndex: 300, inert: true },
  basemapLabels: { name: 'ioc-basemap-labels', zIndex: 350, inert: true },
  devices: { name: 'ioc-devices', zIndex: 410, inert: true },
  incidents: { name: 'ioc-incidents', zIndex: 420, inert: true },
  alarms: { name: 'ioc-alarms', zIndex: 430, inert: true },
  zoneLabels: { name: 'ioc-zone-labels', zIndex: 440, inert: true },
  links: { name: 'ioc-links', zIndex: 445, inert: true },
  units: { name: 'ioc-units', zIndex: 415, inert: false },
} as const;

export function createPanes(map: L.Map): void {
  for (const { name, zIndex, inert } of Object.values(PANES)) {
    const pane = map.createPane(name);
    pane.style.zIndex = String(zIndex);
    if (inert) pane.classList.add('leaflet-pane--inert');
  }
}
