import { PNG } from 'pngjs';
import { Random } from '../random';

/**
 * What a simulated camera's frame shows. `fog` is drawn to look like `smoke` at a glance
 * (a pale grey haze), so testers can practise telling a false alarm from a fire.
 */
export const FRAME_KINDS = ['smoke', 'fog', 'flames', 'night'] as const;
export type FrameKind = (typeof FRAME_KINDS)[number];

const WIDTH = 160;
const HEIGHT = 120;

type Rgb = readonly [number, number, number];

/**
 * Draws a small camera frame (PNG, a few KB) of a ridge with sky: a plume of grey smoke,
 * a blanket of fog, flames under dark smoke, or a dark night with a few lights. Seeded: the
 * same seed draws the same frame. Encoded with pngjs, not by hand.
 */
export function paintFrame(kind: FrameKind, seed = 1): Buffer {
  const png = new PNG({ width: WIDTH, height: HEIGHT });
  const rng = new Random(seed);
  const ridge = ridgeLine(rng);
  const night = kind === 'night';
  for (let y = 0; y < HEIGHT; y++)
    for (let x = 0; x < WIDTH; x++) {
      const ground = y >= (ridge[x] ?? HEIGHT);
      let colour = ground ? forest(y, night) : sky(y, night);
      colour = overlay(kind, colour, x, y, ridge, rng);
      const at = (y * WIDTH + x) * 4;
      png.data[at] = colour[0];
      png.data[at + 1] = colour[1];
      png.data[at + 2] = colour[2];
      png.data[at + 3] = 255;
    }
  return PNG.sync.write(png);
}

function ridgeLine(rng: Random): number[] {
  const base = HEIGHT * 0.62;
  const phase = rng.range(0, Math.PI * 2);
  return Array.from({ length: WIDTH }, (_, x) =>
    Math.round(base + 8 * Math.sin(x / 19 + phase) + 4 * Math.sin(x / 7 + phase * 2)),
  );
}

function sky(y: number, night: boolean): Rgb {
  const f = y / HEIGHT;
  return night ? [8 + 10 * f, 10 + 12 * f, 30 + 20 * f] : [120 + 80 * f, 170 + 50 * f, 230];
}

function forest(y: number, night: boolean): Rgb {
  const f = y / HEIGHT;
  return night ? [5, 12 + 6 * f, 8] : [30 + 20 * f, 80 + 40 * f, 35];
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  const k = Math.max(0, Math.min(1, t));
  return [a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k, a[2] + (b[2] - a[2]) * k];
}

function overlay(
  kind: FrameKind,
  colour: Rgb,
  x: number,
  y: number,
  ridge: number[],
  rng: Random,
): Rgb {
  const source = { x: WIDTH * 0.55, y: ridge[Math.round(WIDTH * 0.55)] ?? HEIGHT * 0.6 };
  const noise = rng.range(-0.08, 0.08);
  switch (kind) {
    case 'smoke': {
      // A plume widening as it rises and drifts right.
      const rise = Math.max(0, source.y - y);
      const centre = source.x + rise * 0.45;
      const width = 4 + rise * 0.35;
      const d = Math.abs(x - centre) / width;
      return d < 1 && y <= source.y
        ? mix(colour, [150, 150, 155], 0.85 * (1 - d * d) + noise)
        : colour;
    }
    case 'fog':
      // Even haze, thicker low on the slope: grey like smoke, but with no source.
      return mix(colour, [205, 208, 212], 0.55 + (y / HEIGHT) * 0.35 + noise);
    case 'flames': {
      const d = Math.hypot((x - source.x) / 14, (y - source.y) / 9);
      if (d < 1 && y >= source.y - 12) return mix([255, 220, 60], [230, 60, 10], d + noise * 2);
      const rise = Math.max(0, source.y - 10 - y);
      const width = 6 + rise * 0.4;
      const plume = Math.abs(x - source.x - rise * 0.3) / width;
      return plume < 1 && y < source.y - 8 ? mix(colour, [60, 55, 55], 0.8 * (1 - plume)) : colour;
    }
    case 'night':
      // A few village lights below the ridge.
      return y > (ridge[x] ?? HEIGHT) + 6 && rng.chance(0.004) ? [255, 230, 150] : colour;
  }
}
