import { mosquittoHash, mosquittoPasswordFile, verifyMosquittoHash } from './mosquitto-passwd';

describe("Mosquitto's password file", () => {
  // Written by mosquitto_passwd 2.0.11: `mosquitto_passwd -b file dev-1 s3cret`.
  const FROM_MOSQUITTO_PASSWD =
    '$7$101$7k7XlgxU5r5Yt/6P$/b046PPomA/J8blsUErfd+pW4Lsaq8xfefCDRiDI23s0uufK5yX/eK4g6EApAplHQqCK+39QN3D6oWnDtdvmQw==';

  it("reads mosquitto_passwd's own hashes (same algorithm, salt and digest sizes)", () => {
    expect(verifyMosquittoHash(FROM_MOSQUITTO_PASSWD, 's3cret')).toBe(true);
    expect(verifyMosquittoHash(FROM_MOSQUITTO_PASSWD, 's3creT')).toBe(false);
  });

  it("writes $7$ PBKDF2-SHA512 hashes in mosquitto_passwd's layout", () => {
    const salt = Buffer.from('7k7XlgxU5r5Yt/6P', 'base64');
    expect(mosquittoHash('s3cret', salt)).toBe(FROM_MOSQUITTO_PASSWD);
    const fresh = mosquittoHash('s3cret');
    expect(fresh).toMatch(/^\$7\$101\$[A-Za-z0-9+/]{16}\$[A-Za-z0-9+/]{86}==$/);
    expect(fresh).not.toBe(mosquittoHash('s3cret'));
    expect(verifyMosquittoHash(fresh, 's3cret')).toBe(true);
  });

  it('writes one user:hash line per account', () => {
    const text = mosquittoPasswordFile([
      { username: 'ioc-hub', password: 'hub-secret' },
      { username: 'cam-1', password: 'cam-secret' },
    ]);
    const lines = text.trimEnd().split('\n');
    expect(lines.map((l) => l.slice(0, l.indexOf(':')))).toEqual(['ioc-hub', 'cam-1']);
    expect(verifyMosquittoHash(lines[1]?.slice('cam-1:'.length) ?? '', 'cam-secret')).toBe(true);
    expect(text.endsWith('\n')).toBe(true);
  });

  it.each([
    [
      'a name twice',
      [
        { username: 'a', password: 'x' },
        { username: 'a', password: 'y' },
      ],
      /twice/,
    ],
    ['a colon in a name', [{ username: 'a:b', password: 'x' }], /cannot go/],
    ['an empty password', [{ username: 'a', password: '' }], /empty password/],
  ])('refuses %s', (_what, accounts, message) => {
    expect(() => mosquittoPasswordFile(accounts)).toThrow(message);
  });
});
