import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, Not } from 'typeorm';
import { WebhookOutboxEntity } from '../database/entities';

/** The durable outbox of citizen-app webhooks: what is due, and each attempt's outcome. */
@Injectable()
export class WebhookOutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get table() {
    return this.dataSource.getRepository(WebhookOutboxEntity);
  }

  /** The last sequence number given to each app (numbering resumes after it). */
  async lastSequences(): Promise<Map<string, number>> {
    const rows = await this.table
      .createQueryBuilder('o')
      .select('o.appId', 'appId')
      .addSelect('MAX(o.sequence)', 'last')
      .groupBy('o.appId')
      .getRawMany<{ appId: string; last: string | number }>();
    return new Map(rows.map((r) => [r.appId, Number(r.last)]));
  }

  /** An app's oldest notification neither delivered nor dead: the only one it may be sent. */
  async head(appId: string): Promise<WebhookOutboxEntity | null> {
    return this.table.findOne({
      where: { appId, deliveredAt: IsNull(), deadAt: IsNull() },
      order: { sequence: 'ASC' },
    });
  }

  async delivered(id: number, at: number, attempts: number): Promise<void> {
    await this.table.update({ id }, { deliveredAt: at, attempts, lastError: null });
  }

  async failed(id: number, attempts: number, nextAttemptAt: number, error: string): Promise<void> {
    await this.table.update({ id }, { attempts, nextAttemptAt, lastError: error });
  }

  async dead(id: number, at: number, attempts: number, error: string): Promise<void> {
    await this.table.update({ id }, { deadAt: at, attempts, lastError: error });
  }

  /** Dead-lettered notifications, newest first. */
  async deadLetters(limit: number): Promise<WebhookOutboxEntity[]> {
    return this.table.find({
      where: { deadAt: Not(IsNull()) },
      order: { deadAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }
}
