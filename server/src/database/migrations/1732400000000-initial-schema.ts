import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The first schema, written with TypeORM's portable Table API so one migration serves
 * SQLite and PostgreSQL. Times are epoch milliseconds (BIGINT).
 */
export class InitialSchema1732400000000 implements MigrationInterface {
  name = 'InitialSchema1732400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    // SQLite only auto-increments an INTEGER PRIMARY KEY (which is 64-bit there).
    const serial = postgres ? 'bigint' : 'integer';
    const double = 'double precision';
    const id = (name: string) => ({
      name,
      type: serial,
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment' as const,
    });
    const str = (name: string, length: number, nullable = false) => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    });
    const big = (name: string, nullable = false) => ({
      name,
      type: 'bigint',
      isNullable: nullable,
    });

    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          { ...str('username', 64), isPrimary: true },
          str('passwordHash', 200),
          str('role', 16),
          { name: 'disabled', type: 'boolean', default: false },
          big('createdAt'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'devices',
        columns: [
          { ...str('id', 64), isPrimary: true },
          str('kind', 16, true),
          str('name', 200, true),
          { name: 'lat', type: double, isNullable: true },
          { name: 'lon', type: double, isNullable: true },
          str('zone', 64, true),
          { name: 'capabilities', type: 'text' },
          str('status', 16),
          { name: 'registered', type: 'boolean' },
          big('lastSeen', true),
          big('updatedAt'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'incidents',
        columns: [
          { ...str('id', 64), isPrimary: true },
          str('category', 32),
          str('type', 64),
          { name: 'types', type: 'text' },
          str('severity', 16),
          str('baseSeverity', 16),
          str('status', 16),
          { name: 'lat', type: double },
          { name: 'lon', type: double },
          str('zone', 64, true),
          big('firstSeen'),
          big('lastSeen'),
          { name: 'eventCount', type: 'integer' },
          { name: 'sources', type: 'text' },
          { name: 'version', type: 'integer' },
          big('seq'),
          { name: 'escalated', type: 'boolean' },
          { name: 'conditionCleared', type: 'boolean' },
          str('relatedIncidentId', 64, true),
          str('assignedUnitId', 64, true),
          str('acknowledgedBy', 64, true),
          big('acknowledgedAt', true),
          big('resolvedAt', true),
          str('resolution', 16, true),
          big('createdAt'),
          big('updatedAt'),
        ],
        indices: [
          new TableIndex({ name: 'IDX_incidents_status', columnNames: ['status'] }),
          new TableIndex({ name: 'IDX_incidents_seq', columnNames: ['seq'], isUnique: true }),
          new TableIndex({ name: 'IDX_incidents_lastSeen', columnNames: ['lastSeen'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'events',
        columns: [
          { ...str('deviceId', 64), isPrimary: true },
          { ...str('eventId', 128), isPrimary: true },
          str('incidentId', 64),
          big('ts'),
          big('receivedAt'),
          str('type', 64),
          { name: 'confidence', type: double, isNullable: true },
          str('severity', 16, true),
          { name: 'lat', type: double },
          { name: 'lon', type: double },
          { name: 'attributes', type: 'text', isNullable: true },
          str('source', 16),
          { name: 'reason', type: 'text' },
        ],
        indices: [
          new TableIndex({ name: 'IDX_events_incident', columnNames: ['incidentId', 'ts'] }),
          new TableIndex({ name: 'IDX_events_received', columnNames: ['receivedAt'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'telemetry',
        columns: [
          id('id'),
          str('deviceId', 64),
          str('metric', 32),
          big('ts'),
          { name: 'value', type: double },
        ],
        indices: [
          new TableIndex({
            name: 'IDX_telemetry_device_metric_ts',
            columnNames: ['deviceId', 'metric', 'ts'],
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'incident_audit',
        columns: [
          id('id'),
          str('incidentId', 64),
          big('at'),
          str('actor', 64),
          str('action', 32),
          str('fromStatus', 16, true),
          str('toStatus', 16, true),
          { name: 'note', type: 'text', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'IDX_audit_incident', columnNames: ['incidentId', 'at'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'incident_audit',
      'telemetry',
      'events',
      'incidents',
      'devices',
      'users',
    ]) {
      await queryRunner.dropTable(table, true);
    }
  }
}
