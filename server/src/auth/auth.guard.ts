import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { canWrite, type Role, type User } from '@ioc/shared';
import { DomainError } from '../common/domain-error';
import { IS_PUBLIC, REQUIRED_ROLE } from './auth.decorators';
import { hasRole } from './roles';
import { TokenService } from './token.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Global guard: every route needs a valid bearer token unless marked @Public; roles are checked here. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: User }>();
    const header = request.headers.authorization ?? '';
    const session = await this.tokens.session(
      header.startsWith('Bearer ') ? header.slice(7) : null,
    );
    if (!session) throw new DomainError('UNAUTHENTICATED', 'a valid bearer token is required');
    const user = session.user;
    request.user = user;
    // A wall screen's credential reads and never writes, whatever the route would allow.
    if (!canWrite(user.role) && !SAFE_METHODS.has(request.method)) {
      throw new DomainError('FORBIDDEN', 'a read-only (viewer) credential cannot change anything');
    }
    const required = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, targets);
    if (required && !hasRole(user.role, required)) {
      throw new DomainError('FORBIDDEN', `this needs the ${required} role; you are ${user.role}`);
    }
    return true;
  }
}
