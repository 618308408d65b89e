import { setMaxListeners } from 'node:events';
import type { Clock } from '../clock';
import { CountingSink, formatCounts, type PublishCounts } from '../counting.sink';
import {
  birthMessage,
  eventMessage,
  statusMessage,
  telemetryMessage,
  type MessageSink,
  type OutboundMessage,
} from '../messages';
import { forEachLimited } from '../limited';
import { Random } from '../random';
import { SENSOR_KINDS } from './da-lat-sites';
import { CameraSimulator, SensorSimulator } from './device.simulator';
import {
  gatewaySpec,
  generateFleet,
  type DeviceSpec,
  type FleetSize,
  type GatewaySpec,
} from './fleet.generator';
import { RainModel, SensorModel } from './sensor.model';

export const SUMMARY_PERIOD_MS = 10_000;
/**
 * A device with nothing periodic to say within this much real time (cameras, gateways, a
 * slow sensor at a low --speed) re-publishes `online` as a heartbeat: the hub marks a
 * device silent for 5 minutes offline.
 */
export const HEARTBEAT_MS = 60_000;
/** The most devices one fleet runs: past that, run several simulators. */
export const MAX_FLEET_DEVICES = 10_000;
const SHUTDOWN_TIMEOUT_MS = 5_000;

export interface FleetConnection extends MessageSink {
  close(): Promise<void>;
}

/**
 * Opens MQTT connection `index` for `owner` (a gateway, or with `perDevice` the device
 * itself, which then connects with its own credentials) with the owner's Last Will.
 */
export type ConnectFn = (
  index: number,
  will: OutboundMessage,
  owner: string,
) => Promise<FleetConnection>;

export interface FleetRunOptions extends FleetSize {
  /** Simulated time runs this many times faster than real time (> 0). */
  speed: number;
  /** Wall-clock seconds to run; 0 runs until the signal aborts. */
  durationS: number;
  /** Camera detections per simulated second, across the whole fleet. */
  eventRate: number;
  /** Seconds of simulated time between a sensor's readings; 0: each kind's own interval. */
  intervalS: number;
  topicRoot: string;
  connections: number;
  /**
   * One connection per device, each with its own Last Will, instead of `connections` shared
   * ones behind gateways: a broker with device identity lets a device speak only for itself.
   */
  perDevice?: boolean;
  /** Connections opened at once in per-device mode. */
  connectConcurrency?: number;
  /** Tags this run's event ids (see `eventId`). */
  runTag: string;
}

export interface FleetRunnerDeps {
  clock: Clock;
  connect: ConnectFn;
  log: (line: string) => void;
  /** Sees every message once it is published (a recorder), with the time it was handed over. */
  tap?: (message: OutboundMessage, atMs: number) => void;
}

export interface FleetRunResult {
  devices: number;
  counts: PublishCounts;
}

/**
 * Runs the fleet: births, periodic telemetry, random camera detections, a summary line
 * every 10 s, and `offline` for every device on the way out.
 *
 * Last Will trade-off: MQTT gives a connection exactly one will, yet many devices share a
 * connection. Each connection's will therefore belongs to one gateway device
 * (`gw-sim-NN`) standing for that connection. A clean shutdown publishes `offline` for
 * every device; a crash marks only the gateways offline at once, and the hub's 5-minute
 * silence rule (docs/contract.md §5) catches the devices behind them. With `perDevice` (device
 * identity) every device has its own connection and its own will, and there are no gateways.
 */
export class FleetRunner {
  private readonly counting: CountingSink;
  private readonly connectionOf = new Map<string, FleetConnection>();
  private connections: FleetConnection[] = [];
  private reportedFailures = 0;

  constructor(
    private readonly options: FleetRunOptions,
    private readonly deps: FleetRunnerDeps,
  ) {
    this.counting = new CountingSink({
      publish: async (message) => {
        const connection = this.connectionOf.get(message.deviceId);
        if (!connection) throw new Error(`no connection for ${message.deviceId}`);
        const at = deps.clock.now();
        await connection.publish(message);
        deps.tap?.(message, at);
      },
    });
  }

