/**
 * The taxonomy of docs/contract.md §4: event types, categories with their default correlation
 * parameters, severities, telemetry metrics and the default threshold rules.
 * Everything here is a default; the server's rules file may override the parameters.
 */

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

/** One level up, capped at critical. */
export function raiseSeverity(severity: Severity): Severity {
  return SEVERITIES[Math.min(severityRank(severity) + 1, SEVERITIES.length - 1)] ?? 'critical';
}

export const CATEGORIES = [
  'fire',
  'forest',
  'construction',
  'urban',
  'traffic',
  'flood',
  'landslide',
  'air',
  'device',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Base severity of every event type (docs/contract.md §4). */
export const EVENT_TYPE_SEVERITY = {
  'fire.smoke': 'medium',
  'fire.flame': 'high',
  'fire.heat': 'medium',
  'forest.logging': 'medium',
  'forest.intrusion': 'medium',
  'construction.unpermitted': 'low',
  'urban.encroachment': 'low',
  'urban.illegal_parking': 'low',
  'urban.littering': 'low',
  'urban.crowd': 'low',
  'traffic.accident': 'high',
  'traffic.congestion': 'low',
  'traffic.wrong_way': 'low',
  'flood.water_level': 'high',
  'flood.rainfall': 'medium',
  'landslide.tilt': 'high',
  'landslide.report': 'high',
  'air.pollution': 'medium',
  'device.offline': 'info',
} as const satisfies Record<string, Severity>;

export type EventType = keyof typeof EVENT_TYPE_SEVERITY;
export const EVENT_TYPES = Object.keys(EVENT_TYPE_SEVERITY) as [EventType, ...EventType[]];

export function categoryOf(type: EventType): Category {
  return type.slice(0, type.indexOf('.')) as Category;
}

export function isEventType(value: string): value is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_TYPE_SEVERITY, value);
}

export interface CategoryParameters {
  /** Join radius in metres around the incident's centroid; `null` means "same zone". */
  radiusM: number | null;
  /** Join window in milliseconds after the incident's lastSeen (event time). */
  windowMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const DEFAULT_CATEGORY_PARAMETERS: Record<Category, CategoryParameters> = {
  fire: { radiusM: 1000, windowMs: 15 * MINUTE },
  forest: { radiusM: 500, windowMs: 30 * MINUTE },
  construction: { radiusM: 100, windowMs: 24 * HOUR },
  urban: { radiusM: 100, windowMs: 30 * MINUTE },
  traffic: { radiusM: 300, windowMs: 10 * MINUTE },
  flood: { radiusM: 1500, windowMs: 60 * MINUTE },
  landslide: { radiusM: 500, windowMs: 60 * MINUTE },
  air: { radiusM: 2000, windowMs: 60 * MINUTE },
  device: { radiusM: null, windowMs: 10 * MINUTE },
};

export const METRICS = [
  'pm25',
  'pm10',
  'temperature',
  'humidity',
  'noise',
  'water_level',
  'rainfall',
  'tilt',
] as const;
export type Metric = (typeof METRICS)[number];

export const METRIC_UNITS: Record<Metric, string> = {
  pm25: 'µg/m³',
  pm10: 'µg/m³',
  temperature: '°C',
  humidity: '%',
  noise: 'dBA',
  water_level: 'cm',
  rainfall: 'mm/h',
  tilt: '°',
};

export interface ThresholdRule {
  metric: Metric;
  /** Fires when readings are at or above this value... */
  threshold: number;
  /** ...for this many consecutive readings. */
  consecutive: number;
  /** Clears after this many consecutive readings below `threshold * clearRatio`. */
  clearConsecutive: number;
  clearRatio: number;
  derivedType: EventType;
  /** Optional higher step: at or above this value the derived event is `severity`. */
  escalateAt?: { threshold: number; severity: Severity };
}

export const DEFAULT_THRESHOLD_RULES: ThresholdRule[] = [
  {
    metric: 'pm25',
    threshold: 150,
    consecutive: 2,
    clearConsecutive: 2,
    clearRatio: 0.9,
    derivedType: 'air.pollution',
    escalateAt: { threshold: 250, severity: 'high' },
  },
  {
    metric: 'temperature',
    threshold: 50,
    consecutive: 2,
    clearConsecutive: 2,
    clearRatio: 0.9,
    derivedType: 'fire.heat',
  },
  {
    metric: 'water_level',
    threshold: 200,
    consecutive: 2,
    clearConsecutive: 2,
    clearRatio: 0.9,
    derivedType: 'flood.water_level',
  },
  {
    metric: 'rainfall',
    threshold: 50,
    consecutive: 2,
    clearConsecutive: 2,
    clearRatio: 0.9,
    derivedType: 'flood.rainfall',
  },
  {
    metric: 'tilt',
    threshold: 5,
    consecutive: 2,
    clearConsecutive: 2,
    clearRatio: 0.9,
    derivedType: 'landslide.tilt',
  },
];

/** SLA: an incident still open after this long is escalated (docs/contract.md §6). */
export const DEFAULT_SLA_MS: Partial<Record<Severity, number>> = {
  critical: 60_000,
  high: 5 * MINUTE,
  medium: 15 * MINUTE,
};

/** A device silent for this long is considered offline (docs/contract.md §5). */
export const DEFAULT_DEVICE_SILENCE_MS = 5 * MINUTE;

/** English labels, used in incident titles and CAP headlines (the console has its own i18n). */
export const EVENT_TYPE_LABELS: Record<EventType, string> = {
  'fire.smoke': 'Smoke',
  'fire.flame': 'Flames',
  'fire.heat': 'Extreme heat',
  'forest.logging': 'Illegal logging',
  'forest.intrusion': 'Forest intrusion',
  'construction.unpermitted': 'Unpermitted construction',
  'urban.encroachment': 'Pavement encroachment',
  'urban.illegal_parking': 'Illegal parking',
  'urban.littering': 'Littering',
  'urban.crowd': 'Crowd',
  'traffic.accident': 'Traffic accident',
  'traffic.congestion': 'Traffic congestion',
  'traffic.wrong_way': 'Wrong-way driving',
  'flood.water_level': 'High water level',
  'flood.rainfall': 'Heavy rainfall',
  'landslide.tilt': 'Slope movement',
  'landslide.report': 'Landslide reported',
  'air.pollution': 'Air pollution',
  'device.offline': 'Devices offline',
};
