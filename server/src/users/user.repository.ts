import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { UserEntity } from '../database/entities';

/** The users table. */
@Injectable()
export class UserRepository {
  private readonly users: Repository<UserEntity>;

  constructor(dataSource: DataSource) {
    this.users = dataSource.getRepository(UserEntity);
  }

  /** Every account's role, disabled flag and token version, without password hashes. */
  statuses(): Promise<Pick<UserEntity, 'username' | 'role' | 'disabled' | 'tokenVersion'>[]> {
    return this.users.find({
      select: { username: true, role: true, disabled: true, tokenVersion: true },
    });
  }

  listByName(): Promise<UserEntity[]> {
    return this.users.find({ order: { username: 'ASC' } });
  }

  findByName(username: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ username });
  }

  exists(username: string): Promise<boolean> {
    return this.users.existsBy({ username });
  }

  async insert(user: UserEntity): Promise<void> {
    await this.users.insert(user);
  }

  async save(user: UserEntity): Promise<void> {
    await this.users.save(user);
  }
}
