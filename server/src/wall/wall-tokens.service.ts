import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { IssuedWallToken, User, WallToken } from '@ioc/shared';
import { TokenService } from '../auth/token.service';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { WallTokenEntity } from '../database/entities';
import { UsersService } from '../users/users.service';
import { WallTokenRepository } from './wall-token.repository';

function toWallToken(e: WallTokenEntity): WallToken {
  return {
    id: e.id,
    label: e.label,
    username: e.username,
    createdBy: e.createdBy,
    createdAt: new Date(e.createdAt).toISOString(),
    expiresAt: new Date(e.expiresAt).toISOString(),
    revokedAt: e.revokedAt === null ? null : new Date(e.revokedAt).toISOString(),
  };
}

/**
 * Wall screens' credentials. Each is a `viewer` account of its own (`wall-<id>`, a random
 * password nobody knows) with one long-lived token: the guard refuses every write for that
 * role, and revoking disables the account, which the token check and the live sockets
 * already honour (the socket is cut within the account cache's refresh).
 */
@Injectable()
export class WallTokensService {
  constructor(
    private readonly repository: WallTokenRepository,
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(): Promise<WallToken[]> {
    return (await this.repository.all()).map(toWallToken);
  }

  async issue(label: string, admin: User): Promise<IssuedWallToken> {
    const id = randomBytes(6).toString('hex');
    const username = `wall-${id}`;
    await this.users.create({
      username,
      password: randomBytes(32).toString('base64url'),
      role: 'viewer',
    });
    const now = Date.now();
    const ttlSeconds = this.config.auth.wallTokenTtlSeconds;
    const entity = Object.assign(new WallTokenEntity(), {
      id,
      label,
      username,
      createdBy: admin.username,
      createdAt: now,
      expiresAt: now + ttlSeconds * 1000,
      revokedAt: null,
    });
    await this.repository.save(entity);
    const token = this.tokens.sign({ username, role: 'viewer', tokenVersion: 0 }, ttlSeconds);
    return { ...toWallToken(entity), token };
  }

  async revoke(id: string, admin: User): Promise<WallToken> {
    const entity = await this.repository.find(id);
    if (!entity) throw new DomainError('NOT_FOUND', `no wall token ${id}`);
    if (entity.revokedAt === null) {
      // Disabling raises the account's token version: the token fails at once on HTTP, and
      // the account change closes its live sockets.
      await this.users.update(entity.username, { disabled: true }, admin);
      entity.revokedAt = Date.now();
      await this.repository.save(entity);
    }
    return toWallToken(entity);
  }
}
