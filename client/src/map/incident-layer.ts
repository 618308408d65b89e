import { severityRank, SEVERITIES, type Incident, type Severity } from '@ioc/shared';
import { CanvasLayer, type CanvasView, type HitTarget } from './canvas-layer';
import { clusterGrid, mergeOverlapping } from './grid-cluster';
import type { L } from './leaflet-setup';
import { clusterRadius, compactCount, SEVERITY_COLORS } from './marker-style';
import { spreadOverlapping } from './marker-spread';
import { toWorld, type WorldPoint } from './mercator';

/** Incidents are grouped below this zoom, into cells of this size. */
const SINGLES_ZOOM = 15;
const CELL_PX = 52;
const bubbleRadius = (count: number): number => (count > 1 ? clusterRadius(count, 11, 21) + 5 : 12);

/**
 * A shape per severity as well as a colour, so severities differ for colour-blind eyes and
 * on washed-out wall screens (orange and amber do not), and a size that ranks them: a
 * critical marker is the largest thing on the map, larger than a bubble's core.
 */
type Shape = 'circle' | 'square' | 'triangle' | 'diamond' | 'octagon';
export const SEVERITY_SHAPES: Record<Severity, Shape> = {
  info: 'circle',
  low: 'square',
  medium: 'triangle',
  high: 'diamond',
  critical: 'octagon',
};
const MARKER_RADIUS: Record<Severity, number> = {
  info: 5,
  low: 6,
  medium: 8,
  high: 10,
  critical: 16,
};
/** Overdue is worth a look, not a siren: a thin ring, quieter than a critical's halo. */
const OVERDUE_RING = 'rgba(253, 224, 71, 0.6)';
/** Markers closer than this are stacked; spread, they stand this far apart (two criticals fit). */
const STACK_PX = 12;
const SPREAD_SPACING_PX = 36;

export type IncidentPick =
  | { kind: 'incident'; id: string; x: number; y: number }
  | { kind: 'incident-cluster'; ids: string[]; worst: Severity; x: number; y: number };

export interface IncidentSource {
  /** The incidents to show (already filtered). */
  incidents(): Iterable<Incident>;
}

interface Target extends HitTarget {
  ids: string[];
  worst: Severity;
}

interface Bubble extends Target {
  counts: Record<Severity, number>;
  selected: boolean;
}

/**
 * Incidents on their own canvas above the devices: a marker shaped, sized and coloured by
 * severity, or, zoomed out, a bubble coloured by the worst severity inside with its
 * count and a ring showing the mix of severities. Critical markers are never in a bubble
 * and are painted last, so nothing covers them.
 */
export class IncidentLayer extends CanvasLayer {
  private readonly world = new Map<string, { lat: number; lon: number; point: WorldPoint }>();
  private selectedId: string | null = null;
  private targets: Target[] = [];
  private drawnCount = 0;

  constructor(
    private readonly source: IncidentSource,
    pane: string,
  ) {
    super(pane);
  }

  /** Where the last paint put markers and bubbles, and how many incidents each holds (tests). */
  get drawnTargets(): { x: number; y: number; count: number }[] {
    return this.targets.map((t) => ({
      x: Math.round(t.x),
      y: Math.round(t.y),
      count: t.ids.length,
    }));
  }

  /** How many incidents the last paint put on the map (singly or in a bubble). */
  get count(): number {
    return this.drawnCount;
  }

  select(id: string | null): void {
    if (this.selectedId === id) return;
    this.selectedId = id;
    this.requestPaint();
  }

  pick(containerPoint: L.Point): IncidentPick | null {
    const target = this.hitTest(containerPoint, this.targets);
    if (!target) return null;
    if (target.ids.length === 1)
      return { kind: 'incident', id: target.ids[0]!, x: target.x, y: target.y };
    return {
      kind: 'incident-cluster',
      ids: target.ids,
      worst: target.worst,
      x: target.x,
      y: target.y,
    };
  }

