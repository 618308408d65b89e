import { severityRank, type Incident, type Severity } from '@ioc/shared';
import type { AlarmReason } from '../state/attention';
import { Listeners } from '../state/listeners';
import type { AlarmSound, SoundKind } from './alarm-sound';

/** A raise into one of these on an unacknowledged incident is news, like a new critical. */
const RAISE_FLOOR = severityRank('high');
/** Overdue-only alarms remind every this many reminder ticks (30 s with a 10 s tick). */
const OVERDUE_REMINDER_EVERY = 3;

/**
 * What the console sounds, and when. A new critical incident, or a severity raise, gets
 * the loud voice; an SLA running out the soft one. "Silence these" quiets the reminders of
 * the alarms on screen now, not the next ones: a new alarm, or a raise on a silenced one,
 * sounds again.
 */
export class AlarmBell {
  private readonly severities = new Map<string, Severity>();
  private readonly silenced = new Set<string>();
  private readonly changed = new Listeners<void>();
  private ticks = 0;

  constructor(private readonly sound: AlarmSound) {}

  /**
   * Notes one incident's new state: `reason` is its alarm now, `raised` what the tracker
   * reported as news (see AttentionTracker.update). Returns the sound it deserves.
   */
  note(
    id: string,
    incident: Incident | undefined,
    reason: AlarmReason | null,
    raised: AlarmReason | null,
  ): SoundKind | null {
    const before = this.severities.get(id);
    if (incident) this.severities.set(id, incident.severity);
    else this.severities.delete(id);
    if (!reason && this.silenced.delete(id)) this.changed.emit();
    const rank = incident ? severityRank(incident.severity) : -1;
    const raise =
      before !== undefined &&
      incident?.status === 'open' &&
      rank > severityRank(before) &&
      rank >= RAISE_FLOOR;
    if (!raise && !raised) return null;
    if (this.silenced.delete(id)) this.changed.emit();
    return raise || incident?.severity === 'critical' ? 'critical' : 'overdue';
  }

  /** Plays the loudest of the sounds a batch of changes deserves, once. */
  ring(kinds: readonly SoundKind[]): void {
    if (kinds.includes('critical')) this.sound.play('critical');
    else if (kinds.includes('overdue')) this.sound.play('overdue');
  }

  /** The reminder tick: loud while a critical alarm waits, soft and rarer for overdue ones. */
  remind(alarms: Iterable<Incident>): void {
    this.ticks += 1;
    let overdue = false;
    for (const incident of alarms) {
      if (this.silenced.has(incident.id)) continue;
      if (incident.severity === 'critical') {
        this.sound.play('reminder');
        return;
      }
      overdue = true;
    }
    if (overdue && this.ticks % OVERDUE_REMINDER_EVERY === 0) this.sound.play('overdueReminder');
  }

  silence(ids: Iterable<string>): void {
    for (const id of ids) this.silenced.add(id);
    this.changed.emit();
  }

  isSilenced(id: string): boolean {
    return this.silenced.has(id);
  }

  onChange(listener: () => void): () => void {
    return this.changed.add(listener);
  }
}
