import type { DeviceKind, Severity, UnitStatus } from '@ioc/shared';

export const SEVERITY_COLORS: Record<Severity, string> = {
  info: '#94a3b8',
  low: '#3b82f6',
  medium: '#f59e0b',
  high: '#f97316',
  critical: '#ef4444',
};

/** Marker radius in pixels: the worse it is, the bigger it is. */
export const SEVERITY_RADIUS: Record<Severity, number> = {
  info: 5,
  low: 6,
  medium: 8,
  high: 10,
  critical: 12,
};

export const DEVICE_KIND_COLORS: Record<DeviceKind, string> = {
  camera: '#22d3ee',
  sensor: '#a3e635',
  gateway: '#c084fc',
};
export const DEVICE_UNKNOWN_KIND_COLOR = '#cbd5e1';
export const DEVICE_OFFLINE_FILL = '#4b5563';
export const DEVICE_OFFLINE_STROKE = '#f87171';
export const DEVICE_ONLINE_RING = '#22c55e';
export const DEVICE_OFFLINE_RING = '#9ca3af';

export const CAMERA_VIEW_FILL = 'rgba(34, 211, 238, 0.14)';
export const CAMERA_VIEW_FILL_ASSUMED = 'rgba(34, 211, 238, 0.07)';
export const CAMERA_VIEW_STROKE = 'rgba(34, 211, 238, 0.55)';

export const UNIT_STATUS_COLORS: Record<UnitStatus, string> = {
  available: '#22c55e',
  busy: '#f59e0b',
  off_duty: '#6b7280',
};

export const ZONE_STROKE = '#7dd3fc';

/** Cluster bubbles grow with the log of their count, within bounds that stay readable. */
export function clusterRadius(count: number, base: number, max: number): number {
  return Math.min(max, base + 2.6 * Math.log2(Math.max(1, count)));
}

/** "7", "842", "1.2k", "12k": a count that fits in a bubble. */
export function compactCount(count: number): string {
  if (count < 1000) return String(count);
  if (count < 10_000) return `${(Math.floor(count / 100) / 10).toFixed(1)}k`;
  return `${Math.floor(count / 1000)}k`;
}