  protected draw(context: CanvasRenderingContext2D, view: CanvasView): void {
    const { scale, originX, originY, width, height } = view;
    const margin = 60;
    const items: Incident[] = [];
    const xs: number[] = [];
    const ys: number[] = [];
    for (const incident of this.source.incidents()) {
      const point = this.worldOf(incident);
      const x = point.x * scale;
      const y = point.y * scale;
      const cx = x - originX;
      const cy = y - originY;
      if (cx < -margin || cy < -margin || cx > width + margin || cy > height + margin) continue;
      items.push(incident);
      xs.push(x);
      ys.push(y);
    }
    this.drawnCount = items.length;
    this.targets = [];
    const singles: number[] = [];
    if (view.zoom < SINGLES_ZOOM) {
      const bubbles: Bubble[] = [];
      // A critical incident is never folded into a bubble: it stays its own marker, on top.
      const clustered = (i: number): boolean => items[i]!.severity !== 'critical';
      for (let i = 0; i < items.length; i++) if (!clustered(i)) singles.push(i);
      for (const cluster of mergeOverlapping(
        clusterGrid(xs, ys, items.length, CELL_PX, clustered),
        bubbleRadius,
      )) {
        if (cluster.members.length === 1) singles.push(cluster.members[0]!);
        else
          bubbles.push(
            this.bubble(items, cluster.members, cluster.x - originX, cluster.y - originY),
          );
      }
      // Worse bubbles on top.
      bubbles.sort((a, b) => severityRank(a.worst) - severityRank(b.worst));
      for (const bubble of bubbles) this.drawBubble(context, bubble);
    } else {
      for (let i = 0; i < items.length; i++) singles.push(i);
    }
    singles.sort((a, b) => this.order(items[a]!) - this.order(items[b]!));
    // Two incidents at one spot must not hide each other: spread them around it.
    const spread = spreadOverlapping(
      singles.map((i) => xs[i]! - originX),
      singles.map((i) => ys[i]! - originY),
      singles.map((i) => items[i]!.id),
      STACK_PX,
      SPREAD_SPACING_PX,
    );
    for (const point of spread) if (point.anchor) drawLeader(context, point.anchor, point);
    singles.forEach((i, k) => this.drawSingle(context, items[i]!, spread[k]!.x, spread[k]!.y));
  }

  /** Paint order: less severe first, the selected one above its peers, critical always on top. */
  private order(incident: Incident): number {
    return severityRank(incident.severity) * 2 + (incident.id === this.selectedId ? 1 : 0);
  }

  private bubble(items: Incident[], members: number[], x: number, y: number): Bubble {
    let worst: Severity = 'info';
    const ids: string[] = [];
    const counts: Record<Severity, number> = { info: 0, low: 0, medium: 0, high: 0, critical: 0 };
    let selected = false;
    for (const i of members) {
      const incident = items[i]!;
      ids.push(incident.id);
      counts[incident.severity] += 1;
      if (incident.id === this.selectedId) selected = true;
      if (severityRank(incident.severity) > severityRank(worst)) worst = incident.severity;
    }
    return { x, y, r: clusterRadius(ids.length, 11, 21), ids, worst, counts, selected };
  }

  private drawBubble(context: CanvasRenderingContext2D, bubble: Bubble): void {
    const { x, y, r, worst, counts, selected } = bubble;
    // A soft glow in the worst colour, so a critical bubble reads from across the room.
    context.beginPath();
    context.arc(x, y, r + 4.5, 0, Math.PI * 2);
    context.fillStyle = withAlpha(SEVERITY_COLORS[worst], 0.22);
    context.fill();
    context.beginPath();
    context.arc(x, y, r, 0, Math.PI * 2);
    context.fillStyle = SEVERITY_COLORS[worst];
    context.fill();
    // The mix of severities as a ring, most severe first, clockwise from twelve o'clock.
    let angle = -Math.PI / 2;
    context.lineWidth = 3.5;
    for (const severity of [...SEVERITIES].reverse()) {
      const share = counts[severity] / bubble.ids.length;
      if (share === 0) continue;
      const next = angle + share * Math.PI * 2;
      context.beginPath();
      context.arc(x, y, r + 1.5, angle, next);
      context.strokeStyle = SEVERITY_COLORS[severity];
      context.stroke();
      angle = next;
    }
    context.beginPath();
    context.arc(x, y, r - 1, 0, Math.PI * 2);
    context.lineWidth = 1.5;
    context.strokeStyle = selected ? '#ffffff' : 'rgba(11, 18, 32, 0.9)';
    context.stroke();
    context.fillStyle = worst === 'medium' ? '#1a1205' : '#ffffff';
    context.font = `700 ${r > 16 ? 13 : 12}px system-ui, sans-serif`;
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    context.fillText(compactCount(bubble.ids.length), x, y + 0.5);
    this.targets.push(bubble);
  }

