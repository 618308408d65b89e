import { Inject, Injectable } from '@nestjs/common';
import { BATCH_WRITER, type BatchWriter } from '../database/batch-writer';
import { PRUNABLE_INCIDENT_STATUSES, type RetentionTable } from './retention.policy';

const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/**
 * retention.policy.ts in SQL, one bounded DELETE per call. Row values `(a, b) IN (SELECT …)`
 * and `LIMIT` in a subquery read the same on SQLite and PostgreSQL; each subquery walks
 * an index on the time it compares (events.receivedAt, telemetry.ts, ingest_rejections.at).
 */
const PRUNE_SQL: Record<RetentionTable, string> = {
  events:
    'DELETE FROM "events" WHERE ("deviceId", "eventId") IN (' +
    'SELECT e."deviceId", e."eventId" FROM "events" e ' +
    'JOIN "incidents" i ON i."id" = e."incidentId" ' +
    `WHERE e."receivedAt" < ? AND i."status" IN (${marks(PRUNABLE_INCIDENT_STATUSES.length)}) ` +
    'LIMIT ?)',
  telemetry:
    'DELETE FROM "telemetry" WHERE "id" IN (SELECT "id" FROM "telemetry" WHERE "ts" < ? LIMIT ?)',
  rejections:
    'DELETE FROM "ingest_rejections" WHERE "id" IN ' +
    '(SELECT "id" FROM "ingest_rejections" WHERE "at" < ? LIMIT ?)',
  // historyPrunable: a row before the horizon with a later row of its own at or before it.
  incident_history:
    'DELETE FROM "incident_history" WHERE "seq" IN (SELECT h."seq" FROM "incident_history" h ' +
    'WHERE h."at" < ? AND EXISTS (SELECT 1 FROM "incident_history" n ' +
    'WHERE n."incidentId" = h."incidentId" AND n."seq" > h."seq" AND n."at" <= ?) LIMIT ?)',
  device_history:
    'DELETE FROM "device_history" WHERE "id" IN (SELECT h."id" FROM "device_history" h ' +
    'WHERE h."at" < ? AND EXISTS (SELECT 1 FROM "device_history" n ' +
    'WHERE n."deviceId" = h."deviceId" AND n."id" > h."id" AND n."at" <= ?) LIMIT ?)',
};

function pruneParams(table: RetentionTable, horizon: number, limit: number): unknown[] {
  switch (table) {
    case 'events':
      return [horizon, ...PRUNABLE_INCIDENT_STATUSES, limit];
    case 'incident_history':
    case 'device_history':
      return [horizon, horizon, limit];
    case 'telemetry':
    case 'rejections':
      return [horizon, limit];
  }
}

@Injectable()
export class RetentionRepository {
  constructor(@Inject(BATCH_WRITER) private readonly writer: BatchWriter) {}

  /** Deletes at most `limit` rows of `table` older than `horizon`; resolves with how many. */
  prune(table: RetentionTable, horizon: number, limit: number): Promise<number> {
    return this.writer.prune(PRUNE_SQL[table], pruneParams(table, horizon, limit));
  }
}
