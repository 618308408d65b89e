/**
 * Runs the tasks given for one key one after another, in the order they were given; tasks
 * of different keys run side by side. A task that fails does not stop the ones behind it.
 * For writes that each start from the state the previous one committed (docs/architecture.md,
 * "Device writes").
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    // The last task of a key forgets the key, so the map holds busy keys only.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Whether a task of this key is queued or running. */
  busy(key: string): boolean {
    return this.tails.has(key);
  }
}