  private drawSingle(
    context: CanvasRenderingContext2D,
    incident: Incident,
    x: number,
    y: number,
  ): void {
    const selected = incident.id === this.selectedId;
    const { severity, status } = incident;
    const r = MARKER_RADIUS[severity];
    const shape = SEVERITY_SHAPES[severity];
    const color = SEVERITY_COLORS[severity];
    // Loud only while nobody is on it: an acknowledged critical keeps its size, not its halo.
    const critical = severity === 'critical' && status === 'open';
    if (selected) {
      context.beginPath();
      context.arc(x, y, r + 7, 0, Math.PI * 2);
      context.fillStyle = 'rgba(255, 255, 255, 0.18)';
      context.fill();
      context.lineWidth = 2.5;
      context.strokeStyle = '#ffffff';
      context.stroke();
    }
    if (critical) {
      context.beginPath();
      context.arc(x, y, r + 6, 0, Math.PI * 2);
      context.fillStyle = withAlpha(color, 0.3);
      context.fill();
    }
    if (incident.escalated) {
      context.beginPath();
      context.arc(x, y, r + 3.5, 0, Math.PI * 2);
      context.lineWidth = critical ? 2.5 : 1.5;
      context.strokeStyle = critical ? '#ffffff' : OVERDUE_RING;
      context.stroke();
    }
    traceShape(context, shape, x, y, r);
    // Unverified (triage): a hollow, dashed marker — seen, not yet believed.
    const unverified = status === 'unverified';
    context.fillStyle =
      status === 'resolved' ? withAlpha(color, 0.25) : unverified ? withAlpha(color, 0.35) : color;
    context.fill();
    context.lineWidth = severity === 'critical' || unverified ? 2 : 1.5;
    context.strokeStyle = unverified ? color : '#0b1220';
    if (unverified) context.setLineDash([3, 2]);
    context.stroke();
    if (unverified) context.setLineDash([]);
    // Someone is on it: acknowledged gets a white centre, dispatched a white ring inside.
    if (status === 'acknowledged' || status === 'dispatched') {
      context.beginPath();
      if (status === 'dispatched') {
        context.arc(x, y, r * 0.45, 0, Math.PI * 2);
        context.lineWidth = 2;
        context.strokeStyle = '#ffffff';
        context.stroke();
      } else {
        context.arc(x, y, Math.max(2, r * 0.3), 0, Math.PI * 2);
        context.fillStyle = '#ffffff';
        context.fill();
      }
    } else if (critical) {
      // Nobody on it yet: an exclamation mark, readable without the colour.
      context.fillStyle = '#ffffff';
      context.font = `900 ${Math.round(r * 1.3)}px system-ui, sans-serif`;
      context.textAlign = 'center';
      context.textBaseline = 'middle';
      context.fillText('!', x, y + 1);
    }
    this.targets.push({ x, y, r: r + 1, ids: [incident.id], worst: severity });
  }

  private worldOf(incident: Incident): WorldPoint {
    const known = this.world.get(incident.id);
    if (known && known.lat === incident.location.lat && known.lon === incident.location.lon)
      return known.point;
    const point = toWorld(incident.location.lat, incident.location.lon);
    this.world.set(incident.id, { lat: incident.location.lat, lon: incident.location.lon, point });
    if (this.world.size > 20_000) this.world.clear();
    return point;
  }
}

/** The outline of a marker; the triangle and the diamond reach a little further to look as big. */
function traceShape(
  context: CanvasRenderingContext2D,
  shape: Shape,
  x: number,
  y: number,
  r: number,
): void {
  context.beginPath();
  switch (shape) {
    case 'circle':
      context.arc(x, y, r, 0, Math.PI * 2);
      return;
    case 'square':
      context.rect(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
      return;
    case 'triangle': {
      const h = r * 1.3;
      context.moveTo(x, y - h);
      context.lineTo(x + h * 0.95, y + h * 0.65);
      context.lineTo(x - h * 0.95, y + h * 0.65);
      context.closePath();
      return;
    }
    case 'diamond': {
      const h = r * 1.25;
      context.moveTo(x, y - h);
      context.lineTo(x + h, y);
      context.lineTo(x, y + h);
      context.lineTo(x - h, y);
      context.closePath();
      return;
    }
    case 'octagon':
      for (let k = 0; k < 8; k++) {
        const angle = Math.PI / 8 + (k * Math.PI) / 4;
        const px = x + r * Math.cos(angle);
        const py = y + r * Math.sin(angle);
        if (k === 0) context.moveTo(px, py);
        else context.lineTo(px, py);
      }
      context.closePath();
  }
}

/** A thin line from a spread marker back to the spot it was reported at, and a dot there. */
function drawLeader(
  context: CanvasRenderingContext2D,
  anchor: { x: number; y: number },
  point: { x: number; y: number },
): void {
  context.beginPath();
  context.moveTo(anchor.x, anchor.y);
  context.lineTo(point.x, point.y);
  context.lineWidth = 1.5;
  context.strokeStyle = 'rgba(230, 237, 247, 0.7)';
  context.stroke();
  context.beginPath();
  context.arc(anchor.x, anchor.y, 2.5, 0, Math.PI * 2);
  context.fillStyle = '#e6edf7';
  context.fill();
}

function withAlpha(hex: string, alpha: number): string {
  const value = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
}
