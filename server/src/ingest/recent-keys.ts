/**
 * A bounded set of recently seen keys: the oldest is forgotten once `capacity` is
 * reached. Catches repeats (QoS 1 redelivery, a reconnecting device) without a database
 * round trip; the events table's primary key is the backstop for anything older.
 */
export class RecentKeys {
  private readonly keys = new Set<string>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.keys.size;
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  /** Adds the key; returns false when it was already there. */
  add(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.capacity) {
      const oldest = this.keys.values().next();
      if (!oldest.done) this.keys.delete(oldest.value);
    }
    return true;
  }
}

export const eventKey = (deviceId: string, eventId: string): string => `${deviceId}\u0000${eventId}`;
