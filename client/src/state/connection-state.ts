import { Listeners } from './listeners';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

export interface ConnectionSnapshot {
  status: ConnectionStatus;
  /** Until when the console's data is known to be complete (for the "data as of" banner). */
  dataAsOf: Date | null;
}

/** The live link's state as the top bar and the banner show it. */
export class ConnectionState {
  private snapshot: ConnectionSnapshot = { status: 'connecting', dataAsOf: null };
  private readonly changed = new Listeners<ConnectionSnapshot>();

  get current(): ConnectionSnapshot {
    return this.snapshot;
  }

  /** The data is current as of now (a snapshot loaded, or the link is up). */
  markFresh(now = new Date()): void {
    this.snapshot = { ...this.snapshot, dataAsOf: now };
  }

  set(status: ConnectionStatus, now = new Date()): void {
    if (status === this.snapshot.status) return;
    // Leaving `connected` freezes the clock: everything up to this moment was received.
    const dataAsOf = this.snapshot.status === 'connected' ? now : this.snapshot.dataAsOf;
    this.snapshot = { status, dataAsOf: status === 'connected' ? now : dataAsOf };
    this.changed.emit(this.snapshot);
  }

  onChange(listener: (snapshot: ConnectionSnapshot) => void): () => void {
    return this.changed.add(listener);
  }
}
