import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { VersionConflictError, type BatchStatement, type WriteResult } from './batch-writer';
import { SqliteBatchWriter } from './sqlite-batch-writer';

// The writer thread runs from the built hub (sqlite-writer.worker.js beside the compiled
// sqlite-writer.js). Here it runs from source instead: each Worker loads the .ts worker
// through swc, so these specs test this tree, built or not.
jest.mock('node:worker_threads', () => {
  const actual = jest.requireActual<typeof import('node:worker_threads')>('node:worker_threads');
  const swc = require.resolve('@swc/core');
  class SourceWorker extends actual.Worker {
    constructor(file: string | URL, options?: import('node:worker_threads').WorkerOptions) {
      const source = String(file).replace(/\.js$/, '.ts');
      const bootstrap = `
        const { readFileSync } = require('node:fs');
        const { transformSync } = require(${JSON.stringify(swc)});
        require.extensions['.ts'] = (module, filename) => {
          const { code } = transformSync(readFileSync(filename, 'utf8'), {
            filename,
            jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
            module: { type: 'commonjs' },
          });
          module._compile(code, filename);
        };
        require(${JSON.stringify(source)});`;
      super(bootstrap, { ...options, eval: true });
    }
  }
  return { ...actual, Worker: SourceWorker };
});

const ITEMS: BatchStatement = {
  name: 'items',
  table: 'items',
  columns: ['id', 'name'],
  pgTypes: {},
  onConflict: { kind: 'ignore', key: ['id'] },
};
const NOTES: BatchStatement = {
  name: 'notes',
  table: 'notes',
  columns: ['id', 'text'],
  pgTypes: {},
};
const VERSIONS: BatchStatement = {
  name: 'versions',
  table: 'counters',
  columns: ['version', 'id', 'version'],
  pgTypes: {},
  compareAndSet: { key: 'id', column: 'version' },
};

