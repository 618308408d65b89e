import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncidentList } from '@ioc/shared';
import { measureCeiling, type CeilingResult } from './ceiling';
import { HubRunner, metricSum, type MetricSample } from './hub-runner';
import { measureAlarmLatency, type AlarmLatencyResult } from './alarm-latency';
import { LiveProbe } from './live-probe';
import { configParts, type BenchOptions, type ConfigName } from './options';
import { PublisherClient } from './publisher-client';
import {
  busyShare,
  findProcess,
  machineCpu,
  mean,
  median,
  percentiles,
  processCpuSeconds,
  sleep,
  slope,
  type Percentiles,
} from './stats';
import { nowMs, parseLaneDevice } from './stream';

export type PhaseKind = 'warm-up' | 'ramp' | 'latency' | 'loss' | 'soak';

export interface PhaseResult {
  name: string;
  kind: PhaseKind;
  targetRate: number;
  /** Distinct events published and acknowledged by the broker. */
  published: number;
  /** Events published a second time on purpose (same id). */
  duplicatesSent: number;
  publishRate: number;
  /** Events stored and announced, as the socket.io pushes tell. */
  stored: number;
  lost: number;
  /** Growth of ioc_events_accepted_total / ioc_events_duplicate_total / rejected during the phase. */
  accepted: number;
  hubDuplicates: number;
  rejected: number;
  /**
   * Per event, from the lanes' eventCount. When the broker dropped events this mapping
   * slips (a lost event makes every later one of its lane look one publish older), so
   * then `latencyFromNewest` is the figure to read.
   */
  latencyMs: Percentiles | null;
  /** Per push: arrival minus the publish time of the newest event in it (ms resolution; ignores the wait of older events in the batch, at most a batch). */
  latencyFromNewest: Percentiles | null;
  /** Events per second stored while publishing (after the first quarter of the phase). */
  deliveredRate: number;
  /** Growth of the backlog (published − stored) over the second half, events/s per second. */
  lagSlope: number;
  maxLag: number;
  /** From the last publish to the last event stored. */
  drainMs: number;
  keptUp: boolean;
  /** The publisher could not reach the target rate. */
  publisherLimited: boolean;
  /** Published above what the hub sustains: loss here is the broker's queue limit, reported apart. */
  overload: boolean;
  /** CPU of one core used (1 = a full core): hub, publisher; share of the whole machine busy. */
  hubCpu: number | null;
  publisherCpu: number;
  /** Mosquitto's CPU (the embedded broker's is part of the hub's). */
  brokerCpu: number | null;
  /** This harness: the socket.io client and the bare subscriber. */
  harnessCpu: number;
  machineBusy: number | null;
  rssMaxMb: number | null;
  eventLoopP99MaxMs: number | null;
  pushes: number;
  seconds: number;
}

export interface SamplePoint {
  t: number;
  rssMb: number;
  heapUsedMb: number;
  eventLoopP99Ms: number;
  cpuSeconds: number;
  accepted: number;
  pending: number;
}

export interface SoakResult {
  seconds: number;
  rate: number;
  rssStartMb: number;
  rssEndMb: number;
  rssMaxMb: number;
  /** (mean RSS of the last fifth − mean of the first fifth) / mean of the first fifth. */
  rssGrowth: number;
  /**
   * The same from the middle fifth on: the duplicate filter fills up to 200,000 keys first
   * (40 s at 5,000 events/s), so growth before that is expected and bounded.
   */
  rssGrowthSecondHalf: number;
  eventLoopP99MedianMs: number;
  eventLoopP99MaxMs: number;
  latencyMs: Percentiles | null;
}

