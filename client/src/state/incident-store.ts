import { isActiveStatus, type Incident } from '@ioc/shared';
import { Listeners } from './listeners';

export type ApplyOutcome = 'added' | 'updated' | 'removed' | 'stale' | 'ignored';

/** Resolved incidents stay reachable (feed filter "resolved", the panel's Close) up to this many. */
const RECENTLY_RESOLVED = 300;

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
  /** Recently resolved (not closed) incidents, oldest first; not on the map, not counted. */
  private readonly resolved = new Map<string, Incident>();
  private highestSeq = 0;
  private readonly changed = new Listeners<string>();

  constructor(private readonly finishedMemory = 20_000) {}

  /** Applies one incident state; listeners hear the id of every incident that changed. */
  apply(incident: Incident): ApplyOutcome {
    // A district incident's seq is its district's (docs/federation.md), not a resync point.
    if (!incident.districtId) this.noteSeq(incident.seq);
    const known = this.active.get(incident.id)?.seq ?? this.finished.get(incident.id);
    if (known !== undefined && known >= incident.seq) return 'stale';

    if (!isActiveStatus(incident.status)) {
      this.rememberFinished(incident.id, incident.seq);
      const listed = this.keepResolved(incident);
      if (!this.active.delete(incident.id)) {
        if (listed) this.changed.emit(incident.id);
        return 'ignored';
      }
      this.changed.emit(incident.id);
      return 'removed';
    }

    this.finished.delete(incident.id);
    this.resolved.delete(incident.id);
    const outcome = this.active.has(incident.id) ? 'updated' : 'added';
    this.active.set(incident.id, incident);
    this.changed.emit(incident.id);
    return outcome;
  }

  /** Raises the resync point, e.g. from a resync ack; never lowers it. */
  noteSeq(seq: number): void {
    if (Number.isFinite(seq) && seq > this.highestSeq) this.highestSeq = seq;
  }

  /** An active incident (open, acknowledged, dispatched). */
  get(id: string): Incident | undefined {
    return this.active.get(id);
  }

  /** An active or recently resolved incident. */
  lookup(id: string): Incident | undefined {
    return this.active.get(id) ?? this.resolved.get(id);
  }

  /** Recently resolved incidents (a dispatcher still has to close them). */
  resolvedValues(): IterableIterator<Incident> {
    return this.resolved.values();
  }

  values(): IterableIterator<Incident> {
    return this.active.values();
  }

  /** Resolved incidents not closed yet (of the recent ones this console holds). */
  get resolvedCount(): number {
    return this.resolved.size;
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
    const ids = [...this.active.keys(), ...this.resolved.keys()];
    this.active.clear();
    this.resolved.clear();
    this.finished.clear();
    this.highestSeq = 0;
    for (const id of ids) this.changed.emit(id);
  }

  /** Returns true when the resolved list changed (it holds this incident now, or no longer). */
  private keepResolved(incident: Incident): boolean {
    if (incident.status !== 'resolved') return this.resolved.delete(incident.id);
    this.resolved.delete(incident.id);
    this.resolved.set(incident.id, incident);
    if (this.resolved.size > RECENTLY_RESOLVED) {
      const oldest = this.resolved.keys().next();
      if (!oldest.done) this.resolved.delete(oldest.value);
    }
    return true;
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
