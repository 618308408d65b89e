import { Injectable } from '@nestjs/common';
import { GroupCommit, type Done } from '../database/group-commit';
import type { TelemetryRow } from '../devices/telemetry.repository';

/**
 * Stores telemetry readings, one row per metric reading, in the hub's group commit: a
 * message's `done` (its PUBACK) runs once its readings are committed, so nothing is dropped
 * above a count; a slow database holds acknowledgements instead (back-pressure).
 */
@Injectable()
export class TelemetryWriter {
  constructor(private readonly group: GroupCommit) {}

  add(
    readings: readonly {
      deviceId: string;
      ts: number;
      values: Record<string, number | undefined>;
    }[],
    done: Done,
    refused: (error: Error, done: Done) => void,
  ): void {
    const rows: TelemetryRow[] = [];
    for (const { deviceId, ts, values } of readings)
      for (const [metric, value] of Object.entries(values))
        if (value !== undefined) rows.push([deviceId, ts, metric, value]);
    this.group.enqueue({
      statement: 'telemetry',
      rows,
      refused: (error) => refused(error, done),
      done,
    });
  }
}