export interface ConfigResult {
  name: ConfigName;
  broker: string;
  database: string;
  topicRoot: string;
  startupColdMs: number | null;
  startupWarmMs: number | null;
  ceiling: CeilingResult | null;
  /** Highest ramp rate the hub kept up with (events/s), and its share of the ceiling. */
  sustainedRate: number | null;
  sustainedRatio: number | null;
  /** Events/s stored during the first step the hub could not keep up with. */
  saturatedThroughput: number | null;
  rampPublisherLimited: boolean;
  phases: PhaseResult[];
  soak: SoakResult | null;
  /** New-incident latency under other traffic: in bursts, then paced (alarm-latency.ts). */
  alarms: AlarmLatencyResult[];
  totals: {
    published: number;
    stored: number;
    /** Σ eventCount of the lane incidents in the database (GET /api/incidents), before and after a restart. */
    storedInDatabase: number | null;
    storedAfterRestart: number | null;
    lostAtSustainableRates: number;
    lostInOverload: number;
    /** Lines of Mosquitto's log saying it dropped messages for the hub's client (null: log not readable). */
    brokerDropNotices: number | null;
    duplicatesSent: number;
    hubDuplicates: number;
    rejected: number;
  };
  samples: SamplePoint[];
  logFile: string;
  profileDir: string | null;
  backgroundBusy: number | null;
  error: string | null;
}

const BLOCK = 1;
/** Share of both cores other processes may use before the machine counts as busy. */
const QUIET_BUSY = 0.15;
const DRAIN_QUIET_MS = 2_000;
const MOSQUITTO_LOG = process.env.BENCH_MOSQUITTO_LOG ?? '/var/log/mosquitto/mosquitto.log';
const DRAIN_MAX_MS = 180_000;

/** One configuration (broker × database): one hub process, measured phase after phase. */
export class ConfigRun {
  private hub!: HubRunner;
  private probe!: LiveProbe;
  private publisher!: PublisherClient;
  private token = '';
  private runNo = 0;
  private samples: SamplePoint[] = [];
  private brokerPid: number | undefined;
  private aborted = false;
  private sampler: NodeJS.Timeout | null = null;
  private readonly result: ConfigResult;

  constructor(
    private readonly name: ConfigName,
    private readonly options: BenchOptions,
    private readonly artifacts: string,
    private readonly stamp: string,
    private readonly say: (line: string) => void,
  ) {
    const parts = configParts(name);
    this.result = {
      name,
      ...parts,
      topicRoot: '',
      startupColdMs: null,
      startupWarmMs: null,
      ceiling: null,
      sustainedRate: null,
      sustainedRatio: null,
      saturatedThroughput: null,
      rampPublisherLimited: false,
      phases: [],
      soak: null,
      alarms: [],
      totals: {
        published: 0,
        stored: 0,
        storedInDatabase: null,
        storedAfterRestart: null,
        lostAtSustainableRates: 0,
        lostInOverload: 0,
        brokerDropNotices: null,
        duplicatesSent: 0,
        hubDuplicates: 0,
        rejected: 0,
      },
      samples: [],
      logFile: join(artifacts, 'bench-logs', `${stamp}-${name}.log`),
      profileDir: options.cpuProf ? join(artifacts, 'profiles', `${stamp}-${name}`) : null,
      backgroundBusy: null,
      error: null,
    };
  }

  async run(): Promise<ConfigResult> {
    try {
      await this.measure();
    } catch (error) {
      this.result.error = error instanceof Error ? error.message : String(error);
      this.say(`  ERROR: ${this.result.error}`);
    } finally {
      await this.teardown();
    }
    this.result.samples = this.samples;
    return this.result;
  }

