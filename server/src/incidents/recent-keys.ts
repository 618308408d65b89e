/**
 * A bounded set of recently seen event keys `(deviceId, eventId)`: the oldest is forgotten
 * once `capacity` is reached. Catches repeats (QoS 1 redelivery, a reconnecting device)
 * without a database round trip; the events table's primary key is the backstop for
 * anything older.
 *
 * The ids are kept per device, as the strings the payload already holds: one joined key
 * string per event would cost about 160 bytes (the joined string, its flattened copy and
 * the entry), 80 MB at capacity, a third of the hub's memory (docs/benchmarks.md).
 */
export class RecentKeys {
  private readonly byDevice = new Map<string, Set<string>>();
  /**
   * Keys in the order they came, in a ring: the slot about to be reused holds the oldest.
   * (Evicting through the Set's own order would skip over every deleted entry still in
   * its table: once full, each add would cost 80–300 µs; docs/benchmarks.md.)
   */
  private readonly ringDevice: (string | undefined)[];
  private readonly ringEvent: (string | undefined)[];
  private next = 0;
  private count = 0;

  constructor(capacity: number) {
    this.ringDevice = new Array<string | undefined>(Math.max(1, capacity));
    this.ringEvent = new Array<string | undefined>(Math.max(1, capacity));
  }

  get size(): number {
    return this.count;
  }

  has(deviceId: string, eventId: string): boolean {
    return this.byDevice.get(deviceId)?.has(eventId) ?? false;
  }

  /** Adds the key; returns false when it was already there. */
  add(deviceId: string, eventId: string): boolean {
    let ids = this.byDevice.get(deviceId);
    if (ids?.has(eventId)) return false;
    this.evict(this.next);
    if (!ids) {
      ids = new Set();
      this.byDevice.set(deviceId, ids);
    }
    ids.add(eventId);
    this.ringDevice[this.next] = deviceId;
    this.ringEvent[this.next] = eventId;
    this.next = (this.next + 1) % this.ringDevice.length;
    this.count++;
    return true;
  }

  /** Forgets a key (its write is being retried alone); its ring slot frees itself later. */
  forget(deviceId: string, eventId: string): void {
    const ids = this.byDevice.get(deviceId);
    if (ids?.delete(eventId)) this.count--;
    if (ids?.size === 0) this.byDevice.delete(deviceId);
  }

  private evict(slot: number): void {
    const deviceId = this.ringDevice[slot];
    const eventId = this.ringEvent[slot];
    if (deviceId === undefined || eventId === undefined) return;
    const ids = this.byDevice.get(deviceId);
    if (ids?.delete(eventId)) this.count--;
    if (ids?.size === 0) this.byDevice.delete(deviceId);
  }
}
