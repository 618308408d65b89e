import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import bcrypt from 'bcryptjs';
import type { Account, CreateAccountRequest, Role, UpdateAccountRequest, User } from '@ioc/shared';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { UserEntity } from '../database/entities';
import { UserRepository } from './user.repository';

const BCRYPT_ROUNDS = 10;
// Compared against when the user does not exist, so a wrong username costs as long as a wrong password.
const DUMMY_HASH = bcrypt.hashSync('not-a-password', BCRYPT_ROUNDS);
/** How often the account cache is re-read, so a change made on another hub instance takes effect. */
const REFRESH_MS = 5000;

interface AccountStatus {
  role: Role;
  disabled: boolean;
}

function toAccount(u: UserEntity): Account {
  return {
    username: u.username,
    role: u.role,
    disabled: Boolean(u.disabled),
    createdAt: new Date(u.createdAt).toISOString(),
  };
}

@Injectable()
export class UsersService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('users');
  /** username → role and disabled flag, for checking tokens without a query per request. */
  private accounts = new Map<string, AccountStatus>();
  private refreshTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repository: UserRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Seeds the demo users (outside production) and the configured admin. */
  async onApplicationBootstrap(): Promise<void> {
    const { demoPassword, admin } = this.config.auth;
    if (demoPassword) {
      for (const role of ['operator', 'dispatcher', 'admin'] as const)
        await this.ensure(role, demoPassword, role);
    }
    if (admin) await this.ensure(admin.username, admin.password, 'admin');
    if (!demoPassword && !admin)
      this.logger.warn(
        'No users configured: set IOC_DEMO_PASSWORD (outside production) or IOC_ADMIN_USERNAME/IOC_ADMIN_PASSWORD',
      );
    await this.refresh();
    this.refreshTimer = setInterval(() => void this.refresh().catch(() => undefined), REFRESH_MS);
    this.refreshTimer.unref();
  }

  onApplicationShutdown(): void {
    if (this.refreshTimer) clearInterval(this.refreshTimer);
  }

  private async refresh(): Promise<void> {
    const rows = await this.repository.statuses();
    this.accounts = new Map(
      rows.map((u) => [u.username, { role: u.role, disabled: Boolean(u.disabled) }]),
    );
  }

  /**
   * What a token's subject may do now: undefined when this instance has not seen the
   * account yet (created moments ago on another instance: the signed token is trusted).
   */
  accountStatus(username: string): AccountStatus | undefined {
    return this.accounts.get(username);
  }

  async list(): Promise<Account[]> {
    return (await this.repository.listByName()).map(toAccount);
  }

  async create(request: CreateAccountRequest): Promise<Account> {
    if (await this.repository.exists(request.username))
      throw new DomainError('CONFLICT', `user ${request.username} exists already`);
    const user = Object.assign(new UserEntity(), {
      username: request.username,
      passwordHash: await bcrypt.hash(request.password, BCRYPT_ROUNDS),
      role: request.role,
      disabled: false,
      createdAt: Date.now(),
    });
    await this.repository.insert(user);
    this.accounts.set(user.username, { role: user.role, disabled: false });
    return toAccount(user);
  }

  /** Changes role, password or the disabled flag. An admin cannot lock themself out. */
  async update(username: string, request: UpdateAccountRequest, actor: User): Promise<Account> {
    const user = await this.repository.findByName(username);
    if (!user) throw new DomainError('NOT_FOUND', `no user ${username}`);
    if (
      username === actor.username &&
      (request.disabled === true || (request.role !== undefined && request.role !== 'admin'))
    ) {
      throw new DomainError(
        'CONFLICT',
        'you cannot disable or demote your own account; ask another admin',
      );
    }
    if (request.role !== undefined) user.role = request.role;
    if (request.disabled !== undefined) user.disabled = request.disabled;
    if (request.password !== undefined)
      user.passwordHash = await bcrypt.hash(request.password, BCRYPT_ROUNDS);
    await this.repository.save(user);
    this.accounts.set(user.username, { role: user.role, disabled: Boolean(user.disabled) });
    return toAccount(user);
  }

  private async ensure(username: string, password: string, role: Role): Promise<void> {
    const existing = await this.repository.findByName(username);
    if (
      existing &&
      (await bcrypt.compare(password, existing.passwordHash)) &&
      existing.role === role
    )
      return;
    await this.repository.save(
      Object.assign(new UserEntity(), {
        username,
        passwordHash: await bcrypt.hash(password, BCRYPT_ROUNDS),
        role,
        disabled: false,
        createdAt: existing?.createdAt ?? Date.now(),
      }),
    );
  }

  async authenticate(username: string, password: string): Promise<User | null> {
    const user = await this.repository.findByName(username);
    const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || user.disabled) return null;
    return { username: user.username, role: user.role };
  }
}
