import { boundPersistence, type BoundablePersistence } from './bounded-persistence';

/** Records what reaches the store underneath. */
function fakeStore(): BoundablePersistence & { retained: string[]; queued: string[] } {
  const store = {
    retained: [] as string[],
    queued: [] as string[],
    storeRetained: (packet: { topic: string }) => {
      store.retained.push(packet.topic);
      return Promise.resolve();
    },
    outgoingEnqueue: (sub: { clientId: string }) => {
      store.queued.push(sub.clientId);
      return Promise.resolve();
    },
    outgoingEnqueueCombi: (subs: { clientId: string }[]) => {
      store.queued.push(...subs.map((s) => s.clientId));
      return Promise.resolve();
    },
    outgoingClearMessageId: () => Promise.resolve(),
    cleanSubscriptions: () => Promise.resolve(),
  };
  return store;
}

describe('boundPersistence', () => {
  it('retains at most the limit of topics, still replacing and clearing them', async () => {
    const store = fakeStore();
    const drops: string[] = [];
    boundPersistence(store, { retainedTopics: 2, queuedPerClient: 10 }, (_, key) =>
      drops.push(key),
    );
    await store.storeRetained({ topic: 'a', payload: 'x' });
    await store.storeRetained({ topic: 'b', payload: 'x' });
    await store.storeRetained({ topic: 'c', payload: 'x' });
    await store.storeRetained({ topic: 'a', payload: 'y' });
    await store.storeRetained({ topic: 'b', payload: '' });
    await store.storeRetained({ topic: 'c', payload: 'x' });
    expect(store.retained).toEqual(['a', 'b', 'a', 'b', 'c']);
    expect(drops).toEqual(['c']);
  });

  it('queues at most the limit for a session that is away, and room returns with its PUBACKs', async () => {
    const store = fakeStore();
    const drops: string[] = [];
    boundPersistence(store, { retainedTopics: 10, queuedPerClient: 2 }, (_, key) =>
      drops.push(key),
    );
    const away = { clientId: 'away' };
    const other = { clientId: 'other' };
    for (let i = 0; i < 5; i++) await store.outgoingEnqueueCombi([away, other], {});
    expect(store.queued.filter((id) => id === 'away')).toHaveLength(2);
    expect(drops.filter((id) => id === 'away')).toHaveLength(3);
    await store.outgoingClearMessageId({ id: 'away' }, {});
    await store.outgoingEnqueueCombi([away], {});
    expect(store.queued.filter((id) => id === 'away')).toHaveLength(3);
    await store.cleanSubscriptions({ id: 'other' });
    await store.outgoingEnqueueCombi([other], {});
    expect(store.queued.filter((id) => id === 'other')).toHaveLength(3);
  });
});
