import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import bcrypt from 'bcryptjs';
import { Subject } from 'rxjs';
import type { Account, CreateAccountRequest, Role, UpdateAccountRequest, User } from '@ioc/shared';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { UserEntity } from '../database/entities';
import { UserRepository } from './user.repository';

const BCRYPT_ROUNDS = 10;
/** How often the account cache is re-read, so a change made on another hub instance takes effect. */
const REFRESH_MS = 5000;
const DEMO_USERS = ['operator', 'dispatcher', 'admin'] as const;

export interface AccountStatus {
  role: Role;
  disabled: boolean;
  /** Tokens signed with another version are revoked (docs/security.md). */
  tokenVersion: number;
}

function statusOf(u: Pick<UserEntity, 'role' | 'disabled' | 'tokenVersion'>): AccountStatus {
  return { role: u.role, disabled: Boolean(u.disabled), tokenVersion: u.tokenVersion ?? 0 };
}

function sameStatus(a: AccountStatus | undefined, b: AccountStatus | undefined): boolean {
  return a?.role === b?.role && a?.disabled === b?.disabled && a?.tokenVersion === b?.tokenVersion;
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
  /** Usernames whose role, disabled flag or token version changed (here or on another instance). */
  readonly accountChanged$ = new Subject<string>();

  constructor(
    private readonly repository: UserRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Seeds the demo users (outside production), disables them in production, and creates
   * the configured admin once: a later password change or disable made through the API
   * is never undone by a restart.
   */
  async onApplicationBootstrap(): Promise<void> {
    const { demoPassword, admin } = this.config.auth;
    if (demoPassword) {
      for (const role of DEMO_USERS) await this.ensure(role, demoPassword, role);
    }
    if (this.config.env === 'production') await this.disableDemoUsers(admin?.username);
    if (admin) await this.createOnce(admin.username, admin.password);
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
    const previous = this.accounts;
    this.accounts = new Map(rows.map((u) => [u.username, statusOf(u)]));
    for (const [username, status] of previous)
      if (!sameStatus(status, this.accounts.get(username))) this.accountChanged$.next(username);
  }

  /** What a token's subject may do now, from the cache; undefined when not cached. */
  accountStatus(username: string): AccountStatus | undefined {
    return this.accounts.get(username);
  }

  /**
   * As accountStatus, but an account this instance has not cached yet (created moments ago
   * on another instance) is read from the database: a token never vouches for itself.
   */
  async currentStatus(username: string): Promise<AccountStatus | undefined> {
    const cached = this.accounts.get(username);
    if (cached) return cached;
    const user = await this.repository.findByName(username);
    if (!user) return undefined;
    const status = statusOf(user);
    this.accounts.set(username, status);
    return status;
  }

  private async saveAndAnnounce(user: UserEntity): Promise<void> {
    await this.repository.save(user);
    this.accounts.set(user.username, statusOf(user));
    this.accountChanged$.next(user.username);
  }

  private checkPasswordPolicy(password: string): void {
    const min = this.config.auth.passwordMinLength;
    if (password.length < min)
      throw new DomainError('VALIDATION', `password must be at least ${min} characters`, [
        { path: 'password', message: `at least ${min} characters` },
      ]);
  }

  async list(): Promise<Account[]> {
    return (await this.repository.listByName()).map(toAccount);
  }

  async create(request: CreateAccountRequest): Promise<Account> {
    if (await this.repository.exists(request.username))
      throw new DomainError('CONFLICT', `user ${request.username} exists already`);
    this.checkPasswordPolicy(request.password);
    const user = Object.assign(new UserEntity(), {
      username: request.username,
      passwordHash: await bcrypt.hash(request.password, BCRYPT_ROUNDS),
      role: request.role,
      disabled: false,
      createdAt: Date.now(),
      tokenVersion: 0,
    });
    await this.repository.insert(user);
    this.accounts.set(user.username, statusOf(user));
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
    if (request.password !== undefined) this.checkPasswordPolicy(request.password);
    const before = statusOf(user);
    if (request.role !== undefined) user.role = request.role;
    if (request.disabled !== undefined) user.disabled = request.disabled;
    if (request.password !== undefined)
      user.passwordHash = await bcrypt.hash(request.password, BCRYPT_ROUNDS);
    // A new password or a disable revokes every token issued before. A role change does
    // not need to: every request reads the role as it is now (live sockets are re-checked).
    if (request.password !== undefined || Boolean(user.disabled) !== before.disabled)
      user.tokenVersion = before.tokenVersion + 1;
    await this.saveAndAnnounce(user);
    return toAccount(user);
  }

  private async disableDemoUsers(keep: string | undefined): Promise<void> {
    for (const username of DEMO_USERS) {
      if (username === keep) continue;
      const user = await this.repository.findByName(username);
      if (!user || user.disabled) continue;
      user.disabled = true;
      user.tokenVersion = (user.tokenVersion ?? 0) + 1;
      await this.repository.save(user);
      this.logger.warn(`production: disabled the demo account ${username} left by an earlier run`);
    }
  }

  private async createOnce(username: string, password: string): Promise<void> {
    if (await this.repository.exists(username)) return;
    await this.repository.insert(
      Object.assign(new UserEntity(), {
        username,
        passwordHash: await bcrypt.hash(password, BCRYPT_ROUNDS),
        role: 'admin',
        disabled: false,
        createdAt: Date.now(),
        tokenVersion: 0,
      }),
    );
    this.logger.log(`created the admin account ${username} from IOC_ADMIN_USERNAME`);
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
        tokenVersion: (existing?.tokenVersion ?? 0) + 1,
      }),
    );
  }

  /**
   * The account when the password is right. An unknown username is refused without a
   * bcrypt compare, so an anonymous flood costs no CPU; usernames are not secret (the
   * per-address limit still applies, docs/security.md).
   */
  async authenticate(
    username: string,
    password: string,
  ): Promise<(User & { tokenVersion: number }) | null> {
    const user = await this.repository.findByName(username);
    if (!user) return null;
    const ok = await bcrypt.compare(password, user.passwordHash);
    if (!ok || user.disabled) return null;
    return { username: user.username, role: user.role, tokenVersion: user.tokenVersion ?? 0 };
  }
}
