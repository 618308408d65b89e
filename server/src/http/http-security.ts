import { createHash, timingSafeEqual } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { ApiPrefix, type ErrorBody } from '@ioc/shared';
import type { AppConfig } from '../config/app.config';
import { inputGuard } from './input-guard';

const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * The HTTP side of docs/security.md: security headers on every answer (a real CSP header,
 * framing refused, no MIME sniffing, HSTS when the request came over TLS), Express's
 * `trust proxy` from TRUST_PROXY, /metrics and the API docs behind METRICS_TOKEN, and
 * hostile input refused. Called after the body parser and before the routes are mounted,
 * so it applies to all of them.
 */
export function applyHttpSecurity(app: NestExpressApplication, config: AppConfig): void {
  app.set('trust proxy', config.http.trustProxy);
  app.use(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(config) },
      frameguard: { action: 'deny' },
      // Sent only over TLS (below): over plain HTTP it would be ignored, or pin a dev host.
      strictTransportSecurity: false,
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.secure) response.setHeader('Strict-Transport-Security', HSTS);
    next();
  });
  app.use(operatorEndpointsGuard(config));
  app.use(inputGuard);
}

function cspDirectives(config: AppConfig): Record<string, string[]> {
  const tiles = config.map.tileUrl ? [tileOrigin(config.map.tileUrl)] : [];
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    // Leaflet positions its panes and markers with inline styles.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', ...tiles],
    'connect-src': ["'self'"],
    'font-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
}

/** The origin of a tile URL template (`https://{s}.tile.example/{z}/{x}/{y}.png`). */
function tileOrigin(template: string): string {
  const match = /^(https?:\/\/[^/]+)/.exec(template);
  return (match?.[1] ?? template).replace(/\{s\}/g, '*');
}

/**
 * /metrics, /api/docs and /api/docs-json: with METRICS_TOKEN set, they need it as a bearer
 * token; without it they are open outside production and closed in production.
 */
function operatorEndpointsGuard(
  config: AppConfig,
): (request: Request, response: Response, next: NextFunction) => void {
  const expected = config.auth.metricsToken ? digest(config.auth.metricsToken) : null;
  const open = !expected && config.env !== 'production';
  return (request, response, next) => {
    if (open || !isOperatorEndpoint(request.path)) return next();
    const header = request.headers.authorization ?? '';
    const presented = header.startsWith('Bearer ') ? digest(header.slice(7)) : null;
    if (expected && presented && timingSafeEqual(expected, presented)) return next();
    const body: ErrorBody = {
      statusCode: 401,
      code: 'UNAUTHENTICATED',
      message: expected
        ? 'this endpoint needs METRICS_TOKEN as a bearer token'
        : 'this endpoint is closed in production until METRICS_TOKEN is set',
    };
    response.status(401).json(body);
  };
}

function isOperatorEndpoint(path: string): boolean {
  const docs = `/${ApiPrefix.docs}`;
  return path === `/${ApiPrefix.metrics}` || path === docs || path.startsWith(`${docs}`);
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