  private async measure(): Promise<void> {
    const { options, result } = this;
    // Other processes on the machine disturb every figure: measure how busy it is first,
    // and with --wait-quiet give it a while to calm down.
    const quietUntil = nowMs() + options.waitQuietSeconds * 1000;
    for (;;) {
      const c0 = machineCpu();
      await sleep(options.quick ? 500 : 1000);
      result.backgroundBusy = busyShare(c0, machineCpu());
      if ((result.backgroundBusy ?? 0) <= QUIET_BUSY || nowMs() >= quietUntil || this.aborted)
        break;
    }
    if ((result.backgroundBusy ?? 0) > QUIET_BUSY)
      this.say(
        `  note: the machine was ${fmt((result.backgroundBusy ?? 0) * 100)} % busy before the hub started (other processes): figures are disturbed`,
      );
    if (this.aborted) throw new Error('interrupted');
    this.hub = await HubRunner.create({
      ...configParts(this.name),
      logFile: result.logFile,
      nodeArgs: result.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${result.profileDir}`] : [],
      nodeOptions: options.hubNodeOptions ?? undefined,
    });
    result.topicRoot = this.hub.topicRoot;
    if (this.hub.options.broker === 'mosquitto') this.brokerPid = findProcess('mosquitto');
    result.startupColdMs = await this.hub.start();
    this.say(`  start-up (empty database): ${result.startupColdMs.toFixed(0)} ms`);
    this.token = await this.hub.login();
    this.probe = new LiveProbe(this.hub.baseUrl, this.token, BLOCK, options.lanes);
    await this.probe.connected();
    this.publisher = await PublisherClient.start(
      this.hub.mqttUrl,
      `bench-pub-${randomBytes(4).toString('hex')}`,
      options.connections,
    );
    this.startSampler();

    result.ceiling = await measureCeiling({
      url: this.hub.mqttUrl,
      topicRoot: `${this.hub.topicRoot}ceil`,
      publisher: this.publisher,
      block: BLOCK,
      lanes: options.lanes,
      count: options.ceilingCount,
      inflight: options.inflight,
    });
    this.say(
      `  ceiling: ${fmt(result.ceiling.rate)} events/s received by a bare subscriber (publisher ${fmt(result.ceiling.publishRate)}/s, ${result.ceiling.received}/${result.ceiling.published})`,
    );

    // Opens every lane's incident and warms the JIT; not counted against any target.
    await this.phase(
      'warm-up',
      'warm-up',
      Math.min(3000, options.rampStart),
      Math.max(options.lanes * 3, options.quick ? 4000 : 30_000),
    );

    await this.ramp();
    const sustained = result.sustainedRate;

    for (const rate of options.rates) {
      await this.phase(
        `latency ${fmt(rate)}/s`,
        'latency',
        rate,
        Math.round(rate * options.latencySeconds),
        { sustained },
      );
    }

    // Bursts of 200 every 100 ms, then paced 20 every 10 ms: 2,000 events/s either way.
    for (const [index, burst] of [200, 20].entries()) {
      const alarm = await measureAlarmLatency({
        mqttUrl: this.hub.mqttUrl,
        topicRoot: this.hub.topicRoot,
        socket: this.probe.socket,
        publisher: this.publisher,
        burst,
        seconds: options.quick ? 3 : options.latencySeconds,
        inflight: options.inflight,
        runTag: `a${++this.runNo}`,
        index,
      });
      result.alarms.push(alarm);
      const l = alarm.latencyMs;
      this.say(
        `  new incident → /live, 2,000/s ${alarm.mode}: p50 ${fmt(l?.p50, 1)} ms, p99 ${fmt(l?.p99, 1)} ms (${alarm.alarms} alarms, ${alarm.missed} missed)`,
      );
    }

    const lossRate = sustained
      ? Math.min(options.lossRate, Math.floor(sustained * 0.8))
      : options.lossRate;
    await this.phase(`loss ${fmt(lossRate)}/s`, 'loss', lossRate, options.lossCount, {
      dupEvery: 100,
      sustained,
    });

    const soakRate =
      sustained && !options.soakRateGiven
        ? Math.min(options.soakRate, Math.floor(sustained * 0.8))
        : options.soakRate;
    const soakStart = nowMs();
    const soakPhase = await this.phase(
      `soak ${fmt(soakRate)}/s`,
      'soak',
      soakRate,
      Math.round(soakRate * options.soakSeconds),
      { sustained },
    );
    result.soak = this.soakSummary(soakStart, nowMs(), soakRate, soakPhase);

    this.stopSampler();
    if (this.hub.options.broker === 'mosquitto')
      result.totals.brokerDropNotices = mosquittoDropNotices(this.hub.clientId);
    result.totals.storedInDatabase = await this.storedInDatabase();
    await this.hub.stop();
    result.startupWarmMs = await this.hub.start();
    this.token = await this.hub.login();
    result.totals.storedAfterRestart = await this.storedInDatabase();
    this.say(
      `  start-up (with ${fmt(result.totals.storedAfterRestart)} events stored): ${result.startupWarmMs.toFixed(0)} ms`,
    );
  }

  /**
   * Rates rise geometrically until the backlog keeps growing (or the broker holds the
   * publisher back), then bisect between the best rate kept up with and the lowest that was
   * not, until they are within `rampPrecision` of each other.
   */
  private async ramp(): Promise<void> {
    const { options, result } = this;
    const ceiling = result.ceiling?.rate ?? Infinity;
    let rate = options.rampStart;
    let bestOk = 0;
    let lowestFail = Infinity;
    let saturated = 0;
    for (let step = 0; step < options.rampSteps; step++) {
      const phase = await this.phase(
        `ramp ${fmt(rate)}/s`,
        'ramp',
        rate,
        Math.round(rate * options.rampStepSeconds),
      );
      if (phase.publisherLimited) {
        result.rampPublisherLimited = true;
        break;
      }
      if (phase.keptUp) {
        bestOk = Math.max(bestOk, phase.publishRate);
        if (lowestFail === Infinity && rate >= ceiling) break;
      } else {
        lowestFail = Math.min(lowestFail, rate);
        saturated = Math.max(saturated, phase.deliveredRate);
      }
      if (lowestFail !== Infinity && (lowestFail - bestOk) / lowestFail <= options.rampPrecision)
        break;
      rate =
        lowestFail === Infinity
          ? Math.round(Math.min(rate * options.rampFactor, ceiling * 1.05))
          : bestOk > 0
            ? Math.round((bestOk + lowestFail) / 2)
            : Math.round(rate / options.rampFactor);
    }
    result.sustainedRate = bestOk > 0 ? bestOk : null;
    result.saturatedThroughput = saturated > 0 ? saturated : null;
    result.sustainedRatio =
      result.sustainedRate && result.ceiling?.rate
        ? result.sustainedRate / result.ceiling.rate
        : null;
  }

  /**
   * Publishes `count` events at `rate` and follows them to the socket.io client: latency
   * per event, backlog over time, what the hub counted, and what it cost.
   */
  private async phase(
    name: string,
    kind: PhaseKind,
    rate: number,
    count: number,
    extra: { dupEvery?: number; sustained?: number | null } = {},
  ): Promise<PhaseResult> {
    const { probe, hub, options } = this;
    const runNo = ++this.runNo;
    const sentAt = new Float64Array(count);
    let publishedSoFar = 0;
    probe.beginRun(count);
    const pushes0 = probe.pushes;
    const m0 = await hub.metrics();
    const c0 = machineCpu();
    const broker0 = processCpuSeconds(this.brokerPid);
    const harness0 = process.cpuUsage();
    const lag: { t: number; published: number; delivered: number }[] = [];
    const lagTimer = setInterval(
      () => lag.push({ t: nowMs(), published: publishedSoFar, delivered: probe.delivered }),
      100,
    );
    const started = nowMs();
    const run = await this.publisher.run(
      {
        topicRoot: hub.topicRoot,
        block: BLOCK,
        lanes: options.lanes,
        idPrefix: `r${runNo}`,
        count,
        rate,
        inflight: options.inflight,
        dupEvery: extra.dupEvery ?? 0,
        maxMs: (count / rate) * 3000 + 10_000,
      },
      (ticks) => {
        for (let i = 0; i + 2 < ticks.length; i += 3) {
          const first = ticks[i] ?? 0;
          const n = ticks[i + 1] ?? 0;
          sentAt.fill(ticks[i + 2] ?? 0, first, first + n);
          publishedSoFar = Math.max(publishedSoFar, first + n);
        }
      },
    );
    publishedSoFar = run.published;
    // Drain: until every event is stored, or nothing more is stored for a while.
    let seen = -1;
    let quietSince = nowMs();
    while (
      probe.delivered < run.published &&
      nowMs() - quietSince < DRAIN_QUIET_MS &&
      nowMs() - started < DRAIN_MAX_MS + (count / rate) * 1000
    ) {
      if (probe.delivered !== seen) {
        seen = probe.delivered;
        quietSince = nowMs();
      }
      await sleep(20);
    }
    // Events the broker dropped never arrive, so the loop above may end on a pause while the
    // hub still works through a backlog: wait for its counters to settle, or the tail would be
    // counted in the next phase.
    await this.settle();
    clearInterval(lagTimer);
    // The hub's counters lag the pushes by nothing, but the duplicates may still be on their way.
    if ((extra.dupEvery ?? 0) > 0) await sleep(300);
    const m1 = await hub.metrics();
    const c1 = machineCpu();
    const broker1 = processCpuSeconds(this.brokerPid);
    const harness = process.cpuUsage(harness0);
    const ended = nowMs();
    const { recvAt, storedInRun, newest } = probe.endRun();
    const lastDeliveryAt = recvAt.reduce((a, b) => Math.max(a, b), 0);

    const latencies: number[] = [];
    for (let g = 0; g < run.published; g++) {
      const r = recvAt[g] ?? 0;
      const s = sentAt[g] ?? 0;
      if (r > 0 && s > 0) latencies.push(r - s);
    }
    const publishSeconds = Math.max(0.001, (run.lastPublishAt - run.startedAt) / 1000);
    const publishRate = run.published / Math.max(publishSeconds, count / rate);
    const secondHalf = lag.filter(
      (p) =>
        p.t >= run.startedAt + (run.lastPublishAt - run.startedAt) / 2 && p.t <= run.lastPublishAt,
    );
    const lagSlope = slope(
      secondHalf.map((p) => ({ x: p.t / 1000, y: p.published - p.delivered })),
    );
    const maxLag = lag.reduce((a, p) => Math.max(a, p.published - p.delivered), 0);
    const from = lag.find((p) => p.t >= run.startedAt + (run.lastPublishAt - run.startedAt) / 4);
    const to = [...lag].reverse().find((p) => p.t <= run.lastPublishAt);
    const deliveredRate =
      from && to && to.t > from.t ? ((to.delivered - from.delivered) * 1000) / (to.t - from.t) : 0;
    const drainMs = lastDeliveryAt > 0 ? Math.max(0, lastDeliveryAt - run.lastPublishAt) : NaN;
    // Behind the target with the window full: the broker held back its PUBACKs, which the
    // embedded broker does when the hub (same process) is saturated. Behind with room in the
    // window: the publisher itself could not go faster.
    const behind = publishRate < rate * 0.95;
    const backPressured = behind && run.windowFullMs > 0.1 * (run.lastPublishAt - run.startedAt);
    const publisherLimited = behind && !backPressured;
    const keptUp =
      !behind && lagSlope <= rate * 0.05 && drainMs <= 1000 && storedInRun >= run.published;
    const overload =
      kind === 'ramp'
        ? !keptUp
        : extra.sustained !== undefined &&
          extra.sustained !== null &&
          rate > extra.sustained &&
          !keptUp;
    const cpu0 = m0.get('ioc_process_cpu_seconds_total');
    const cpu1 = m1.get('ioc_process_cpu_seconds_total');
    const window = this.samples.filter((p) => p.t >= started && p.t <= ended);
    const phase: PhaseResult = {
      name,
      kind,
      targetRate: rate,
      published: run.published,
      duplicatesSent: run.duplicates,
      publishRate,
      stored: storedInRun,
      lost: run.published - storedInRun,
      accepted: delta(m0, m1, 'ioc_events_accepted_total'),
      hubDuplicates: delta(m0, m1, 'ioc_events_duplicate_total'),
      rejected:
        metricSum(m1, 'ioc_events_rejected_total') - metricSum(m0, 'ioc_events_rejected_total'),
      latencyMs: percentiles(Float64Array.from(latencies)),
      latencyFromNewest: percentiles(Float64Array.from(newest)),
      deliveredRate,
      lagSlope,
      maxLag,
      drainMs,
      keptUp,
      publisherLimited,
      overload,
      hubCpu:
        cpu0 !== undefined && cpu1 !== undefined
          ? (cpu1 - cpu0) / ((ended - started) / 1000)
          : null,
      publisherCpu: run.cpuMs / Math.max(1, run.endedAt - run.startedAt),
      brokerCpu:
        broker0 !== null && broker1 !== null
          ? (broker1 - broker0) / ((ended - started) / 1000)
          : null,
      harnessCpu: (harness.user + harness.system) / 1000 / (ended - started),
      machineBusy: busyShare(c0, c1),
      rssMaxMb: window.length ? Math.max(...window.map((p) => p.rssMb)) : null,
      eventLoopP99MaxMs: window.length ? Math.max(...window.map((p) => p.eventLoopP99Ms)) : null,
      pushes: probe.pushes - pushes0,
      seconds: (ended - started) / 1000,
    };
    this.result.phases.push(phase);
    const totals = this.result.totals;
    totals.published += phase.published;
    totals.stored += phase.stored;
    totals.duplicatesSent += phase.duplicatesSent;
    totals.hubDuplicates += phase.hubDuplicates;
    totals.rejected += phase.rejected;
    if (phase.overload) totals.lostInOverload += phase.lost;
    else totals.lostAtSustainableRates += phase.lost;
    this.say(`  ${describePhase(phase)}`);
    return phase;
  }

  /** Until the hub has nothing pending and has accepted nothing new for a while (60 s at most). */
  private async settle(): Promise<void> {
    const stableMs = this.options.quick ? 400 : 1_000;
    const deadline = nowMs() + 60_000;
    let accepted = -1;
    let stableSince = nowMs();
    while (nowMs() < deadline) {
      const m = await this.hub.metrics().catch(() => null);
      const now = m?.get('ioc_events_accepted_total') ?? -1;
      const pending = m?.get('ioc_ingest_pending_events') ?? 0;
      if (now !== accepted || pending > 0) {
        accepted = now;
        stableSince = nowMs();
      } else if (nowMs() - stableSince >= stableMs) {
        break;
      }
      await sleep(100);
    }
    // The last batch's pushes travel after the counters moved.
    await sleep(100);
  }

  private soakSummary(t0: number, t1: number, rate: number, phase: PhaseResult): SoakResult | null {
    const points = this.samples.filter((p) => p.t >= t0 && p.t <= t1);
    if (points.length < 2) return null;
    const fifth = Math.max(1, Math.floor(points.length / 5));
    const first = mean(points.slice(0, fifth).map((p) => p.rssMb));
    const last = mean(points.slice(-fifth).map((p) => p.rssMb));
    const midStart = Math.floor((points.length - fifth) / 2);
    const middle = mean(points.slice(midStart, midStart + fifth).map((p) => p.rssMb));
    const loops = points.map((p) => p.eventLoopP99Ms);
    return {
      seconds: (t1 - t0) / 1000,
      rate,
      rssStartMb: points[0]?.rssMb ?? NaN,
      rssEndMb: points[points.length - 1]?.rssMb ?? NaN,
      rssMaxMb: Math.max(...points.map((p) => p.rssMb)),
      rssGrowth: (last - first) / first,
      rssGrowthSecondHalf: (last - middle) / middle,
      eventLoopP99MedianMs: median(loops),
      eventLoopP99MaxMs: Math.max(...loops),
      latencyMs: phase.lost > 0 ? phase.latencyFromNewest : phase.latencyMs,
    };
  }

  /** Σ eventCount of this run's lane incidents as the database has them. */
  private async storedInDatabase(): Promise<number> {
    const list = await this.hub.get<IncidentList>(
      `/api/incidents?category=traffic&limit=5000`,
      this.token,
    );
    let total = 0;
    for (const incident of list.items) {
      const lane = parseLaneDevice(incident.sources[0] ?? '');
      if (lane && lane.block === BLOCK) total += incident.eventCount;
    }
    return total;
  }

  private startSampler(): void {
    const take = (): void => {
      const t = nowMs();
      this.hub.metrics().then(
        (m) =>
          this.samples.push({
            t,
            rssMb: (m.get('ioc_process_resident_memory_bytes') ?? NaN) / 2 ** 20,
            heapUsedMb: (m.get('ioc_nodejs_heap_size_used_bytes') ?? NaN) / 2 ** 20,
            eventLoopP99Ms: (m.get('ioc_nodejs_eventloop_lag_p99_seconds') ?? NaN) * 1000,
            cpuSeconds: m.get('ioc_process_cpu_seconds_total') ?? NaN,
            accepted: m.get('ioc_events_accepted_total') ?? NaN,
            pending: m.get('ioc_ingest_pending_events') ?? NaN,
          }),
        () => undefined,
      );
    };
    this.sampler = setInterval(take, 1000);
  }

  private stopSampler(): void {
    if (this.sampler) clearInterval(this.sampler);
    this.sampler = null;
  }

  /** Stops the hub and the publisher now (Ctrl-C); run() then returns with an error. */
  async abort(): Promise<void> {
    this.aborted = true;
    await this.teardown();
  }

  private async teardown(): Promise<void> {
    this.stopSampler();
    this.probe?.close();
    await this.publisher?.close().catch(() => undefined);
    await this.hub?.dispose().catch((error: unknown) => this.say(`  cleanup: ${String(error)}`));
  }
}

/**
 * Mosquitto logs "Outgoing messages are being dropped for client X" when a client's queue
 * (max_queued_messages, 1,000 by default) is full: the broker, not the hub, lost them.
 */
function mosquittoDropNotices(clientId: string): number | null {
  try {
    const log = readFileSync(MOSQUITTO_LOG, 'utf8');
    return log
      .split('\n')
      .filter((line) => line.includes('messages are being dropped') && line.includes(clientId))
      .length;
  } catch {
    return null;
  }
}

function delta(m0: MetricSample, m1: MetricSample, name: string): number {
  return (m1.get(name) ?? 0) - (m0.get(name) ?? 0);
}

export function fmt(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  return n.toLocaleString('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

function describePhase(p: PhaseResult): string {
  const l = p.lost > 0 ? p.latencyFromNewest : p.latencyMs;
  const lat = l
    ? `p50 ${fmt(l.p50, 1)} p95 ${fmt(l.p95, 1)} p99 ${fmt(l.p99, 1)} ms${p.lost > 0 ? ' (newest per push)' : ''}`
    : 'no latency';
  const verdict = p.keptUp ? 'kept up' : p.publisherLimited ? 'publisher-limited' : 'SATURATED';
  return `${p.name.padEnd(18)} published ${fmt(p.publishRate)}/s, stored ${fmt(p.deliveredRate)}/s, ${lat}, lost ${p.lost}, dup ${p.hubDuplicates}/${p.duplicatesSent}, backlog +${fmt(p.lagSlope)}/s (max ${fmt(p.maxLag)}), hub CPU ${fmt((p.hubCpu ?? NaN) * 100)} %${p.brokerCpu === null ? '' : `, mosquitto ${fmt(p.brokerCpu * 100)} %`}, machine ${fmt((p.machineBusy ?? NaN) * 100)} %: ${verdict}`;
}
