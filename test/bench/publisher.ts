/**
 * The benchmark's device fleet, in its own process (forked by publisher-client.ts) so that
 * publishing does not share an event loop with the measuring subscriber. It publishes QoS 1
 * at a paced rate (or as fast as the window of unacknowledged messages allows) and reports
 * to its parent, every 25 ms, which events it published when.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { LaneStream, nowMs } from './stream';
import type {
  PublisherCommand,
  PublisherReport,
  RunCommand,
  RunResult,
} from './publisher-protocol';

const TICK_FLUSH_MS = 25;
/** Paced runs publish in slices of at most this long, so a slow tick does not burst. */
const MAX_CATCH_UP_MS = 5;

/**
 * One connection per slice of the fleet: a real fleet is many devices, each on its own
 * connection, and a broker reads each connection's packets in order. Lane i always uses
 * connection i % n, so every device's events stay in order.
 */
let clients: MqttClient[] = [];

function send(report: PublisherReport): void {
  process.send?.(report);
}

async function connect(url: string, clientId: string, connections: number): Promise<void> {
  clients = await Promise.all(
    Array.from({ length: connections }, (_, i) =>
      mqtt.connectAsync(url, {
        clientId: connections === 1 ? clientId : `${clientId}-${i}`,
        clean: true,
        reconnectPeriod: 0,
        protocolVersion: 4,
        keepalive: 60,
      }),
    ),
  );
  for (const client of clients)
    client.on('error', (error) => send({ kind: 'error', message: error.message }));
}

function run(command: RunCommand): Promise<RunResult> {
  const connections = clients;
  if (connections.length === 0) throw new Error('publisher is not connected');
  const stream = new LaneStream(
    { block: command.block, lanes: command.lanes },
    command.topicRoot,
    command.idPrefix,
  );
  const { count, rate, inflight, dupEvery } = command;
  const burst = command.burst ?? 0;
  const cpuStart = process.cpuUsage();
  const startedAt = nowMs();
  const deadline = startedAt + command.maxMs;
  let published = 0;
  let duplicates = 0;
  let acked = 0;
  let errors = 0;
  let ticks: number[] = [];
  let isoSecond = -1;
  let isoPrefix = '';

  const flushTicks = (): void => {
    if (ticks.length === 0) return;
    send({ kind: 'ticks', runId: command.runId, ticks });
    ticks = [];
  };
  const flushTimer = setInterval(flushTicks, TICK_FLUSH_MS);

  // ISO time with milliseconds; the part up to the second is rebuilt once a second.
  const isoTime = (t: number): string => {
    const ms = Math.floor(t);
    const second = Math.floor(ms / 1000);
    if (second !== isoSecond) {
      isoSecond = second;
      isoPrefix = new Date(second * 1000).toISOString().slice(0, 20);
    }
    return `${isoPrefix}${String(ms % 1000).padStart(3, '0')}Z`;
  };

  return new Promise<RunResult>((resolve) => {
    let finished = false;
    let scheduled = false;
    let lastPublishAt = startedAt;
    let windowFullSince = 0;
    let windowFullMs = 0;

    const finish = (timedOut: boolean): void => {
      if (finished) return;
      finished = true;
      clearInterval(flushTimer);
      flushTicks();
      const cpu = process.cpuUsage(cpuStart);
      resolve({
        kind: 'done',
        runId: command.runId,
        published,
        duplicates,
        acked,
        errors,
        startedAt,
        lastPublishAt,
        endedAt: nowMs(),
        timedOut,
        windowFullMs,
        cpuMs: (cpu.user + cpu.system) / 1000,
      });
    };

    const onAck = (error?: Error): void => {
      if (error) errors++;
      else acked++;
      if (acked + errors >= published + duplicates && published >= count) finish(false);
      else if (!scheduled && rate === 0 && published < count) schedule(0);
    };

    const schedule = (delay: number): void => {
      scheduled = true;
      if (delay <= 0) setImmediate(loop);
      else setTimeout(loop, delay);
    };

    const loop = (): void => {
      scheduled = false;
      if (finished) return;
      const t = nowMs();
      if (t > deadline) return finish(true);
      const smooth = Math.floor(((t - startedAt) * rate) / 1000) + 1;
      const due =
        rate > 0 ? Math.min(count, burst > 0 ? Math.ceil(smooth / burst) * burst : smooth) : count;
      const window = acked + errors + inflight - (published + duplicates);
      // Time spent behind schedule with the window full: the broker holding back its PUBACKs.
      if (window <= 0 && due > published) {
        if (windowFullSince === 0) windowFullSince = t;
      } else if (windowFullSince !== 0) {
        windowFullMs += t - windowFullSince;
        windowFullSince = 0;
      }
      let budget = Math.min(due - published, window);
      if (rate > 0 && burst === 0)
        budget = Math.min(budget, Math.ceil((rate * MAX_CATCH_UP_MS) / 1000));
      if (budget > 0) {
        const first = published;
        const iso = isoTime(t);
        for (let i = 0; i < budget; i++) {
          const g = published++;
          const payload = stream.payload(g, iso);
          const lane = stream.lane(g);
          const topic = stream.topics[lane] ?? '';
          const mqttClient = connections[lane % connections.length]!;
          mqttClient.publish(topic, payload, { qos: 1 }, onAck);
          if (dupEvery > 0 && g % dupEvery === dupEvery - 1) {
            // A device that lost its PUBACK sends the same event again (same id).
            duplicates++;
            mqttClient.publish(topic, payload, { qos: 1 }, onAck);
          }
        }
        ticks.push(first, published - first, t);
        lastPublishAt = t;
      }
      if (published >= count) return; // the last acks finish the run
      const windowOpen = acked + errors + inflight > published + duplicates;
      if (rate === 0) {
        if (windowOpen) schedule(0);
        // otherwise the next ack reschedules
      } else {
        // Behind schedule with room in the window: go on at once; else wait a tick.
        schedule(published < due && windowOpen ? 0 : 1);
      }
    };

    setTimeout(() => finish(true), command.maxMs + 5_000).unref();
    loop();
  });
}

process.on('message', (message: PublisherCommand) => {
  const reply = (work: Promise<PublisherReport>): void => {
    work.then(send, (error: unknown) =>
      send({ kind: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
  };
  switch (message.kind) {
    case 'connect':
      reply(
        connect(message.url, message.clientId, message.connections).then(() => ({
          kind: 'connected' as const,
          at: nowMs(),
        })),
      );
      break;
    case 'run':
      reply(run(message));
      break;
    case 'close':
      reply(
        Promise.all(clients.map((client) => client.endAsync())).then(() => {
          setImmediate(() => process.exit(0));
          return { kind: 'closed' as const };
        }),
      );
      break;
  }
});

process.on('disconnect', () => process.exit(0));
