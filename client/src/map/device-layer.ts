import type { Device, DeviceKind } from '@ioc/shared';
import type { DeviceStore } from '../state/device-store';
import { cameraView, wedgeAngles, type CameraView } from './camera-fov';
import { CanvasLayer, type CanvasView, type HitTarget } from './canvas-layer';
import { clusterGrid, mergeOverlapping } from './grid-cluster';
import {
  CAMERA_VIEW_FILL,
  CAMERA_VIEW_FILL_ASSUMED,
  CAMERA_VIEW_STROKE,
  clusterRadius,
  compactCount,
  DEVICE_KIND_COLORS,
  DEVICE_OFFLINE_FILL,
  DEVICE_OFFLINE_RING,
  DEVICE_OFFLINE_STROKE,
  DEVICE_ONLINE_RING,
  DEVICE_UNKNOWN_KIND_COLOR,
} from './marker-style';
import { metresPerPixel, toWorld } from './mercator';
import type { L } from './leaflet-setup';

const KIND_CODES: (DeviceKind | null)[] = [null, 'camera', 'sensor', 'gateway'];
const kindCode = (kind: DeviceKind | null): number => Math.max(0, KIND_CODES.indexOf(kind));
const ONLINE = 0;

/** Below this zoom devices are always grouped; at and above `SINGLES_ZOOM` never. */
const CLUSTER_BELOW_ZOOM = 14;
const SINGLES_ZOOM = 16;
/** Between the two, devices are grouped only when this many would be drawn. */
const CROWDED = 2500;
const CELL_PX = 30;
const bubbleRadius = (count: number): number => (count > 1 ? clusterRadius(count, 7, 15) : 5);
const CONES_FROM_ZOOM = 14;

export type DevicePick =
  | { kind: 'device'; id: string; x: number; y: number }
  | { kind: 'device-cluster'; ids: string[]; x: number; y: number };

/**
 * Every located device, painted on one canvas: grouped into bubbles (count, and a ring
 * showing the online/offline share) when zoomed out, single shapes by kind when zoomed
 * in, with each camera's field of view. Data lives in typed arrays, filled by `sync`.
 */
export class DeviceLayer extends CanvasLayer {
  private ids: string[] = [];
  private wx = new Float64Array(1024);
  private wy = new Float64Array(1024);
  private kinds = new Uint8Array(1024);
  private statuses = new Uint8Array(1024);
  private readonly index = new Map<string, number>();
  private readonly views = new Map<string, CameraView>();
  private readonly learnedBearings = new Map<string, number>();
  private showCones = true;
  /** What the last paint drew, for picking: canvas x/y/radius and what it stands for. */
  private targets: (HitTarget & { members: number[] })[] = [];

  constructor(
    private readonly store: DeviceStore,
    pane: string,
  ) {
    super(pane);
  }

  get count(): number {
    return this.ids.length;
  }

  setConesVisible(visible: boolean): void {
    if (this.showCones === visible) return;
    this.showCones = visible;
    this.requestPaint();
  }

  /** A camera's bearing seen in an event's attributes (`bearingDeg`). */
  learnBearing(deviceId: string, bearingDeg: number): void {
    if (this.learnedBearings.get(deviceId) === bearingDeg) return;
    this.learnedBearings.set(deviceId, bearingDeg);
    this.views.delete(deviceId);
    if (this.index.has(deviceId)) this.requestPaint();
  }

  /** Brings these devices in line with the store. */
  sync(ids: Iterable<string>): void {
    for (const id of ids) {
      const device = this.store.get(id);
      this.views.delete(id);
      if (device?.location) this.put(device, device.location);
      else this.drop(id);
    }
    this.requestDataPaint();
  }

  pick(containerPoint: L.Point): DevicePick | null {
    const target = this.hitTest(containerPoint, this.targets);
    if (!target) return null;
    if (target.members.length === 1) {
      const id = this.ids[target.members[0]!];
      if (id) return { kind: 'device', id, x: target.x, y: target.y };
    }
    return {
      kind: 'device-cluster',
      ids: target.members.map((i) => this.ids[i]).filter((id): id is string => !!id),
      x: target.x,
      y: target.y,
    };
  }