describe('SqliteBatchWriter, a write in two parts', () => {
  let dir: string;
  let file: string;
  let reader: Database.Database;
  let writer: SqliteBatchWriter;

  const open = (): SqliteBatchWriter => {
    const opened = new SqliteBatchWriter(file, 'NORMAL');
    for (const statement of [ITEMS, NOTES, VERSIONS]) opened.register(statement);
    opened.start();
    return opened;
  };
  const ids = (table: string): string[] =>
    (reader.prepare(`SELECT id FROM "${table}" ORDER BY id`).all() as { id: string }[]).map(
      (r) => r.id,
    );

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-sqlite-writer-'));
    file = join(dir, 'hub.sqlite');
    reader = new Database(file);
    reader.pragma('journal_mode = WAL');
    reader.exec(`
      CREATE TABLE items (id TEXT PRIMARY KEY, name TEXT NOT NULL);
      CREATE TABLE notes (id TEXT PRIMARY KEY, text TEXT NOT NULL);
      CREATE TABLE counters (id TEXT PRIMARY KEY, version INTEGER NOT NULL);
      INSERT INTO counters VALUES ('c1', 1);
    `);
    writer = open();
  });

  afterEach(async () => {
    await writer.close();
    reader.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits both parts together; `then` sees what the first part skipped, uncommitted', async () => {
    await writer.write({ items: [['a', 'A']] });
    let seen: WriteResult | null = null;
    let visibleMeanwhile: string[] = [];

    const result = await writer.write(
      {
        items: [
          ['a', 'A again'],
          ['b', 'B'],
        ],
      },
      (first) => {
        seen = first;
        visibleMeanwhile = ids('items');
        return { notes: [['n-b', 'for b']], versions: [[2, 'c1', 1]] };
      },
    );

    expect(seen).toEqual({ skipped: { items: [0] } });
    // The first part was in, not committed, while `then` ran.
    expect(visibleMeanwhile).toEqual(['a']);
    expect(result).toEqual({ skipped: { items: [0] } });
    expect(reader.prepare('SELECT id, name FROM items ORDER BY id').all()).toEqual([
      { id: 'a', name: 'A' },
      { id: 'b', name: 'B' },
    ]);
    expect(ids('notes')).toEqual(['n-b']);
    expect(reader.prepare("SELECT version FROM counters WHERE id = 'c1'").get()).toEqual({
      version: 2,
    });
  });

  it('commits the first part alone when `then` returns null', async () => {
    const result = await writer.write({ items: [['a', 'A']] }, () => null);
    expect(result).toEqual({ skipped: {} });
    expect(ids('items')).toEqual(['a']);
  });

  it('rolls the first part back when the second fails', async () => {
    await expect(
      writer.write({ items: [['x', 'X']] }, () => ({ versions: [[5, 'c1', 4]] })),
    ).rejects.toEqual(new VersionConflictError(['c1']));
    await expect(
      writer.write({ items: [['y', 'Y']] }, () => ({ notes: [['n-y', null]] })),
    ).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_NOTNULL' });

    expect(ids('items')).toEqual([]);
    expect(ids('notes')).toEqual([]);
    // The writer goes on: the failed transactions ended.
    await writer.write({ items: [['z', 'Z']] });
    expect(ids('items')).toEqual(['z']);
  });

  it('never calls `then` when the first part fails', async () => {
    const then = jest.fn(() => ({ items: [['late', 'L']] }));
    const failed = writer.write({ items: [['x', 'X']], versions: [[5, 'c1', 4]] }, then);

    await expect(failed).rejects.toBeInstanceOf(VersionConflictError);
    expect(then).not.toHaveBeenCalled();
    expect(ids('items')).toEqual([]);
  });

  it('runs what is sent while staged after the commit, in order', async () => {
    const settled: string[] = [];
    const sent: { pruned?: Promise<number>; next?: Promise<WriteResult> } = {};

    const written = writer
      .write({ items: [['p1', 'P1']] }, () => {
        // Inside the open transaction, this prune would see p1 only.
        sent.pruned = writer.prune('DELETE FROM items WHERE id LIKE ?', ['p%']);
        sent.next = writer.write({ items: [['p3', 'P3']] });
        void sent.pruned.then(() => settled.push('prune'));
        void sent.next.then(() => settled.push('next'));
        return { items: [['p2', 'P2']] };
      })
      .then(() => settled.push('write'));

    await written;
    expect(await sent.pruned).toBe(2);
    await sent.next;
    expect(settled).toEqual(['write', 'prune', 'next']);
    expect(ids('items')).toEqual(['p3']);
  });

  it('rejects the write with what `then` threw, and stores nothing', async () => {
    const refused = new Error('no second part');
    await expect(
      writer.write({ items: [['t', 'T']] }, () => {
        throw refused;
      }),
    ).rejects.toBe(refused);
    // Unknown statement names in the second part are refused the same way.
    await expect(
      writer.write({ items: [['u', 'U']] }, () => ({ nowhere: [['u']] })),
    ).rejects.toThrow(/no SQLite statement nowhere/);

    expect(ids('items')).toEqual([]);
    await writer.write({ items: [['v', 'V']] });
    expect(ids('items')).toEqual(['v']);
  });

  it('rolls a staged write back when the writer closes meanwhile', async () => {
    const closing: Promise<void>[] = [];
    const write = writer.write({ items: [['c', 'C']] }, () => {
      closing.push(writer.close());
      return { notes: [['n-c', 'for c']] };
    });

    // The close reaches the writer before the second part does.
    await expect(write).rejects.toThrow();
    await Promise.all(closing);
    expect(ids('items')).toEqual([]);
    expect(ids('notes')).toEqual([]);
    // Nothing holds the database: a new writer writes.
    writer = open();
    await writer.write({ items: [['d', 'D']] });
    expect(ids('items')).toEqual(['d']);
  });
});
