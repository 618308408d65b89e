/**
 * Where the bytes of event images live (docs/architecture.md, "Snapshots"): the data folder
 * by default. Keys are snapshot ids (hex), never a path a device chose.
 */
export interface SnapshotStore {
  /** Resolves once the image is durable (a crash after it loses nothing). */
  put(key: string, bytes: Buffer): Promise<void>;
  /** The image, or null when none is stored under the key. */
  get(key: string): Promise<Buffer | null>;
  /** Removes the image; a missing one is not an error. */
  delete(key: string): Promise<void>;
}

/** Injection token of the SnapshotStore. */
export const SNAPSHOT_STORE = Symbol('SnapshotStore');
