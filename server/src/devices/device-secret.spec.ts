import { digestSecret, generateDeviceSecret, secretMatches } from './device-secret';

describe('device secrets', () => {
  it('are random, at least 128 bits, and URL-safe', () => {
    const a = generateDeviceSecret();
    const b = generateDeviceSecret();
    expect(a).not.toBe(b);
    expect(Buffer.from(a, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    expect(a).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('are stored as a SHA-256 digest that the secret alone matches', () => {
    const secret = generateDeviceSecret();
    const digest = digestSecret(secret);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(digest).not.toContain(secret);
    expect(secretMatches(digest, secret)).toBe(true);
    expect(secretMatches(digest, `${secret}x`)).toBe(false);
    expect(secretMatches(digest, '')).toBe(false);
  });

  it('does not match against a damaged digest', () => {
    expect(secretMatches('abc', 'anything')).toBe(false);
  });
});
