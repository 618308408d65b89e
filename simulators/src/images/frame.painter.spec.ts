import { imageTypeOf } from '@ioc/shared';
import { PNG } from 'pngjs';
import { FRAME_KINDS, paintFrame, type FrameKind } from './frame.painter';

/** Mean brightness and grey-ness of a frame's sky band (rows 10–40). */
function look(kind: FrameKind): { brightness: number; red: number } {
  const png = PNG.sync.read(paintFrame(kind, 7));
  let brightness = 0;
  let red = 0;
  let n = 0;
  for (let y = 0; y < png.height; y++)
    for (let x = 0; x < png.width; x++) {
      const at = (y * png.width + x) * 4;
      const [r, g, b] = [png.data[at] ?? 0, png.data[at + 1] ?? 0, png.data[at + 2] ?? 0];
      brightness += (r + g + b) / 3;
      red += r > 200 && g < 160 && b < 80 ? 1 : 0;
      n++;
    }
  return { brightness: brightness / n, red };
}

describe('paintFrame', () => {
  it('draws a PNG the hub accepts, small, the same for the same seed', () => {
    for (const kind of FRAME_KINDS) {
      const frame = paintFrame(kind, 3);
      expect(imageTypeOf(frame)).toBe('image/png');
      expect(frame.length).toBeLessThan(64 * 1024);
      expect(paintFrame(kind, 3).equals(frame)).toBe(true);
    }
  });

  it('draws what it says: night is dark, fog is pale, flames have fire colours', () => {
    const night = look('night');
    const fog = look('fog');
    const flames = look('flames');
    const smoke = look('smoke');
    expect(night.brightness).toBeLessThan(40);
    expect(fog.brightness).toBeGreaterThan(smoke.brightness);
    expect(flames.red).toBeGreaterThan(20);
    expect(smoke.red).toBe(0);
  });
});
