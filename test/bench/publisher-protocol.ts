/** Messages between the harness and its publisher process (Node IPC, structured clone). */
export interface RunCommand {
  kind: 'run';
  runId: number;
  topicRoot: string;
  block: number;
  lanes: number;
  /** Prefix of event ids: unique per run, so no run repeats another's (deviceId, id). */
  idPrefix: string;
  count: number;
  /** Events per second; 0 publishes as fast as the window of unacknowledged messages allows. */
  rate: number;
  /**
   * Paced runs publish in bursts of this many events, `burst / rate` seconds apart (0: as
   * smoothly as the timer allows).
   */
  burst?: number;
  /** Most QoS 1 messages published and not yet acknowledged by the broker. */
  inflight: number;
  /** Every dupEvery-th event is published twice with the same id (0: never). */
  dupEvery: number;
  maxMs: number;
}

export type PublisherCommand =
  /** `connections` MQTT connections; lane i publishes on connection i % connections. */
  | { kind: 'connect'; url: string; clientId: string; connections: number }
  | RunCommand
  | { kind: 'close' };

export interface RunResult {
  kind: 'done';
  runId: number;
  /** Distinct events published (repeats not counted). */
  published: number;
  /** Repeats published on purpose. */
  duplicates: number;
  /** PUBACKs received from the broker. */
  acked: number;
  errors: number;
  startedAt: number;
  lastPublishAt: number;
  endedAt: number;
  timedOut: boolean;
  /** Time spent behind schedule because the window of unacknowledged messages was full. */
  windowFullMs: number;
  cpuMs: number;
}

export type PublisherReport =
  | { kind: 'connected'; at: number }
  /** Flattened triples: first event index, how many, publish time (epoch ms). */
  | { kind: 'ticks'; runId: number; ticks: number[] }
  | RunResult
  | { kind: 'closed' }
  | { kind: 'error'; message: string };
