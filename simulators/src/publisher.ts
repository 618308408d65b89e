import { randomBytes } from 'node:crypto';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { MessageSink, OutboundMessage } from './messages';

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** How long `close()` waits for unacknowledged publishes before it drops the connection. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 5_000;

/** The broker did not accept a connection in time; the CLI maps it to exit code 2. */
export class BrokerUnreachableError extends Error {
  constructor(
    readonly url: string,
    readonly timeoutMs: number,
    readonly lastError?: Error,
  ) {
    super(
      `cannot connect to the MQTT broker at ${redactUrl(url)} within ${formatSeconds(timeoutMs)}` +
        (lastError ? ` (${lastError.message})` : ''),
    );
    this.name = 'BrokerUnreachableError';
  }
}

/**
 * An MQTT client id: role, run tag, and a random suffix, so that two simulators started in
 * the same millisecond do not take over each other's connection (a broker drops the older
 * of two connections with one id).
 */
export function clientIdFor(role: string, runTag: string): string {
  return `ioc-sim-${role}-${runTag}-${randomBytes(2).toString('hex')}`;
}

/** The URL without its password, fit for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '***';
    // URL adds a '/' path to bare hosts; keep the URL as the user wrote it.
    return url.endsWith('/') ? parsed.toString() : parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** CONNACK refusals that retrying cannot cure: bad username or password, not authorized. */
const REFUSED_CODES = new Set([4, 5, 134, 135]);

/** The broker refused the credentials; retrying with the same ones would not help. */
export class BrokerRefusedError extends Error {
  override name = 'BrokerRefusedError';
  constructor(url: string, username: string | undefined, cause: Error) {
    super(
      `the MQTT broker at ${redactUrl(url)} refused ${username === undefined ? 'an anonymous connection' : `the credentials of ${username}`} (${cause.message})` +
        (username === undefined
          ? ': it wants per-device credentials (--credentials <file> or --provision)'
          : ': provision the device again (ioc-sim provision) or check the credentials file'),
    );
  }
}

export interface PublisherOptions {
  url: string;
  clientId: string;
  /** The connection's Last Will: MQTT allows one per connection. */
  will?: OutboundMessage;
  connectTimeoutMs?: number;
  /**
   * Unacknowledged QoS 1 publishes allowed at once; further publishes wait for a slot.
   * Bounds memory and keeps well inside MQTT's 65,535 packet ids per connection.
   */
  maxInflight?: number;
  /** Milliseconds between reconnect attempts after a drop (0: never reconnect). */
  reconnectPeriodMs?: number;
  /** A device's own credentials (docs/simulators.md); otherwise those in the URL, if any. */
  username?: string;
  password?: string;
}

export const DEFAULT_MAX_INFLIGHT = 2_000;

/**
 * One mqtt.js connection. It waits for the first CONNACK (with a deadline, so an
 * unreachable broker is a clear error rather than silent retries) and keeps every
 * publish it started so that `flush()` can await them before exit.
 */
export class MqttPublisher implements MessageSink {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly slotWaiters: (() => void)[] = [];
  private readonly handlers = new Set<(topic: string, payload: Buffer) => void>();

  private constructor(
    private readonly client: MqttClient,
    private readonly maxInflight: number,
  ) {
    client.on('message', (topic, payload) => {
      for (const handler of this.handlers) handler(topic, payload);
    });
  }

