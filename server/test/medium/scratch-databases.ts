import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { admin, ADMIN_URL } from './postgres-admin';

/** Runs `use` on a new SQLite file, removed afterwards. */
export async function withScratchSqlite(
  use: (options: DataSourceOptions) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-migration-'));
  try {
    await use({ type: 'better-sqlite3', database: join(dir, 'ioc.sqlite') });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `use` on a new database of the machine's PostgreSQL, dropped afterwards. */
export async function withScratchPostgres(
  use: (options: DataSourceOptions) => Promise<void>,
): Promise<void> {
  const database = `ioc_medium_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${database}`);
  try {
    const url = new URL(ADMIN_URL);
    url.pathname = `/${database}`;
    await use({ type: 'postgres', url: url.toString() });
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${database}`);
  }
}
