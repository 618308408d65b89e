import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  canWrite,
  CitizenWebhookBodySchema,
  findNul,
  type DeadLetter,
  type IncidentCitizenReports,
  type ReportRequest,
  type ReportResponse,
  type ReportStatus,
} from '@ioc/shared';
import { TokenService } from '../auth/token.service';
import { DomainError } from '../common/domain-error';
import { RateLimiter } from '../common/rate-limiter';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { IncidentWriteService } from '../incidents/incident-write.service';
import { CitizenNotifier } from './citizen-notifier';
import { ReportRepository } from './report.repository';
import { WebhookOutboxRepository } from './webhook-outbox.repository';
import { isTrackingCode, newTrackingCode } from './tracking-code';

/** Who sent a report: a citizen app (by its API key's id) or a signed-in user typing a call in. */
export interface Reporter {
  id: string;
  via: 'api_key' | 'user';
}

/** The device id every citizen report is stored under (events are keyed by device and event id). */
const CITIZEN_DEVICE_ID = 'citizen';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Citizen reports (docs/contract.md §7): each becomes an event with source kind `citizen` and goes
 * through correlation exactly like a device's. The description is kept as text in
 * `attributes.description`; nothing ever renders it as markup.
 */
@Injectable()
export class ReportsService {
  private readonly limiter: RateLimiter;
  private readonly keys: { id: string; digest: Buffer }[];

  constructor(
    private readonly incidents: IncidentWriteService,
    private readonly tokens: TokenService,
    private readonly notifier: CitizenNotifier,
    private readonly reports: ReportRepository,
    private readonly outbox: WebhookOutboxRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.limiter = new RateLimiter(config.citizen.reportsPerMinute, 60_000);
    this.keys = config.citizen.apiKeys.map((k) => ({ id: k.id, digest: digest(k.key) }));
  }

  /** An API key (X-Api-Key) or a bearer token; 401 with neither, 429 past the rate. */
  identify(apiKey: string | undefined, authorization: string | undefined): Reporter {
    const reporter = this.authenticate(apiKey, authorization);
    const bucket = `${reporter.via}:${reporter.id}`;
    if (!this.limiter.hit(bucket)) {
      throw new DomainError(
        'RATE_LIMITED',
        `too many reports from ${reporter.id}; try again later`,
        {
          retryAfterSeconds: Math.ceil(this.limiter.retryAfterMs(bucket) / 1000),
        },
      );
    }
    return reporter;
  }

  /** An API key (X-Api-Key) or a bearer token; 401 with neither. */
  authenticate(apiKey: string | undefined, authorization: string | undefined): Reporter {
    let reporter: Reporter | null = null;
    if (apiKey) {
      // Compare digests in constant time, and look at every key, so timing reveals nothing.
      const presented = digest(apiKey);
      let found: string | null = null;
      for (const key of this.keys) if (timingSafeEqual(key.digest, presented)) found = key.id;
      if (!found) throw new DomainError('UNAUTHENTICATED', 'unknown API key');
      reporter = { id: found, via: 'api_key' };
    } else if (authorization?.startsWith('Bearer ')) {
      const user = this.tokens.verify(authorization.slice(7));
      if (user && !canWrite(user.role))
        throw new DomainError('FORBIDDEN', 'a read-only (viewer) credential cannot report');
      if (user) reporter = { id: user.username, via: 'user' };
    }
    if (!reporter)
      throw new DomainError(
        'UNAUTHENTICATED',
        'a citizen-app API key (X-Api-Key) or a valid bearer token is required',
      );
    return reporter;
  }

  async submit(
    reporter: Reporter,
    report: ReportRequest,
    now = Date.now(),
  ): Promise<ReportResponse> {
    // Refused on both databases, as from a device (PostgreSQL stores no NUL in text).
    const nul = findNul(report);
    if (nul) throw new DomainError('VALIDATION', `${nul} contains a NUL character (U+0000)`);
    const eventId = `report-${randomUUID()}`;
    const source = `citizen:${reporter.id}`;
    const trackingCode = newTrackingCode();
    // Answered once the event is stored and its incident written and announced; 503 when
    // the database did not store it.
    const incidentId = await this.incidents.report(
      {
        deviceId: CITIZEN_DEVICE_ID,
        id: eventId,
        ts: now,
        type: report.type,
        confidence: null,
        severity: null,
        location: report.location,
        attributes: { description: report.description, reporter: reporter.id, via: reporter.via },
        sourceKind: 'citizen',
        source,
        zone: null,
        receivedAt: now,
      },
      (incident) =>
        // Stored, and its app told `received`, in the same commit as its incident.
        this.notifier.track({
          trackingCode,
          appId: reporter.id,
          via: reporter.via,
          eventId,
          incidentId: incident,
        }),
    );
    if (!incidentId) throw new DomainError('CONFLICT', 'this report was received already');
    return { eventId, incidentId, source, trackingCode };
  }

  /**
   * A report's status, for the app that filed it or for staff (a token). Another app's code,
   * like an unknown one, is 404: nobody learns that a code exists.
   */
  async track(reporter: Reporter, trackingCode: string): Promise<ReportStatus> {
    const report = isTrackingCode(trackingCode)
      ? await this.reports.findByCode(trackingCode)
      : null;
    const own =
      report !== null &&
      (reporter.via === 'user' || (report.via === 'api_key' && report.appId === reporter.id));
    if (!report || !own) throw new DomainError('NOT_FOUND', 'no such report');
    const incident = await this.reports.incidentOf(report);
    return {
      trackingCode: report.trackingCode,
      status: report.status,
      ...(incident?.answerText ? { answer: incident.answerText } : {}),
      updatedAt: new Date(report.updatedAt).toISOString(),
    };
  }

  /** Dead-lettered webhook notifications, newest first (admins). */
  async deadLetters(limit = 200): Promise<DeadLetter[]> {
    return (await this.outbox.deadLetters(limit)).map((row) => ({
      deliveryId: row.deliveryId,
      appId: row.appId,
      sequence: row.sequence,
      body: CitizenWebhookBodySchema.parse(JSON.parse(row.body)),
      attempts: row.attempts,
      lastError: row.lastError,
      createdAt: new Date(row.createdAt).toISOString(),
      deadAt: new Date(row.deadAt ?? row.createdAt).toISOString(),
    }));
  }

  /** Who will see an incident's public answer: its reports, by app. */
  async citizenReportsOf(incidentId: string): Promise<IncidentCitizenReports> {
    const apps = await this.reports.countByApp(incidentId);
    return { total: apps.reduce((sum, app) => sum + app.count, 0), apps };
  }
}
