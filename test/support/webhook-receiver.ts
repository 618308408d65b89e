import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CitizenWebhookBody } from '@ioc/shared';

export interface WebhookReceipt {
  headers: IncomingHttpHeaders;
  raw: string;
  body: CitizenWebhookBody;
}

/**
 * A citizen app's webhook endpoint on an ephemeral port: records every request it is sent,
 * and can be taken down (its port closed) and brought back on the same port.
 */
export class WebhookReceiver {
  readonly receipts: WebhookReceipt[] = [];
  private server: Server | null = null;
  private port = 0;

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await receiver.up();
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/ioc`;
  }

  /** Listens (again, on the same port once it had one). */
  async up(): Promise<void> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        this.receipts.push({
          headers: request.headers,
          raw,
          body: JSON.parse(raw) as CitizenWebhookBody,
        });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Closes the port: the hub's attempts are refused until up() again. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Each delivery once (a retry of a delivered one repeats its delivery id), in arrival order. */
  deliveries(trackingCode?: string): CitizenWebhookBody[] {
    const seen = new Set<string>();
    const out: CitizenWebhookBody[] = [];
    for (const { body } of this.receipts) {
      if (trackingCode && body.trackingCode !== trackingCode) continue;
      if (seen.has(body.deliveryId)) continue;
      seen.add(body.deliveryId);
      out.push(body);
    }
    return out;
  }
}

/** What a citizen app does with `X-IOC-Signature` (docs/integration.md). */
export function signatureValid(receipt: WebhookReceipt, appKey: string): boolean {
  const header = receipt.headers['x-ioc-signature'];
  if (typeof header !== 'string') return false;
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', appKey).update(receipt.raw, 'utf8').digest('hex')}`,
  );
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
