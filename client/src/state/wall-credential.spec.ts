import { describe, expect, it } from '@jest/globals';
import { readWallCredential } from './wall-credential';

const base64url = (value: object): string =>
  btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const token = (claims: object): string =>
  `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}.signature`;

describe('wall credential', () => {
  it('reads the token and its account from #wall=', () => {
    const wall = token({ sub: 'wall-3f9a', role: 'viewer', ver: 0 });
    expect(readWallCredential(`#wall=${wall}`)).toEqual({
      accessToken: wall,
      user: { username: 'wall-3f9a', role: 'viewer' },
    });
  });

  it('is absent without the parameter or with something that is not a token', () => {
    expect(readWallCredential('')).toBeNull();
    expect(readWallCredential('#lang=vi')).toBeNull();
    expect(readWallCredential('#wall=not-a-token')).toBeNull();
    expect(readWallCredential(`#wall=${token({ role: 'viewer' })}`)).toBeNull();
  });

  it('treats an unknown role as read-only', () => {
    const wall = token({ sub: 'wall-1', role: 'superuser' });
    expect(readWallCredential(`#wall=${wall}`)?.user.role).toBe('viewer');
  });
});
