import { extname } from 'node:path';
import { BirthSchema, DeviceIdSchema, type Birth } from '@ioc/shared';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** What `POST /api/devices` takes: a device id and the birth it is registered with. */
export interface DeviceRegistration extends Birth {
  id: string;
}

export class DeviceListError extends Error {
  override name = 'DeviceListError';
}

/** The CSV header a device list starts with (`capabilities` optional: `;`- or space-separated). */
export const CSV_COLUMNS = ['id', 'kind', 'name', 'lat', 'lon', 'zone', 'capabilities'] as const;

const RegistrationSchema = BirthSchema.extend({ id: DeviceIdSchema });
const YamlListSchema = z.union([
  z.array(z.unknown()),
  z.object({ devices: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]) }),
]);

function describe(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.map(String).join('.') || 'value'}: ${i.message}`)
    .join('; ');
}

function registration(value: unknown, where: string): DeviceRegistration {
  const parsed = RegistrationSchema.safeParse(value);
  if (!parsed.success) throw new DeviceListError(`${where}: ${describe(parsed.error)}`);
  return parsed.data;
}

/**
 * A CSV device list: a header naming at least id, kind, name, lat, lon and zone (any order),
 * one device per row. Mistakes name the line.
 */
export function parseCsvDevices(text: string, origin = 'device list'): DeviceRegistration[] {
  type Row = { record: Record<string, string>; info: { lines: number } };
  let rows: Row[];
  try {
    rows = parseCsv<Row>(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      comment: '#',
      info: true,
      bom: true,
    });
  } catch (error) {
    throw new DeviceListError(`${origin}: ${(error as Error).message}`);
  }
  const first = rows[0]?.record;
  const missing = first ? CSV_COLUMNS.slice(0, 6).filter((c) => !(c in first)) : [];
  if (missing.length > 0)
    throw new DeviceListError(
      `${origin}: the header lacks ${missing.join(', ')} (expected ${CSV_COLUMNS.join(',')})`,
    );
  return rows.map(({ record, info }) =>
    registration(
      {
        id: record.id,
        kind: record.kind,
        name: record.name,
        location: { lat: numberOf(record.lat), lon: numberOf(record.lon) },
        zone: record.zone,
        capabilities: (record.capabilities ?? '').split(/[;\s]+/).filter((c) => c !== ''),
      },
      `${origin} line ${info.lines}`,
    ),
  );
}

function numberOf(text: string | undefined): number | string | undefined {
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

/**
 * A YAML (or JSON) device list: a list of `{id, kind, name, location, zone, capabilities}`,
 * or `devices:` as such a list or as a map id → birth — which makes every scenario file a
 * device list too.
 */
export function parseYamlDevices(text: string, origin = 'device list'): DeviceRegistration[] {
  let value: unknown;
  try {
    value = parseYaml(text, { uniqueKeys: true });
  } catch (error) {
    throw new DeviceListError(`${origin}: ${(error as Error).message}`);
  }
  const shape = YamlListSchema.safeParse(value);
  if (!shape.success)
    throw new DeviceListError(
      `${origin}: expected a list of devices, or "devices:" as a list or a map of id → birth`,
    );
  const list = Array.isArray(shape.data) ? shape.data : shape.data.devices;
  if (Array.isArray(list))
    return list.map((entry, i) => registration(entry, `${origin} devices[${i}]`));
  return Object.entries(list).map(([id, birth]) =>
    registration(
      { ...(typeof birth === 'object' && birth !== null ? birth : {}), id },
      `${origin} devices.${id}`,
    ),
  );
}

/** By extension: `.csv` is CSV, anything else YAML (JSON included). */
export function parseDeviceList(text: string, file: string): DeviceRegistration[] {
  return extname(file).toLowerCase() === '.csv'
    ? parseCsvDevices(text, file)
    : parseYamlDevices(text, file);
}

/** Joins lists; a device listed twice with different details is an error, not a silent pick. */
export function mergeDeviceLists(lists: readonly DeviceRegistration[][]): DeviceRegistration[] {
  const byId = new Map<string, DeviceRegistration>();
  for (const device of lists.flat()) {
    const before = byId.get(device.id);
    if (before && JSON.stringify(before) !== JSON.stringify(device))
      throw new DeviceListError(`device ${device.id} is listed twice with different details`);
    byId.set(device.id, device);
  }
  return [...byId.values()];
}
