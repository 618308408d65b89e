import { DA_LAT_CENTER, type EventType, type LatLon, type Metric } from '@ioc/shared';

/**
 * Where the simulated Da Lat fleet stands: named places with a zone, and how many
 * cameras and sensors of each kind a default fleet (37 cameras, 60 sensors) puts there.
 * Coordinates are approximate (good to a few hundred metres), which is all a demo map needs.
 */
export interface Site {
  /** Compact key used in device ids: `cam-langbiang-01`, `wl-camly-01`. */
  key: string;
  name: string;
  /** The zone every device of the site reports in its birth. */
  zone: string;
  location: LatLon;
  /** Devices are scattered within this distance of `location`. */
  spreadM: number;
  /** Metres above sea level: colder up Langbiang, warmer down Prenn pass. */
  elevationM: number;
}

const site = (
  key: string,
  name: string,
  zone: string,
  lat: number,
  lon: number,
  spreadM: number,
  elevationM: number,
): Site => ({ key, name, zone, location: { lat, lon }, spreadM, elevationM });

export const SITES = {
  langbiang: site('langbiang', 'Langbiang', 'langbiang', 12.047, 108.44, 1500, 2000),
  robin: site('robin', 'Robin hill', 'robin', 11.927, 108.44, 400, 1600),
  prenn: site('prenn', 'Prenn pass', 'prenn', 11.88, 108.47, 1200, 1250),
  mimosa: site('mimosa', 'Mimosa pass', 'mimosa', 11.905, 108.457, 900, 1400),
  datanla: site('datanla', 'Datanla falls', 'prenn', 11.902, 108.449, 500, 1400),
  tuyenlam: site('tuyenlam', 'Tuyen Lam lake', 'tuyen-lam', 11.89, 108.42, 1500, 1400),
  tanung: site('tanung', 'Ta Nung', 'ta-nung', 11.905, 108.36, 1500, 1350),
  lamvien: site('lamvien', 'Lam Vien square', 'xuan-huong', 11.9406, 108.4424, 200, 1480),
  xuanhuong: site(
    'xuanhuong',
    'Xuan Huong lake',
    'xuan-huong',
    DA_LAT_CENTER.lat,
    DA_LAT_CENTER.lon,
    500,
    1480,
  ),
  market: site('market', 'Da Lat market', 'center', 11.9429, 108.4369, 200, 1500),
  center: site('center', 'Da Lat centre', 'center', 11.9441, 108.437, 700, 1500),
  station: site('station', 'Da Lat station', 'center', 11.9423, 108.4551, 300, 1520),
  camly: site('camly', 'Cam Ly', 'cam-ly', 11.948, 108.42, 700, 1450),
  traimat: site('traimat', 'Trai Mat', 'trai-mat', 11.945, 108.49, 800, 1450),
  dathien: site('dathien', 'Da Thien lake', 'da-thien', 11.978, 108.452, 500, 1450),
} satisfies Record<string, Site>;

export type SiteKey = keyof typeof SITES;

/** Each site's name in Vietnamese, for the devices' `names` (the console shows its language's). */
export const SITE_NAMES_VI: Record<SiteKey, string> = {
  langbiang: 'Langbiang',
  robin: 'Đồi Robin',
  prenn: 'Đèo Prenn',
  mimosa: 'Đèo Mimosa',
  datanla: 'Thác Datanla',
  tuyenlam: 'Hồ Tuyền Lâm',
  tanung: 'Tà Nung',
  lamvien: 'Quảng trường Lâm Viên',
  xuanhuong: 'Hồ Xuân Hương',
  market: 'Chợ Đà Lạt',
  center: 'Trung tâm Đà Lạt',
  station: 'Ga Đà Lạt',
  camly: 'Cam Ly',
  traimat: 'Trại Mát',
  dathien: 'Hồ Đa Thiện',
};

/**
 * What a camera advertises (`capabilities`, sent in its birth) and what it reports in
 * normal operation (`routine`, relative weights). Fire is advertised by forest cameras
 * but never part of the routine: background noise must not open fire incidents, so that
 * the forest-fire scenario's outcome stays unambiguous next to a running fleet.
 */
export interface CameraProfile {
  capabilities: EventType[];
  routine: Partial<Record<EventType, number>>;
  /** Relative share of the fleet's event rate a camera of this profile takes. */
  activity: number;
}

export const CAMERA_PROFILES = {
  forest: {
    capabilities: ['fire.smoke', 'fire.flame', 'forest.logging', 'forest.intrusion'],
    routine: { 'forest.intrusion': 3, 'forest.logging': 1 },
    activity: 0.5,
  },
  lakeside: {
    capabilities: [
      'fire.smoke',
      'fire.flame',
      'forest.logging',
      'forest.intrusion',
      'construction.unpermitted',
      'urban.littering',
    ],
    routine: {
      'forest.intrusion': 2,
      'construction.unpermitted': 2,
      'urban.littering': 1,
      'forest.logging': 1,
    },
    activity: 1,
  },
  pass: {
    capabilities: [
      'fire.smoke',
      'fire.flame',
      'forest.logging',
      'traffic.accident',
      'traffic.congestion',
      'traffic.wrong_way',
    ],
    routine: {
      'traffic.congestion': 4,
      'traffic.wrong_way': 1,
      'forest.logging': 0.5,
      'traffic.accident': 0.1,
    },
    activity: 1.5,
  },
  market: {
    capabilities: [
      'urban.illegal_parking',
      'urban.encroachment',
      'urban.littering',
      'urban.crowd',
      'traffic.congestion',
    ],
    routine: {
      'urban.illegal_parking': 5,
      'urban.encroachment': 2,
      'traffic.congestion': 2,
      'urban.littering': 1,
      'urban.crowd': 1,
    },
    activity: 3,
  },
  square: {
    capabilities: [
      'urban.crowd',
      'urban.littering',
      'urban.encroachment',
      'urban.illegal_parking',
      'traffic.congestion',
    ],
    routine: {
      'urban.crowd': 3,
      'urban.littering': 2,
      'traffic.congestion': 2,
      'urban.illegal_parking': 2,
      'urban.encroachment': 1,
    },
    activity: 2,
  },
  edge: {
    capabilities: [
      'construction.unpermitted',
      'urban.encroachment',
      'urban.littering',
      'traffic.congestion',
      'forest.logging',
    ],
    routine: {
      'construction.unpermitted': 3,
      'urban.encroachment': 2,
      'urban.littering': 1,
      'traffic.congestion': 1,
    },
    activity: 1.5,
  },
} satisfies Record<string, CameraProfile>;

