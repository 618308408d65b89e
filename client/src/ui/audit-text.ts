import {
  ALL_RESOLUTIONS,
  DISMISS_REASONS,
  CATEGORIES,
  METRIC_UNITS,
  METRICS,
  SEVERITIES,
  type AuditEntry,
  type AuditParams,
  type Unit,
} from '@ioc/shared';
import { formatDuration, formatNumber, formatPercent } from '../i18n/format';
import { unitName } from '../i18n/display-names';
import { severityLabel, t } from '../i18n/i18n';
import { describeReason } from './reason-text';

type Lookup = (id: string) => Unit | undefined;

const oneOf = <T extends string>(list: readonly T[], value: unknown): T | null =>
  typeof value === 'string' && (list as readonly string[]).includes(value) ? (value as T) : null;
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** "{text}: {what the person typed}" when they typed something. */
const withUserNote = (text: string, params: AuditParams): string => {
  const note = str(params.userNote);
  return note ? `${text}: ${note}` : text;
};

/**
 * A hub-written audit entry in the console's language, from its code and parameters
 * (docs/contract.md §6). An entry without a code (a person's note, a row from before codes),
 * or with parameters this console does not understand, shows its stored note.
 */
export function describeAudit(
  entry: AuditEntry,
  lookupUnit: Lookup = () => undefined,
): string | null {
  const params = entry.params ?? {};
  return (entry.code && coded(entry.code, params, lookupUnit)) ?? entry.note;
}

function coded(
  code: NonNullable<AuditEntry['code']>,
  p: AuditParams,
  lookupUnit: Lookup,
): string | null {
  switch (code) {
    case 'correlation.opened': {
      const category = oneOf(CATEGORIES, p.category);
      const windowMs = num(p.windowMs);
      if (!category || windowMs === null) return null;
      const radiusM = num(p.radiusM);
      return describeReason(
        { rule: 'opened', category, radiusM, windowMs, distanceM: null, gapMs: null, text: '' },
        null,
      );
    }
    case 'correlation.reopened':
      return t('reason.reopened', { id: str(p.relatedIncidentId) ?? '?' });
    case 'sla.escalated': {
      const severity = oneOf(SEVERITIES, p.severity);
      if (!severity) return null;
      return t('auditCode.escalated', {
        open: formatDuration(num(p.openMs)),
        limit: formatDuration(num(p.limitMs)),
        severity: severityLabel(severity),
      });
    }
    case 'threshold.cleared': {
      const metric = oneOf(METRICS, p.metric);
      const below = num(p.below);
      const value = num(p.value);
      if (!metric || below === null || value === null) return null;
      const unit = METRIC_UNITS[metric];
      return t('auditCode.cleared', {
        device: str(p.deviceId) ?? '?',
        metric: t(`metric.${metric}`),
        below: `${formatNumber(below)} ${unit}`,
        value: `${formatNumber(value)} ${unit}`,
      });
    }
    case 'lifecycle.dispatched': {
      const unitId = str(p.unitId);
      if (!unitId) return null;
      const unit = lookupUnit(unitId);
      return withUserNote(
        t('auditCode.dispatched', { unit: unit ? `${unitName(unit)} (${unitId})` : unitId }),
        p,
      );
    }
    case 'lifecycle.resolved': {
      const resolution = oneOf(ALL_RESOLUTIONS, p.resolution);
      if (!resolution) return null;
      return withUserNote(
        t('auditCode.resolved', { resolution: t(`resolution.${resolution}`) }),
        p,
      );
    }
    case 'expiry.quiet':
      return t('auditCode.expiredQuiet', {
        quiet: formatDuration(num(p.quietMs)),
        window: formatDuration(num(p.windowMs)),
      });
    case 'expiry.cleared':
      return t('auditCode.expiredCleared', {
        quiet: formatDuration(num(p.quietMs)),
        hold: formatDuration(num(p.holdMs)),
      });
    case 'triage.unverified': {
      const confidence = num(p.confidence);
      const bar = num(p.minConfidence);
      if (confidence === null || bar === null) return null;
      return t('auditCode.triageUnverified', {
        confidence: formatPercent(confidence),
        bar: formatPercent(bar),
      });
    }
    case 'triage.confirmed': {
      const why = oneOf(AUTO_CONFIRMATIONS, p.by);
      return why ? t('auditCode.triageConfirmed', { why: t(`triage.by.${why}`) }) : null;
    }
    case 'triage.dismissed': {
      const reason = oneOf(DISMISS_REASONS, p.reason);
      if (!reason) return null;
      return withUserNote(
        t('auditCode.triageDismissed', { reason: t(`dismissReason.${reason}`) }),
        p,
      );
    }
  }
}

const AUTO_CONFIRMATIONS = ['confidence', 'corroboration', 'citizen', 'sensor'] as const;
