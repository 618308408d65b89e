import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { ROLES, type Role, type User } from '@ioc/shared';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { UsersService } from '../users/users.service';

/**
 * Signs and verifies access tokens (HS256 JWT). Outside production, with no JWT_SECRET,
 * a random secret is kept in DATA_DIR so tokens survive a hub restart.
 */
@Injectable()
export class TokenService {
  private readonly logger = new Logger('auth');
  private readonly secret: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {
    this.secret = config.auth.jwtSecret ?? this.localSecret();
  }

  private localSecret(): string {
    const file = join(this.config.dataDir, 'jwt-secret');
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    mkdirSync(this.config.dataDir, { recursive: true });
    const secret = randomBytes(32).toString('hex');
    writeFileSync(file, secret, { mode: 0o600 });
    this.logger.warn(`JWT_SECRET is not set: using a generated secret stored in ${file}`);
    return secret;
  }

  sign(user: User): string {
    return jwt.sign({ role: user.role }, this.secret, {
      subject: user.username,
      expiresIn: this.config.auth.jwtTtlSeconds,
      algorithm: 'HS256',
    });
  }

  /** The user a token stands for, or null when it is missing, forged, expired or its account disabled. */
  verify(token: string | undefined | null): User | null {
    if (!token) return null;
    try {
      const payload = jwt.verify(token, this.secret, { algorithms: ['HS256'] });
      if (typeof payload === 'string' || typeof payload.sub !== 'string') return null;
      const role = (payload as { role?: unknown }).role;
      if (!ROLES.includes(role as Role)) return null;
      // A disabled account loses its tokens at once; a changed role applies at once.
      const account = this.users.accountStatus(payload.sub);
      if (account?.disabled) return null;
      return { username: payload.sub, role: account?.role ?? (role as Role) };
    } catch {
      return null;
    }
  }
}
