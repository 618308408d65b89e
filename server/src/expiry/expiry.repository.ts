import { Injectable } from '@nestjs/common';
import { DataSource, In, LessThanOrEqual, type FindOptionsWhere } from 'typeorm';
import { CATEGORIES } from '@ioc/shared';
import { IncidentEntity } from '../database/entities';
import { QUIET_SEVERITIES, type ExpiryRules } from './expiry.policy';

@Injectable()
export class ExpiryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Ids of incidents that may be due to expire (expiry.policy.ts decides on the live
   * aggregate): quiet low/info incidents past their category's window, and cleared
   * conditions past the hold time.
   */
  async candidates(rules: ExpiryRules, now: number, limit = 500): Promise<string[]> {
    const where: FindOptionsWhere<IncidentEntity>[] = CATEGORIES.filter(
      (category) => rules.expireWhenQuiet[category],
    ).map((category) => ({
      status: 'open',
      category,
      severity: In([...QUIET_SEVERITIES]),
      updatedAt: LessThanOrEqual(now - rules.categories[category].windowMs),
    }));
    if (rules.clearedHoldMs !== null)
      where.push({
        status: In(['open', 'acknowledged']),
        conditionCleared: true,
        updatedAt: LessThanOrEqual(now - rules.clearedHoldMs),
      });
    if (where.length === 0) return [];
    const rows = await this.dataSource
      .getRepository(IncidentEntity)
      .find({ select: { id: true }, where, order: { updatedAt: 'ASC' }, take: limit });
    return rows.map((r) => r.id);
  }
}
