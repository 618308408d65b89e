import type { CitizenWebhookBody, IncidentStatus } from '@ioc/shared';
import { ManualClock } from '../correlation/clock';
import type { IncidentState } from '../correlation/incident-state';
import type { IncidentWriteService } from '../incidents/incident-write.service';
import { CitizenNotifier } from './citizen-notifier';
import type { ReportRepository } from './report.repository';
import type { WebhookDeliveryWorker } from './webhook-delivery.worker';
import type { WebhookOutboxRepository } from './webhook-outbox.repository';

const NOW = Date.parse('2026-11-23T08:15:30Z');

function state(status: IncidentStatus, answer: IncidentState['answer'] = null): IncidentState {
  return { id: 'inc-1', status, answer } as IncidentState;
}

async function notifier(lastSequence = 0) {
  const nudged: string[] = [];
  const worker = {
    hasWebhook: (appId: string) => appId === 'dalat-app',
    nudge: (appId: string) => nudged.push(appId),
  } as unknown as WebhookDeliveryWorker;
  const reports = { unclosed: async () => [] } as unknown as ReportRepository;
  const outbox = {
    lastSequences: async () => new Map([['dalat-app', lastSequence]]),
  } as unknown as WebhookOutboxRepository;
  const incidents = { addCompanion: () => undefined } as unknown as IncidentWriteService;
  const subject = new CitizenNotifier(reports, worker, outbox, new ManualClock(NOW), incidents);
  await subject.onModuleInit();
  return { subject, nudged };
}

const bodies = (rows: unknown[][] | undefined): CitizenWebhookBody[] =>
  (rows ?? []).map((row) => JSON.parse(row[3] as string) as CitizenWebhookBody);

const report = (
  trackingCode: string,
  appId = 'dalat-app',
  via: 'api_key' | 'user' = 'api_key',
) => ({
  trackingCode,
  appId,
  via,
  eventId: `report-${trackingCode}`,
  incidentId: 'inc-1',
});

describe('CitizenNotifier', () => {
  it('stores a new report with the write of its incident and numbers its notification after the last one', async () => {
    const { subject, nudged } = await notifier(41);
    subject.track(report('code-a'));
    const contribution = subject.rowsFor([state('open')])!;
    expect(contribution.rows.citizenReports).toHaveLength(1);
    expect(contribution.rows.citizenReports![0]!.slice(0, 6)).toEqual([
      'code-a',
      'dalat-app',
      'api_key',
      'report-code-a',
      'inc-1',
      'received',
    ]);
    expect(bodies(contribution.rows.citizenWebhookOutbox)).toEqual([
      expect.objectContaining({ trackingCode: 'code-a', status: 'received', sequence: 42 }),
    ]);
    expect(nudged).toEqual([]);
    contribution.committed();
    expect(nudged).toEqual(['dalat-app']);
    // Nothing changed since: nothing to write.
    expect(subject.rowsFor([state('open')])).toBeNull();
  });

  it('tells of each change of status or answer, and forgets a closed report', async () => {
    const { subject } = await notifier();
    subject.track(report('code-a'));
    subject.rowsFor([state('open')])!.committed();
    const acknowledged = subject.rowsFor([state('acknowledged')])!;
    expect(acknowledged.rows.citizenReports).toEqual([]);
    expect(acknowledged.rows.citizenReportStatus![0]!.slice(0, 2)).toEqual(['in_progress', null]);
    acknowledged.committed();
    // Dispatching is still "in progress" for a citizen.
    expect(subject.rowsFor([state('dispatched')])).toBeNull();
    const answer = { text: 'On our way', by: 'linh', at: NOW };
    const answered = subject.rowsFor([state('dispatched', answer)])!;
    expect(bodies(answered.rows.citizenWebhookOutbox)).toEqual([
      expect.objectContaining({ status: 'answered', answer: 'On our way', sequence: 3 }),
    ]);
    answered.committed();
    // A new answer is news even though the status stays `answered`.
    const again = subject.rowsFor([state('resolved', { ...answer, text: 'Done', at: NOW + 1 })])!;
    expect(bodies(again.rows.citizenWebhookOutbox)[0]).toMatchObject({
      answer: 'Done',
      sequence: 4,
    });
    again.committed();
    const closed = subject.rowsFor([state('closed', { ...answer, text: 'Done', at: NOW + 1 })])!;
    expect(bodies(closed.rows.citizenWebhookOutbox)[0]).toMatchObject({ status: 'closed' });
    closed.committed();
    expect(subject.rowsFor([state('closed')])).toBeNull();
  });

  it('gives the numbers of a failed commit again, so an app sees no gap', async () => {
    const { subject } = await notifier(7);
    subject.track(report('code-a'));
    const failed = subject.rowsFor([state('open')])!;
    expect(bodies(failed.rows.citizenWebhookOutbox)[0]!.sequence).toBe(8);
    failed.failed(new Error('database away'));
    const retried = subject.rowsFor([state('open')])!;
    expect(retried.rows.citizenReports).toHaveLength(1);
    expect(bodies(retried.rows.citizenWebhookOutbox)[0]!.sequence).toBe(8);
  });

  it('writes no notification for an app without a webhook, or for a report staff typed in', async () => {
    const { subject } = await notifier();
    subject.track(report('code-kiosk', 'kiosk'));
    subject.track(report('code-phone', 'dalat-app', 'user'));
    const contribution = subject.rowsFor([state('open')])!;
    expect(contribution.rows.citizenReports).toHaveLength(2);
    expect(contribution.rows.citizenWebhookOutbox).toEqual([]);
  });
});
