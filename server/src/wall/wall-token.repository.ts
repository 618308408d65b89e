import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WallTokenEntity } from '../database/entities';

/** The wall_tokens table. */
@Injectable()
export class WallTokenRepository {
  constructor(private readonly dataSource: DataSource) {}

  all(): Promise<WallTokenEntity[]> {
    return this.dataSource.getRepository(WallTokenEntity).find({ order: { createdAt: 'ASC' } });
  }

  find(id: string): Promise<WallTokenEntity | null> {
    return this.dataSource.getRepository(WallTokenEntity).findOneBy({ id });
  }

  async save(token: WallTokenEntity): Promise<void> {
    await this.dataSource.getRepository(WallTokenEntity).save(token);
  }
}
