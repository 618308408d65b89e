import type { NextFunction, Request, Response } from 'express';
import { checkStructure, findNul, type ErrorBody, type Validated } from '@ioc/shared';

/**
 * Refuses, with a 400 before any route sees it, a request whose parsed body, query or path
 * carries what no route accepts: a NUL character (PostgreSQL text cannot hold one, so a
 * lookup would fail with a 500), nesting past 32 levels, prototype keys, or a number JSON
 * overflowed to infinity. The same check as MQTT ingest (docs/contract.md §3).
 */
export function inputGuard(request: Request, response: Response, next: NextFunction): void {
  const problem = [request.body, request.query, decodedPath(request.path)]
    .map((part) => check(part))
    .find((result) => !result.ok);
  if (!problem || problem.ok) return next();
  const body: ErrorBody = { statusCode: 400, code: 'VALIDATION', message: problem.message };
  response.status(400).json(body);
}

function check(part: unknown): Validated<unknown> {
  const structure = checkStructure(part);
  // findNul recurses: it runs only on what checkStructure found shallow enough.
  const nul = structure.ok ? findNul(part) : null;
  if (nul === null) return structure;
  return { ok: false, reason: 'invalid_field', message: `${nul} contains a NUL character` };
}

function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    // Malformed escapes are the router's to refuse (404), not a NUL.
    return path;
  }
}
