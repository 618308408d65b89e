/**
 * Where the bytes of event images live (docs/architecture.md, "Snapshots"): the data folder
 * by default, an S3-compatible bucket by setting. Keys are snapshot ids (hex), never a path a
 * device chose.
 */
export interface SnapshotStore {
  /** Resolves once the image is durable (a crash after it loses nothing). */
  put(key: string, bytes: Buffer): Promise<void>;
  /** The image, or null when none is stored under the key. */
  get(key: string): Promise<Buffer | null>;
  /** Removes the image; a missing one is not an error. */
  delete(key: string): Promise<void>;
  /** Throws when the store cannot take images now (an unreachable bucket); absent: always can. */
  check?(): Promise<void>;
  /** Lets go of connections at shutdown. */
  close?(): void;
}

const KEY = /^[0-9a-f]{16,64}$/;

/** Refuses anything but a snapshot id before it becomes a path or an object key. */
export function assertSnapshotKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`not a snapshot key: ${key}`);
}

/** Injection token of the SnapshotStore. */
export const SNAPSHOT_STORE = Symbol('SnapshotStore');
