import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Mosquitto 2.0's password file, written without `mosquitto_passwd`: one `user:hash` line
 * per account, the hash `$7$<iterations>$<salt>$<digest>` in base64, the digest
 * PBKDF2-HMAC-SHA512 of the password over a 12-byte salt, 64 bytes long
 * (mosquitto's src/password_mosq.c). 101 iterations is mosquitto_passwd's own default; the
 * secrets are random (≥ 128 bits), so a slow hash would buy nothing and would make 10,000
 * devices reconnecting after a restart cost the broker seconds of CPU.
 */
export const MOSQUITTO_PBKDF2_ITERATIONS = 101;
const SALT_BYTES = 12;
const DIGEST_BYTES = 64;

/** Mosquitto splits a line at the first ':' and refuses control characters in names. */
const USERNAME = /^[^:\s\p{Cc}]{1,65535}$/u;

export function mosquittoHash(
  password: string,
  salt: Buffer = randomBytes(SALT_BYTES),
  iterations = MOSQUITTO_PBKDF2_ITERATIONS,
): string {
  const digest = pbkdf2Sync(password, salt, iterations, DIGEST_BYTES, 'sha512');
  return `$7$${iterations}$${salt.toString('base64')}$${digest.toString('base64')}`;
}

/** Whether `password` matches a `$7$` hash: how the tests check a line without a broker. */
export function verifyMosquittoHash(hash: string, password: string): boolean {
  const match = /^\$7\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(hash);
  if (!match) return false;
  const expected = Buffer.from(match[3] as string, 'base64');
  const actual = pbkdf2Sync(
    password,
    Buffer.from(match[2] as string, 'base64'),
    Number(match[1]),
    expected.length,
    'sha512',
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export interface PasswordAccount {
  username: string;
  password: string;
}

/**
 * The file's text, one line per account in the order given. A username twice, or one
 * Mosquitto cannot read back, is an error rather than a file that silently locks a device out.
 */
export function mosquittoPasswordFile(
  accounts: readonly PasswordAccount[],
  hash: (password: string) => string = (p) => mosquittoHash(p),
): string {
  const seen = new Set<string>();
  const lines = accounts.map(({ username, password }) => {
    if (!USERNAME.test(username))
      throw new Error(
        `username ${JSON.stringify(username)} cannot go in a Mosquitto password file`,
      );
    if (seen.has(username)) throw new Error(`username ${username} appears twice`);
    seen.add(username);
    if (password.length === 0) throw new Error(`${username} has an empty password`);
    return `${username}:${hash(password)}`;
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
