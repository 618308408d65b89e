import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app.config';

/**
 * The data directory holds password hashes (ioc.sqlite) and maybe the token secret: the
 * hub creates everything in it for its own user only (umask 077: files 0600, directories
 * 0700) and tightens the database files an earlier run left with looser modes. A
 * directory it did not create is only warned about: DATA_DIR may be shared on purpose.
 * Runs before the database opens.
 */
export function restrictDataFiles(config: AppConfig): void {
  process.umask(0o077);
  if (!existsSync(config.dataDir)) mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  else if ((statSync(config.dataDir).mode & 0o077) !== 0)
    new Logger('security').warn(
      `${config.dataDir} may be read by other users: chmod 700 it (it holds password hashes)`,
    );
  if (config.database.kind !== 'sqlite') return;
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    const file = `${config.database.file}${suffix}`;
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}
