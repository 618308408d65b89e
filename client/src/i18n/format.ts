import { getLocale, t } from './i18n';

// Intl formatters are costly to build and the feed formats hundreds of times a second.
const cache = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>(
  key: string,
  make: () => T,
): T {
  const full = `${getLocale()}|${key}`;
  let formatter = cache.get(full);
  if (!formatter) {
    formatter = make();
    cache.set(full, formatter);
  }
  return formatter as T;
}

/** HH:MM, 24-hour, in the browser's time zone. */
export function formatClock(time: Date | number | string): string {
  const ms = typeof time === 'string' ? Date.parse(time) : time;
  if (typeof ms === 'number' && !Number.isFinite(ms)) return '—';
  return cached(
    'clock',
    () =>
      new Intl.DateTimeFormat(getLocale(), { hour: '2-digit', minute: '2-digit', hour12: false }),
  ).format(ms);
}

/** HH:MM:SS, for timelines where seconds matter. */
export function formatTimeOfDay(time: Date | number | string): string {
  const ms = typeof time === 'string' ? Date.parse(time) : time;
  if (typeof ms === 'number' && !Number.isFinite(ms)) return '—';
  return cached(
    'time-of-day',
    () =>
      new Intl.DateTimeFormat(getLocale(), {
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hour12: false,
      }),
  ).format(ms);
}

/** Day, month and time to the second, for popups where precision matters. */
export function formatDateTime(time: Date | number | string): string {
  const ms = typeof time === 'string' ? Date.parse(time) : time;
  if (typeof ms === 'number' && !Number.isFinite(ms)) return '—';
  return cached(
    'datetime',
    () =>
      new Intl.DateTimeFormat(getLocale(), {
        day: '2-digit',
        month: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hour12: false,
      }),
  ).format(ms);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** "3 minutes ago" / "3 phút trước"; under 10 s it is "just now". */
export function formatRelative(timeMs: number, nowMs: number): string {
  if (!Number.isFinite(timeMs)) return '—';
  const diff = timeMs - nowMs;
  if (Math.abs(diff) < 10_000) return t('time.justNow');
  const format = cached(
    'relative',
    () => new Intl.RelativeTimeFormat(getLocale(), { numeric: 'auto' }),
  );
  for (const [unit, size] of UNITS) {
    if (Math.abs(diff) >= size || unit === 'second')
      return format.format(Math.round(diff / size), unit);
  }
  return t('time.justNow');
}

export function formatNumber(value: number, maximumFractionDigits = 1): string {
  return cached(
    `number${maximumFractionDigits}`,
    () => new Intl.NumberFormat(getLocale(), { maximumFractionDigits }),
  ).format(value);
}

type UnitName = 'second' | 'minute' | 'hour' | 'day' | 'meter' | 'kilometer' | 'percent';

function unitFormat(unit: UnitName, maximumFractionDigits: number): Intl.NumberFormat {
  return cached(
    `unit-${unit}-${maximumFractionDigits}`,
    () =>
      new Intl.NumberFormat(getLocale(), {
        style: 'unit',
        unit,
        unitDisplay: 'short',
        maximumFractionDigits,
      }),
  );
}

/** A duration in the largest unit that keeps it readable: "45 sec", "2.5 min", "1.2 hr". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const abs = Math.abs(ms);
  if (abs < 60_000) return unitFormat('second', 0).format(ms / 1000);
  if (abs < 3_600_000) return unitFormat('minute', 1).format(ms / 60_000);
  if (abs < 86_400_000) return unitFormat('hour', 1).format(ms / 3_600_000);
  return unitFormat('day', 1).format(ms / 86_400_000);
}

/** "350 m", "1.2 km". */
export function formatDistance(metres: number | null | undefined): string {
  if (metres === null || metres === undefined || !Number.isFinite(metres)) return '—';
  if (Math.abs(metres) < 1000) return unitFormat('meter', 0).format(metres);
  return unitFormat('kilometer', 1).format(metres / 1000);
}

/** 0.87 → "87%" (or "87 %" where the locale says so). */
export function formatPercent(fraction: number): string {
  return unitFormat('percent', 0).format(fraction * 100);
}

/** A countdown as m:ss ("14:05", "0:42"), rounded up so it reads 0:00 only at the end. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${formatNumber(minutes, 0)}:${String(seconds).padStart(2, '0')}`;
}
