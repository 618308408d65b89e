import type { CorrelationReason } from '@ioc/shared';
import { formatDistance, formatDuration } from '../i18n/format';
import { categoryLabel, t } from '../i18n/i18n';

/**
 * The correlation reason in the console's language, built from the reason's numbers
 * (the hub's own `text` is English and is kept as the tooltip).
 */
export function describeReason(
  reason: CorrelationReason,
  relatedIncidentId: string | null,
): string {
  const window = formatDuration(reason.windowMs);
  const radius =
    reason.radiusM === null
      ? t('reason.sameZone')
      : t('reason.radius', { radius: formatDistance(reason.radiusM) });
  const timing =
    reason.gapMs === null
      ? t('reason.window', { window })
      : reason.gapMs >= 0
        ? t('reason.after', { gap: formatDuration(reason.gapMs), window })
        : t('reason.late', { gap: formatDuration(-reason.gapMs), window });
  switch (reason.rule) {
    case 'opened':
      return t('reason.opened', { category: categoryLabel(reason.category), radius, window });
    case 'reopened':
      return t('reason.reopened', { id: relatedIncidentId ?? '?' });
    case 'zone':
      return t('reason.zone', { timing });
    case 'joined':
      return t('reason.joined', { distance: formatDistance(reason.distanceM), radius, timing });
  }
}
