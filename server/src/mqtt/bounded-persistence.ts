/** The part of an Aedes persistence (aedes-persistence's memory store) that these bounds wrap. */
export interface BoundablePersistence {
  storeRetained(packet: { topic: string; payload: Buffer | string }): Promise<void>;
  outgoingEnqueue(sub: { clientId: string }, packet: unknown): Promise<unknown>;
  outgoingEnqueueCombi(subs: { clientId: string }[], packet: unknown): Promise<unknown>;
  outgoingClearMessageId(client: { id: string }, packet: unknown): Promise<unknown>;
  cleanSubscriptions(client: { id: string }): Promise<unknown>;
}

export interface PersistenceLimits {
  /** Topics holding a retained message, at most. */
  retainedTopics: number;
  /** QoS 1 messages queued for one persistent session and not yet acknowledged, at most. */
  queuedPerClient: number;
}

/**
 * Bounds what the embedded broker keeps in memory for others: retained messages (a new topic
 * past the limit is not retained; replacing or clearing one still works) and each persistent
 * session's queue (a client that subscribed and left gets what fits, the rest is dropped for
 * it). Without these a client could subscribe to a busy topic, disconnect, and make the broker
 * hold everything for it forever. Counts follow what Aedes enqueues and clears: a persistent
 * session's deliveries are enqueued (online or not) and cleared on its PUBACK.
 */
export function boundPersistence(
  persistence: BoundablePersistence,
  limits: PersistenceLimits,
  onDrop: (what: 'retained' | 'queued', key: string) => void,
): void {
  const retained = new Set<string>();
  const queued = new Map<string, number>();
  const storeRetained = persistence.storeRetained.bind(persistence);
  const enqueue = persistence.outgoingEnqueue.bind(persistence);
  const enqueueCombi = persistence.outgoingEnqueueCombi.bind(persistence);
  const clear = persistence.outgoingClearMessageId.bind(persistence);
  const cleanSubscriptions = persistence.cleanSubscriptions.bind(persistence);
  const count = (clientId: string, by: number): void => {
    const next = Math.max(0, (queued.get(clientId) ?? 0) + by);
    if (next === 0) queued.delete(clientId);
    else queued.set(clientId, next);
  };

  persistence.storeRetained = (packet) => {
    const clearing = packet.payload.length === 0;
    if (clearing) retained.delete(packet.topic);
    else if (!retained.has(packet.topic)) {
      if (retained.size >= limits.retainedTopics) {
        onDrop('retained', packet.topic);
        return Promise.resolve();
      }
      retained.add(packet.topic);
    }
    return storeRetained(packet);
  };
  persistence.outgoingEnqueue = (sub, packet) => {
    count(sub.clientId, 1);
    return enqueue(sub, packet);
  };
  persistence.outgoingEnqueueCombi = (subs, packet) => {
    const room = subs.filter((sub) => (queued.get(sub.clientId) ?? 0) < limits.queuedPerClient);
    for (const sub of subs) if (!room.includes(sub)) onDrop('queued', sub.clientId);
    for (const sub of room) count(sub.clientId, 1);
    return room.length > 0 ? enqueueCombi(room, packet) : Promise.resolve();
  };
  persistence.outgoingClearMessageId = (client, packet) => {
    count(client.id, -1);
    return clear(client, packet);
  };
  persistence.cleanSubscriptions = (client) => {
    queued.delete(client.id);
    return cleanSubscriptions(client);
  };
}
