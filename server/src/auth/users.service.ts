import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import bcrypt from 'bcryptjs';
import { DataSource } from 'typeorm';
import type { Role, User } from '@ioc/shared';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { UserEntity } from '../database/entities';

const BCRYPT_ROUNDS = 10;
// Compared against when the user does not exist, so a wrong username costs as long as a wrong password.
const DUMMY_HASH = bcrypt.hashSync('not-a-password', BCRYPT_ROUNDS);

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger('users');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Seeds the demo users (outside production) and the configured admin. */
  async onApplicationBootstrap(): Promise<void> {
    const { demoPassword, admin } = this.config.auth;
    if (demoPassword) {
      for (const role of ['operator', 'dispatcher', 'admin'] as const) await this.ensure(role, demoPassword, role);
    }
    if (admin) await this.ensure(admin.username, admin.password, 'admin');
    if (!demoPassword && !admin) this.logger.warn('No users configured: set IOC_DEMO_PASSWORD (outside production) or IOC_ADMIN_USERNAME/IOC_ADMIN_PASSWORD');
  }

  private async ensure(username: string, password: string, role: Role): Promise<void> {
    const repo = this.dataSource.getRepository(UserEntity);
    const existing = await repo.findOneBy({ username });
    if (existing && (await bcrypt.compare(password, existing.passwordHash)) && existing.role === role) return;
    await repo.save({ username, passwordHash: await bcrypt.hash(password, BCRYPT_ROUNDS), role, disabled: false, createdAt: existing?.createdAt ?? Date.now() });
  }

  async authenticate(username: string, password: string): Promise<User | null> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ username });
    const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || user.disabled) return null;
    return { username: user.username, role: user.role };
  }
}
