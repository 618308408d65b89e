import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { merge, Subject, type Observable } from 'rxjs';
import type { SessionEnd, User } from '@ioc/shared';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { UsersService, type AccountStatus } from '../users/users.service';

interface Claims {
  username: string;
  tokenVersion: number;
  expiresAt: number;
  /** The token's own id (`jti`), for logging out this one session. */
  id: string | null;
}

/** A verified token: who it stands for now, and when it stops working (epoch ms). */
export interface Session {
  user: User;
  expiresAt: number;
  tokenVersion: number;
  id: string | null;
}

/**
 * Signs and verifies access tokens (HS256 JWT, claim `ver`: the account's token version).
 * Outside production, with no JWT_SECRET, a random secret is kept in DATA_DIR so tokens
 * survive a hub restart.
 */
@Injectable()
export class TokenService {
  private readonly logger = new Logger('auth');
  private readonly secret: string;
  /** Tokens logged out, by id, until they expire anyway (per process: docs/security.md). */
  private readonly loggedOut = new Map<string, number>();
  private readonly loggedOut$ = new Subject<string>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {
    this.secret = config.auth.jwtSecret ?? this.localSecret();
  }

  private localSecret(): string {
    const file = join(this.config.dataDir, 'jwt-secret');
    if (existsSync(file)) {
      // Whoever reads the secret can sign any token: refuse one others may read, as ssh does.
      if ((statSync(file).mode & 0o077) !== 0)
        throw new Error(`${file} may be read by other users: chmod 600 it (or set JWT_SECRET)`);
      return readFileSync(file, 'utf8').trim();
    }
    mkdirSync(this.config.dataDir, { recursive: true, mode: 0o700 });
    const secret = randomBytes(32).toString('hex');
    writeFileSync(file, secret, { mode: 0o600 });
    this.logger.warn(`JWT_SECRET is not set: using a generated secret stored in ${file}`);
    return secret;
  }

  /** `ttlSeconds`: longer only for a wall screen's read-only credential (WallTokensService). */
  sign(user: User & { tokenVersion: number }, ttlSeconds = this.config.auth.jwtTtlSeconds): string {
    return jwt.sign({ role: user.role, ver: user.tokenVersion }, this.secret, {
      subject: user.username,
      jwtid: randomUUID(),
      expiresIn: ttlSeconds,
      algorithm: 'HS256',
    });
  }

  /**
   * The session a token stands for, or null when it is missing, forged or expired, its
   * account unknown or disabled, or its version revoked (password, role, disable, logout).
   * The role is the account's now, never the one signed into the token.
   */
  async session(token: string | undefined | null): Promise<Session | null> {
    const claims = this.claims(token);
    if (!claims) return null;
    return this.toSession(claims, await this.users.currentStatus(claims.username));
  }

  /** As session(), from the account cache only (an account not cached yet is refused). */
  verify(token: string | undefined | null): User | null {
    const claims = this.claims(token);
    if (!claims) return null;
    return this.toSession(claims, this.users.accountStatus(claims.username))?.user ?? null;
  }

  private toSession(claims: Claims, account: AccountStatus | undefined): Session | null {
    if (!account || account.disabled || account.tokenVersion !== claims.tokenVersion) return null;
    if (claims.id !== null && this.loggedOut.has(claims.id)) return null;
    return {
      user: { username: claims.username, role: account.role },
      expiresAt: claims.expiresAt,
      tokenVersion: claims.tokenVersion,
      id: claims.id,
    };
  }

  /** Logs out one session: its token stops working and its live sockets close. */
  logOut(session: Session, now = Date.now()): void {
    for (const [id, expiresAt] of this.loggedOut) if (expiresAt <= now) this.loggedOut.delete(id);
    if (session.id === null) return;
    this.loggedOut.set(session.id, session.expiresAt);
    this.loggedOut$.next(session.user.username);
  }

  /** Usernames whose sessions may have ended (role, disable, password, logout). */
  get accountChanged$(): Observable<string> {
    return merge(this.users.accountChanged$, this.loggedOut$);
  }

  /** Why a session verified earlier no longer holds (account cache, no I/O), or null. */
  endReason(session: Session, now = Date.now()): SessionEnd['reason'] | null {
    if (now >= session.expiresAt) return 'expired';
    const account = this.users.accountStatus(session.user.username);
    if (!account || account.disabled) return 'disabled';
    if (account.role !== session.user.role) return 'role_changed';
    if (account.tokenVersion !== session.tokenVersion) return 'revoked';
    if (session.id !== null && this.loggedOut.has(session.id)) return 'revoked';
    return null;
  }

  private claims(token: string | undefined | null): Claims | null {
    if (!token) return null;
    try {
      const payload = jwt.verify(token, this.secret, { algorithms: ['HS256'] });
      if (typeof payload === 'string' || typeof payload.sub !== 'string') return null;
      const ver = (payload as { ver?: unknown }).ver;
      if (typeof ver !== 'number' || !Number.isInteger(ver) || typeof payload.exp !== 'number')
        return null;
      return {
        username: payload.sub,
        tokenVersion: ver,
        expiresAt: payload.exp * 1000,
        id: typeof payload.jti === 'string' ? payload.jti : null,
      };
    } catch {
      return null;
    }
  }
}
