import { readFileSync } from 'node:fs';

/** A system account's ids from /etc/passwd (e.g. the user Mosquitto or PostgreSQL runs as). */
export function systemUser(name: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  const fields = line?.split(':');
  if (!fields || fields.length < 4) throw new Error(`no system user ${name} in /etc/passwd`);
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}
