import type { Incident } from '@ioc/shared';
import type { AppConfig } from '../config/app.config';
import { incidentState } from '../../test/fixtures/incident-state.fixture';
import { ManualClock } from '../correlation/clock';
import type { IncidentState } from '../correlation/incident-state';
import type { IncidentEntity } from '../database/entities';
import type { IncidentRepository } from '../incidents/incident.repository';
import type { IncidentWriteService } from '../incidents/incident-write.service';
import { FederationOutboxCompanion } from './federation-outbox.companion';
import type { FederationOutboxRepository } from './federation-outbox.repository';
import type { FederationRepository } from './federation.repository';

const NOW = Date.parse('2026-12-01T08:00:00Z');

const config = {
  federation: {
    upstream: { hubId: 'lac-duong', hubName: 'Lạc Dương', minSeverity: 'medium' },
    districts: [],
  },
} as unknown as AppConfig;

function companion(changed: IncidentEntity[] = []) {
  const companions: unknown[] = [];
  const writes = {
    addCompanion: (c: unknown) => companions.push(c),
  } as unknown as IncidentWriteService;
  const subject = new FederationOutboxCompanion(
    config,
    new ManualClock(NOW),
    {} as FederationOutboxRepository,
    {} as FederationRepository,
    { changedSince: async () => changed } as unknown as IncidentRepository,
    writes,
  );
  return { subject, companions };
}

const state = (id: string, seq: number, severity: IncidentState['severity']): IncidentState =>
  incidentState({ id, seq, severity, baseSeverity: severity });

describe('FederationOutboxCompanion', () => {
  it('joins the incident write path', () => {
    const { subject, companions } = companion();
    expect(companions).toEqual([subject]);
  });

  it('adds one outbox row per change at or above the threshold, with its seq and its state then', () => {
    const { subject } = companion();
    const contribution = subject.rowsFor([
      state('inc-low', 3, 'low'),
      state('inc-fire', 4, 'high'),
      state('inc-medium', 5, 'medium'),
    ]);
    const rows = contribution?.rows.federationOutbox ?? [];
    expect(rows.map((row) => row.slice(0, 2))).toEqual([
      [4, 'inc-fire'],
      [5, 'inc-medium'],
    ]);
    const body = JSON.parse(rows[0]![2] as string) as Incident;
    expect(body).toMatchObject({ id: 'inc-fire', seq: 4, severity: 'high' });
    expect(rows[0]![3]).toBe(NOW);
  });

  it('adds nothing to a commit of changes below the threshold', () => {
    expect(companion().subject.rowsFor([state('inc-low', 3, 'low')])).toBeNull();
  });
});
