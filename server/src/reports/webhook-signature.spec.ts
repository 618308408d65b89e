import { createHmac, timingSafeEqual } from 'node:crypto';
import { signWebhookBody } from './webhook-signature';
import { isTrackingCode, newTrackingCode } from './tracking-code';

describe('webhook signature', () => {
  const key = 'app-key-0123456789abcdef';
  const body = '{"trackingCode":"x","status":"received","note":"Đà Lạt"}';

  it('is sha256= and the hex HMAC-SHA256 of the UTF-8 body under the app key', () => {
    const signature = signWebhookBody(body, key);
    const expected = `sha256=${createHmac('sha256', key).update(Buffer.from(body, 'utf8')).digest('hex')}`;
    expect(timingSafeEqual(Buffer.from(signature), Buffer.from(expected))).toBe(true);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('changes with the body and with the key', () => {
    const signature = signWebhookBody(body, key);
    expect(signWebhookBody(`${body} `, key)).not.toBe(signature);
    expect(signWebhookBody(body, `${key}x`)).not.toBe(signature);
  });
});

describe('tracking codes', () => {
  it('are 144 random bits in base64url, never repeated', () => {
    const codes = new Set(Array.from({ length: 1000 }, () => newTrackingCode()));
    expect(codes.size).toBe(1000);
    for (const code of codes) {
      expect(isTrackingCode(code)).toBe(true);
      expect(Buffer.from(code, 'base64url')).toHaveLength(18);
    }
    expect(isTrackingCode('../../etc/passwd')).toBe(false);
  });
});