  static async connect(options: PublisherOptions): Promise<MqttPublisher> {
    const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const clientOptions: IClientOptions = {
      clientId: options.clientId,
      // 3.1.1 rather than 5: the hub's embedded Aedes broker speaks 3.1.1.
      protocolVersion: 4,
      clean: true,
      connectTimeout: timeoutMs,
      reconnectPeriod: options.reconnectPeriodMs ?? 1000,
      ...(options.username === undefined
        ? {}
        : { username: options.username, password: options.password }),
      will: options.will && {
        topic: options.will.topic,
        payload: Buffer.from(options.will.payload),
        qos: options.will.qos,
        retain: options.will.retain,
      },
    };
    const client = mqtt.connect(options.url, clientOptions);
    let lastError: Error | undefined;
    // mqtt.js emits 'error' for socket errors and throws when nobody listens: keep a listener
    // for the connection's whole life; reconnects are its own business.
    client.on('error', (error) => {
      lastError = error;
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.removeListener('connect', onConnect);
        client.end(true);
        reject(new BrokerUnreachableError(options.url, timeoutMs, lastError));
      }, timeoutMs);
      const onConnect = (): void => {
        clearTimeout(timer);
        client.removeListener('error', onError);
        resolve();
      };
      const onError = (error: Error & { code?: unknown }): void => {
        if (typeof error.code !== 'number' || !REFUSED_CODES.has(error.code)) return;
        clearTimeout(timer);
        client.removeListener('connect', onConnect);
        client.removeListener('error', onError);
        client.end(true);
        reject(new BrokerRefusedError(options.url, options.username, error));
      };
      client.once('connect', onConnect);
      client.on('error', onError);
    });
    return new MqttPublisher(client, Math.max(1, options.maxInflight ?? DEFAULT_MAX_INFLIGHT));
  }

  async publish(message: OutboundMessage): Promise<void> {
    while (this.inFlight.size >= this.maxInflight) {
      await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
    }
    return this.publishNow(message.topic, message.payload, message.qos, message.retain);
  }

  /** Publishes raw bytes on any topic (fault injection), within the same in-flight window. */
  async publishRaw(
    topic: string,
    payload: string | Buffer,
    qos: 0 | 1 = 1,
    retain = false,
  ): Promise<void> {
    while (this.inFlight.size >= this.maxInflight) {
      await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
    }
    return this.publishNow(topic, payload, qos, retain);
  }

  /** Unacknowledged publishes right now. */
  get inflight(): number {
    return this.inFlight.size;
  }

  private publishNow(
    topic: string,
    payload: string | Buffer,
    qos: 0 | 1,
    retain: boolean,
  ): Promise<void> {
    const sent = this.client.publishAsync(topic, payload, { qos, retain }).then(() => undefined);
    // Tracked without its rejection, which belongs to the caller awaiting `sent`.
    const tracked = sent.catch(() => undefined);
    this.inFlight.add(tracked);
    void tracked.finally(() => {
      this.inFlight.delete(tracked);
      this.slotWaiters.shift()?.();
    });
    return sent;
  }

  /** Subscribes (QoS 1); `onMessage` sees every message of the connection. Returns an unsubscribe. */
  async subscribe(
    filter: string,
    onMessage: (topic: string, payload: Buffer) => void,
  ): Promise<() => Promise<void>> {
    this.handlers.add(onMessage);
    await this.client.subscribeAsync(filter, { qos: 1 });
    return async () => {
      this.handlers.delete(onMessage);
      if (this.client.connected) await this.client.unsubscribeAsync(filter);
    };
  }

  /**
   * Drops the connection without a DISCONNECT, as a power cut would: the broker then
   * publishes the connection's Last Will. Nothing in flight is waited for.
   */
  async drop(): Promise<void> {
    await this.client.endAsync(true);
  }

  /** Resolves when every publish started so far has completed (PUBACK for QoS 1). */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /**
   * Flushes, then disconnects cleanly (a clean DISCONNECT discards the Last Will). When the
   * broker went away and publishes cannot complete, it gives up after `timeoutMs` rather
   * than hang the process.
   */
  async close(timeoutMs = DEFAULT_CLOSE_TIMEOUT_MS): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([this.flush().then(() => 'flushed' as const), deadline]);
    clearTimeout(timer);
    await this.client.endAsync(outcome === 'timeout');
  }

  get connected(): boolean {
    return this.client.connected;
  }
}
