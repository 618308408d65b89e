import type { Incident } from '@ioc/shared';
import type { AlarmReason } from '../state/attention';
import { el } from '../ui/dom';
import { L } from './leaflet-setup';
import { PANES } from './panes';

/**
 * A pulsing ring (CSS animation, composited by the browser) over every incident that
 * alarms: critical or escalated and not yet acknowledged. There are few of them, so
 * DOM markers cost nothing, and the pulse shows even when the incident sits in a bubble.
 */
export class AlarmLayer {
  private readonly group = L.layerGroup();
  private readonly markers = new Map<string, { marker: L.Marker; reason: AlarmReason }>();

  addTo(map: L.Map): this {
    this.group.addTo(map);
    return this;
  }

  remove(): void {
    this.group.clearLayers();
    this.group.remove();
    this.markers.clear();
  }

  get count(): number {
    return this.markers.size;
  }

  setVisible(map: L.Map, visible: boolean): void {
    if (visible) this.group.addTo(map);
    else this.group.remove();
  }

  /** Shows a pulse for `incident` when `reason` is set, removes it otherwise. */
  set(id: string, incident: Incident | undefined, reason: AlarmReason | null): void {
    const known = this.markers.get(id);
    if (!incident || !reason) {
      if (known) {
        this.group.removeLayer(known.marker);
        this.markers.delete(id);
      }
      return;
    }
    const at: L.LatLngExpression = [incident.location.lat, incident.location.lon];
    if (known && known.reason === reason) {
      known.marker.setLatLng(at);
      return;
    }
    if (known) this.group.removeLayer(known.marker);
    const pulse = el('div', {
      className: `alarm-pulse alarm-pulse--${reason}`,
      dataset: { testid: 'alarm-pulse', incidentId: id, reason },
    });
    const marker = L.marker(at, {
      icon: L.divIcon({ className: 'alarm-pulse-icon', html: pulse, iconSize: [0, 0] }),
      pane: PANES.alarms.name,
      interactive: false,
      keyboard: false,
    });
    this.markers.set(id, { marker, reason });
    this.group.addLayer(marker);
  }
}
