import type { EventType } from '@ioc/shared';
import type { EventSubmission } from '../incidents/incident-write.service';

/** Why an event under a raised bar opened nothing (`ioc_events_suppressed_total{reason}`). */
export const SUPPRESSED_RAISED_BAR = 'raised_bar';

/**
 * The raised confidence bars in force, per device and event type, in memory: the write
 * path asks it for every event before storing it, so a lookup is one Map read.
 */
export class OverrideBook {
  private readonly bars = new Map<string, number>();

  set(deviceId: string, type: EventType, minConfidence: number): void {
    this.bars.set(key(deviceId, type), minConfidence);
  }

  delete(deviceId: string, type: EventType): void {
    this.bars.delete(key(deviceId, type));
  }

  bar(deviceId: string, type: EventType): number | null {
    return this.bars.get(key(deviceId, type)) ?? null;
  }

  /**
   * A device's detection under its raised bar opens nothing. Citizen reports, derived
   * threshold events and detections without a confidence are never held back.
   */
  gate = (event: EventSubmission): string | null => {
    if (event.sourceKind !== 'device' || event.confidence === null) return null;
    const bar = this.bar(event.deviceId, event.type);
    return bar !== null && event.confidence < bar ? SUPPRESSED_RAISED_BAR : null;
  };
}

const key = (deviceId: string, type: EventType): string => `${deviceId}\u0000${type}`;
