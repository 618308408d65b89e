import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role, User } from '@ioc/shared';

export const IS_PUBLIC = 'ioc:public';
export const REQUIRED_ROLE = 'ioc:role';

/** The route needs no token (login, health, metrics, console config). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** The route needs at least this role (operator < dispatcher < admin). */
export const RequireRole = (role: Role): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_ROLE, role);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): User => {
  return ctx.switchToHttp().getRequest<{ user: User }>().user;
});
