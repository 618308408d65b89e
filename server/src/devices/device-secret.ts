import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 24 random bytes: 192 bits, 32 characters of base64url. */
const SECRET_BYTES = 24;

/** A new device password: random, so a fast digest protects it as well as a slow hash would. */
export function generateDeviceSecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

/**
 * SHA-256 of a secret, hex. Not bcrypt: the secret is random (no dictionary to try), and a
 * slow hash would make 10,000 devices reconnecting after a restart take minutes.
 */
export function digestSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Whether `password` matches a stored digest, in time independent of where they differ. */
export function secretMatches(digest: string, password: string): boolean {
  const expected = Buffer.from(digest, 'hex');
  const actual = createHash('sha256').update(password, 'utf8').digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