  async run(signal: AbortSignal): Promise<FleetRunResult> {
    const { options, deps } = this;
    const { clock } = deps;
    if (options.cameras + options.sensors > MAX_FLEET_DEVICES)
      throw new Error(
        `a fleet has at most ${MAX_FLEET_DEVICES} devices (asked for ${options.cameras + options.sensors}): run several simulators`,
      );
    const fleet = generateFleet(options);
    const rain = new RainModel(options.seed);
    const cameras = fleet.cameras.map(
      (spec) => new CameraSimulator(spec, options.seed, options.runTag),
    );
    const sensors = fleet.sensors.map(
      (spec) => new SensorSimulator(spec, new SensorModel(spec, options.seed, rain)),
    );
    const gateways = options.perDevice
      ? []
      : Array.from({ length: options.connections }, (_, i) => gatewaySpec(i));
    const devices: DeviceSpec[] = [...fleet.cameras, ...fleet.sensors];

    await this.connectAll(gateways, devices);
    const startMs = clock.now();
    deps.log(
      `fleet: ${devices.length} devices (${cameras.length} cameras, ${sensors.length} sensors) ` +
        `over ${this.connections.length} connection(s), seed ${options.seed}, speed ${options.speed}x, run ${options.runTag}`,
    );

    // Gateways first: a device never looks online behind a gateway that is not.
    await Promise.all(gateways.map((g) => this.announce(g)));
    await Promise.all(devices.map((d) => this.announce(d)));

    const stop = new AbortController();
    // Every loop's sleep listens on this one signal: thousands of sensors are not a leak.
    setMaxListeners(0, stop.signal);
    const onAbort = (): void => stop.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) stop.abort();

    const simTime = (nowMs: number): number => startMs + (nowMs - startMs) * options.speed;
    const periodOf = (sensor: SensorSimulator): number =>
      ((options.intervalS > 0
        ? options.intervalS
        : SENSOR_KINDS[sensor.spec.sensorKind].intervalS) *
        1000) /
      options.speed;
    const quiet: DeviceSpec[] = [
      ...gateways,
      ...fleet.cameras,
      ...sensors.filter((s) => periodOf(s) > HEARTBEAT_MS).map((s) => s.spec),
    ];
    const loops = [
      ...sensors.map((sensor) =>
        this.every(periodOf(sensor), sensor.spec.id, stop.signal, async () => {
          const now = clock.now();
          const payload = sensor.telemetry(now, simTime(now));
          // QoS 0: a periodic reading lost is replaced by the next one.
          await this.send(telemetryMessage(sensor.spec.id, payload, options.topicRoot, 0));
        }),
      ),
      ...quiet.map((device) =>
        this.every(HEARTBEAT_MS, `heartbeat:${device.id}`, stop.signal, () =>
          this.send(statusMessage(device.id, 'online', options.topicRoot)),
        ),
      ),
      this.detections(cameras, stop.signal),
      this.summaries(startMs, devices.length + gateways.length, stop.signal),
    ];

    if (options.durationS > 0) await clock.sleep(options.durationS * 1000, stop.signal);
    else
      await new Promise<void>((resolve) =>
        stop.signal.addEventListener('abort', () => resolve(), { once: true }),
      );
    stop.abort();
    signal.removeEventListener('abort', onAbort);
    await Promise.all(loops);

