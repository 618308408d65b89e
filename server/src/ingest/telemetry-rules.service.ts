import { Injectable, Logger } from '@nestjs/common';
import { DEFAULT_THRESHOLD_RULES, METRIC_UNITS, type Metric } from '@ioc/shared';
import { ThresholdTracker } from '../correlation/threshold-tracker';
import { DevicesService } from '../devices/devices.service';
import { IncidentWriteService } from '../incidents/incident-write.service';
import { RulesService } from '../rules/rules.service';

/**
 * Applies the telemetry threshold rules: a sustained crossing becomes a derived event
 * (correlated like any other), and its clearing marks that incident conditionCleared.
 */
@Injectable()
export class TelemetryRulesService {
  private readonly logger = new Logger('telemetry-rules');
  private readonly tracker = new ThresholdTracker(DEFAULT_THRESHOLD_RULES);
  /** The incident each active condition fed, to mark it when the condition clears. */
  private readonly conditionIncident = new Map<string, string>();

  constructor(
    private readonly devices: DevicesService,
    private readonly incidents: IncidentWriteService,
    rules: RulesService,
  ) {
    rules.rules$.subscribe((r) => this.tracker.setRules(r.thresholds));
  }

  observe(
    deviceId: string,
    ts: number,
    readings: Partial<Record<Metric, number>>,
    now: number,
  ): void {
    for (const outcome of this.tracker.observe(deviceId, ts, readings)) {
      const key = `${deviceId}\u0000${outcome.rule.metric}`;
      const unit = METRIC_UNITS[outcome.rule.metric];
      if (outcome.kind === 'fired') {
        const location = this.devices.locationOf(deviceId);
        if (!location) {
          this.logger.warn(
            `${deviceId}: ${outcome.rule.metric} crossed its threshold but the device has no location (no birth)`,
          );
          continue;
        }
        this.incidents.submitEvent(
          {
            deviceId,
            id: `${outcome.rule.metric}-${ts}`,
            ts,
            type: outcome.rule.derivedType,
            confidence: null,
            severity: outcome.severity,
            location,
            attributes: {
              metric: outcome.rule.metric,
              value: outcome.value,
              unit,
              rule: `${outcome.rule.metric} ≥ ${outcome.rule.threshold} ${unit} for ${outcome.rule.consecutive} readings`,
            },
            sourceKind: 'derived',
            source: deviceId,
            zone: this.devices.zoneOf(deviceId),
            receivedAt: now,
          },
          (incidentId) => this.conditionIncident.set(key, incidentId),
        );
      } else {
        const incidentId = this.conditionIncident.get(key);
        this.conditionIncident.delete(key);
        if (!incidentId) continue;
        const note = `${deviceId}: ${outcome.rule.metric} back below ${outcome.rule.threshold * outcome.rule.clearRatio} ${unit} (${outcome.value})`;
        this.incidents
          .markConditionCleared(incidentId, note, {
            deviceId,
            metric: outcome.rule.metric,
            below: outcome.rule.threshold * outcome.rule.clearRatio,
            value: outcome.value,
          })
          .catch((error: unknown) =>
            this.logger.warn(`could not mark ${incidentId} cleared: ${String(error)}`),
          );
      }
    }
  }
}
