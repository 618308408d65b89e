import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';

/**
 * Plain SQL on a hub's database from outside the hub, for what a black-box test cannot
 * make over the wire: data as old as a retention horizon, or a row a crash left behind.
 * Statements take `?` placeholders on both databases.
 */
export interface RawDatabase {
  run(sql: string, params?: unknown[]): Promise<number>;
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function openRawDatabase(
  location: { sqliteFile: string } | { postgresUrl: string },
): Promise<RawDatabase> {
  if ('sqliteFile' in location) {
    // The hub's writer holds transactions too: wait for it rather than fail.
    const db = new Database(location.sqliteFile, { timeout: 10_000 });
    return {
      run: (sql, params = []) => Promise.resolve(db.prepare(sql).run(...params).changes),
      all: <T>(sql: string, params: unknown[] = []) =>
        Promise.resolve(db.prepare(sql).all(...params) as T[]),
      close: () => Promise.resolve(void db.close()),
    };
  }
  const client = new Client({ connectionString: location.postgresUrl });
  await client.connect();
  const numbered = (sql: string): string => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  return {
    run: async (sql, params = []) => (await client.query(numbered(sql), params)).rowCount ?? 0,
    all: async <T>(sql: string, params: unknown[] = []) =>
      (await client.query(numbered(sql), params)).rows as T[],
    close: () => client.end(),
  };
}

/** A hub's own database: its PostgreSQL one when given, else the SQLite file in its data folder. */
export function openHubDatabase(dataDir: string, postgresUrl?: string): Promise<RawDatabase> {
  return openRawDatabase(
    postgresUrl ? { postgresUrl } : { sqliteFile: join(dataDir, 'ioc.sqlite') },
  );
}