    await this.shutdown(gateways, devices);
    deps.log(
      `fleet: stopped after ${formatElapsed(clock.now() - startMs)}; ${formatCounts(this.counting.counts)}`,
    );
    return { devices: devices.length + gateways.length, counts: this.counting.counts };
  }

  get counts(): PublishCounts {
    return this.counting.counts;
  }

  private async connectAll(gateways: GatewaySpec[], devices: DeviceSpec[]): Promise<void> {
    const owners: DeviceSpec[] = this.options.perDevice ? devices : gateways;
    const opened = new Array<PromiseSettledResult<FleetConnection>>(owners.length);
    await forEachLimited(owners, this.options.connectConcurrency ?? 200, async (owner, i) => {
      const will = statusMessage(owner.id, 'offline', this.options.topicRoot);
      opened[i] = await this.deps.connect(i, will, owner.id).then(
        (value) => ({ status: 'fulfilled', value }),
        (reason: unknown) => ({ status: 'rejected', reason }),
      );
    });
    const failure = opened.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    this.connections = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    if (failure) {
      await Promise.allSettled(this.connections.map((c) => c.close()));
      throw failure.reason;
    }
    owners.forEach((o, i) => this.connectionOf.set(o.id, this.connections[i] as FleetConnection));
    if (this.options.perDevice) return;
    devices.forEach((d, i) =>
      this.connectionOf.set(d.id, this.connections[i % this.connections.length] as FleetConnection),
    );
  }

  private async announce(device: DeviceSpec): Promise<void> {
    const root = this.options.topicRoot;
    // Birth before status, on one connection: MQTT keeps their order.
    await Promise.all([
      this.send(birthMessage(device.id, device.birth, root)),
      this.send(statusMessage(device.id, 'online', root)),
    ]);
  }

  /** Publishes `offline` for every device, gateways last, then closes the connections. */
  private async shutdown(gateways: GatewaySpec[], devices: DeviceSpec[]): Promise<void> {
    const root = this.options.topicRoot;
    const deadline = new AbortController();
    const offline = (list: DeviceSpec[]): Promise<unknown> =>
      Promise.race([
        Promise.allSettled(list.map((d) => this.send(statusMessage(d.id, 'offline', root)))),
        this.deps.clock.sleep(SHUTDOWN_TIMEOUT_MS, deadline.signal),
      ]);
    await offline(devices);
    await offline(gateways);
    deadline.abort();
    await Promise.allSettled(this.connections.map((c) => c.close()));
  }

  /** Sends one message; a failure is counted (and the first few logged), never thrown. */
  private async send(message: OutboundMessage): Promise<void> {
    try {
      await this.counting.publish(message);
    } catch (error) {
      if (this.reportedFailures < 5) {
        this.reportedFailures += 1;
        this.deps.log(`fleet: publish to ${message.topic} failed: ${(error as Error).message}`);
      }
    }
  }

  /**
   * Calls `task` every `periodMs` until aborted, starting at a random phase so that
   * sensors spread over the period instead of reporting in one burst. Deadlines are
   * absolute (no drift); after a stall it resumes rather than catching up in a burst.
   */
  private async every(
    periodMs: number,
    label: string,
    signal: AbortSignal,
    task: () => Promise<void>,
  ): Promise<void> {
    const { clock } = this.deps;
    const phase = Random.derive(this.options.seed, `phase:${label}`).range(0, periodMs);
    let next = clock.now() + phase;
    while (!signal.aborted) {
      await clock.sleep(next - clock.now(), signal);
      if (signal.aborted) return;
      await task();
      next = Math.max(next + periodMs, clock.now());
    }
  }

  /** Camera detections as a Poisson process of `eventRate` per simulated second. */
  private async detections(cameras: CameraSimulator[], signal: AbortSignal): Promise<void> {
    const { clock } = this.deps;
    const { eventRate, speed, seed, topicRoot } = this.options;
    if (eventRate <= 0 || cameras.length === 0) return;
    const rng = Random.derive(seed, 'detections');
    const weights = Object.fromEntries(cameras.map((c, i) => [String(i), c.spec.profile.activity]));
    // Absolute deadlines, so the rate holds however long each publish takes to be acknowledged.
    let next = clock.now();
    while (!signal.aborted) {
      next += rng.exponential(eventRate * speed) * 1000;
      await clock.sleep(next - clock.now(), signal);
      if (signal.aborted) return;
      const camera = cameras[Number(rng.weighted(weights))] as CameraSimulator;
      await this.send(eventMessage(camera.spec.id, camera.nextEvent(clock.now()), topicRoot));
    }
  }

  private async summaries(
    startMs: number,
    deviceCount: number,
    signal: AbortSignal,
  ): Promise<void> {
    const { clock } = this.deps;
    let next = startMs + SUMMARY_PERIOD_MS;
    while (!signal.aborted) {
      await clock.sleep(next - clock.now(), signal);
      if (signal.aborted) return;
      this.deps.log(
        `fleet ${formatElapsed(clock.now() - startMs)}: ${deviceCount} devices; ${formatCounts(this.counting.counts)}`,
      );
      next += SUMMARY_PERIOD_MS;
    }
  }
}

/** `01:02:03` */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}
