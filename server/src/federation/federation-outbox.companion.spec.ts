import type { Incident } from '@ioc/shared';
import type { AppConfig } from '../config/app.config';
import { incidentState } from '../../test/fixtures/incident-state.fixture';
import { ManualClock } from '../correlation/clock';
import { toIncident, type IncidentState } from '../correlation/incident-state';
import type { IncidentEntity } from '../database/entities';
import type { IncidentRepository } from '../incidents/incident.repository';
import type { IncidentWriteService } from '../incidents/incident-write.service';
import { FederationOutboxCompanion } from './federation-outbox.companion';
import type { FederationOutboxRepository } from './federation-outbox.repository';
import type { FederationRepository } from './federation.repository';

// Stored incidents are read back as states: here the entity's fields over a fixture state.
jest.mock('../incidents/incident.mapper', () => ({
  entityToState: (entity: Partial<IncidentState>) => incidentState(entity),
}));

const NOW = Date.parse('2026-12-01T08:00:00Z');

const config = {
  federation: {
    upstream: { hubId: 'lac-duong', hubName: 'Lạc Dương', minSeverity: 'medium' },
    districts: [],
  },
} as unknown as AppConfig;

interface Fakes {
  /** What incidents.changedSince answers, page by page. */
  pages?: Partial<IncidentState>[][];
  cursor?: number | null;
}

function companion({ pages = [], cursor = null }: Fakes = {}) {
  const companions: unknown[] = [];
  const inserted: { seq: number; incidentId: string }[] = [];
  const cursors = { saved: [] as number[], dropped: false };
  const writes = {
    addCompanion: (c: unknown) => companions.push(c),
  } as unknown as IncidentWriteService;
  const subject = new FederationOutboxCompanion(
    config,
    new ManualClock(NOW),
    {
      insert: async (rows: { seq: number; incidentId: string }[]) =>
        inserted.push(...rows.map(({ seq, incidentId }) => ({ seq, incidentId }))),
    } as unknown as FederationOutboxRepository,
    {
      cursor: async () => cursor,
      saveCursor: async (_: string, seq: number) => cursors.saved.push(seq),
      dropCursor: async () => (cursors.dropped = true),
    } as unknown as FederationRepository,
    {
      changedSince: async () => (pages.shift() ?? []) as unknown as IncidentEntity[],
    } as unknown as IncidentRepository,
    writes,
  );
  return { subject, companions, inserted, cursors };
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
    const states = [
      state('inc-low', 3, 'low'),
      state('inc-fire', 4, 'high'),
      state('inc-medium', 5, 'medium'),
    ];
    const contribution = subject.rowsFor(states, states.map(toIncident));
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
    const low = state('inc-low', 3, 'low');
    expect(companion().subject.rowsFor([low], [toIncident(low)])).toBeNull();
  });

  it('on a district upgraded from the cursor, copies the changes past it (at or above the threshold) into the outbox, then drops the cursor', async () => {
    const { subject, inserted, cursors } = companion({
      cursor: 10,
      pages: [
        [
          { id: 'inc-a', seq: 11, severity: 'high' },
          { id: 'inc-low', seq: 12, severity: 'low' },
        ],
        [{ id: 'inc-b', seq: 13, severity: 'medium' }],
      ],
    });
    await subject.onModuleInit();
    expect(inserted).toEqual([
      { seq: 11, incidentId: 'inc-a' },
      { seq: 13, incidentId: 'inc-b' },
    ]);
    expect(cursors).toEqual({ saved: [12, 13], dropped: true });
  });

  it('reads nothing at start without a cursor (a fresh district, or upgraded already)', async () => {
    const { subject, inserted, cursors } = companion({
      pages: [[{ id: 'inc-a', seq: 11, severity: 'high' }]],
    });
    await subject.onModuleInit();
    expect(inserted).toEqual([]);
    expect(cursors).toEqual({ saved: [], dropped: false });
  });
});
