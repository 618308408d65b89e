import type { Incident } from '@ioc/shared';
import { Listeners } from './listeners';

/** Why an incident calls for attention: it is critical, or its SLA ran out (escalated). */
export type AlarmReason = 'critical' | 'escalated';

/** An alarm lasts while the incident is open: acknowledging (or resolving) it ends the alarm. */
export function alarmReason(incident: Incident | undefined): AlarmReason | null {
  if (!incident || incident.status !== 'open') return null;
  if (incident.escalated) return 'escalated';
  if (incident.severity === 'critical') return 'critical';
  return null;
}

/**
 * The set of incidents that sound and flash. `update` reports when an alarm is raised,
 * or turns from critical into escalated (news again), so the caller can sound it once.
 */
export class AttentionTracker {
  private readonly alarms = new Map<string, AlarmReason>();
  private readonly changed = new Listeners<string>();

  update(id: string, incident: Incident | undefined): AlarmReason | null {
    const before = this.alarms.get(id) ?? null;
    const now = alarmReason(incident);
    if (before === now) return null;
    if (now) this.alarms.set(id, now);
    else this.alarms.delete(id);
    this.changed.emit(id);
    return now;
  }

  reason(id: string): AlarmReason | null {
    return this.alarms.get(id) ?? null;
  }

  has(id: string): boolean {
    return this.alarms.has(id);
  }

  ids(): IterableIterator<string> {
    return this.alarms.keys();
  }

  get size(): number {
    return this.alarms.size;
  }

  onChange(listener: (id: string) => void): () => void {
    return this.changed.add(listener);
  }
}
