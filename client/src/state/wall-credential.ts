import { ROLES, type LoginResponse, type Role } from '@ioc/shared';

/** Where a wall screen's start URL carries its token: `https://hub/#wall=<token>`. */
const WALL_PARAM = 'wall';

/**
 * The wall credential in the page's fragment, as a session to start, or null. The
 * fragment is never sent to the hub nor in a Referer, and a reload keeps it: the wall
 * comes back by itself (docs/security.md "Wall screens"). The name and role are read
 * from the token only to label the screen; the hub decides what the token may do.
 */
export function readWallCredential(hash: string): LoginResponse | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get(WALL_PARAM);
  if (!token) return null;
  const claims = decodeClaims(token);
  if (!claims) return null;
  return { accessToken: token, user: { username: claims.sub, role: claims.role } };
}

function decodeClaims(token: string): { sub: string; role: Role } | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as { sub?: unknown; role?: unknown };
    if (typeof claims.sub !== 'string') return null;
    const role = ROLES.find((r) => r === claims.role) ?? 'viewer';
    return { sub: claims.sub, role };
  } catch {
    return null;
  }
}
