import { createHmac } from 'node:crypto';

/** The header that carries the signature of a webhook body. */
export const SIGNATURE_HEADER = 'X-IOC-Signature';

/**
 * `sha256=` and the hex HMAC-SHA256 of the exact body bytes, keyed with the app's API key
 * (docs/integration.md shows the check on the app's side).
 */
export function signWebhookBody(body: string, key: string): string {
  return `sha256=${createHmac('sha256', key).update(body, 'utf8').digest('hex')}`;
}
