import type { Feature, FeatureCollection, LineString, Point, Polygon } from 'geojson';

/*
 * An offline, hand-drawn basemap of Da Lat: approximate, but enough to recognise the
 * city (Xuan Huong lake in the centre, Tuyen Lam to the south-west, Langbiang to the
 * north, QL20 down the Prenn pass) when no tile server is reachable. Coordinates are
 * GeoJSON order: [lon, lat].
 */

export type BasemapKind =
  | 'forest'
  | 'contour'
  | 'farmland'
  | 'urban'
  | 'mountain'
  | 'lake'
  | 'stream'
  | 'highway'
  | 'road'
  | 'place'
  | 'city'
  | 'water-label'
  | 'mountain-label'
  | 'road-label';

export interface PlaceName {
  vi: string;
  en: string;
}

export interface BasemapProperties {
  kind: BasemapKind;
  name?: PlaceName;
  /** Labels appear from this zoom on, so the overview does not drown in text. */
  minZoom?: number;
  /** ...and disappear past this one (the city's name, once the streets are readable). */
  maxZoom?: number;
}

type BasemapFeature = Feature<Polygon | LineString | Point, BasemapProperties>;

const area = (kind: BasemapKind, ring: [number, number][], name?: PlaceName): BasemapFeature => ({
  type: 'Feature',
  properties: { kind, name },
  geometry: { type: 'Polygon', coordinates: [ring] },
});

const line = (
  kind: BasemapKind,
  coordinates: [number, number][],
  name?: PlaceName,
): BasemapFeature => ({
  type: 'Feature',
  properties: { kind, name },
  geometry: { type: 'LineString', coordinates },
});

const label = (
  kind: BasemapKind,
  lon: number,
  lat: number,
  name: PlaceName,
  minZoom = 0,
  maxZoom = 99,
): BasemapFeature => ({
  type: 'Feature',
  properties: { kind, name, minZoom, maxZoom },
  geometry: { type: 'Point', coordinates: [lon, lat] },
});

/** An ellipse (as a closed line) for contour rings: radii in degrees. */
function ring(lon: number, lat: number, rLon: number, rLat: number): [number, number][] {
  const points: [number, number][] = [];
  for (let i = 0; i <= 24; i++) {
    const a = (i / 24) * Math.PI * 2;
    // A little irregularity so it reads as terrain, not geometry.
    const wobble = 1 + 0.08 * Math.sin(a * 3) + 0.05 * Math.cos(a * 5);
    points.push([lon + Math.cos(a) * rLon * wobble, lat + Math.sin(a) * rLat * wobble]);
  }
  return points;
}

