import { codedError, isRowLevelError, sqliteUpdate, upsertTail } from './batch-writer';

describe('BatchWriter helpers', () => {
  it('tells a refused row from a database that is away', () => {
    // PostgreSQL: data exceptions (22…) and integrity constraints (23…) are the row's fault.
    expect(isRowLevelError(codedError('invalid byte sequence for encoding', '22021'))).toBe(true);
    expect(isRowLevelError(codedError('null value violates not-null', '23502'))).toBe(true);
    expect(
      isRowLevelError(codedError('SQLITE_CONSTRAINT_NOTNULL', 'SQLITE_CONSTRAINT_NOTNULL')),
    ).toBe(true);
    // Connection lost, shutting down, busy, disk full, no code at all: retry, never split.
    for (const code of ['57P01', '08006', 'ECONNREFUSED', 'SQLITE_BUSY', 'SQLITE_FULL'])
      expect(isRowLevelError(codedError('away', code))).toBe(false);
    expect(isRowLevelError(new Error('the SQLite writer is closed'))).toBe(false);
  });

  it('builds an update by key and an upsert on a composite key', () => {
    const statement = {
      name: 'links',
      table: 'events',
      columns: ['incidentId', 'reason', 'deviceId', 'eventId'],
      pgTypes: {},
    };
    expect(sqliteUpdate(statement, ['deviceId', 'eventId'])).toBe(
      'UPDATE "events" SET "incidentId" = ?, "reason" = ? WHERE "deviceId" = ? AND "eventId" = ?',
    );
    expect(() => sqliteUpdate(statement, ['eventId', 'deviceId'])).toThrow(/set columns first/);
    expect(
      upsertTail({
        ...statement,
        onConflict: { kind: 'update', key: ['deviceId', 'eventId'], keep: ['reason'] },
      }),
    ).toBe(
      ' ON CONFLICT ("deviceId", "eventId") DO UPDATE SET "incidentId" = EXCLUDED."incidentId"',
    );
  });
});
