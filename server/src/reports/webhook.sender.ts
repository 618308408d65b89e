import { Injectable } from '@nestjs/common';
import { SIGNATURE_HEADER } from './webhook-signature';

/** A webhook that takes longer than this to answer counts as failed (and is retried). */
const WEBHOOK_TIMEOUT_MS = 10_000;

export interface WebhookRequest {
  url: string;
  body: string;
  signature: string;
  deliveryId: string;
  sequence: number;
}

export type WebhookOutcome = { ok: true } | { ok: false; error: string };

/** POSTs one signed notification; any 2xx is a delivery, anything else a failure. */
@Injectable()
export class WebhookSender {
  async send(request: WebhookRequest, signal?: AbortSignal): Promise<WebhookOutcome> {
    const timeout = AbortSignal.timeout(WEBHOOK_TIMEOUT_MS);
    try {
      const response = await fetch(request.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: request.signature,
          'X-IOC-Delivery': request.deliveryId,
          'X-IOC-Sequence': String(request.sequence),
        },
        body: request.body,
        redirect: 'error',
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      // The body is not needed; reading it frees the connection.
      await response.arrayBuffer().catch(() => undefined);
      return response.ok ? { ok: true } : { ok: false, error: `HTTP ${response.status}` };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return {
        ok: false,
        error: cause ?? (error instanceof Error ? error.message : String(error)),
      };
    }
  }
}
