import { randomBytes } from 'node:crypto';

/** 144 random bits: unguessable, and 24 base64url characters (no padding). */
const TRACKING_CODE_BYTES = 18;
const TRACKING_CODE = /^[A-Za-z0-9_-]{24}$/;

export function newTrackingCode(): string {
  return randomBytes(TRACKING_CODE_BYTES).toString('base64url');
}

/** Whether `code` has the shape of a tracking code (anything else is not looked up). */
export function isTrackingCode(code: string): boolean {
  return TRACKING_CODE.test(code);
}
