import type { Device } from '@ioc/shared';
import type { DeviceStore } from '../state/device-store';
import { L } from './leaflet-setup';
import { deviceStyle } from './marker-style';
import { devicePopup, deviceTooltip } from './popup-content';

/** Small circle markers for every located device, in step with the DeviceStore. */
export class DeviceLayer {
  private readonly markers = new Map<string, L.CircleMarker>();
  private readonly group = L.layerGroup();

  constructor(
    private readonly store: DeviceStore,
    private readonly renderer: L.Renderer,
  ) {}

  addTo(map: L.Map): this {
    this.group.addTo(map);
    this.sync([...this.store.values()].map((device) => device.id));
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

  /** Returns true when markers were added, so the caller can keep incidents on top. */
  sync(ids: Iterable<string>): boolean {
    let added = false;
    for (const id of ids) {
      const device = this.store.get(id);
      const marker = this.markers.get(id);
      if (!device?.location) {
        if (marker) {
          this.group.removeLayer(marker);
          this.markers.delete(id);
        }
      } else if (marker) {
        this.update(marker, device);
      } else {
        this.add(device);
        added = true;
      }
    }
    return added;
  }

  refreshOverlays(): void {
    for (const marker of this.markers.values()) {
      if (marker.isPopupOpen()) marker.getPopup()?.update();
      if (marker.isTooltipOpen()) marker.getTooltip()?.update();
    }
  }

  private add(device: Device): void {
    if (!device.location) return;
    const id = device.id;
    const marker = L.circleMarker([device.location.lat, device.location.lon], {
      ...deviceStyle(device),
      renderer: this.renderer,
      bubblingMouseEvents: false,
    });
    const content = (build: (device: Device) => HTMLElement) => (): HTMLElement => {
      const current = this.store.get(id);
      return current ? build(current) : document.createElement('div');
    };
    marker.bindTooltip(content(deviceTooltip), { direction: 'top', offset: [0, -4] });
    marker.bindPopup(content(devicePopup), { maxWidth: 300 });
    marker.on('popupopen', () => marker.closeTooltip());
    this.markers.set(id, marker);
    this.group.addLayer(marker);
  }

  private update(marker: L.CircleMarker, device: Device): void {
    if (!device.location) return;
    const at = marker.getLatLng();
    if (at.lat !== device.location.lat || at.lng !== device.location.lon) {
      marker.setLatLng([device.location.lat, device.location.lon]);
    }
    const { radius, ...style } = deviceStyle(device);
    marker.setStyle(style);
    if (marker.getRadius() !== radius) marker.setRadius(radius);
    if (marker.isPopupOpen()) marker.getPopup()?.update();
    if (marker.isTooltipOpen()) marker.getTooltip()?.update();
  }
}
