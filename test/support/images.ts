import { randomBytes } from 'node:crypto';

/** A real 1×1 PNG (a browser renders it). */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** Bytes a JPEG starts with, then `size` random ones: the hub checks the magic bytes only. */
export function jpegLike(size: number): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(size)]);
}

/** PUTs an image as a device (HTTP Basic with its MQTT credentials). */
export async function uploadSnapshot(
  baseUrl: string,
  path: string,
  credentials: { username: string; password: string } | null,
  body: Buffer,
  contentType = 'image/jpeg',
): Promise<{ status: number; body: { details?: { reason?: string }; created?: boolean } }> {
  const basic = credentials
    ? Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')
    : null;
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'PUT',
    headers: { 'content-type': contentType, ...(basic ? { authorization: `Basic ${basic}` } : {}) },
    body: new Uint8Array(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as never) : {} };
}