  protected draw(context: CanvasRenderingContext2D, view: CanvasView): void {
    const n = this.ids.length;
    const { scale, originX, originY, width, height } = view;
    const margin = 40;
    const px = new Float64Array(n);
    const py = new Float64Array(n);
    let visible = 0;
    const inView = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const x = this.wx[i]! * scale - originX;
      const y = this.wy[i]! * scale - originY;
      px[i] = x;
      py[i] = y;
      if (x > -margin && y > -margin && x < width + margin && y < height + margin) {
        inView[i] = 1;
        visible++;
      }
    }
    const grouped =
      view.zoom < CLUSTER_BELOW_ZOOM || (view.zoom < SINGLES_ZOOM && visible > CROWDED);
    this.targets = [];
    if (grouped) {
      // Cells anchored to the world (origin added back) so bubbles do not shift on a pan.
      const wxs = new Float64Array(n);
      const wys = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        wxs[i] = px[i]! + originX;
        wys[i] = py[i]! + originY;
      }
      const clusters = mergeOverlapping(
        clusterGrid(wxs, wys, n, CELL_PX, (i) => inView[i] === 1),
        bubbleRadius,
      );
      for (const cluster of clusters) {
        const x = cluster.x - originX;
        const y = cluster.y - originY;
        if (cluster.members.length === 1) {
          this.drawDevice(context, cluster.members[0]!, x, y, view.zoom);
        } else {
          this.drawCluster(context, cluster.members, x, y);
        }
      }
      return;
    }
    if (this.showCones && view.zoom >= CONES_FROM_ZOOM)
      this.drawCones(context, view, px, py, inView);
    for (let i = 0; i < n; i++) {
      if (inView[i] === 1) this.drawDevice(context, i, px[i]!, py[i]!, view.zoom);
    }
  }

  private drawCones(
    context: CanvasRenderingContext2D,
    view: CanvasView,
    px: Float64Array,
    py: Float64Array,
    inView: Uint8Array,
  ): void {
    context.lineWidth = 1;
    context.strokeStyle = CAMERA_VIEW_STROKE;
    for (let i = 0; i < this.ids.length; i++) {
      if (inView[i] !== 1 || KIND_CODES[this.kinds[i]!] !== 'camera') continue;
      const id = this.ids[i]!;
      const camera = this.viewOf(id);
      const device = this.store.get(id);
      if (!camera || !device?.location) continue;
      const radius = camera.rangeM / metresPerPixel(device.location.lat, view.zoom);
      if (radius < 4) continue;
      const x = px[i]!;
      const y = py[i]!;
      context.beginPath();
      if (camera.fovDeg >= 360) {
        context.arc(x, y, radius, 0, Math.PI * 2);
      } else {
        const [start, end] = wedgeAngles(camera);
        context.moveTo(x, y);
        context.arc(x, y, radius, start, end);
        context.closePath();
      }
      context.fillStyle = camera.assumed ? CAMERA_VIEW_FILL_ASSUMED : CAMERA_VIEW_FILL;
      context.fill();
      context.setLineDash(camera.assumed ? [3, 3] : []);
      context.stroke();
    }
    context.setLineDash([]);
  }

  private drawDevice(
    context: CanvasRenderingContext2D,
    i: number,
    x: number,
    y: number,
    zoom: number,
  ): void {
    const kind = KIND_CODES[this.kinds[i]!] ?? null;
    const online = this.statuses[i] === ONLINE;
    const size = zoom >= 16 ? 5.5 : zoom >= 14 ? 4.5 : 3.5;
    context.fillStyle = online
      ? kind
        ? DEVICE_KIND_COLORS[kind]
        : DEVICE_UNKNOWN_KIND_COLOR
      : DEVICE_OFFLINE_FILL;
    context.strokeStyle = online ? '#0b1220' : DEVICE_OFFLINE_STROKE;
    context.lineWidth = online ? 1 : 1.5;
    context.beginPath();
    switch (kind) {
      case 'sensor':
        context.rect(x - size * 0.85, y - size * 0.85, size * 1.7, size * 1.7);
        break;
      case 'gateway':
        context.moveTo(x, y - size * 1.2);
        context.lineTo(x + size * 1.2, y);
        context.lineTo(x, y + size * 1.2);
        context.lineTo(x - size * 1.2, y);
        context.closePath();
        break;
      case 'camera':
      case null:
        context.arc(x, y, size, 0, Math.PI * 2);
        break;
    }
    context.fill();
    context.stroke();
    this.targets.push({ x, y, r: size + 1, members: [i] });
  }

  private drawCluster(
    context: CanvasRenderingContext2D,
    members: number[],
    x: number,
    y: number,
  ): void {
    let offline = 0;
    for (const i of members) if (this.statuses[i] !== ONLINE) offline++;
    const r = clusterRadius(members.length, 7, 15);
    context.beginPath();
    context.arc(x, y, r, 0, Math.PI * 2);
    context.fillStyle = 'rgba(15, 23, 42, 0.88)';
    context.fill();
    // Ring: green share online, grey share offline or unknown, starting at twelve o'clock.
    const top = -Math.PI / 2;
    const split = top + (2 * Math.PI * (members.length - offline)) / members.length;
    context.lineWidth = 3;
    if (offline < members.length) {
      context.beginPath();
      context.arc(x, y, r - 1.5, top, split);
      context.strokeStyle = DEVICE_ONLINE_RING;
      context.stroke();
    }
    if (offline > 0) {
      context.beginPath();
      context.arc(x, y, r - 1.5, split, top + 2 * Math.PI);
      context.strokeStyle = DEVICE_OFFLINE_RING;
      context.stroke();
    }
    context.fillStyle = '#e2e8f0';
    context.font = '600 10px system-ui, sans-serif';
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    context.fillText(compactCount(members.length), x, y + 0.5);
    this.targets.push({ x, y, r, members });
  }

  private viewOf(id: string): CameraView | null {
    let view = this.views.get(id);
    if (!view) {
      const device = this.store.get(id);
      if (!device) return null;
      view = cameraView(device, this.learnedBearings.get(id));
      this.views.set(id, view);
    }
    return view;
  }

  private put(device: Device, location: { lat: number; lon: number }): void {
    let i = this.index.get(device.id);
    if (i === undefined) {
      i = this.ids.length;
      this.grow(i + 1);
      this.ids.push(device.id);
      this.index.set(device.id, i);
    }
    const world = toWorld(location.lat, location.lon);
    this.wx[i] = world.x;
    this.wy[i] = world.y;
    this.kinds[i] = kindCode(device.kind);
    this.statuses[i] = device.status === 'online' ? ONLINE : device.status === 'offline' ? 1 : 2;
  }

  private drop(id: string): void {
    const i = this.index.get(id);
    if (i === undefined) return;
    const last = this.ids.length - 1;
    if (i !== last) {
      const moved = this.ids[last]!;
      this.ids[i] = moved;
      this.wx[i] = this.wx[last]!;
      this.wy[i] = this.wy[last]!;
      this.kinds[i] = this.kinds[last]!;
      this.statuses[i] = this.statuses[last]!;
      this.index.set(moved, i);
    }
    this.ids.pop();
    this.index.delete(id);
  }

  private grow(size: number): void {
    if (size <= this.wx.length) return;
    const capacity = Math.max(size, this.wx.length * 2);
    const copy = <T extends Float64Array | Uint8Array>(from: T, make: (n: number) => T): T => {
      const to = make(capacity);
      to.set(from);
      return to;
    };
    this.wx = copy(this.wx, (c) => new Float64Array(c));
    this.wy = copy(this.wy, (c) => new Float64Array(c));
    this.kinds = copy(this.kinds, (c) => new Uint8Array(c));
    this.statuses = copy(this.statuses, (c) => new Uint8Array(c));
  }
}
