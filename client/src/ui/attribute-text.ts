import { METRIC_UNITS, METRICS, type Metric } from '@ioc/shared';
import { formatDistance, formatNumber } from '../i18n/format';
import { t } from '../i18n/i18n';
import { isAttributeKey } from '../i18n/attribute-keys';

const TEXT_LIMIT = 300;

const isMetric = (value: unknown): value is Metric =>
  typeof value === 'string' && (METRICS as readonly string[]).includes(value);

/**
 * An event's attributes as labelled rows in the console's language: known keys get a label,
 * numbers the locale's digits, booleans yes/no, metres a distance. A derived event's
 * `metric`, `value` and `unit` read as one measurement; its English `rule` is left out (the
 * reason line says the same). Values a device sent as text are shown as sent.
 */
export function attributeRows(attributes: Readonly<Record<string, unknown>>): [string, string][] {
  const rows: [string, string][] = [];
  const metric = isMetric(attributes.metric) ? attributes.metric : null;
  for (const [key, value] of Object.entries(attributes)) {
    if (metric && (key === 'unit' || key === 'rule')) continue;
    const label = isAttributeKey(key) ? t(`attribute.${key}`) : key;
    rows.push([label, attributeValue(key, value, metric)]);
  }
  return rows;
}

function attributeValue(key: string, value: unknown, metric: Metric | null): string {
  if (typeof value === 'boolean') return t(value ? 'common.yes' : 'common.no');
  if (typeof value === 'number') {
    if (key === 'distanceM' || key === 'queueM') return formatDistance(value);
    if (key === 'bearingDeg') return `${formatNumber(value, 0)}°`;
    if (key === 'value' && metric) return `${formatNumber(value, 2)} ${METRIC_UNITS[metric]}`;
    return formatNumber(value, 2);
  }
  if (key === 'metric' && metric) return t(`metric.${metric}`);
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > TEXT_LIMIT ? `${text.slice(0, TEXT_LIMIT)}…` : text;
}
