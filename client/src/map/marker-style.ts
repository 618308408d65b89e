import type { Device, DeviceKind, Incident, Severity } from '@ioc/shared';

export const SEVERITY_COLORS: Record<Severity, string> = {
  info: '#6b7280',
  low: '#2563eb',
  medium: '#f59e0b',
  high: '#ea580c',
  critical: '#dc2626',
};

/** Marker radius in pixels: the worse it is, the bigger it is. */
export const SEVERITY_RADIUS: Record<Severity, number> = {
  info: 5,
  low: 6,
  medium: 8,
  high: 10,
  critical: 13,
};

export const DEVICE_KIND_COLORS: Record<DeviceKind, string> = {
  camera: '#22d3ee',
  sensor: '#a3e635',
  gateway: '#c084fc',
};

export const DEVICE_INACTIVE_COLOR = '#6b7280';

export interface CircleStyle {
  radius: number;
  color: string;
  weight: number;
  opacity: number;
  fillColor: string;
  fillOpacity: number;
}

export function incidentStyle(incident: Incident, selected: boolean): CircleStyle {
  const fill = SEVERITY_COLORS[incident.severity];
  return {
    radius: SEVERITY_RADIUS[incident.severity] + (selected ? 3 : 0),
    // A white ring marks the selected incident; a light one an SLA-escalated incident.
    color: selected ? '#ffffff' : incident.escalated ? '#fde68a' : '#0b1220',
    weight: selected ? 3 : incident.escalated ? 2.5 : 1.5,
    opacity: 1,
    fillColor: fill,
    fillOpacity: 0.9,
  };
}

export function deviceStyle(device: Device): CircleStyle {
  const online = device.status === 'online';
  const fill = online && device.kind ? DEVICE_KIND_COLORS[device.kind] : DEVICE_INACTIVE_COLOR;
  return {
    radius: 3.5,
    color: '#0b1220',
    weight: 1,
    opacity: online ? 0.9 : 0.6,
    fillColor: fill,
    fillOpacity: online ? 0.85 : 0.55,
  };
}
