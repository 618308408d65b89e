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
};

@Injectable()
export class RetentionRepository {
  constructor(@Inject(BATCH_WRITER) private readonly writer: BatchWriter) {}

  /** Deletes at most `limit` rows of `table` older than `horizon`; resolves with how many. */
  prune(table: RetentionTable, horizon: number, limit: number): Promise<number> {
    const params =
      table === 'events' ? [horizon, ...PRUNABLE_INCIDENT_STATUSES, limit] : [horizon, limit];
    return this.writer.prune(PRUNE_SQL[table], params);
  }
}
