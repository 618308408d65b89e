import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { assertSnapshotKey, type SnapshotStore } from './snapshot.store';

/**
 * Images as files under one folder (0700 folders, 0600 files, like the rest of DATA_DIR),
 * fanned out by the key's first two characters. A put writes a temporary file, fsyncs it,
 * renames it into place and fsyncs the folder: a reader never sees half an image, and once
 * put resolves a crash keeps it.
 */
export class FileSnapshotStore implements SnapshotStore {
  constructor(private readonly root: string) {}

  async put(key: string, bytes: Buffer): Promise<void> {
    const folder = this.folderOf(key);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const target = join(folder, key);
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    const file = await open(temporary, 'w', 0o600);
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    try {
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    await syncFolder(folder);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(join(this.folderOf(key), key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(join(this.folderOf(key), key), { force: true });
  }

  private folderOf(key: string): string {
    assertSnapshotKey(key);
    return join(this.root, key.slice(0, 2));
  }
}

/** The rename is durable only once the folder's entry is (POSIX). */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
