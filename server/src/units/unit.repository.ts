import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, Not } from 'typeorm';
import { IncidentEntity, UnitEntity } from '../database/entities';

/** The units table, and what the incidents say about which unit is out. */
@Injectable()
export class UnitRepository {
  constructor(private readonly dataSource: DataSource) {}

  async all(): Promise<UnitEntity[]> {
    return this.dataSource.getRepository(UnitEntity).find({ order: { id: 'ASC' } });
  }

  async save(unit: UnitEntity): Promise<void> {
    await this.dataSource.getRepository(UnitEntity).save(unit);
  }

  async insertMany(units: UnitEntity[]): Promise<void> {
    await this.dataSource.getRepository(UnitEntity).insert(units);
  }

  /** unitId → incidentId for every incident currently `dispatched` with a unit. */
  async dispatchedAssignments(): Promise<Map<string, string>> {
    const rows = await this.dataSource.getRepository(IncidentEntity).find({
      select: { id: true, assignedUnitId: true },
      where: { status: 'dispatched', assignedUnitId: Not(IsNull()) },
    });
    return new Map(rows.map((r) => [r.assignedUnitId!, r.id]));
  }
}
