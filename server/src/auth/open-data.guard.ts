import {
  Inject,
  Injectable,
  UseGuards,
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { Public } from './auth.decorators';
import { TokenService } from './token.service';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * The open-data routes (CAP feed, NGSI-LD; docs/integration.md) take a read-only integration
 * key — `X-API-Key: <key>` or `Authorization: Bearer <key>` — or any user's token. A key opens
 * only the routes marked @OpenData, never the rest of the API.
 */
@Injectable()
export class OpenDataGuard implements CanActivate {
  private readonly keys: { id: string; digest: Buffer }[];

  constructor(
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.keys = config.integration.apiKeys.map((k) => ({ id: k.id, digest: digest(k.key) }));
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const header = request.headers.authorization ?? '';
    const bearer = header.startsWith('Bearer ') ? header.slice(7) : null;
    const apiKey = request.header('x-api-key') ?? bearer;
    if (apiKey && this.keyId(apiKey)) return true;
    if (this.tokens.verify(bearer)) return true;
    throw new DomainError(
      'UNAUTHENTICATED',
      'an integration API key (X-API-Key or Authorization: Bearer) or a valid token is required',
    );
  }

  /** Compares digests in constant time against every key, so timing reveals nothing. */
  private keyId(presented: string): string | null {
    const candidate = digest(presented);
    let found: string | null = null;
    for (const key of this.keys) if (timingSafeEqual(key.digest, candidate)) found = key.id;
    return found;
  }
}

/** Skips the global token check and lets OpenDataGuard admit an integration key or a token. */
export const OpenData = (): MethodDecorator & ClassDecorator =>
  applyDecorators(Public(), UseGuards(OpenDataGuard));
