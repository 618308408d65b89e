import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
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

  /** unitId → incidentId for every unit of every incident currently `dispatched`. */
  async dispatchedAssignments(): Promise<Map<string, string>> {
    const rows = await this.dataSource.getRepository(IncidentEntity).find({
      select: { id: true, assignedUnitId: true, assignedUnitIds: true },
      where: { status: 'dispatched' },
    });
    const assignments = new Map<string, string>();
    for (const row of rows) {
      const ids = row.assignedUnitIds.length ? row.assignedUnitIds : [row.assignedUnitId];
      for (const unitId of ids) if (unitId) assignments.set(unitId, row.id);
    }
    return assignments;
  }
}
