import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { CreateUnitRequest, Unit, UpdateUnitRequest } from '@ioc/shared';
import { HubEvents } from '../common/hub-events';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { UnitEntity } from '../database/entities';
import type { UnitBook } from '../lifecycle/lifecycle.machine';
import { DEMO_UNITS } from './demo-units';
import { UnitRepository } from './unit.repository';

function toUnit(e: UnitEntity): Unit {
  return {
    id: e.id,
    name: e.name,
    names: e.names,
    kind: e.kind,
    homeZone: e.homeZone,
    location: { lat: e.lat, lon: e.lon },
    status: e.status,
    incidentId: e.incidentId,
    updatedAt: new Date(e.updatedAt).toISOString(),
  };
}

/**
 * Response units. The table is small, so it is held in memory: a dispatch reserves its
 * unit synchronously inside the incident's change (see UnitBook), which is what keeps two
 * dispatches from taking the same unit. Writes follow in order; the incidents are the
 * truth at start-up (a unit is busy exactly when a `dispatched` incident names it).
 */
@Injectable()
export class UnitsService implements UnitBook, OnApplicationBootstrap {
  private readonly logger = new Logger('units');
  private readonly units = new Map<string, UnitEntity>();
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly repository: UnitRepository,
    private readonly hubEvents: HubEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    let rows = await this.repository.all();
    if (rows.length === 0 && this.config.env !== 'production') {
      const now = Date.now();
      await this.repository.insertMany(
        DEMO_UNITS.map((u) =>
          Object.assign(new UnitEntity(), {
            ...u,
            status: 'available',
            incidentId: null,
            updatedAt: now,
          }),
        ),
      );
      rows = await this.repository.all();
      this.logger.log(`seeded ${rows.length} demo response units`);
    }
    const assignments = await this.repository.dispatchedAssignments();
    for (const row of rows) {
      this.units.set(row.id, row);
      const incidentId = assignments.get(row.id) ?? null;
      const shouldBeBusy = incidentId !== null;
      if (
        shouldBeBusy
          ? row.status !== 'busy' || row.incidentId !== incidentId
          : row.status === 'busy'
      ) {
        // The hub stopped between an incident's change and its unit's write: follow the incident.
        this.logger.warn(
          `unit ${row.id}: ${row.status} → ${shouldBeBusy ? `busy (${incidentId})` : 'available'} to match the incidents`,
        );
        this.change(row, { status: shouldBeBusy ? 'busy' : 'available', incidentId });
      }
    }
    await this.settled();
  }

  list(): Unit[] {
    return [...this.units.values()].sort((a, b) => a.id.localeCompare(b.id)).map(toUnit);
  }

  get(id: string): Unit {
    const unit = this.units.get(id);
    if (!unit) throw new DomainError('NOT_FOUND', `no unit ${id}`);
    return toUnit(unit);
  }

  async create(request: CreateUnitRequest): Promise<Unit> {
    if (this.units.has(request.id))
      throw new DomainError(
        'CONFLICT',
        `unit ${request.id} exists already`,
        toUnit(this.units.get(request.id)!),
      );
    const unit = Object.assign(new UnitEntity(), {
      id: request.id,
      name: request.name,
      names: request.names,
      kind: request.kind,
      homeZone: request.homeZone,
      lat: request.location.lat,
      lon: request.location.lon,
      status: request.status,
      incidentId: null,
      updatedAt: Date.now(),
    });
    this.units.set(unit.id, unit);
    this.persist(unit);
    await this.settled();
    return toUnit(unit);
  }

  async update(id: string, request: UpdateUnitRequest): Promise<Unit> {
    const unit = this.units.get(id);
    if (!unit) throw new DomainError('NOT_FOUND', `no unit ${id}`);
    if (request.status && unit.status === 'busy') {
      throw new DomainError(
        'CONFLICT',
        `unit ${id} is busy with incident ${unit.incidentId ?? '?'}: resolve that incident to free it`,
        toUnit(unit),
      );
    }
    this.change(unit, {
      ...(request.name !== undefined && { name: request.name }),
      ...(request.names !== undefined && { names: request.names }),
      ...(request.kind !== undefined && { kind: request.kind }),
      ...(request.homeZone !== undefined && { homeZone: request.homeZone }),
      ...(request.location !== undefined && {
        lat: request.location.lat,
        lon: request.location.lon,
      }),
      ...(request.status !== undefined && { status: request.status }),
    });
    await this.settled();
    return toUnit(unit);
  }

  /** UnitBook: called synchronously inside an incident change. Throws when the unit cannot go. */
  reserve(unitId: string, incidentId: string): void {
    const unit = this.units.get(unitId);
    if (!unit)
      throw new DomainError('UNKNOWN_UNIT', `no unit ${unitId}; GET /api/units lists them`);
    if (unit.status !== 'available') {
      const why =
        unit.status === 'busy' ? `busy with incident ${unit.incidentId ?? '?'}` : 'off duty';
      throw new DomainError('UNIT_UNAVAILABLE', `unit ${unitId} is ${why}`, toUnit(unit));
    }
    this.change(unit, { status: 'busy', incidentId });
  }

  /** Whether the unit is out (busy) on this incident. */
  isOutOn(unitId: string, incidentId: string): boolean {
    const unit = this.units.get(unitId);
    return unit?.status === 'busy' && unit.incidentId === incidentId;
  }

  /** Undoes a release whose incident change was not stored, unless the unit went elsewhere. */
  restore(unitId: string, incidentId: string): void {
    const unit = this.units.get(unitId);
    if (!unit || unit.status !== 'available') {
      this.logger.warn(`unit ${unitId} could not go back to incident ${incidentId}: it was taken`);
      return;
    }
    this.change(unit, { status: 'busy', incidentId });
  }

  /** UnitBook: frees the unit if it is still out on this incident. */
  release(unitId: string, incidentId: string): void {
    const unit = this.units.get(unitId);
    if (!unit || unit.status !== 'busy' || unit.incidentId !== incidentId) return;
    this.change(unit, { status: 'available', incidentId: null });
  }

  /** Resolves once every change made so far is written. */
  settled(): Promise<void> {
    return this.writing;
  }

  private change(unit: UnitEntity, patch: Partial<UnitEntity>): void {
    Object.assign(unit, patch, { updatedAt: Date.now() });
    this.persist(unit);
  }

  private persist(unit: UnitEntity): void {
    const snapshot = Object.assign(new UnitEntity(), unit);
    this.writing = this.writing
      .then(() => this.repository.save(snapshot))
      .then(
        () => this.hubEvents.unitChanged$.next(toUnit(snapshot)),
        (error: unknown) =>
          this.logger.error(`could not save unit ${snapshot.id}: ${String(error)}`),
      );
  }
}
