import { parse as parseCsv } from 'csv-parse/sync';
import { LineCounter, isSeq, parseDocument } from 'yaml';
import { ProvisionDeviceRequestSchema, type ProvisionDeviceRequest } from '@ioc/shared';

/** The formats of `POST /api/devices/bulk` (docs/contract.md §7). */
export type FleetFormat = 'json' | 'csv' | 'yaml';

export interface FleetFile {
  devices: { line: number; request: ProvisionDeviceRequest }[];
  errors: { line: number; reason: string }[];
}

/** The CSV columns; `capabilities` holds names separated by spaces or `;`. */
export const FLEET_CSV_COLUMNS = ['id', 'kind', 'name', 'lat', 'lon', 'zone', 'capabilities'];

/**
 * Reads a fleet file into provisioning requests, each with its line (CSV and YAML: the
 * line in the file, the CSV header being line 1; JSON: the 1-based position in the array).
 * An entry that is not a valid request, or repeats an id, is an error of its line; a file
 * that cannot be read at all throws.
 */
export function parseFleetFile(body: unknown, format: FleetFormat): FleetFile {
  const entries = readEntries(body, format);
  const file: FleetFile = { devices: [], errors: [] };
  const seen = new Set<string>();
  for (const { line, value } of entries) {
    const parsed = ProvisionDeviceRequestSchema.safeParse(withLocation(value));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      file.errors.push({ line, reason: `${where}${issue?.message ?? 'invalid'}` });
    } else if (seen.has(parsed.data.id)) {
      file.errors.push({ line, reason: `id ${parsed.data.id} appears more than once` });
    } else {
      seen.add(parsed.data.id);
      file.devices.push({ line, request: parsed.data });
    }
  }
  return file;
}

function readEntries(body: unknown, format: FleetFormat): { line: number; value: unknown }[] {
  switch (format) {
    case 'json':
      if (!Array.isArray(body)) throw new Error('the body must be a JSON array of devices');
      return body.map((value: unknown, index) => ({ line: index + 1, value }));
    case 'csv':
      return readCsv(text(body));
    case 'yaml':
      return readYaml(text(body));
  }
}

function text(body: unknown): string {
  if (typeof body !== 'string' || body.trim() === '') throw new Error('the body is empty');
  return body;
}

function readCsv(body: string): { line: number; value: unknown }[] {
  const records: { record: Record<string, string>; info: { lines: number } }[] = parseCsv(body, {
    columns: true,
    info: true,
    skip_empty_lines: true,
    trim: true,
  });
  return records.map(({ record, info }) => ({
    line: info.lines,
    value: {
      id: record.id,
      kind: record.kind,
      name: record.name,
      location: { lat: number(record.lat), lon: number(record.lon) },
      zone: record.zone,
      capabilities: (record.capabilities ?? '').split(/[;\s]+/).filter(Boolean),
    },
  }));
}

function readYaml(body: string): { line: number; value: unknown }[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(body, { lineCounter });
  if (document.errors.length > 0) throw new Error(`not YAML: ${document.errors[0]?.message}`);
  const contents = document.contents;
  if (!isSeq(contents)) throw new Error('the YAML file must be a list of devices');
  return contents.items.map((item) => {
    const offset = (item as { range?: [number, number, number] }).range?.[0] ?? 0;
    return {
      line: lineCounter.linePos(offset).line,
      value: (item as { toJSON?: () => unknown }).toJSON?.() ?? item,
    };
  });
}

/** A blank cell is missing, not zero. */
function number(cell: string | undefined): number | undefined {
  return cell === undefined || cell === '' ? undefined : Number(cell);
}

/** Lets a YAML or JSON entry give `lat` and `lon` beside the other fields, as CSV does. */
function withLocation(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || 'location' in value) return value;
  const { lat, lon, ...rest } = value as Record<string, unknown>;
  return lat === undefined && lon === undefined ? value : { ...rest, location: { lat, lon } };
}
