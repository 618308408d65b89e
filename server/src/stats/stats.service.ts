import { Injectable } from '@nestjs/common';
import { SEVERITIES, type HubStats, type Severity } from '@ioc/shared';
import { lifecycleDurations, summarize } from './stats.figures';
import { StatsRepository } from './stats.repository';

const DAY_MS = 24 * 3600 * 1000;
const RATE_WINDOW_MS = 60_000;

/** `GET /api/stats`: computed from stored incidents, events and the audit trail, so every hub instance agrees. */
@Injectable()
export class StatsService {
  constructor(private readonly repository: StatsRepository) {}

  async stats(since: number | null, now = Date.now()): Promise<HubStats> {
    const from = since ?? now - DAY_MS;
    const [firstTimes, active, recentEvents] = await Promise.all([
      this.repository.firstTimes(from),
      this.repository.activeBySeverity(),
      this.repository.eventsSince(now - RATE_WINDOW_MS),
    ]);
    const openBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<
      Severity,
      number
    >;
    let escalatedOpen = 0;
    for (const row of active) {
      if ((SEVERITIES as readonly string[]).includes(row.severity))
        openBySeverity[row.severity as Severity] += row.count;
      if (row.escalated) escalatedOpen += row.count;
    }
    const durations = lifecycleDurations(firstTimes);
    return {
      at: new Date(now).toISOString(),
      since: new Date(from).toISOString(),
      openBySeverity,
      openTotal: Object.values(openBySeverity).reduce((a, b) => a + b, 0),
      escalatedOpen,
      eventsPerSecond: Math.round((recentEvents / (RATE_WINDOW_MS / 1000)) * 1000) / 1000,
      eventsLastMinute: recentEvents,
      incidentsOpened: durations.opened,
      timeToAcknowledge: summarize(durations.toAcknowledge),
      timeToDispatch: summarize(durations.toDispatch),
      timeToResolve: summarize(durations.toResolve),
    };
  }
}
