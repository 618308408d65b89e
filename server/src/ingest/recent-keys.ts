/**
 * A bounded set of recently seen keys: the oldest is forgotten once `capacity` is
 * reached. Catches repeats (QoS 1 redelivery, a reconnecting device) without a database
 * round trip; the events table's primary key is the backstop for anything older.
 */
export class RecentKeys {
  private readonly keys = new Set<string>();
  /**
   * Keys in the order they came, in a ring: the slot about to be reused holds the oldest.
   * (Evicting with `keys.values().next()` instead skipped over every deleted entry still
   * in the Set's table: once full, each add cost 80–300 µs; docs/benchmarks.md.)
   */
  private readonly order: (string | undefined)[];
  private next = 0;

  constructor(private readonly capacity: number) {
    this.order = new Array<string | undefined>(Math.max(1, capacity));
  }

  get size(): number {
    return this.keys.size;
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  /** Adds the key; returns false when it was already there. */
  add(key: string): boolean {
    if (this.keys.has(key)) return false;
    const oldest = this.order[this.next];
    if (oldest !== undefined) this.keys.delete(oldest);
    this.order[this.next] = key;
    this.next = (this.next + 1) % this.order.length;
    this.keys.add(key);
    return true;
  }
}

export const eventKey = (deviceId: string, eventId: string): string => `${deviceId}\u0000${eventId}`;
