import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Whether the database answers a trivial query now (the readiness check). */
@Injectable()
export class DatabaseHealthProbe {
  constructor(private readonly dataSource: DataSource) {}

  async reachable(): Promise<boolean> {
    try {
      await this.dataSource.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }
}
