import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  credentialsOf,
  CredentialsFileError,
  parseCredentials,
  readCredentialsFile,
  writeCredentialsFile,
} from './credentials.file';

describe('credentials file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-sim-creds-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads {devices: {id: {username, password}}}', () => {
    const map = parseCredentials(
      JSON.stringify({ devices: { 'cam-1': { username: 'cam-1', password: 's3cret' } } }),
    );
    expect([...map]).toEqual([['cam-1', { username: 'cam-1', password: 's3cret' }]]);
  });

  it.each([
    ['not JSON', '{devices:', /is not JSON/],
    ['no devices', '{}', /invalid at devices/],
    [
      'a bad device id',
      '{"devices":{"cam 1":{"username":"a","password":"b"}}}',
      /invalid at devices/,
    ],
    ['no password', '{"devices":{"cam-1":{"username":"cam-1"}}}', /devices\.cam-1\.password/],
    ['an unknown key', '{"devices":{"cam-1":{"username":"a","password":"b","pw":"c"}}}', /cam-1/],
  ])('refuses %s, naming the field', (_what, text, message) => {
    expect(() => parseCredentials(text, 'creds.json')).toThrow(CredentialsFileError);
    expect(() => parseCredentials(text, 'creds.json')).toThrow(message);
  });

  it('writes a file only its owner can read, sorted, that reads back the same', () => {
    const file = join(dir, 'creds.json');
    writeFileSync(file, 'old', { mode: 0o644 });
    const credentials = new Map([
      ['wl-2', { username: 'wl-2', password: 'b' }],
      ['cam-1', { username: 'cam-1', password: 'a' }],
    ]);
    writeCredentialsFile(file, credentials);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(
      Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { devices: object }).devices),
    ).toEqual(['cam-1', 'wl-2']);
    expect(readCredentialsFile(file)).toEqual(credentials);
  });

  it('says how to get credentials for a device it lacks', () => {
    expect(() => credentialsOf(new Map(), 'cam-9', 'creds.json')).toThrow(
      'no credentials for cam-9 in creds.json: provision it',
    );
  });
});
