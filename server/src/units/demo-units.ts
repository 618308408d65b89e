import type { LocalizedNames, UnitKind } from '@ioc/shared';

/** The demo's response units in and around Da Lat (seeded outside production only). */
export const DEMO_UNITS: {
  id: string;
  name: string;
  names: LocalizedNames;
  kind: UnitKind;
  homeZone: string;
  lat: number;
  lon: number;
}[] = [
  {
    id: 'rangers-langbiang',
    name: 'Langbiang forest rangers',
    names: { vi: 'Kiểm lâm Langbiang', en: 'Langbiang forest rangers' },
    kind: 'forest_rangers',
    homeZone: 'langbiang',
    lat: 12.0352,
    lon: 108.4385,
  },
  {
    id: 'rangers-tuyen-lam',
    name: 'Tuyen Lam forest rangers',
    names: { vi: 'Kiểm lâm Tuyền Lâm', en: 'Tuyen Lam forest rangers' },
    kind: 'forest_rangers',
    homeZone: 'tuyen-lam',
    lat: 11.8952,
    lon: 108.4263,
  },
  {
    id: 'fire-dalat',
    name: 'Da Lat fire brigade',
    names: { vi: 'Cảnh sát PCCC Đà Lạt', en: 'Da Lat fire brigade' },
    kind: 'fire_brigade',
    homeZone: 'center',
    lat: 11.9466,
    lon: 108.4421,
  },
  {
    id: 'urban-order-center',
    name: 'Urban order team, ward 1',
    names: { vi: 'Đội trật tự đô thị phường 1', en: 'Urban order team, ward 1' },
    kind: 'urban_order',
    homeZone: 'center',
    lat: 11.9429,
    lon: 108.4369,
  },
  {
    id: 'traffic-police-dalat',
    name: 'Da Lat traffic police',
    names: { vi: 'Cảnh sát giao thông Đà Lạt', en: 'Da Lat traffic police' },
    kind: 'traffic_police',
    homeZone: 'xuan-huong',
    lat: 11.9387,
    lon: 108.4436,
  },
  {
    id: 'environment-dalat',
    name: 'Environment team',
    names: { vi: 'Đội môi trường', en: 'Environment team' },
    kind: 'environment',
    homeZone: 'cam-ly',
    lat: 11.948,
    lon: 108.42,
  },
];