// prettier-ignore
export const DA_LAT_BASEMAP: FeatureCollection<Polygon | LineString | Point, BasemapProperties> = {
  type: 'FeatureCollection',
  features: [
    // Pine forest on the plateau around the city (drawn first, under everything else).
    area('forest', [
      [108.395, 12.075], [108.43, 12.08], [108.475, 12.072], [108.5, 12.05], [108.505, 12.02],
      [108.49, 11.995], [108.468, 11.99], [108.455, 12.005], [108.44, 12.012], [108.418, 12.012],
      [108.405, 12.03], [108.395, 12.05], [108.395, 12.075],
    ]),
    area('forest', [
      [108.47, 11.985], [108.5, 11.99], [108.53, 11.975], [108.535, 11.95], [108.515, 11.935],
      [108.495, 11.94], [108.478, 11.955], [108.468, 11.97], [108.47, 11.985],
    ]),
    area('forest', [
      [108.395, 11.915], [108.412, 11.918], [108.425, 11.91], [108.44, 11.905], [108.455, 11.895],
      [108.462, 11.875], [108.46, 11.85], [108.44, 11.842], [108.415, 11.848], [108.395, 11.86],
      [108.385, 11.885], [108.395, 11.915],
    ]),
    area('forest', [
      [108.33, 11.93], [108.355, 11.94], [108.38, 11.935], [108.392, 11.92], [108.388, 11.895],
      [108.37, 11.878], [108.345, 11.88], [108.328, 11.9], [108.33, 11.93],
    ]),
    area('forest', [
      [108.47, 11.93], [108.49, 11.928], [108.5, 11.91], [108.495, 11.885], [108.48, 11.875],
      [108.468, 11.9], [108.465, 11.918], [108.47, 11.93],
    ]),
    // Vegetable and flower farms on the slopes west and north of the centre.
    area('farmland', [
      [108.4, 11.975], [108.418, 11.985], [108.432, 11.978], [108.43, 11.965], [108.415, 11.958],
      [108.402, 11.962], [108.4, 11.975],
    ]),
    area('farmland', [
      [108.41, 12.0], [108.425, 12.012], [108.44, 12.008], [108.445, 11.995], [108.435, 11.988],
      [108.418, 11.99], [108.41, 12.0],
    ]),
    // Contours around Langbiang (~2,100 m), to read the mountain at a glance.
    line('contour', ring(108.44, 12.047, 0.006, 0.005)),
    line('contour', ring(108.44, 12.046, 0.012, 0.0095)),
    line('contour', ring(108.441, 12.045, 0.019, 0.0145)),
    // Built-up centre of the city.
    area('urban', [
      [108.418, 11.956], [108.43, 11.965], [108.445, 11.966], [108.46, 11.958], [108.465, 11.945],
      [108.46, 11.93], [108.448, 11.92], [108.432, 11.918], [108.42, 11.925], [108.413, 11.94],
      [108.418, 11.956],
    ]),
    area('urban', [
      [108.418, 12.006], [108.428, 12.008], [108.432, 11.999], [108.426, 11.993], [108.417, 11.997],
      [108.418, 12.006],
    ]),
    area('mountain', [
      [108.42, 12.06], [108.442, 12.068], [108.462, 12.06], [108.465, 12.045], [108.455, 12.03],
      [108.435, 12.027], [108.418, 12.035], [108.415, 12.05], [108.42, 12.06],
    ]),
    // Xuan Huong lake: ~1.5 km, crescent-shaped, running NE-SW through the centre.
    area('lake', [
      [108.4315, 11.9365], [108.43293, 11.93812], [108.4345, 11.9394], [108.43661, 11.94126],
      [108.43876, 11.94293], [108.44092, 11.94421], [108.44268, 11.94514], [108.4438, 11.9455],
      [108.44332, 11.94426], [108.44208, 11.94259], [108.44024, 11.94087], [108.43799, 11.93934],
      [108.4355, 11.938], [108.43367, 11.93708], [108.4315, 11.9365],
    ]),
    // Tuyen Lam lake: a reservoir with long arms south-west of the city.
    area('lake', [
      [108.418, 11.904], [108.4225, 11.902], [108.426, 11.899], [108.431, 11.8985], [108.4345, 11.8965],
      [108.432, 11.8935], [108.4275, 11.893], [108.426, 11.889], [108.43, 11.885], [108.4285, 11.8815],
      [108.424, 11.88], [108.4215, 11.876], [108.417, 11.877], [108.416, 11.882], [108.412, 11.8845],
      [108.408, 11.883], [108.406, 11.887], [108.41, 11.89], [108.415, 11.8905], [108.416, 11.895],
      [108.413, 11.8985], [108.415, 11.902], [108.418, 11.904],
    ]),
    // Da Thien lake, in the Valley of Love north of the centre.
    area('lake', [
      [108.4455, 11.9805], [108.448, 11.98], [108.45, 11.978], [108.451, 11.9755], [108.4495, 11.9745],
      [108.4475, 11.9765], [108.4455, 11.978], [108.4445, 11.9795], [108.4455, 11.9805],
    ]),
    // Than Tho lake, east of the centre.
    area('lake', [
      [108.4695, 11.9585], [108.4725, 11.9592], [108.4745, 11.957], [108.4728, 11.955], [108.47, 11.9555],
      [108.4695, 11.9585],
    ]),
    // Cam Ly stream leaves Xuan Huong at its dam and runs south-west past the falls.
    line('stream', [
      [108.4315, 11.9365], [108.429, 11.936], [108.4265, 11.9368], [108.422, 11.933], [108.417, 11.927],
      [108.412, 11.918], [108.408, 11.908],
    ]),
    // QL20: from the centre south-east down the Prenn pass towards Lien Khuong.
    line('highway', [
      [108.442, 11.938], [108.446, 11.93], [108.45, 11.92], [108.456, 11.908], [108.462, 11.898],
      [108.47, 11.88], [108.475, 11.865], [108.482, 11.85], [108.49, 11.83],
    ]),
    // North to Lac Duong and the foot of Langbiang (DT723).
    line('highway', [
      [108.438, 11.945], [108.44, 11.955], [108.446, 11.972], [108.44, 11.985], [108.432, 12.0],
      [108.43, 12.015], [108.438, 12.03],
    ]),
    // Ring around the centre.
    line('road', [
      [108.43, 11.945], [108.438, 11.952], [108.45, 11.95], [108.456, 11.942], [108.453, 11.932],
      [108.442, 11.927], [108.432, 11.93], [108.427, 11.938], [108.43, 11.945],
    ]),
    // To Tuyen Lam lake.
    line('road', [
      [108.433, 11.929], [108.43, 11.92], [108.428, 11.91], [108.43, 11.902],
    ]),
    // East to Trai Mat.
    line('road', [
      [108.456, 11.942], [108.47, 11.945], [108.485, 11.944], [108.495, 11.947],
    ]),
    // West towards Ta Nung.
    line('road', [
      [108.427, 11.938], [108.415, 11.935], [108.4, 11.93], [108.385, 11.925],
    ]),
    // To Than Tho lake.
    line('road', [
      [108.45, 11.95], [108.46, 11.955], [108.47, 11.957],
    ]),
    // QL27C east from Trai Mat towards Nha Trang.
    line('highway', [
      [108.495, 11.947], [108.51, 11.952], [108.53, 11.96], [108.55, 11.958], [108.57, 11.965],
    ]),
    // DT725 west past Ta Nung.
    line('road', [
      [108.385, 11.925], [108.37, 11.915], [108.355, 11.905], [108.34, 11.9], [108.32, 11.895],
    ]),
    // The Mimosa pass road, south-east of the centre.
    line('road', [
      [108.446, 11.93], [108.452, 11.918], [108.457, 11.905], [108.455, 11.89], [108.448, 11.875],
    ]),
    // Road to Datanla falls and Tuyen Lam's southern shore.
    line('road', [
      [108.452, 11.915], [108.449, 11.902], [108.44, 11.897], [108.43, 11.895],
    ]),
    // North along the Valley of Love to Lac Duong.
    line('road', [
      [108.45, 11.95], [108.455, 11.965], [108.45, 11.978], [108.44, 11.99], [108.425, 12.0],
    ]),

    label('place', 108.4369, 11.9429, { vi: 'Chợ Đà Lạt', en: 'Da Lat Market' }, 14),
    label('place', 108.44, 11.927, { vi: 'Đồi Robin', en: 'Robin Hill' }, 13),
    label('place', 108.425, 12.0, { vi: 'Lạc Dương', en: 'Lac Duong' }, 11),
    label('place', 108.4265, 11.9375, { vi: 'Thác Cam Ly', en: 'Cam Ly Falls' }, 14),
    label('water-label', 108.4398, 11.9398, { vi: 'Hồ Xuân Hương', en: 'Xuan Huong Lake' }, 12),
    label('water-label', 108.42, 11.89, { vi: 'Hồ Tuyền Lâm', en: 'Tuyen Lam Lake' }, 11),
    label('water-label', 108.4478, 11.9775, { vi: 'Hồ Đa Thiện', en: 'Da Thien Lake' }, 13),
    label('water-label', 108.472, 11.957, { vi: 'Hồ Than Thở', en: 'Than Tho Lake' }, 13),
    label('mountain-label', 108.44, 12.047, { vi: 'Núi Langbiang', en: 'Langbiang Mountain' }, 10),
    label('road-label', 108.47, 11.88, { vi: 'Đèo Prenn (QL20)', en: 'Prenn Pass (QL20)' }, 11),
    label('road-label', 108.458, 11.9, { vi: 'Đèo Mimosa', en: 'Mimosa Pass' }, 13),
    label('road-label', 108.54, 11.958, { vi: 'QL27C đi Nha Trang', en: 'QL27C to Nha Trang' }, 12),
    label('place', 108.362, 11.905, { vi: 'Tà Nung', en: 'Ta Nung' }, 11),
    label('place', 108.49, 11.945, { vi: 'Trại Mát', en: 'Trai Mat' }, 12),
    label('place', 108.449, 11.902, { vi: 'Thác Datanla', en: 'Datanla Falls' }, 13),
    label('place', 108.451, 11.972, { vi: 'Thung lũng Tình Yêu', en: 'Valley of Love' }, 14),
    label('place', 108.4551, 11.9423, { vi: 'Ga Đà Lạt', en: 'Da Lat Station' }, 14),
    label('place', 108.4424, 11.9406, { vi: 'Quảng trường Lâm Viên', en: 'Lam Vien Square' }, 15),
    label('city', 108.462, 11.962, { vi: 'ĐÀ LẠT', en: 'DA LAT' }, 0, 13),
    label('mountain-label', 108.47, 12.06, { vi: 'Rừng thông Lâm Viên', en: 'Lam Vien pine forest' }, 12),
  ],
};
