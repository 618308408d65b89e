import type { Incident, IncidentStatus } from '@ioc/shared';
import { Listeners } from './listeners';

/** States that take an incident off the map and the feed. */
const FINISHED: ReadonlySet<IncidentStatus> = new Set<IncidentStatus>(['resolved', 'closed']);

export function isActive(incident: Incident): boolean {
  return !FINISHED.has(incident.status);
}

export type ApplyOutcome = 'added' | 'updated' | 'removed' | 'stale' | 'ignored';

/**
 * The console's copy of the open incidents. The HTTP snapshot, the live stream and a
 * resync replay may deliver the same incident in any order; `seq` decides which state
 * is newest, so applying them in any order gives the same result.
 */
export class IncidentStore {
  private readonly active = new Map<string, Incident>();
  /**
   * Seq at which recently finished incidents left, so an older open state that arrives
   * late (snapshot racing the stream) cannot bring them back. Bounded: oldest go first.
   */
  private readonly finished = new Map<string, number>();
  private highestSeq = 0;
  private readonly changed = new Listeners<string>();

  constructor(private readonly finishedMemory = 20_000) {}

  /** Applies one incident state; listeners hear the id of every incident that changed. */
  apply(incident: Incident): ApplyOutcome {
    this.noteSeq(incident.seq);
    const known = this.active.get(incident.id)?.seq ?? this.finished.get(incident.id);
    if (known !== undefined && known >= incident.seq) return 'stale';

    if (!isActive(incident)) {
      this.rememberFinished(incident.id, incident.seq);
      if (!this.active.delete(incident.id)) return 'ignored';
      this.changed.emit(incident.id);
      return 'removed';
    }

    this.finished.delete(incident.id);
    const outcome = this.active.has(incident.id) ? 'updated' : 'added';
    this.active.set(incident.id, incident);
    this.changed.emit(incident.id);
    return outcome;
  }

  /** Raises the resync point, e.g. from a resync ack; never lowers it. */
  noteSeq(seq: number): void {
    if (Number.isFinite(seq) && seq > this.highestSeq) this.highestSeq = seq;
  }

  get(id: string): Incident | undefined {
    return this.active.get(id);
  }

  values(): IterableIterator<Incident> {
    return this.active.values();
  }

  get size(): number {
    return this.active.size;
  }

  /** The highest seq seen, including states that were stale or finished. */
  get lastSeq(): number {
    return this.highestSeq;
  }

  onChange(listener: (id: string) => void): () => void {
    return this.changed.add(listener);
  }

  clear(): void {
    const ids = [...this.active.keys()];
    this.active.clear();
    this.finished.clear();
    this.highestSeq = 0;
    for (const id of ids) this.changed.emit(id);
  }

  private rememberFinished(id: string, seq: number): void {
    this.finished.delete(id);
    this.finished.set(id, seq);
    if (this.finished.size > this.finishedMemory) {
      const oldest = this.finished.keys().next();
      if (!oldest.done) this.finished.delete(oldest.value);
    }
  }
}
