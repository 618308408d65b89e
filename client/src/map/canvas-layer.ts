import { L } from './leaflet-setup';
import { worldScale } from './mercator';

/** Data-driven repaints are spaced by at least this much (8 a second at most). */
const DATA_PAINT_MS = 125;

/** Pointer slack around a drawn shape, so small markers stay easy to hit. */
const HIT_SLACK_PX = 3;

/** A shape a layer drew, in canvas pixels, for picking. */
export interface HitTarget {
  x: number;
  y: number;
  r: number;
}

/** What a layer needs to turn world units into pixels of its canvas. */
export interface CanvasView {
  zoom: number;
  /** Pixels per world unit at this zoom. */
  scale: number;
  /** World pixel of the canvas's top-left corner. */
  originX: number;
  originY: number;
  width: number;
  height: number;
}

/** The parts of Leaflet's Renderer this class drives; Leaflet documents them for renderers. */
interface RendererInternals {
  _update(): void;
  _bounds?: L.Bounds;
  _container?: HTMLElement;
  _map?: L.Map & { _animatingZoom?: boolean };
}
const rendererPrototype = L.Renderer.prototype as unknown as RendererInternals;

/**
 * One canvas that a subclass paints in full, positioned and zoom-animated by Leaflet's own
 * Renderer (the base of L.Canvas and L.SVG): it moves with the map while panning, scales
 * during a zoom animation, and is repainted on `moveend`. Unlike L.Canvas it holds no
 * Path objects: a subclass keeps its own compact arrays, which is what lets 10,000
 * devices repaint in a few milliseconds. Pointer events are handled by the map (see
 * MapView's pick), so the canvas never hides what lies under it.
 */
export abstract class CanvasLayer extends L.Renderer {
  protected canvas: HTMLCanvasElement | null = null;
  private frame: number | null = null;
  private dataTimer: ReturnType<typeof setTimeout> | null = null;
  private lastPaintAt = 0;
  private visible = true;
  /** Duration of the last paint, for the performance probe. */
  lastPaintMs = 0;
  paints = 0;

  constructor(pane: string, padding = 0.15) {
    super({ pane, padding });
  }

  /** Shows or hides the layer without removing it from the map. */
  setVisible(visible: boolean): void {
    if (this.visible === visible) return;
    this.visible = visible;
    if (this.canvas) this.canvas.style.display = visible ? '' : 'none';
    this.requestPaint();
  }

  /** Repaints on the next animation frame; many requests in one frame cost one paint. */
  requestPaint(): void {
    if (this.frame !== null || !this.canvas) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.paint();
    });
  }

  /**
   * Repaints for a data change, at most every `DATA_PAINT_MS`: a hundred incident updates a
   * second then cost a few paints, not sixty. Panning and zooming repaint at once.
   */
  requestDataPaint(): void {
    if (this.dataTimer !== null || this.frame !== null) return;
    const wait = this.lastPaintAt + DATA_PAINT_MS - performance.now();
    if (wait <= 0) return this.requestPaint();
    this.dataTimer = setTimeout(() => {
      this.dataTimer = null;
      this.requestPaint();
    }, wait);
  }

  /** Paints now (tests and the performance probe). */
  paint(): void {
    const self = this as unknown as RendererInternals;
    const canvas = this.canvas;
    const map = self._map;
    const bounds = self._bounds;
    if (!canvas || !map || !bounds?.min || !bounds.max) return;
    const context = canvas.getContext('2d');
    if (!context) return;
    const started = performance.now();
    const ratio = window.devicePixelRatio || 1;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, canvas.width / ratio, canvas.height / ratio);
    if (this.visible) {
      const zoom = map.getZoom();
      const origin = map.getPixelOrigin();
      this.draw(context, {
        zoom,
        scale: worldScale(zoom),
        originX: origin.x + bounds.min.x,
        originY: origin.y + bounds.min.y,
        width: bounds.max.x - bounds.min.x,
        height: bounds.max.y - bounds.min.y,
      });
    }
    this.lastPaintAt = performance.now();
    this.lastPaintMs = this.lastPaintAt - started;
    this.paints += 1;
  }

  /** Converts a container point of the map to this canvas's pixel space. */
  protected toCanvasPoint(containerPoint: L.Point): L.Point | null {
    const self = this as unknown as RendererInternals;
    const map = self._map;
    const bounds = self._bounds;
    if (!map || !bounds?.min) return null;
    return map.containerPointToLayerPoint(containerPoint).subtract(bounds.min);
  }

  /** The target under a container point; later targets were drawn on top, so they win. */
  protected hitTest<T extends HitTarget>(containerPoint: L.Point, targets: readonly T[]): T | null {
    const p = this.toCanvasPoint(containerPoint);
    if (!p || !this.visible) return null;
    for (let t = targets.length - 1; t >= 0; t--) {
      const target = targets[t]!;
      const dx = p.x - target.x;
      const dy = p.y - target.y;
      const reach = target.r + HIT_SLACK_PX;
      if (dx * dx + dy * dy <= reach * reach) return target;
    }
    return null;
  }

  protected abstract draw(context: CanvasRenderingContext2D, view: CanvasView): void;

  // ---- Leaflet Renderer hooks ----

  _initContainer(): void {
    const canvas = document.createElement('canvas');
    canvas.className = 'scene-canvas';
    canvas.style.display = this.visible ? '' : 'none';
    this.canvas = canvas;
    (this as unknown as RendererInternals)._container = canvas;
  }

  _destroyContainer(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    if (this.dataTimer !== null) clearTimeout(this.dataTimer);
    this.dataTimer = null;
    this.canvas?.remove();
    this.canvas = null;
    (this as unknown as RendererInternals)._container = undefined;
  }

  _updatePaths(): void {
    // No Path layers: everything is painted by `draw`.
  }

  _update(): void {
    const self = this as unknown as RendererInternals;
    // During a zoom animation the canvas is scaled by CSS; repaint when it ends.
    if (self._map?._animatingZoom && self._bounds) return;
    rendererPrototype._update.call(this);
    const canvas = this.canvas;
    const bounds = self._bounds;
    if (!canvas || !bounds?.min || !bounds.max) return;
    const width = bounds.max.x - bounds.min.x;
    const height = bounds.max.y - bounds.min.y;
    const ratio = window.devicePixelRatio || 1;
    L.DomUtil.setPosition(canvas, bounds.min);
    // Setting a canvas's size reallocates it even when unchanged: only on a real resize.
    const pixelWidth = Math.round(width * ratio);
    const pixelHeight = Math.round(height * ratio);
    if (canvas.width !== pixelWidth || canvas.height !== pixelHeight) {
      canvas.width = pixelWidth;
      canvas.height = pixelHeight;
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
    }
    this.paint();
  }
}
