import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import { merge, type Subscription } from 'rxjs';
import { topics } from '@ioc/shared';
import { coalesceWrites } from '../common/coalesce-writes';
import { HubEvents } from '../common/hub-events';
import { LogThrottle } from '../common/log-throttle';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { DevicesService } from '../devices/devices.service';
import { MetricsService } from '../metrics/metrics.service';
import { BrokerDoor } from './broker-door';
import { type HandlerErrorSink, type MessageHandler } from './deliver';
import { EmbeddedBroker } from './embedded-broker';
import { Inbox, type Acknowledge } from './inbox';
import { MqttGatekeeper } from './mqtt-gatekeeper';
import { redactUrl } from './redact-url';

export type { MessageHandler } from './deliver';

/** How long an external broker keeps the hub's session (and queues for it) while it is away. */
const SESSION_EXPIRY_SECONDS = 7 * 24 * 3600;
/**
 * The largest packet the hub accepts from an external broker (MQTT 5 Maximum Packet Size).
 * The broker silently drops for the hub whatever is larger, after it has acknowledged it to
 * the device, so this sits well above the contract's 64 KiB payload limit
 * (docs/contract.md §3): a payload over that limit still reaches the hub, which rejects,
 * counts and lists it, unless the broker refuses it first (deploy/mosquitto/mosquitto.conf's
 * `max_packet_size` closes the device's connection above 64 KiB + 1 KiB, without a PUBACK).
 * The inbox's byte bound, not this, bounds the memory held.
 */
const MAXIMUM_PACKET_SIZE = 2 * 64 * 1024;
/**
 * Room for a snapshot's topic and headers beside its image: a packet of SNAPSHOT_MAX_BYTES
 * plus this still reaches the hub, which then refuses an image over the limit with its
 * reason. Event payloads keep their own 64 KiB limit, checked in ingest.
 */
const SNAPSHOT_PACKET_OVERHEAD = 4 * 1024;

/** The largest packet the hub takes: ordinary messages, or one image of an event. */
export function packetLimit(ordinary: number, snapshotMaxBytes: number): number {
  return Math.max(ordinary, snapshotMaxBytes + SNAPSHOT_PACKET_OVERHEAD);
}
/**
 * What handleMessage calls back with for a QoS 1 message: mqtt.js then sends no PUBACK
 * (lib/handlers/publish.js) and goes on reading; the hub sends the PUBACK itself once the
 * message is durable (see acknowledger).
 */
const ACKNOWLEDGED_LATER = new Error('acknowledged once stored');
/** Embedded broker bounds (docs/security.md): retained topics, and a session's queue while away. */
const RETAINED_TOPICS = 100_000;
const QUEUED_PER_SESSION = 1000;
/** Refusals at the door: at most this many log lines a minute (all are counted). */
const REFUSAL_LOG_LINES_PER_MINUTE = 20;

/**
 * PUBACK, success, no properties (MQTT 5 §3.4.2.1: reason code and property length may be
 * left out): 0x40, remaining length 2, the packet identifier.
 */
function puback(messageId: number): Buffer {
  return Buffer.from([0x40, 0x02, messageId >> 8, messageId & 0xff]);
}

/**
 * The hub's link to MQTT: device messages in, the hub's own messages out.
 *
 * Embedded (no MQTT_URL): device messages arrive in the broker's authorizePublish hook and
 * the device's PUBACK waits for the handler's `done` (embedded-broker.ts).
 *
 * External (MQTT_URL): one MQTT 5 connection subscribed to the device topics with QoS 1 on
 * a persistent session (clean start off, a fixed client id, a session expiry), so what
 * devices publish while the hub restarts is delivered when it returns. mqtt.js would send
 * a message's PUBACK before reading the next one; instead each message goes into an inbox
 * (see Inbox) and its PUBACK leaves only once the handler's `done` says it is durable, on
 * the connection it came on. The broker holds the rest: it sends at most Receive Maximum
 * unacknowledged messages, and the inbox stops reading past its byte bound. A message that
 * could not be stored is not acknowledged; the hub reconnects so the broker sends it again.
 */