export type CameraProfileName = keyof typeof CAMERA_PROFILES;

export interface CameraSlot {
  site: SiteKey;
  profile: CameraProfileName;
  /** Cameras at this site in the default fleet of 37. */
  count: number;
}

/** High points and busy places: 37 cameras, as in the motivating IOC. */
export const CAMERA_PLAN: CameraSlot[] = [
  { site: 'langbiang', profile: 'forest', count: 6 },
  { site: 'tuyenlam', profile: 'lakeside', count: 5 },
  { site: 'tanung', profile: 'forest', count: 4 },
  { site: 'prenn', profile: 'pass', count: 4 },
  { site: 'market', profile: 'market', count: 3 },
  { site: 'lamvien', profile: 'square', count: 3 },
  { site: 'robin', profile: 'forest', count: 2 },
  { site: 'mimosa', profile: 'pass', count: 2 },
  { site: 'datanla', profile: 'forest', count: 2 },
  { site: 'xuanhuong', profile: 'square', count: 2 },
  { site: 'camly', profile: 'edge', count: 2 },
  { site: 'traimat', profile: 'edge', count: 2 },
];

/**
 * Sensor kinds, their metrics and how often they report (seconds of simulated time): air
 * quality and rain every minute, water level every minute, slow-moving slopes and weather
 * every 2 minutes — all well inside the hub's 5-minute silence rule at speed 1.
 */
export const SENSOR_KINDS = {
  air: {
    prefix: 'aq',
    label: 'air quality',
    labelVi: 'Trạm quan trắc không khí',
    metrics: ['pm25', 'pm10', 'temperature', 'humidity'],
    intervalS: 60,
  },
  'water-level': {
    prefix: 'wl',
    label: 'water level',
    labelVi: 'Cảm biến mực nước',
    metrics: ['water_level', 'rainfall'],
    intervalS: 60,
  },
  rainfall: {
    prefix: 'rain',
    label: 'rain gauge',
    labelVi: 'Trạm đo mưa',
    metrics: ['rainfall'],
    intervalS: 60,
  },
  tilt: {
    prefix: 'tilt',
    label: 'slope tilt',
    labelVi: 'Cảm biến nghiêng sườn dốc',
    metrics: ['tilt'],
    intervalS: 120,
  },
  weather: {
    prefix: 'wx',
    label: 'weather station',
    labelVi: 'Trạm khí tượng',
    metrics: ['temperature', 'humidity', 'rainfall'],
    intervalS: 120,
  },
} satisfies Record<
  string,
  { prefix: string; label: string; labelVi: string; metrics: Metric[]; intervalS: number }
>;

export type SensorKind = keyof typeof SENSOR_KINDS;

export interface SensorSlot {
  kind: SensorKind;
  site: SiteKey;
  count: number;
}

/**
 * 60 sensors: air quality in town, water level on Cam Ly stream and the lakes, rain
 * gauges, tilt meters on the two passes, weather stations in the forests (the
 * forest-fire scenario's `temp-langbiang-01` is not one of them, so the two never clash).
 */
export const SENSOR_PLAN: SensorSlot[] = [
  { kind: 'air', site: 'center', count: 4 },
  { kind: 'air', site: 'xuanhuong', count: 2 },
  { kind: 'air', site: 'camly', count: 2 },
  { kind: 'air', site: 'traimat', count: 2 },
  { kind: 'air', site: 'station', count: 2 },
  { kind: 'air', site: 'prenn', count: 1 },
  { kind: 'air', site: 'tuyenlam', count: 1 },
  { kind: 'water-level', site: 'camly', count: 4 },
  { kind: 'water-level', site: 'tuyenlam', count: 3 },
  { kind: 'water-level', site: 'xuanhuong', count: 2 },
  { kind: 'water-level', site: 'dathien', count: 2 },
  { kind: 'rainfall', site: 'langbiang', count: 2 },
  { kind: 'rainfall', site: 'prenn', count: 2 },
  { kind: 'rainfall', site: 'tanung', count: 2 },
  { kind: 'rainfall', site: 'center', count: 1 },
  { kind: 'rainfall', site: 'tuyenlam', count: 1 },
  { kind: 'rainfall', site: 'traimat', count: 1 },
  { kind: 'rainfall', site: 'camly', count: 1 },
  { kind: 'tilt', site: 'prenn', count: 6 },
  { kind: 'tilt', site: 'mimosa', count: 5 },
  { kind: 'weather', site: 'langbiang', count: 4 },
  { kind: 'weather', site: 'tanung', count: 3 },
  { kind: 'weather', site: 'tuyenlam', count: 3 },
  { kind: 'weather', site: 'robin', count: 2 },
  { kind: 'weather', site: 'datanla', count: 2 },
];