@Injectable()
export class MqttConnectionService implements OnApplicationShutdown {
  private readonly logger = new Logger('mqtt');
  private broker: EmbeddedBroker | null = null;
  private client: MqttClient | null = null;
  private inbox: Inbox | null = null;
  private handler: MessageHandler | null = null;
  private federationHandler: MessageHandler | null = null;
  private stopping = false;
  private revocations: Subscription | null = null;
  private readonly refusalLog = new LogThrottle(REFUSAL_LOG_LINES_PER_MINUTE, 60_000, (line) =>
    this.logger.warn(line),
  );

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly devices: DevicesService,
    private readonly metrics: MetricsService,
    private readonly events: HubEvents,
  ) {}

  get connected(): boolean {
    return this.broker !== null || (this.client?.connected ?? false);
  }

  /** The URL devices should use (the embedded broker's, or MQTT_URL). Never logged whole. */
  get brokerUrl(): string {
    return (
      this.config.mqtt.url ??
      `mqtt://127.0.0.1:${this.broker?.port ?? this.config.mqtt.embeddedPort}`
    );
  }

  onMessage(handler: MessageHandler): void {
    this.handler = handler;
  }

  /** Province: district incidents (`{root}/federation/#`, docs/federation.md); set before start. */
  onFederationMessage(handler: MessageHandler): void {
    this.federationHandler = handler;
  }

  private get federationPrefix(): string | null {
    return this.federationHandler ? `${this.config.mqtt.topicRoot}/federation/` : null;
  }

  async start(): Promise<void> {
    const onError: HandlerErrorSink = (topic, error) =>
      this.logger.error(`handler failed for ${topic}: ${String(error)}`);
    const federation = this.federationPrefix;
    const handle: MessageHandler = (topic, payload, done) => {
      if (federation && this.federationHandler && topic.startsWith(federation))
        this.federationHandler(topic, payload, done);
      else if (this.handler) this.handler(topic, payload, done);
      else done(new Error('no message handler'));
    };
    if (!this.config.mqtt.url) {
      await this.startEmbedded(handle, onError);
      return;
    }
    await this.connect(handle, onError);
  }

  private async startEmbedded(handle: MessageHandler, onError: HandlerErrorSink): Promise<void> {
    const { mqtt: settings } = this.config;
    const root = `${settings.topicRoot}/devices`;
    const gatekeeper = new MqttGatekeeper({
      allowAnonymous: settings.allowAnonymous,
      topicRoot: settings.topicRoot,
      integrationAccounts: settings.integrationAccounts,
      districtAccounts: this.config.federation.districts.map((d) => ({
        id: d.id,
        key: d.password,
      })),
      failuresPerAddress: settings.authFailuresPerAddress,
      secretDigestOf: (id) => this.devices.secretDigestOf(id),
    });
    const maxPacket = packetLimit(settings.maxPacketBytes, this.config.snapshots.maxBytes);
    const door = new BrokerDoor(gatekeeper, maxPacket, (reason, detail) => {
      this.metrics.countMqttAuthFailure(reason);
      this.refusalLog.log(`MQTT refused (${reason}): ${detail}`);
    });
    const { tls } = settings;
    const federation = this.federationPrefix;
    this.broker = await EmbeddedBroker.start({
      port: settings.embeddedPort,
      // What `{root}/devices/#` matches: the hub handles (and may reject) all of it; a
      // province also handles its districts' `{root}/federation/#`.
      handles: (topic) =>
        topic === root ||
        topic.startsWith(`${root}/`) ||
        (federation !== null && topic.startsWith(federation)),
      handler: handle,
      onError,
      door,
      limits: { retainedTopics: RETAINED_TOPICS, queuedPerClient: QUEUED_PER_SESSION },
      onDrop: (what, key) =>
        this.refusalLog.log(
          what === 'retained'
            ? `MQTT: ${RETAINED_TOPICS} topics hold retained messages; ${key} is not retained`
            : `MQTT: the queue of session ${key} is full (${QUEUED_PER_SESSION}); a message is dropped for it`,
        ),
      tls: tls
        ? {
            cert: readFileSync(tls.cert),
            key: readFileSync(tls.key),
            ca: tls.ca ? readFileSync(tls.ca) : null,
            port: tls.port,
          }
        : null,
    });
    const revoked = merge(this.events.deviceCredentialsRevoked$, this.events.peerDeviceRevoked$);
    this.revocations = revoked.subscribe((deviceId) => {
      const closed = door.disconnectDevice(deviceId);
      if (closed > 0)
        this.logger.log(`closed ${closed} MQTT session(s) of ${deviceId}: credentials changed`);
    });
    const { port, tlsPort } = this.broker;
    this.logger.log(
      `embedded MQTT broker listening on port ${port}${tlsPort === null ? '' : ` (loopback) and mqtts ${tlsPort}${tls?.ca ? ', client certificates required' : ''}`}${settings.allowAnonymous ? '; anonymous devices allowed (MQTT_ALLOW_ANONYMOUS)' : ''}`,
    );
  }

  private async connect(handle: MessageHandler, onError: HandlerErrorSink): Promise<void> {
    const { receiveMaximum, inboxMaxBytes } = this.config.mqtt;
    const client = mqtt.connect(this.brokerUrl, {
      clientId: this.config.mqtt.clientId,
      clean: false,
      protocolVersion: 5,
      properties: {
        receiveMaximum,
        maximumPacketSize: packetLimit(MAXIMUM_PACKET_SIZE, this.config.snapshots.maxBytes),
        sessionExpiryInterval: SESSION_EXPIRY_SECONDS,
      },
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      keepalive: 30,
      ...this.externalTls(),
    });
    this.client = client;
    const inbox = new Inbox({ messages: receiveMaximum, bytes: inboxMaxBytes }, handle, onError);
    this.inbox = inbox;
    client.handleMessage = (packet: IPublishPacket, callback: (error?: Error) => void) => {
      const qos1 = packet.qos > 0 && packet.messageId !== undefined;
      inbox.offer(
        packet.topic,
        typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload,
        qos1 ? this.acknowledger(client, packet.messageId as number) : null,
        () => callback(qos1 ? ACKNOWLEDGED_LATER : undefined),
      );
    };
    client.on('connect', (connack) => {
      // A new stream on every (re)connection: no Nagle delay, and the PUBACKs one commit
      // releases leave in one write (coalesce-writes.ts).
      const socket = client.stream as Partial<Socket>;
      if (typeof socket.setNoDelay === 'function') socket.setNoDelay(true);
      coalesceWrites(client.stream);
      this.logger.log(
        `connected to ${redactUrl(this.brokerUrl)} (session present: ${connack.sessionPresent})`,
      );
      const topic = topics.deviceWildcard(
        this.config.mqtt.topicRoot,
        this.config.mqtt.shareGroup ?? undefined,
      );
      client.subscribe(topic, { qos: 1 }, (error) => {
        if (error) this.logger.error(`subscribe to ${topic} failed: ${error.message}`);
      });
      if (this.federationHandler) {
        const districts = topics.federationWildcard(this.config.mqtt.topicRoot);
        client.subscribe(districts, { qos: 1 }, (error) => {
          if (error) this.logger.error(`subscribe to ${districts} failed: ${error.message}`);
        });
      }
    });
    client.on('error', (error) => this.logger.warn(`MQTT error: ${error.message}`));
    client.on('offline', () => {
      if (!this.stopping)
        this.logger.warn(`MQTT connection to ${redactUrl(this.brokerUrl)} lost; reconnecting`);
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`could not connect to MQTT broker ${redactUrl(this.brokerUrl)} within 10 s`),
          ),
        10_000,
      );
      client.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** CA and client certificate for an mqtts:// external broker (files read once, here). */
  private externalTls(): { ca?: Buffer; cert?: Buffer; key?: Buffer } {
    const { ca, cert, key } = this.config.mqtt.external;
    return {
      ...(ca ? { ca: readFileSync(ca) } : {}),
      ...(cert && key ? { cert: readFileSync(cert), key: readFileSync(key) } : {}),
    };
  }

  /**
   * The PUBACK of one message, sent only on the connection that carried it: after a
   * reconnect the broker sends unacknowledged messages again, and may reuse a packet id
   * once it is acknowledged, so a late PUBACK on a new connection could acknowledge a
   * different message. A message that could not be stored gets none; the hub closes the
   * connection so the broker sends it again when the hub reconnects (mqtt.js retries after
   * its reconnect period), unless the hub is stopping: its next session gets it then. The
   * close is an end(), not a destroy(): PUBACKs written before it, held to the end of the
   * loop turn (coalesceWrites), still leave.
   */
  private acknowledger(client: MqttClient, messageId: number): Acknowledge {
    const stream = client.stream;
    return (error) => {
      if (client.stream !== stream || stream.destroyed || stream.writableEnded) return;
      if (!error) {
        stream.write(puback(messageId));
        return;
      }
      if (this.stopping) return;
      this.logger.warn(
        `a message could not be stored (${error.message}); reconnecting so that the broker sends it again`,
      );
      stream.end();
    };
  }

  /**
   * Publishes the hub's own messages (incidents), QoS 1. Never throws: a failure is logged.
   * Callbacks rather than promises: this runs for every changed incident of every batch.
   */
  publish(topic: string, payload: string, retain = false): void {
    if (this.broker)
      this.broker.publish(topic, payload, retain, (error) => this.published(topic, error));
    else
      this.client?.publish(topic, payload, { qos: 1, retain }, (error) =>
        this.published(topic, error),
      );
  }

  private published(topic: string, error: Error | undefined): void {
    if (error) this.logger.warn(`publish to ${topic} failed: ${error.message}`);
  }

  /**
   * First step of a graceful shutdown: take no more device messages (embedded: no new
   * connections, new publishes refused without a PUBACK; external: nothing more handed to
   * the handler, and what was not handed over stays unacknowledged with the broker).
   */
  stopIntake(): void {
    this.stopping = true;
    this.broker?.stopIntake();
    this.inbox?.stop();
  }

  /** Resolves once every message handed to the hub has been acknowledged or refused. */
  async whenSettled(): Promise<void> {
    await this.broker?.whenIdle();
    await this.inbox?.whenSettled();
  }

  /** Closes the broker, or the connection to it (a DISCONNECT: the session stays). */
  async close(): Promise<void> {
    this.stopIntake();
    this.revocations?.unsubscribe();
    const client = this.client;
    const broker = this.broker;
    this.client = null;
    this.broker = null;
    // Connected: a DISCONNECT once the hub's own in-flight publishes are acknowledged.
    // Not connected, nothing would acknowledge them: end at once (the broker keeps the session).
    await client?.endAsync(!client.connected);
    if (broker) this.logger.log(`embedded broker closed: ${await broker.stop()}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
